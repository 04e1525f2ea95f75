// End-to-end tests of the text form of `rapport history`: every type name
// shown whole, and names that are not ASCII cut and padded by character.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "verb_fixture.h"

namespace rapport::cli::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class HistoryTest : public VerbTest {};

TEST_F(HistoryTest, ShowsTheLongestTypeNamesWhole) {
  ClientHome();
  Write({"feedback", "session", "--relationship", "9", "--goals", "9", "--approach", "9",
         "--overall", "9"});
  Write({"feedback", "checkin", "--individually", "5", "--interpersonally", "5", "--socially", "5",
         "--overall", "5"});
  const RunResult r = Run({"history"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(" feedback.session "));
  EXPECT_THAT(r.out, HasSubstr(" feedback.checkin "));
}

TEST_F(HistoryTest, CutsALongNameBetweenCharactersAndKeepsTheColumns) {
  ASSERT_EQ(Run({"init", "--name", "Zoë Ångström-Łęcka Nowak", "--role", "client"}).exit_code, 0);
  RunJson({"notebook", "create", kSampleTitle});
  const RunResult r = Run({"history"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Cut at a byte, a name printed half a character (shown as U+FFFD).
  EXPECT_THAT(r.out, Not(HasSubstr("\xEF\xBF\xBD")));
  // The first 16 characters, padded like the header to where SEQ starts.
  const std::string header = r.out.substr(0, r.out.find('\n'));
  const std::string row = r.out.substr(header.size() + 1);
  EXPECT_EQ(header.find("SEQ"), 18u);
  EXPECT_TRUE(row.starts_with("Zoë Ångström-Łęc  1   ")) << row;
}

}  // namespace
}  // namespace rapport::cli::testing
