// End-to-end tests of `rapport ending start|check|summary|status`: each
// member ticks the eight actions for themselves and writes a summary, and
// nothing can be ticked before the ending started.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "verb_fixture.h"

namespace rapport::cli::testing {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

class EndingCliTest : public VerbTest {};

TEST_F(EndingCliTest, BothMembersTickAndSummarise) {
  const std::string nb = PairedHomes();
  WriteAt(therapist(), {"ending", "start", "Three more sessions"});
  Exchange(nb);
  Write({"ending", "check", "7", "--note", "I can go to parties again"});
  Write({"ending", "check", "how-therapy-went"});
  Write({"ending", "check", "Pride_In_Progress"});
  Write({"ending", "check", "8", "--undo"});
  Write({"ending", "summary", "I came in unable to sleep; I leave with a routine."});
  WriteAt(therapist(), {"ending", "check", "reflecting-on-gains"});
  WriteAt(therapist(), {"ending", "summary", "Sam worked hard."});
  Exchange(nb);

  const Json status = RunJson({"ending", "status"});
  EXPECT_EQ(status["started"], true);
  EXPECT_EQ(status["started_by"], "Dr. Ada");
  EXPECT_EQ(status["note"], "Three more sessions");
  ASSERT_EQ(status["members"].size(), 2u);
  const Json& ada = status["members"][0];
  const Json& sam = status["members"][1];
  EXPECT_EQ(ada["name"], "Dr. Ada");
  EXPECT_EQ(ada["summary"], "Sam worked hard.");
  EXPECT_EQ(ada["actions"]["reflecting_on_gains"]["done"], true);
  EXPECT_EQ(ada["actions"]["how_therapy_went"]["done"], false);
  EXPECT_EQ(sam["role"], "client");
  EXPECT_EQ(sam["actions"].size(), 8u);
  EXPECT_EQ(sam["actions"]["reflecting_on_gains"],
            Json({{"done", true}, {"note", "I can go to parties again"}}));
  EXPECT_EQ(sam["actions"]["how_therapy_went"]["done"], true);
  EXPECT_EQ(sam["actions"]["pride_in_progress"]["done"], false);
  EXPECT_EQ(sam["summary"], "I came in unable to sleep; I leave with a routine.");
  EXPECT_EQ(RunJsonAt(therapist(), {"ending", "status"}), status);

  const RunResult text = Run({"ending", "status"});
  EXPECT_THAT(text.out, HasSubstr("[x] 7 Reflect on what you have gained: I can go to parties"));
  EXPECT_THAT(text.out, HasSubstr("[ ] 8 Take pride in the progress"));
}

// A tick replaces the member's earlier one: ticking again or unticking
// without --note keeps the note written before; a tick that changes
// nothing is refused.
TEST_F(EndingCliTest, TickingAgainOrUntickingKeepsTheNote) {
  ClientHome();
  Write({"ending", "start"});
  Write({"ending", "check", "7", "--note", "I can go to parties again"});
  ExpectRefused({"ending", "check", "7"}, 1, "already ticked 7");
  auto sam = [this] { return RunJson({"ending", "status"})["members"][0]["actions"]; };
  EXPECT_EQ(sam()["reflecting_on_gains"],
            Json({{"done", true}, {"note", "I can go to parties again"}}));

  Write({"ending", "check", "7", "--undo"});
  EXPECT_EQ(sam()["reflecting_on_gains"],
            Json({{"done", false}, {"note", "I can go to parties again"}}));
  Write({"ending", "check", "7", "--note", ""});
  EXPECT_EQ(sam()["reflecting_on_gains"], Json({{"done", true}, {"note", ""}}));
  ExpectRefused({"ending", "check", "2", "--undo"}, 1, "not ticked 2");
}

TEST_F(EndingCliTest, NotStartedYet) {
  ClientHome();
  const Json status = RunJson({"ending", "status"});
  EXPECT_EQ(status["started"], false);
  EXPECT_THAT(Run({"ending", "status"}).out, HasSubstr("rapport ending start"));
  ExpectRefused({"ending", "check", "1"}, 1, "the ending has not started");
  ExpectRefused({"ending", "summary", "It went well"}, 1, "the ending has not started");
}

TEST_F(EndingCliTest, StartingTwiceIsRefused) {
  ClientHome();
  Write({"ending", "start"});
  ExpectRefused({"ending", "start"}, 1, "already started");
}

TEST_F(EndingCliTest, BadActionOrEmptySummaryIsRefusedBeforeThePassphrase) {
  ClientHome();
  Write({"ending", "start"});
  ExpectRefused(MakeEnv(""), {"ending", "check", "9"}, "", 1, "no ending action '9'");
  ExpectRefused(MakeEnv(""), {"ending", "check", "goodbye"}, "", 1, "give its number 1-8");
  ExpectRefused(MakeEnv(""), {"ending", "summary", ""}, "", 1, "the summary is empty");
}

}  // namespace
}  // namespace rapport::cli::testing
