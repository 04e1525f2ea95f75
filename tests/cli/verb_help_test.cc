// Every subcommand of the collaborative record explains itself with an
// example a person can copy, and is listed in `rapport --help`.
#include <gtest/gtest.h>

#include <algorithm>

#include "run_binary.h"

namespace rapport::cli::testing {
namespace {

TEST(VerbHelp, EverySubcommandHasAnExample) {
  const std::vector<std::string> commands = {
      "goal propose",   "goal revise",    "goal agree",       "goal progress",
      "goal status",    "goal list",      "goal show",        "task assign",
      "task done",      "task defer",     "task split",       "task close",
      "task list",      "task show",      "feedback session", "feedback checkin",
      "feedback note",  "feedback list",  "profile set",      "profile show",
      "rupture flag",   "rupture repair", "rupture resolve",  "rupture list",
      "reflect add",    "reflect list",   "ending start",     "ending check",
      "ending summary", "ending status",  "comment",          "goal",
      "task",           "feedback",       "profile",          "rupture",
      "reflect",        "ending"};
  for (const std::string& words : commands) {
    std::vector<std::string> args;
    for (std::size_t at = 0, end = 0; at <= words.size(); at = end + 1) {
      end = std::min(words.find(' ', at), words.size());
      args.push_back(words.substr(at, end - at));
    }
    const std::string command = "rapport " + words;
    SCOPED_TRACE(command);
    args.push_back("--help");
    const RunResult r = RunRapport(args, {});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Example"), std::string::npos) << r.out;
    const bool shows_itself = r.out.find("\n  " + command + " ") != std::string::npos ||
                              r.out.find("\n  " + command + "\n") != std::string::npos;
    EXPECT_TRUE(shows_itself) << "the example should show the command itself:\n" << r.out;
  }
  const RunResult top = RunRapport({"--help"}, {});
  for (const char* verb :
       {"goal", "task", "feedback", "profile", "rupture", "reflect", "ending", "comment"})
    EXPECT_NE(top.out.find(std::string("\n  ") + verb + " "), std::string::npos) << verb;
}

TEST(VerbHelp, TaskHelpExplainsHowStepsAreNamed) {
  const RunResult r = RunRapport({"task", "done", "--help"}, {});
  EXPECT_NE(r.out.find("TASK/N"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace rapport::cli::testing
