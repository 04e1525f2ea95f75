// End-to-end tests of `rapport task`: assign with ordered steps, mark done,
// defer with a reason, split a step, close, list and show; steps named
// TASK/N; and the requests it must refuse without changing a byte.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "verb_fixture.h"

namespace rapport::cli::testing {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

class TaskCliTest : public VerbTest {
 protected:
  std::string Assign() {
    return Write({"task", "assign", "Talk to someone new", "--step", "Say hello to a neighbour",
                  "--step", "Start a conversation with a stranger", "--due", "2026-12-01"});
  }
};

TEST_F(TaskCliTest, AssignDoneDeferSplitCloseListAndShow) {
  ClientHome();
  const std::string goal = Write({"goal", "propose", "Feel at ease with people", "--measure", "m"});
  const std::string task =
      Write({"task", "assign", "Talk to someone new", "--goal", Short(goal), "--step",
             "Say hello to a neighbour", "--step", "Start a conversation with a stranger"});
  const std::string t = Short(task);
  Write({"task", "done", t + "/1"});
  Write({"task", "defer", t + "/2", "--reason", "I froze"});
  Write({"task", "defer", t + "/2", "--reason", "Too tired"});
  Write({"task", "split", t + "/2", "--step", "Smile at the cashier", "--step",
         "Ask the cashier about their day"});
  Write({"task", "done", t + "/3"});

  const Json show = RunJson({"task", "show", t});
  EXPECT_EQ(show["id"], task);
  EXPECT_EQ(show["title"], "Talk to someone new");
  EXPECT_EQ(show["goal"], goal);
  EXPECT_EQ(show["goal_title"], "Feel at ease with people");
  EXPECT_EQ(show["closed"], false);
  const Json& steps = show["steps"];
  ASSERT_EQ(steps.size(), 4u) << show.dump();
  EXPECT_EQ(steps[0]["number"], 1);
  EXPECT_EQ(steps[0]["state"], "done");
  EXPECT_EQ(steps[1]["state"], "split");
  ASSERT_EQ(steps[1]["deferrals"].size(), 2u);
  EXPECT_EQ(steps[1]["deferrals"][0]["reason"], "I froze");
  EXPECT_EQ(steps[1]["deferrals"][1]["reason"], "Too tired");
  ASSERT_EQ(steps[1]["splits"].size(), 1u);
  EXPECT_EQ(steps[1]["splits"][0]["steps"], Json::array({3, 4}));
  EXPECT_EQ(steps[2]["text"], "Smile at the cashier");
  EXPECT_EQ(steps[2]["split_from"], 2);
  EXPECT_EQ(steps[2]["state"], "done");
  EXPECT_EQ(steps[3]["state"], "to do");

  const RunResult text = Run({"task", "show", t});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr(Short(task, 8) + "/2  [split]  Start a conversation"));
  EXPECT_THAT(text.out, HasSubstr("deferred "));
  EXPECT_THAT(text.out, HasSubstr("by Sam: I froze"));
  EXPECT_THAT(text.out, HasSubstr(Short(task, 8) + "/4  [to do]  Ask the cashier about their day"));
  EXPECT_THAT(Run({"task", "list"}).out, HasSubstr("2 of 3 steps done  [open]"));

  Write({"task", "close", t});
  const Json list = RunJson({"task", "list"});
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["closed"], true);
}

TEST_F(TaskCliTest, TherapistAssignsClientDefersTherapistSplits) {
  const std::string nb = PairedHomes();
  const std::string task = WriteAt(therapist(), {"task", "assign", "Talk to someone new", "--step",
                                                 "Start a conversation with a stranger"});
  const std::string t = Short(task);
  Exchange(nb);
  Write({"task", "defer", t + "/1", "--reason", "I froze"});
  Exchange(nb);
  WriteAt(therapist(), {"task", "split", t + "/1", "--step", "Smile at a cashier", "--step",
                        "Ask a cashier how their day is going"});
  Exchange(nb);
  Write({"task", "done", t + "/2"});
  Exchange(nb);

  const Json on_client = RunJson({"task", "show", t});
  EXPECT_EQ(RunJsonAt(therapist(), {"task", "show", t}), on_client);
  const Json& steps = on_client["steps"];
  ASSERT_EQ(steps.size(), 3u) << on_client.dump();
  EXPECT_EQ(steps[0]["deferrals"][0]["author"], "Sam");
  EXPECT_EQ(steps[0]["splits"][0]["author"], "Dr. Ada");
  EXPECT_EQ(steps[1]["state"], "done");
  EXPECT_EQ(steps[2]["state"], "to do");
}

TEST_F(TaskCliTest, ActingOnAClosedTaskIsRefused) {
  ClientHome();
  const std::string t = Short(Assign());
  Write({"task", "close", t});
  ExpectRefused({"task", "done", t + "/1"}, 1, "is closed");
  ExpectRefused({"task", "defer", t + "/1", "--reason", "later"}, 1, "is closed");
  ExpectRefused({"task", "split", t + "/1", "--step", "a"}, 1, "is closed");
  ExpectRefused({"task", "close", t}, 1, "is closed");
}

TEST_F(TaskCliTest, DoneTwiceAndSplitStepsAreRefused) {
  ClientHome();
  const std::string t = Short(Assign());
  Write({"task", "done", t + "/1"});
  ExpectRefused({"task", "done", t + "/1"}, 1, "is already done");
  Write({"task", "split", t + "/2", "--step", "a", "--step", "b"});
  ExpectRefused({"task", "defer", t + "/2", "--reason", "no"}, 1, "was split");
  ExpectRefused({"task", "done", t + "/5"}, 1, "has no step 5");
}

TEST_F(TaskCliTest, OnlyTheClientDefers) {
  TherapistHome();
  const std::string t = Short(Assign());
  ExpectRefused({"task", "defer", t + "/1", "--reason", "busy"}, 1, "only the client");
}

TEST_F(TaskCliTest, UnknownTaskOrGoalIsRefused) {
  ClientHome();
  const std::string task = Assign();
  const std::string other = task[0] == 'f' ? "0" : "f";
  ExpectRefused({"task", "done", other + "/1"}, 1, "no task has an id starting with");
  ExpectRefused({"task", "show", other}, 1, "rapport task list");
  ExpectRefused({"task", "assign", "Walk", "--step", "out", "--goal", "abc"}, 1,
                "no goal has an id starting with abc");
}

TEST_F(TaskCliTest, BadArgumentsAreRefusedBeforeThePassphrase) {
  ClientHome();
  const std::string t = Short(Assign());
  const Env no_pass = MakeEnv("");
  auto refused = [&](const std::vector<std::string>& args, std::string_view phrase) {
    ExpectRefused(no_pass, args, "", 1, phrase);
  };
  refused({"task", "done", t}, "is not a step");
  refused({"task", "done", t + "/0"}, "is not a step");
  refused({"task", "done", t + "/x"}, "is not a step");
  refused({"task", "done", "zz/1"}, "is not a step");
  refused({"task", "defer", t + "/1"}, "--reason is required");
  refused({"task", "defer", t + "/1", "--reason", " "}, "empty");
  refused({"task", "assign", "Walk"}, "--step is required");
  refused({"task", "assign", "Walk", "--step", ""}, "empty");
  refused({"task", "assign", "", "--step", "out"}, "empty");
  refused({"task", "assign", "Walk", "--step", "out", "--due", "tomorrow"}, "YYYY-MM-DD");
  refused({"task", "split", t + "/1"}, "--step is required");
}

}  // namespace
}  // namespace rapport::cli::testing
