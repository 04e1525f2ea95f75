// The local writer's checks against the current state (CheckAgainstState).
#include "core/state_rules.h"

#include <gtest/gtest.h>

#include "fold_builder.h"

namespace rapport::core {
namespace {

using testing::FoldBuilder;

class StateRulesTest : public ::testing::Test {
 protected:
  void ExpectCode(const AuthorId& who, Role role, const RecordBody& body, ErrorCode code) {
    SCOPED_TRACE(std::string(RecordTypeName(body)));
    auto s = CheckAgainstState(b_.state(), Record{0, body}, who, role);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, code) << s.error().message;
  }
  Status Check(const AuthorId& who, Role role, const RecordBody& body) {
    return CheckAgainstState(b_.state(), Record{0, body}, who, role);
  }
  EventId Nowhere() {
    EventId id;
    id.bytes.fill(0xEE);
    return id;
  }
  FoldBuilder b_;
  const AuthorId& t_ = b_.therapist();
  const AuthorId& c_ = b_.client();
};

TEST_F(StateRulesTest, AgreeingToAStaleRevisionIsRefused) {
  const EventId goal = b_.Add(t_, GoalPropose{GoalText{"g", "", "m", {}}});
  EXPECT_TRUE(Check(c_, Role::kClient, GoalAgree{goal, goal}));
  const EventId rev = b_.Add(t_, GoalRevise{goal, GoalText{"g2", "", "m", {}}});
  ExpectCode(c_, Role::kClient, GoalAgree{goal, goal}, ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(Check(c_, Role::kClient, GoalAgree{goal, rev}));
  ExpectCode(t_, Role::kTherapist, GoalAgree{goal, rev}, ErrorCode::kAlreadyExists);
  ExpectCode(c_, Role::kClient, GoalAgree{goal, Nowhere()}, ErrorCode::kNotFound);
}

// Only for what this device writes: the status a goal already has would
// only add a line to the history.
TEST_F(StateRulesTest, SettingAGoalsStatusToWhatItIsIsRefused) {
  const EventId goal = b_.Add(t_, GoalPropose{GoalText{"g", "", "m", {}}});
  ExpectCode(c_, Role::kClient, GoalStatus{goal, GoalStatusValue::kActive},
             ErrorCode::kAlreadyExists);
  EXPECT_TRUE(Check(c_, Role::kClient, GoalStatus{goal, GoalStatusValue::kPaused}));
  b_.Add(c_, GoalStatus{goal, GoalStatusValue::kPaused});
  ExpectCode(t_, Role::kTherapist, GoalStatus{goal, GoalStatusValue::kPaused},
             ErrorCode::kAlreadyExists);
}

TEST_F(StateRulesTest, UnknownIdsAreNotFound) {
  const ErrorCode nf = ErrorCode::kNotFound;
  ExpectCode(c_, Role::kClient, GoalRevise{Nowhere(), GoalText{"g", "", "m", {}}}, nf);
  ExpectCode(c_, Role::kClient, GoalAgree{Nowhere(), Nowhere()}, nf);
  ExpectCode(c_, Role::kClient, GoalProgress{Nowhere(), ProgressScale::kRating, 3, ""}, nf);
  ExpectCode(c_, Role::kClient, GoalStatus{Nowhere(), GoalStatusValue::kPaused}, nf);
  ExpectCode(t_, Role::kTherapist, TaskAssign{"t", Nowhere(), {"s"}, {}}, nf);
  ExpectCode(c_, Role::kClient, TaskStepDone{Nowhere(), {}}, nf);
  ExpectCode(c_, Role::kClient, RuptureRepair{Nowhere(), RepairKind::kOther, ""}, nf);
  ExpectCode(c_, Role::kClient, RuptureResolve{Nowhere()}, nf);
  ExpectCode(c_, Role::kClient, Comment{Nowhere(), "hm"}, nf);
  const EventId task = b_.Add(t_, TaskAssign{"t", std::nullopt, {"s"}, {}});
  ExpectCode(c_, Role::kClient, TaskStepDone{task, StepId{task, 1}}, nf);
  EXPECT_TRUE(Check(c_, Role::kClient, TaskStepDone{task, StepId{task, 0}}));
  EXPECT_TRUE(Check(c_, Role::kClient, Comment{task, "on it"}));
}

TEST_F(StateRulesTest, TickingBeforeTheEndingStartedIsRefused) {
  ExpectCode(c_, Role::kClient, EndingCheck{EndingAction::kWhatEndingMeans, true, ""},
             ErrorCode::kFailedPrecondition);
  ExpectCode(t_, Role::kTherapist, EndingSummary{"s"}, ErrorCode::kFailedPrecondition);
  b_.Add(t_, EndingStart{""});
  EXPECT_TRUE(Check(c_, Role::kClient, EndingCheck{EndingAction::kWhatEndingMeans, true, ""}));
  EXPECT_TRUE(Check(t_, Role::kTherapist, EndingSummary{"s"}));
  ExpectCode(c_, Role::kClient, EndingStart{""}, ErrorCode::kAlreadyExists);
}

TEST_F(StateRulesTest, StepsThatAreDoneSplitOrClosedCannotBeActedOn) {
  const EventId task = b_.Add(t_, TaskAssign{"t", std::nullopt, {"a", "b"}, {}});
  b_.Add(c_, TaskStepDone{task, StepId{task, 0}});
  ExpectCode(c_, Role::kClient, TaskStepDone{task, StepId{task, 0}}, ErrorCode::kAlreadyExists);
  b_.Add(t_, TaskStepSplit{task, StepId{task, 1}, {"b1", "b2"}});
  ExpectCode(c_, Role::kClient, TaskStepDefer{task, StepId{task, 1}, "r"},
             ErrorCode::kFailedPrecondition);
  b_.Add(t_, TaskClose{task});
  ExpectCode(c_, Role::kClient, TaskClose{task}, ErrorCode::kFailedPrecondition);
}

TEST_F(StateRulesTest, RolesAreCheckedToo) {
  const EventId task = b_.Add(t_, TaskAssign{"t", std::nullopt, {"a"}, {}});
  ExpectCode(t_, Role::kTherapist, TaskStepDefer{task, StepId{task, 0}, "r"},
             ErrorCode::kPermissionDenied);
  ExpectCode(t_, Role::kTherapist, TherapistReflection{"x"}, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(Check(c_, Role::kClient, TaskStepDefer{task, StepId{task, 0}, "r"}));
}

TEST_F(StateRulesTest, ResolvedRupturesTakeNoMoreRepairs) {
  const EventId r = b_.Add(c_, RuptureFlag{RuptureKind::kConfrontation, ""});
  EXPECT_TRUE(Check(t_, Role::kTherapist, RuptureRepair{r, RepairKind::kRationaleGiven, ""}));
  b_.Add(t_, RuptureResolve{r});
  ExpectCode(t_, Role::kTherapist, RuptureRepair{r, RepairKind::kRationaleGiven, ""},
             ErrorCode::kFailedPrecondition);
}

// A writer skips folding the notebook for records ChecksState says need no
// state; so for every such type, the check must pass on any state, here an
// empty one, unless the role may not write it at all.
template <std::size_t I = 0>
void ExpectStatelessTypesPassOnAnEmptyState(const NotebookState& empty) {
  if constexpr (I < std::variant_size_v<RecordBody>) {
    const RecordBody body(std::in_place_index<I>);
    SCOPED_TRACE(std::string(RecordTypeName(body)));
    if (!ChecksState(body)) {
      for (Role role : {Role::kTherapist, Role::kClient}) {
        const Status s = CheckAgainstState(empty, Record{0, body}, AuthorId{}, role);
        if (!s) {
          EXPECT_EQ(s.error().code, ErrorCode::kPermissionDenied) << s.error().message;
        }
      }
    }
    ExpectStatelessTypesPassOnAnEmptyState<I + 1>(empty);
  }
}

TEST(ChecksState, TypesSaidToNeedNoStatePassOnAnyState) {
  ExpectStatelessTypesPassOnAnEmptyState(NotebookState{});
}

TEST(ChecksState, SaysWhichRecordsLookAtTheState) {
  EXPECT_FALSE(ChecksState(JournalEntry{}));
  EXPECT_FALSE(ChecksState(GoalPropose{}));
  EXPECT_FALSE(ChecksState(SessionFeedback{}));
  EXPECT_FALSE(ChecksState(TaskAssign{}));  // serving no goal
  TaskAssign serving;
  serving.goal = EventId{};
  EXPECT_TRUE(ChecksState(serving));
  EXPECT_TRUE(ChecksState(GoalAgree{}));
  EXPECT_TRUE(ChecksState(TaskStepDone{}));
  EXPECT_TRUE(ChecksState(RuptureRepair{}));
  EXPECT_TRUE(ChecksState(EndingStart{}));
  EXPECT_TRUE(ChecksState(Comment{}));
}

}  // namespace
}  // namespace rapport::core
