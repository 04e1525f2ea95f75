// End-to-end tests of `rapport goal`: propose, revise, agree (by both
// members, on two paired homes), progress, status, list and show, and the
// requests it must refuse without changing a byte.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "verb_fixture.h"

namespace rapport::cli::testing {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

class GoalCliTest : public VerbTest {};

TEST_F(GoalCliTest, ProposeProgressStatusReviseListAndShow) {
  ClientHome();
  const std::string goal =
      Write({"goal", "propose", "Sleep better", "--measure", "nights I sleep 7 hours",
             "--description", "less scrolling", "--target", "2027-01-31"});
  ASSERT_EQ(goal.size(), 64u);
  Write({"goal", "progress", Short(goal), "--rating", "6", "--note", "four good nights"});
  Write({"goal", "progress", Short(goal), "--gas", "-1"});
  Write({"goal", "status", Short(goal), "paused"});
  const std::string revision = Write({"goal", "revise", Short(goal), "--title", "Sleep 7 hours"});

  const Json list = RunJson({"goal", "list"});
  ASSERT_TRUE(list.is_array());
  ASSERT_EQ(list.size(), 1u);
  const Json& g = list[0];
  EXPECT_EQ(g["id"], goal);
  EXPECT_EQ(g["revision"], revision);
  EXPECT_EQ(g["title"], "Sleep 7 hours");
  EXPECT_EQ(g["description"], "less scrolling");
  EXPECT_EQ(g["measure"], "nights I sleep 7 hours");
  EXPECT_EQ(g["target"], "2027-01-31");
  EXPECT_EQ(g["status"], "paused");
  // The only member wrote the latest revision, and so endorsed it.
  EXPECT_EQ(g["agreed"], true);
  EXPECT_EQ(g["waiting_for"], Json::array());
  ASSERT_EQ(g["progress"].size(), 2u);
  EXPECT_EQ(g["progress"][0]["scale"], "rating");
  EXPECT_EQ(g["progress"][0]["value"], 6);
  EXPECT_EQ(g["progress"][0]["note"], "four good nights");
  EXPECT_EQ(g["progress"][1]["scale"], "gas");
  EXPECT_EQ(g["progress"][1]["value"], -1);

  const Json show = RunJson({"goal", "show", Short(goal)});
  ASSERT_EQ(show["revisions"].size(), 2u);
  EXPECT_EQ(show["revisions"][0]["title"], "Sleep better");
  EXPECT_EQ(show["revisions"][0]["agreed_by"], Json::array({"Sam"}));
  EXPECT_EQ(show["revisions"][1]["id"], revision);

  const RunResult text = Run({"goal", "show", Short(goal)});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("Goal " + Short(goal, 8) + ": Sleep 7 hours"));
  EXPECT_THAT(text.out, HasSubstr("6/10  by Sam: four good nights"));
  EXPECT_THAT(text.out, HasSubstr("GAS -1"));
  const RunResult lines = Run({"goal", "list"});
  EXPECT_THAT(lines.out, HasSubstr(Short(goal, 8) + "  Sleep 7 hours  [paused, agreed]"));
}

TEST_F(GoalCliTest, EmptyListSaysHowToStart) {
  ClientHome();
  EXPECT_EQ(RunJson({"goal", "list"}), Json::array());
  EXPECT_THAT(Run({"goal", "list"}).out, HasSubstr("rapport goal propose"));
}

TEST_F(GoalCliTest, AgreedOnlyWhenBothEndorseTheLatestRevision) {
  const std::string nb = PairedHomes();
  const std::string goal =
      WriteAt(therapist(), {"goal", "propose", "Talk to new people", "--measure", "chats a week"});
  Exchange(nb);
  Json g = RunJson({"goal", "list"})[0];
  EXPECT_EQ(g["agreed"], false);
  EXPECT_EQ(g["waiting_for"], Json::array({"Sam"}));
  EXPECT_THAT(Run({"goal", "list"}).out, HasSubstr("waiting for Sam to agree"));

  Write({"goal", "agree", Short(goal)});
  EXPECT_EQ(RunJson({"goal", "list"})[0]["agreed"], true);
  Exchange(nb);
  EXPECT_EQ(RunJsonAt(therapist(), {"goal", "list"})[0]["agreed"], true);

  // A revision opens agreement again; agreeing to the old one is refused.
  const std::string revision =
      WriteAt(therapist(), {"goal", "revise", Short(goal), "--measure", "chats a fortnight"});
  Exchange(nb);
  g = RunJson({"goal", "list"})[0];
  EXPECT_EQ(g["agreed"], false);
  EXPECT_EQ(g["waiting_for"], Json::array({"Sam"}));
  ExpectRefused({"goal", "agree", Short(goal), "--revision", Short(goal, 10)}, 1, "out of date");
  Write({"goal", "agree", Short(goal), "--revision", Short(revision)});
  Exchange(nb);
  EXPECT_EQ(RunJsonAt(therapist(), {"goal", "list"})[0]["agreed"], true);
  const Json show = RunJson({"goal", "show", Short(goal)});
  EXPECT_EQ(show["revisions"][0]["agreed_by"], Json::array({"Dr. Ada", "Sam"}));
  EXPECT_EQ(show["revisions"][1]["agreed_by"], Json::array({"Dr. Ada", "Sam"}));
}

TEST_F(GoalCliTest, AgreeingTwiceIsRefused) {
  ClientHome();
  const std::string goal = Write({"goal", "propose", "Sleep", "--measure", "hours"});
  ExpectRefused({"goal", "agree", Short(goal)}, 1, "already agreed");
}

TEST_F(GoalCliTest, SettingTheStatusItAlreadyHasIsRefused) {
  ClientHome();
  const std::string goal = Write({"goal", "propose", "Sleep", "--measure", "hours"});
  ExpectRefused({"goal", "status", Short(goal), "active"}, 1, "is already active");
  Write({"goal", "status", Short(goal), "achieved"});
  ExpectRefused({"goal", "status", Short(goal), "achieved"}, 1, "is already achieved");
}

TEST_F(GoalCliTest, UnknownOrMalformedIdIsRefused) {
  ClientHome();
  const std::string goal = Write({"goal", "propose", "Sleep", "--measure", "hours"});
  const std::string other = goal[0] == 'f' ? "0" : "f";
  ExpectRefused({"goal", "show", other + "123"}, 1, "no goal has an id starting with");
  ExpectRefused({"goal", "agree", "not-hex"}, 1, "is not an id");
  ExpectRefused({"goal", "progress", other, "--rating", "5"}, 1, "rapport goal list");
  ExpectRefused({"goal", "agree", Short(goal), "--revision", other}, 1,
                "no revision of this goal has an id starting with");
}

TEST_F(GoalCliTest, AmbiguousPrefixIsRefused) {
  ClientHome();
  // Seventeen goals: two of them must share a first hex digit.
  std::map<char, int> first_digits;
  char shared = 0;
  for (int i = 0; i < 17 && !shared; ++i) {
    const std::string id =
        Write({"goal", "propose", "Goal " + std::to_string(i), "--measure", "m"});
    ASSERT_FALSE(id.empty());
    if (++first_digits[id[0]] == 2) shared = id[0];
  }
  ASSERT_NE(shared, 0);
  ExpectRefused({"goal", "status", std::string(1, shared), "achieved"}, 1,
                "several goals have an id starting with");
}

TEST_F(GoalCliTest, BadValuesAreRefusedBeforeThePassphrase) {
  ClientHome();
  const std::string goal = Write({"goal", "propose", "Sleep", "--measure", "hours"});
  // No passphrase in the environment: these must fail before asking for it.
  const Env no_pass = MakeEnv("");
  auto refused = [&](const std::vector<std::string>& args, std::string_view phrase) {
    ExpectRefused(no_pass, args, "", 1, phrase);
  };
  refused({"goal", "progress", Short(goal), "--rating", "11"}, "from 0 to 10");
  refused({"goal", "progress", Short(goal), "--rating", "-1"}, "from 0 to 10");
  refused({"goal", "progress", Short(goal), "--gas", "3"}, "-2, -1, 0, +1 or +2");
  refused({"goal", "progress", Short(goal), "--gas", "1", "--rating", "4"}, "either --rating");
  refused({"goal", "progress", Short(goal)}, "either --rating");
  refused({"goal", "propose", " ", "--measure", "hours"}, "title is empty");
  refused({"goal", "propose", "Sleep", "--measure", ""}, "how progress is measured is empty");
  refused({"goal", "propose", "Sleep"}, "--measure is required");
  refused({"goal", "propose", "Sleep", "--measure", "h", "--target", "2026-02-30"}, "YYYY-MM-DD");
  refused({"goal", "status", Short(goal), "finished"}, "active, achieved, paused or dropped");
  refused({"goal", "revise", Short(goal)}, "say what to change");
}

TEST_F(GoalCliTest, RevisingToTheSameTextIsRefused) {
  ClientHome();
  const std::string goal = Write({"goal", "propose", "Sleep", "--measure", "hours"});
  ExpectRefused({"goal", "revise", Short(goal), "--title", "Sleep"}, 1, "already says");
}

}  // namespace
}  // namespace rapport::cli::testing
