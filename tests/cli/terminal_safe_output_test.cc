// Standard output shows what records hold but never passes on a character
// a terminal would act on.
#include "cli/terminal_safe_output.h"

#include <gtest/gtest.h>

#include <sstream>

#include "cli_fixture.h"

namespace rapport::cli {
namespace {

std::string Filtered(const std::vector<std::string>& pieces) {
  std::ostringstream target;
  {
    const TerminalSafeOutput safe(target);
    for (const std::string& piece : pieces) {
      target << piece;
      target.flush();  // each piece drained on its own: characters cut in two
    }
  }
  return target.str();
}

TEST(TerminalSafeOutput, EscapesAndControlsBecomeReplacementCharacters) {
  EXPECT_EQ(Filtered({"hello\x1b[1A\x1b[2K\rfake\n"}),
            "hello\xef\xbf\xbd[1A\xef\xbf\xbd[2K fake\n");
  EXPECT_EQ(Filtered({"tab\there\r\nwindows line\n"}), "tab\there\r\nwindows line\n");
  EXPECT_EQ(Filtered({"c1 \xc2\x9b"
                      "2J bidi \xe2\x80\xae"
                      "x"}),
            "c1 \xef\xbf\xbd"
            "2J bidi \xef\xbf\xbd"
            "x");
}

// The filter drains every 64 KiB: a character (or CR LF) that a drain cuts
// in two waits for its other half and is judged whole.
TEST(TerminalSafeOutput, ACharacterCutByADrainIsStillJudgedWhole) {
  std::ostringstream cut;
  {
    const TerminalSafeOutput safe(cut);
    cut << std::string(65535, 'z') << "\xe2\x80\xae"
        << "tail" << std::string(65529, 'w') << "\r\nend";
  }
  EXPECT_EQ(cut.str(), std::string(65535, 'z') +
                           "\xef\xbf\xbd"
                           "tail" +
                           std::string(65529, 'w') + "\r\nend");
}

TEST(TerminalSafeOutput, OrdinaryOutputPassesUntouched) {
  std::string text;
  for (int i = 0; i < 20000; ++i)
    text += "line " + std::to_string(i) + " caf\xc3\xa9 \xe2\x80\x94 ok\n";
  EXPECT_EQ(Filtered({text}), text);
}

// The binary installs it: a home whose path holds an escape sequence is
// printed with U+FFFD in its place.
TEST(TerminalSafeOutput, TheBinaryFiltersItsStandardOutput) {
  store::testing_util::TempDir dir;
  const std::string home = (dir.path() / "home\x1b[2J").string();
  const testing::RunResult r = testing::RunRapport(
      {"--home", home, "init", "--name", "Sam", "--role", "client"}, testing::MakeEnv());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("home\xef\xbf\xbd[2J"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace rapport::cli
