// End-to-end tests of `rapport journal add|list|import|share` on the real binary:
// the happy paths, in text and JSON.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>

#include "cli_fixture.h"
#include "terminal_child.h"
#include "two_devices.h"

namespace rapport::cli::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Json = nlohmann::json;

class JournalCliTest : public CliTest {};

TEST_F(JournalCliTest, AddsPrivateEntryFromArgumentDashOrStandardInput) {
  InitWithNotebook();
  const RunResult arg = Run({"journal", "add", "Walked to the river"});
  EXPECT_EQ(arg.exit_code, 0) << arg.err;
  EXPECT_THAT(arg.out, ::testing::StartsWith("Saved private entry "));
  const Json dash = RunJson({"journal", "add", "-"}, "Read after a dash\n");
  EXPECT_EQ(dash.value("visibility", ""), "private");
  const Json bare = RunJson({"journal", "add"}, "First line\nSecond line\r\n\n");
  EXPECT_EQ(bare.value("visibility", ""), "private");

  const Json list = RunJson({"journal", "list"});
  ASSERT_TRUE(list.is_array());
  ASSERT_EQ(list.size(), 3u) << list.dump();
  std::vector<std::string> texts;
  for (const Json& e : list) {
    EXPECT_EQ(e["visibility"], "private");
    EXPECT_EQ(e["author"], "Sam");
    EXPECT_TRUE(e["mood"].is_null());
    EXPECT_EQ(e["tags"], Json::array());
    EXPECT_EQ(e["id"].get<std::string>().size(), 64u);
    texts.push_back(e["text"]);
  }
  // Oldest first; trailing newlines from standard input are dropped.
  EXPECT_THAT(texts,
              ElementsAre("Walked to the river", "Read after a dash", "First line\nSecond line"));
  EXPECT_EQ(list[1]["id"], dash["id"]);
  EXPECT_EQ(list[2]["id"], bare["id"]);
}

// Standard input is read no further than the longest text a record holds:
// `journal add < /dev/zero` ends in a refusal, not in exhausted memory.
TEST_F(JournalCliTest, StandardInputLongerThanAnyEntryIsRefusedUnread) {
  InitWithNotebook();
  const std::string longest(64 * 1024, 'x');
  const RunResult fits = Run({"journal", "add", "-"}, longest + "\n");
  EXPECT_EQ(fits.exit_code, 0) << fits.err;
  ExpectRefused(MakeEnv(), {"journal", "add", "-"}, std::string(300 * 1024, 'x'), 1,
                "on standard input is longer than 64 KiB");
  ExpectRefused(MakeEnv(), {"feedback", "note", "-"}, std::string(300 * 1024, 'x'), 1,
                "on standard input is longer than 64 KiB");
}

TEST_F(JournalCliTest, AddsSharedEntryWithMoodAndTags) {
  InitWithNotebook();
  const Json added = RunJson({"journal", "add", "--share", "--mood", "6", "--tag", "sleep", "--tag",
                              "walk", "Slept better after the walk"});
  EXPECT_EQ(added.value("visibility", ""), "shared");
  const std::string id = added.value("id", "");
  ASSERT_EQ(id.size(), 64u);

  const RunResult text = Run({"journal", "list"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr(id.substr(0, 8) + "  "));
  EXPECT_THAT(text.out, HasSubstr("  Sam  (shared)  mood 6/10  #sleep  #walk\n"
                                  "    Slept better after the walk\n"));

  const Json list = RunJson({"journal", "list"});
  ASSERT_TRUE(list.is_array());
  ASSERT_EQ(list.size(), 1u);
  const Json& e = list[0];
  EXPECT_EQ(e["id"], id);
  EXPECT_EQ(e["visibility"], "shared");
  EXPECT_EQ(e["author"], "Sam");
  EXPECT_EQ(e["mood"], 6);
  EXPECT_EQ(e["tags"], Json::array({"sleep", "walk"}));
  EXPECT_EQ(e["text"], "Slept better after the walk");
  EXPECT_THAT(e["time"].get<std::string>(), ::testing::EndsWith("Z"));
}

TEST_F(JournalCliTest, AcceptsMoodAtBothEndsOfTheScale) {
  UseSampleHome();
  EXPECT_EQ(RunJson({"journal", "add", "--mood", "0", "Worst"}).value("visibility", ""), "private");
  EXPECT_EQ(RunJson({"journal", "add", "--mood", "10", "Best"}).value("visibility", ""), "private");
}

TEST_F(JournalCliTest, ListSinceKeepsEntriesOnOrAfterTheDate) {
  UseSampleHome();
  EXPECT_EQ(RunJson({"journal", "list", "--since", "2999-12-31"}), Json::array());
  const RunResult none = Run({"journal", "list", "--since", "2999-12-31"});
  EXPECT_EQ(none.exit_code, 0) << none.err;
  // The sample home holds two entries: "yet" would say there are none.
  EXPECT_EQ(none.out, "No journal entries since 2999-12-31.\n");
  const Json all = RunJson({"journal", "list", "--since", "2000-01-01"});
  ASSERT_TRUE(all.is_array());
  EXPECT_EQ(all.size(), 2u) << all.dump();
}

TEST_F(JournalCliTest, ShareByIdPrefixPublishesThePrivateEntry) {
  const SampleHome& sample = UseSampleHome();
  const RunResult shared = Run({"journal", "share", sample.private_id.substr(0, 8)});
  EXPECT_EQ(shared.exit_code, 0) << shared.err;
  EXPECT_THAT(shared.out, ::testing::StartsWith("Shared the entry; its shared id is "));

  const Json list = RunJson({"journal", "list"});
  ASSERT_TRUE(list.is_array());
  ASSERT_EQ(list.size(), 2u) << list.dump();
  for (const Json& e : list) {
    EXPECT_EQ(e["visibility"], "shared") << e.dump();
    EXPECT_NE(e["id"], sample.private_id) << "the private copy is still listed";
  }
  EXPECT_EQ(list[0]["text"], kSamplePrivateText);
  EXPECT_THAT(shared.out, HasSubstr(list[0]["id"].get<std::string>().substr(0, 8)));

  const Json notebooks = RunJson({"notebook", "list"});
  ASSERT_TRUE(notebooks.is_array());
  ASSERT_EQ(notebooks.size(), 1u);
  EXPECT_EQ(notebooks[0]["private_records"], 0) << "the private copy was not removed";
}

constexpr const char* kImportFile = R"([
  {"text": "A better day", "time": "2026-03-03T19:30:00Z"},
  {"text": "Slept badly", "mood": 4, "tags": ["sleep"], "time": "2026-03-02T08:00:00Z"},
  {"text": "Written today"}
])";

// `rapport journal import` without a file reads standard input: on a
// terminal it says so, rather than wait without a word.
TEST_F(JournalCliTest, ImportFromATerminalSaysWhatItWaitsFor) {
  InitWithNotebook();
  const TerminalChild child =
      StartOnTerminal({"--home", home().string(), "journal", "import"}, MakeEnv());
  ASSERT_GT(child.pid, 0);
  std::string shown = ReadUntil(child.master, "Ctrl-D");
  EXPECT_THAT(shown, HasSubstr("then press Ctrl-D on a new line"));
  const std::string typed = "[{\"text\": \"Typed in\"}]\n\x04";
  ASSERT_EQ(::write(child.master, typed.data(), typed.size()), static_cast<ssize_t>(typed.size()));
  shown = ReadUntil(child.master, "Imported 1 private entry");
  EXPECT_THAT(shown, HasSubstr("Imported 1 private entry"));
  if (shown.find("Imported") == std::string::npos) ::kill(child.pid, SIGKILL);
  int status = 0;
  ASSERT_EQ(::waitpid(child.pid, &status, 0), child.pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  ::close(child.master);
}

TEST_F(JournalCliTest, ImportsPrivateEntriesWithTheirDates) {
  InitWithNotebook();
  const std::filesystem::path file = root() / "old-journal.json";
  std::ofstream(file) << kImportFile;
  const RunResult imported = Run({"journal", "import", file.string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(imported.out, "Imported 3 private entries\n");

  const Json list = RunJson({"journal", "list"});
  ASSERT_EQ(list.size(), 3u) << list.dump();
  // Listed by when they were written, not when imported.
  EXPECT_EQ(list[0]["text"], "Slept badly");
  EXPECT_EQ(list[0]["time"], "2026-03-02T08:00:00Z");
  EXPECT_EQ(list[0]["mood"], 4);
  EXPECT_EQ(list[0]["tags"], Json::array({"sleep"}));
  EXPECT_EQ(list[1]["text"], "A better day");
  EXPECT_EQ(list[1]["time"], "2026-03-03T19:30:00Z");
  EXPECT_EQ(list[2]["text"], "Written today");
  for (const Json& e : list) {
    EXPECT_EQ(e["visibility"], "private");
    EXPECT_EQ(e["author"], "Sam");
  }
}

TEST_F(JournalCliTest, ImportedSharedEntriesReachTheOtherMemberWithTheirDates) {
  const std::filesystem::path therapist = root() / "therapist";
  ASSERT_EQ(
      RunRapport({"--home", therapist.string(), "init", "--name", "Dr. Ada", "--role", "therapist"},
                 MakeEnv())
          .exit_code,
      0);
  const std::string notebook_id =
      ParseJson(RunRapport({"--home", therapist.string(), "--json", "notebook", "create", "Work"},
                           MakeEnv()))
          .value("id", "");
  ASSERT_FALSE(notebook_id.empty());
  ASSERT_EQ(Run({"init", "--name", "Sam", "--role", "client"}).exit_code, 0);
  PairHomes(therapist, home(), notebook_id);

  // From standard input, with --share.
  const Json imported = RunJson({"journal", "import", "--share"}, kImportFile);
  EXPECT_EQ(imported["imported"], 3);
  EXPECT_EQ(imported["visibility"], "shared");
  ExchangeEvents(therapist, home(), notebook_id);

  const Json on_therapist =
      ParseJson(RunRapport({"--home", therapist.string(), "--json", "journal", "list"}, MakeEnv()));
  ASSERT_EQ(on_therapist.size(), 3u) << on_therapist.dump();
  EXPECT_EQ(on_therapist[0]["text"], "Slept badly");
  EXPECT_EQ(on_therapist[0]["time"], "2026-03-02T08:00:00Z");
  EXPECT_EQ(on_therapist[0]["author"], "Sam");
  EXPECT_EQ(on_therapist[0]["visibility"], "shared");
  EXPECT_EQ(on_therapist, RunJson({"journal", "list"}));
}

}  // namespace
}  // namespace rapport::cli::testing
