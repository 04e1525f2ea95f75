// Device::AppendShared refuses a record that core::CheckAgainstState refuses
// (an unknown id, a closed task, agreeing twice, ...) and writes nothing.
#include <gtest/gtest.h>

#include "store/device.h"
#include "store/home.h"
#include "test_device.h"

namespace rapport::store {
namespace {

using testing_util::Entry;
using testing_util::ReadFile;
using testing_util::TestHome;

// Every stored event's id, in log order: what "the log" holds.
std::vector<std::string> LogIds(Device& d, const core::NotebookId& nb) {
  auto rows = d.History(nb);
  EXPECT_TRUE(rows) << rows.error().message;
  std::vector<std::string> ids;
  if (rows)
    for (const auto& r : *rows) ids.push_back(r.id.Hex());
  return ids;
}

class AppendRules : public ::testing::Test {
 protected:
  AppendRules() : home_(41), device_(home_.Create("Sam", core::Role::kClient)) {
    auto nb = device_.CreateNotebook("Sessions");
    EXPECT_TRUE(nb) << nb.error().message;
    if (nb) nb_ = *nb;
  }

  core::EventId Append(core::RecordBody body) {
    auto id = device_.AppendShared(nb_, std::move(body));
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : core::EventId{};
  }

  // Appends `body`, expects refusal with `code`, and that neither the log
  // nor the database file changed.
  void ExpectRefused(core::RecordBody body, ErrorCode code) {
    const auto ids_before = LogIds(device_, nb_);
    const auto bytes_before = ReadFile(DatabasePath(home_.dir.path()));
    auto r = device_.AppendShared(nb_, std::move(body));
    ASSERT_FALSE(r) << "appended a record the state refuses";
    EXPECT_EQ(r.error().code, code) << r.error().message;
    EXPECT_EQ(LogIds(device_, nb_), ids_before);
    EXPECT_EQ(ReadFile(DatabasePath(home_.dir.path())), bytes_before);
  }

  core::EventId ProposeGoal() {
    return Append(core::GoalPropose{{"Sleep better", "", "nights slept through", std::nullopt}});
  }
  core::EventId AssignTask(std::optional<core::EventId> goal = std::nullopt) {
    return Append(core::TaskAssign{"Evening walk", goal, {"Walk 10 minutes"}, std::nullopt});
  }

  TestHome home_;
  Device device_;
  core::NotebookId nb_;
};

TEST_F(AppendRules, UnknownIdsAreRefused) {
  core::EventId unknown;
  unknown.bytes.fill(0xab);
  ExpectRefused(core::GoalProgress{unknown, core::ProgressScale::kRating, 5, ""},
                ErrorCode::kNotFound);
  ExpectRefused(core::GoalRevise{unknown, {"T", "", "m", std::nullopt}}, ErrorCode::kNotFound);
  ExpectRefused(core::TaskAssign{"Walk", unknown, {"step"}, std::nullopt}, ErrorCode::kNotFound);
  ExpectRefused(core::TaskClose{unknown}, ErrorCode::kNotFound);
  ExpectRefused(core::RuptureResolve{unknown}, ErrorCode::kNotFound);
  ExpectRefused(core::Comment{unknown, "hello"}, ErrorCode::kNotFound);
}

TEST_F(AppendRules, AgreeingTwiceIsRefused) {
  const core::EventId goal = ProposeGoal();
  // The proposer endorsed the proposal by writing it.
  ExpectRefused(core::GoalAgree{goal, goal}, ErrorCode::kAlreadyExists);
}

TEST_F(AppendRules, AgreeingToAStaleRevisionIsRefused) {
  const core::EventId goal = ProposeGoal();
  Append(core::GoalRevise{goal, {"Sleep 7 hours", "", "nights slept through", std::nullopt}});
  ExpectRefused(core::GoalAgree{goal, goal}, ErrorCode::kFailedPrecondition);
}

TEST_F(AppendRules, ActingOnAClosedTaskIsRefused) {
  const core::EventId task = AssignTask();
  Append(core::TaskClose{task});
  ExpectRefused(core::TaskStepDone{task, core::StepId{task, 0}}, ErrorCode::kFailedPrecondition);
  ExpectRefused(core::TaskClose{task}, ErrorCode::kFailedPrecondition);
}

TEST_F(AppendRules, DoneTwiceAndReplacedStepsAreRefused) {
  const core::EventId task = AssignTask();
  Append(core::TaskStepDone{task, core::StepId{task, 0}});
  ExpectRefused(core::TaskStepDone{task, core::StepId{task, 0}}, ErrorCode::kAlreadyExists);
  const core::EventId other = AssignTask();
  Append(core::TaskStepSplit{other, core::StepId{other, 0}, {"Put shoes on", "Walk"}});
  ExpectRefused(core::TaskStepDefer{other, core::StepId{other, 0}, "tired"},
                ErrorCode::kFailedPrecondition);
  ExpectRefused(core::TaskStepDone{other, core::StepId{other, 7}}, ErrorCode::kNotFound);
}

TEST_F(AppendRules, EndingRecordsNeedTheEndingStartedOnce) {
  ExpectRefused(core::EndingCheck{core::EndingAction::kHowTherapyWent, true, ""},
                ErrorCode::kFailedPrecondition);
  ExpectRefused(core::EndingSummary{"It went well"}, ErrorCode::kFailedPrecondition);
  Append(core::EndingStart{""});
  ExpectRefused(core::EndingStart{"again"}, ErrorCode::kAlreadyExists);
  Append(core::EndingCheck{core::EndingAction::kHowTherapyWent, true, ""});
}

TEST_F(AppendRules, ResolvedRuptureTakesNoMoreRepairs) {
  const core::EventId rupture = Append(core::RuptureFlag{core::RuptureKind::kWithdrawal, ""});
  Append(core::RuptureResolve{rupture});
  ExpectRefused(core::RuptureRepair{rupture, core::RepairKind::kMutualDiscussion, "talked"},
                ErrorCode::kFailedPrecondition);
}

TEST_F(AppendRules, RecordsThatNameKnownIdsAreAppended) {
  const core::EventId goal = ProposeGoal();
  const core::EventId task = AssignTask(goal);
  Append(core::GoalProgress{goal, core::ProgressScale::kGas, -1, "some nights"});
  Append(core::TaskStepDefer{task, core::StepId{task, 0}, "it rained"});
  Append(core::Comment{task, "well done"});
  Append(Entry("a journal entry needs no state"));
  auto loaded = device_.Load(nb_);
  ASSERT_TRUE(loaded);
  EXPECT_TRUE(loaded->state.ignored.empty());
  ASSERT_EQ(loaded->state.tasks.size(), 1u);
  EXPECT_EQ(loaded->state.tasks[0].steps[0].deferrals.size(), 1u);
  EXPECT_EQ(loaded->state.comments.at(task).size(), 1u);
}

}  // namespace
}  // namespace rapport::store
