// Fold semantics of the collaborative records.
#include <gtest/gtest.h>

#include "core/notebook_state.h"
#include "core/review.h"
#include "fold_builder.h"

namespace rapport::core {
namespace {

using testing::FoldBuilder;

GoalText Text(std::string title) { return GoalText{std::move(title), "", "weekly rating", {}}; }

TEST(FoldGoals, AgreedOnlyWhenEveryMemberEndorsesTheLatestRevision) {
  FoldBuilder b;
  const EventId goal = b.Add(b.therapist(), GoalPropose{Text("Sleep")});
  const GoalView* g = b.state().FindGoal(goal);
  ASSERT_NE(g, nullptr);
  EXPECT_FALSE(IsAgreed(b.state(), *g));  // the proposer endorsed; the client not yet
  EXPECT_EQ(MissingAgreement(b.state(), *g), std::vector<AuthorId>{b.client()});
  b.Add(b.client(), GoalAgree{goal, goal});
  EXPECT_TRUE(IsAgreed(b.state(), *b.state().FindGoal(goal)));

  const EventId rev = b.Add(b.client(), GoalRevise{goal, Text("Sleep by 23:00")});
  g = b.state().FindGoal(goal);
  EXPECT_FALSE(IsAgreed(b.state(), *g)) << "revising re-opens agreement";
  EXPECT_EQ(g->revisions.size(), 2u);
  EXPECT_EQ(g->current().id, rev);
  EXPECT_EQ(MissingAgreement(b.state(), *g), std::vector<AuthorId>{b.therapist()});
  b.Add(b.therapist(), GoalAgree{goal, rev});
  EXPECT_TRUE(IsAgreed(b.state(), *b.state().FindGoal(goal)));
}

// Equal clocks mean neither author had seen the other's event; the fold
// orders them by author key (therapist 0xA1.. before client 0xC2..).
TEST(FoldGoals, ConcurrentReviseThenAgreeLeavesTheGoalNotAgreed) {
  FoldBuilder b;
  const EventId goal = b.Add(b.therapist(), GoalPropose{Text("Walk")});
  const std::uint64_t t = b.clock() + 1;
  b.AddAt(b.therapist(), t, GoalRevise{goal, Text("Walk daily")});  // folds first
  b.AddAt(b.client(), t, GoalAgree{goal, goal});                    // names revision 0
  EXPECT_FALSE(IsAgreed(b.state(), *b.state().FindGoal(goal)));
}

TEST(FoldGoals, ConcurrentAgreeThenReviseLeavesTheGoalNotAgreed) {
  FoldBuilder b;
  const EventId goal = b.Add(b.client(), GoalPropose{Text("Walk")});
  const std::uint64_t t = b.clock() + 1;
  b.AddAt(b.therapist(), t, GoalAgree{goal, goal});              // folds first: agreed...
  b.AddAt(b.client(), t, GoalRevise{goal, Text("Walk daily")});  // ...until this revision
  const GoalView* g = b.state().FindGoal(goal);
  EXPECT_FALSE(IsAgreed(b.state(), *g));
  EXPECT_EQ(g->revisions[0].endorsed_by.size(), 2u) << "the agreement stays in the history";
}

TEST(FoldGoals, StaleAgreementStaysInHistoryAndIsNoted) {
  FoldBuilder b;
  const EventId goal = b.Add(b.therapist(), GoalPropose{Text("Read")});
  const EventId rev = b.Add(b.therapist(), GoalRevise{goal, Text("Read more")});
  const EventId stale = b.Add(b.client(), GoalAgree{goal, goal});
  const GoalView* g = b.state().FindGoal(goal);
  EXPECT_FALSE(IsAgreed(b.state(), *g));
  EXPECT_EQ(g->revisions[0].endorsed_by.size(), 2u);
  EXPECT_EQ(g->current().id, rev);
  ASSERT_EQ(b.state().ignored.size(), 1u);
  EXPECT_EQ(b.state().ignored[0].id, stale);
}

TEST(FoldGoals, UnknownGoalReferencesAreIgnored) {
  FoldBuilder b;
  EventId nowhere;
  nowhere.bytes.fill(0xEE);
  b.Add(b.client(), GoalProgress{nowhere, ProgressScale::kRating, 5, ""});
  b.Add(b.client(), GoalAgree{nowhere, nowhere});
  b.Add(b.client(), GoalStatus{nowhere, GoalStatusValue::kDropped});
  EXPECT_TRUE(b.state().goals.empty());
  EXPECT_EQ(b.state().ignored.size(), 3u);
}

TEST(FoldGoals, ProgressAndStatus) {
  FoldBuilder b;
  const EventId goal = b.Add(b.therapist(), GoalPropose{Text("Run")});
  b.Add(b.client(), GoalProgress{goal, ProgressScale::kGas, 1, "better"});
  b.Add(b.client(), GoalStatus{goal, GoalStatusValue::kPaused});
  b.Add(b.therapist(), GoalStatus{goal, GoalStatusValue::kAchieved});
  const GoalView* g = b.state().FindGoal(goal);
  ASSERT_EQ(g->progress.size(), 1u);
  EXPECT_EQ(g->progress[0].record.value, 1);
  EXPECT_EQ(g->status, GoalStatusValue::kAchieved);
}

TEST(FoldTasks, StepsDoneDeferredAndSplit) {
  FoldBuilder b;
  const EventId task =
      b.Add(b.therapist(), TaskAssign{"Talk", std::nullopt, {"smile", "talk to a stranger"}, {}});
  const StepId hard{task, 1};
  b.Add(b.client(), TaskStepDone{task, StepId{task, 0}});
  b.Add(b.client(), TaskStepDefer{task, hard, "too scary"});
  b.Add(b.client(), TaskStepDefer{task, hard, "still too scary"});
  const EventId split = b.Add(b.therapist(), TaskStepSplit{task, hard, {"say hi", "ask the time"}});
  const TaskView* t = b.state().FindTask(task);
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->steps.size(), 4u);
  EXPECT_TRUE(t->FindStep({task, 0})->done);
  const StepView* replaced = t->FindStep(hard);
  EXPECT_EQ(replaced->deferrals.size(), 2u);
  ASSERT_TRUE(replaced->replaced());
  EXPECT_EQ(replaced->splits[0].steps, (std::vector<StepId>{{split, 0}, {split, 1}}));
  EXPECT_EQ(t->FindStep({split, 1})->parent, hard);
  EXPECT_EQ(t->FindStep({split, 1})->text, "ask the time");
}

TEST(FoldTasks, ConcurrentSplitsOfOneStepBothStayVisible) {
  FoldBuilder b;
  const EventId task = b.Add(b.therapist(), TaskAssign{"Talk", std::nullopt, {"stranger"}, {}});
  const StepId step{task, 0};
  const std::uint64_t t = b.clock() + 1;
  const EventId a = b.AddAt(b.therapist(), t, TaskStepSplit{task, step, {"nod", "say hi"}});
  const EventId c = b.AddAt(b.client(), t, TaskStepSplit{task, step, {"smile at a barista"}});
  const TaskView* tv = b.state().FindTask(task);
  const StepView* s = tv->FindStep(step);
  ASSERT_EQ(s->splits.size(), 2u) << "both alternative splits are kept";
  EXPECT_EQ(s->splits[0].id, a);
  EXPECT_EQ(s->splits[1].id, c);
  EXPECT_EQ(tv->steps.size(), 4u);
  EXPECT_NE(tv->FindStep({a, 1}), nullptr);
  EXPECT_NE(tv->FindStep({c, 0}), nullptr);
  EXPECT_TRUE(b.state().ignored.empty());
}

// A hostile or tireless member can split a step into one smaller step, and
// that one again, for as long as they like. Each split must find its step
// without scanning all the steps made before it (that was quadratic: 50 000
// splits took seconds to fold), and the review must walk the chain without
// recursion.
TEST(FoldTasks, ADeepChainOfSplitsFoldsAndReviewsWholly) {
  constexpr int kSplits = 50'000;
  FoldBuilder b;
  const EventId task = b.Add(b.therapist(), TaskAssign{"Talk", std::nullopt, {"stranger"}, {}});
  StepId step{task, 0};
  for (int i = 0; i < kSplits; ++i) {
    b.Add(b.client(), TaskStepDefer{task, step, "not yet"});
    step = StepId{b.Add(b.therapist(), TaskStepSplit{task, step, {"smaller"}}), 0};
  }
  b.Add(b.client(), TaskStepDone{task, step});
  const TaskView* t = b.state().FindTask(task);
  ASSERT_EQ(t->steps.size(), kSplits + 1u);
  EXPECT_TRUE(t->FindStep(step)->done);
  EXPECT_TRUE(b.state().ignored.empty());

  const Review r = BuildReview(b.state(), std::nullopt, 0);
  const TaskReview& tr = r.tasks.at(0);
  ASSERT_EQ(tr.steps.size(), kSplits + 1u);
  EXPECT_EQ(tr.steps.back().depth, kSplits);
  EXPECT_EQ(tr.steps.back().id, step);
  EXPECT_EQ(tr.steps_split, kSplits);
  EXPECT_EQ(tr.steps_current, 1);
  EXPECT_EQ(tr.steps_done, 1);
  EXPECT_EQ(tr.deferrals, kSplits);
}

TEST(FoldRoles, RecordsOfARoleThatMayNotWriteThemAreIgnored) {
  FoldBuilder b;
  b.Add(b.therapist(), SessionFeedback{1, 1, 1, 1, std::nullopt});
  b.Add(b.therapist(), ProfileSet{ProfileField::kNotes, "written for the client"});
  EXPECT_TRUE(b.state().session_feedback.empty());
  EXPECT_TRUE(b.state().profile.empty());
  EXPECT_EQ(b.state().ignored.size(), 2u);
}

// A client who joined writes before the history reached their device (an
// interrupted first sync; the store counts them a member from the join): the
// clock of what they write is then below that of the member.add that admitted
// them. The validator checked their role on arrival, so the fold must not
// drop their feedback for not knowing them yet.
TEST(FoldRoles, ClientRecordsFoldedBeforeTheirMemberAddAreKept) {
  AuthorId therapist, client;
  therapist.bytes.fill(0xA1);
  client.bytes.fill(0xC2);
  std::vector<DecodedEvent> events;
  auto add = [&](const AuthorId& author, std::uint64_t seq, std::uint64_t lamport,
                 RecordBody body) {
    DecodedEvent e;
    e.id.bytes[0] = static_cast<std::uint8_t>(events.size() + 1);
    e.header.author = author;
    e.header.seq = seq;
    e.header.lamport = lamport;
    e.record = Record{1700000000000, std::move(body)};
    events.push_back(std::move(e));
  };
  add(therapist, 1, 1, NotebookCreated{"Ours", "Dr. Ada", Role::kTherapist});
  add(therapist, 2, 2, MemberAdded{client, {}, Role::kClient, "Sam"});
  add(client, 1, 1, SessionFeedback{9, 9, 9, 9, std::nullopt});
  add(client, 2, 2, WellbeingCheckin{5, 5, 5, 5, std::nullopt});
  add(client, 3, 3, ProfileSet{ProfileField::kNotes, "prefers mornings"});
  const NotebookState s = FoldEvents(NotebookId{}, events);
  EXPECT_EQ(s.session_feedback.size(), 1u);
  EXPECT_EQ(s.checkins.size(), 1u);
  EXPECT_EQ(s.profile.count(ProfileField::kNotes), 1u);
  EXPECT_TRUE(s.ignored.empty());
}

TEST(FoldShared, ProfileIsLastWriterWinsAndClears) {
  FoldBuilder b;
  b.Add(b.client(), ProfileSet{ProfileField::kGenderIdentity, "woman"});
  b.Add(b.client(), ProfileSet{ProfileField::kGenderIdentity, "non-binary"});
  b.Add(b.client(), ProfileSet{ProfileField::kNotes, "call me Sam"});
  EXPECT_EQ(b.state().profile.at(ProfileField::kGenderIdentity).value, "non-binary");
  b.Add(b.client(), ProfileSet{ProfileField::kNotes, ""});
  EXPECT_FALSE(b.state().profile.contains(ProfileField::kNotes));
  // A therapist-written profile field (refused on arrival) has no effect if folded.
  b.Add(b.therapist(), ProfileSet{ProfileField::kBeliefs, "x"});
  EXPECT_FALSE(b.state().profile.contains(ProfileField::kBeliefs));
}

TEST(FoldShared, EndingChecksNeedAStart) {
  FoldBuilder b;
  b.Add(b.client(), EndingCheck{EndingAction::kHowTherapyWent, true, ""});
  b.Add(b.client(), EndingSummary{"too early"});
  EXPECT_TRUE(b.state().ending.checks.empty());
  EXPECT_EQ(b.state().ignored.size(), 2u);
  b.Add(b.therapist(), EndingStart{""});
  b.Add(b.client(), EndingCheck{EndingAction::kHowTherapyWent, true, "well"});
  b.Add(b.therapist(), EndingCheck{EndingAction::kHowTherapyWent, true, ""});
  b.Add(b.client(), EndingCheck{EndingAction::kHowTherapyWent, false, "not yet"});
  b.Add(b.client(), EndingSummary{"thank you"});
  const EndingView& e = b.state().ending;
  EXPECT_FALSE(e.checks.at(b.client()).at(EndingAction::kHowTherapyWent).done);
  EXPECT_TRUE(e.checks.at(b.therapist()).at(EndingAction::kHowTherapyWent).done);
  EXPECT_EQ(e.summaries.at(b.client()).record.text, "thank you");
}

TEST(FoldShared, RupturesAndComments) {
  FoldBuilder b;
  const EventId r = b.Add(b.client(), RuptureFlag{RuptureKind::kWithdrawal, "quiet"});
  b.Add(b.therapist(), RuptureRepair{r, RepairKind::kMutualDiscussion, "talked"});
  b.Add(b.client(), RuptureResolve{r});
  b.Add(b.therapist(), RuptureResolve{r});
  const RuptureView* rv = b.state().FindRupture(r);
  ASSERT_NE(rv, nullptr);
  EXPECT_EQ(rv->repairs.size(), 1u);
  ASSERT_TRUE(rv->resolved);
  EXPECT_EQ(rv->resolved->author, b.client());
  b.Add(b.therapist(), Comment{r, "glad we talked"});
  EventId nowhere;
  nowhere.bytes.fill(0xEE);
  b.Add(b.therapist(), Comment{nowhere, "lost"});
  EXPECT_EQ(b.state().comments.at(r).size(), 1u);
  EXPECT_EQ(b.state().comments.size(), 1u);
}

}  // namespace
}  // namespace rapport::core
