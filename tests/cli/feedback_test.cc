// End-to-end tests of `rapport feedback`: session ratings and check-ins by
// the client (four 0-10 items, totals out of 40), notes by either member,
// the list, and the requests it must refuse without changing a byte.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "verb_fixture.h"

namespace rapport::cli::testing {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

class FeedbackCliTest : public VerbTest {};

const std::vector<std::string> kSession = {"feedback",  "session", "--relationship", "9",
                                           "--goals",   "8",       "--approach",     "9",
                                           "--overall", "9"};

TEST_F(FeedbackCliTest, SessionCheckinNoteAndList) {
  ClientHome();
  std::vector<std::string> session = kSession;
  session.insert(session.end(), {"--date", "2026-11-24"});
  const std::string s = Write(session);
  const std::string c = Write({"feedback", "checkin", "--individually", "5", "--interpersonally",
                               "6", "--socially", "4", "--overall", "5"});
  const std::string n = Write({"feedback", "note", "I'd like more time on work worries"});

  const Json list = RunJson({"feedback", "list"});
  ASSERT_EQ(list.size(), 3u) << list.dump();
  EXPECT_EQ(list[0]["id"], s);
  EXPECT_EQ(list[0]["kind"], "session");
  EXPECT_EQ(list[0]["total"], 35);
  EXPECT_EQ(list[0]["session_date"], "2026-11-24");
  EXPECT_EQ(list[0]["ratings"],
            Json({{"relationship", 9}, {"goals", 8}, {"approach", 9}, {"overall", 9}}));
  EXPECT_EQ(list[1]["id"], c);
  EXPECT_EQ(list[1]["kind"], "checkin");
  EXPECT_EQ(list[1]["total"], 20);
  EXPECT_TRUE(list[1]["session_date"].is_null());
  EXPECT_EQ(list[2]["id"], n);
  EXPECT_EQ(list[2]["kind"], "note");
  EXPECT_EQ(list[2]["author"], "Sam");
  EXPECT_EQ(list[2]["text"], "I'd like more time on work worries");

  const RunResult text = Run({"feedback", "list"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("session  35/40"));
  EXPECT_THAT(text.out, HasSubstr("under 36"));
  EXPECT_THAT(text.out, HasSubstr("checkin  20/40"));
  EXPECT_THAT(text.out, HasSubstr("note by Sam: I'd like more time"));
}

TEST_F(FeedbackCliTest, RatingsAtBothEndsAreAccepted) {
  ClientHome();
  const RunResult top = Run({"feedback", "session", "--relationship", "10", "--goals", "10",
                             "--approach", "10", "--overall", "10"});
  EXPECT_EQ(top.exit_code, 0) << top.err;
  EXPECT_THAT(top.out, HasSubstr("40/40"));
  Write({"feedback", "checkin", "--individually", "0", "--interpersonally", "0", "--socially", "0",
         "--overall", "0"});
  const Json list = RunJson({"feedback", "list"});
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["total"], 40);
  EXPECT_EQ(list[1]["total"], 0);
}

TEST_F(FeedbackCliTest, TherapistMayWriteNotesButNotRatings) {
  TherapistHome();
  Write({"feedback", "note", "We are finding a rhythm"});
  ExpectRefused(kSession, 1, "only the client rates the sessions");
  ExpectRefused({"feedback", "checkin", "--individually", "5", "--interpersonally", "6",
                 "--socially", "4", "--overall", "5"},
                1, "only the client");
}

TEST_F(FeedbackCliTest, OutOfRangeOrMissingRatingsAreRefusedBeforeThePassphrase) {
  ClientHome();
  const Env no_pass = MakeEnv("");
  auto refused = [&](const std::vector<std::string>& args, std::string_view phrase) {
    ExpectRefused(no_pass, args, "", 1, phrase);
  };
  std::vector<std::string> high = kSession;
  high[3] = "11";
  refused(high, "relationship rating must be a whole number from 0 to 10");
  std::vector<std::string> low = kSession;
  low[9] = "-1";
  refused(low, "overall rating must be a whole number from 0 to 10");
  refused({"feedback", "session", "--relationship", "9"}, "is required");
  refused({"feedback", "checkin", "--individually", "5", "--interpersonally", "6", "--socially",
           "40", "--overall", "5"},
          "social rating");
  std::vector<std::string> bad_date = kSession;
  bad_date.insert(bad_date.end(), {"--date", "24/11/2026"});
  refused(bad_date, "YYYY-MM-DD");
  // A rating is of a session that took place.
  std::vector<std::string> future = kSession;
  future.insert(future.end(), {"--date", "2199-12-31"});
  refused(future, "after today");
  refused({"feedback", "checkin", "--individually", "5", "--interpersonally", "6", "--socially",
           "4", "--overall", "5", "--date", "2199-12-31"},
          "after today");
  refused({"feedback", "note", ""}, "the feedback is empty");
}

}  // namespace
}  // namespace rapport::cli::testing
