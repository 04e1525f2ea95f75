// The review model (core/review.h) and its scores (core/review_scores.h):
// every number and flag checked against hand-made records folded in order.
#include "core/review.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

#include "core/record_fields.h"
#include "core/review_scores.h"

namespace rapport::core {
namespace {

// The review points into the state it was built from, so a state that is
// about to go (a temporary, or one moved from) is refused at compile time.
template <typename State>
concept Reviewable = requires(State&& state) {
  BuildReview(std::forward<State>(state), std::nullopt, 0);
};
static_assert(Reviewable<NotebookState&>);
static_assert(Reviewable<const NotebookState&>);
static_assert(!Reviewable<NotebookState>);
static_assert(!Reviewable<const NotebookState>);

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::int64_t kDay = 24 * 60 * 60 * 1000;
constexpr std::int64_t kHour = 60 * 60 * 1000;

// 2026-11-01 00:00 UTC and the days after it.
std::int64_t DayMs(int offset) { return (*ParseDay("2026-11-01") + offset) * kDay; }

// A notebook of Dr. Ada (therapist) and Sam (client) whose events are
// folded in the order they are added, each with the time given.
class Book {
 public:
  Book() : fold_(NotebookId{}) {
    ada_.bytes.fill(0xA1);
    sam_.bytes.fill(0xC2);
    At(ada_, 0, NotebookCreated{"Ours", "Dr. Ada", Role::kTherapist});
    At(ada_, 0, MemberAdded{sam_, {}, Role::kClient, "Sam"});
  }
  const AuthorId& ada() const { return ada_; }
  const AuthorId& sam() const { return sam_; }
  const NotebookState& state() const { return fold_.state(); }

  EventId At(const AuthorId& author, std::int64_t time_ms, RecordBody body) {
    EventHeader h;
    h.author = author;
    h.lamport = ++lamport_;
    h.seq = ++seqs_[author];
    EventId id;
    for (int i = 0; i < 8; ++i) id.bytes[i] = static_cast<std::uint8_t>(lamport_ >> (56 - 8 * i));
    fold_.Apply(id, h, Record{time_ms, std::move(body)});
    return id;
  }
  Review Build(std::optional<std::int64_t> since = {}, std::int64_t now = DayMs(1)) const {
    return BuildReview(state(), since, now);
  }

 private:
  Fold fold_;
  AuthorId ada_, sam_;
  std::uint64_t lamport_ = 0;
  std::map<AuthorId, std::uint64_t> seqs_;
};

GoalText Text(std::string title) { return GoalText{std::move(title), "", "weekly rating", {}}; }
GoalProgress Rating(const EventId& goal, int v, std::string note = "") {
  return GoalProgress{goal, ProgressScale::kRating, v, std::move(note)};
}
GoalProgress Gas(const EventId& goal, int v) {
  return GoalProgress{goal, ProgressScale::kGas, v, ""};
}
SessionFeedback Srs(int a, int b, int c, int d) { return SessionFeedback{a, b, c, d, {}}; }
WellbeingCheckin Ors(int a, int b, int c, int d) { return WellbeingCheckin{a, b, c, d, {}}; }

std::vector<WarningKind> Kinds(const Review& r) {
  std::vector<WarningKind> kinds;
  for (const Warning& w : r.warnings) kinds.push_back(w.kind);
  return kinds;
}

// --- Goal Attainment Scaling ---------------------------------------------

TEST(GasTScore, NoGoalsHasNoScore) { EXPECT_FALSE(GasTScore({})); }

TEST(GasTScore, OneGoalIsTenPointsPerLevel) {
  // n = 1: sqrt(0.7 + 0.3) = 1.
  EXPECT_DOUBLE_EQ(*GasTScore({0}), 50.0);
  EXPECT_DOUBLE_EQ(*GasTScore({1}), 60.0);
  EXPECT_DOUBLE_EQ(*GasTScore({2}), 70.0);
  EXPECT_DOUBLE_EQ(*GasTScore({-2}), 30.0);
}

TEST(GasTScore, AllAtExpectedLevelIsFifty) {
  EXPECT_DOUBLE_EQ(*GasTScore({0, 0, 0}), 50.0);
  EXPECT_DOUBLE_EQ(*GasTScore({0, 0, 0, 0, 0, 0, 0}), 50.0);
  EXPECT_DOUBLE_EQ(*GasTScore({2, -2, 1, -1}), 50.0);
}

TEST(GasTScore, MatchesHandComputedValues) {
  // n = 2, sum 3: 50 + 30 / sqrt(1.4 + 1.2) = 50 + 30 / 1.6124515 = 68.605210.
  EXPECT_NEAR(*GasTScore({1, 2}), 68.605210, 1e-6);
  // n = 3, sum 2: 50 + 20 / sqrt(2.1 + 2.7) = 50 + 20 / 2.1908902 = 59.128709.
  EXPECT_NEAR(*GasTScore({2, -1, 1}), 59.128709, 1e-6);
  // n = 5, all +2: 50 + 100 / sqrt(3.5 + 7.5) = 50 + 100 / 3.3166248 = 80.151134.
  EXPECT_NEAR(*GasTScore({2, 2, 2, 2, 2}), 80.151134, 1e-6);
  // n = 4, all -2: 50 - 80 / sqrt(2.8 + 4.8) = 50 - 80 / 2.7568098 = 20.980950.
  EXPECT_NEAR(*GasTScore({-2, -2, -2, -2}), 20.980950, 1e-6);
}

TEST(ReviewScores, Cutoffs) {
  EXPECT_TRUE(SrsBelowCutoff(35));
  EXPECT_FALSE(SrsBelowCutoff(36));
  EXPECT_TRUE(OrsBelowCutoff(24));
  EXPECT_FALSE(OrsBelowCutoff(25));
  EXPECT_TRUE(IsReliableChange(5));
  EXPECT_TRUE(IsReliableChange(-5));
  EXPECT_FALSE(IsReliableChange(4));
  EXPECT_FALSE(IsReliableChange(-4));
  EXPECT_FALSE(IsReliableChange(0));
}

// --- The review -----------------------------------------------------------

TEST(Review, EmptyNotebookHasNothingToWarnAbout) {
  Book book;
  const Review r = book.Build({}, DayMs(400));
  EXPECT_EQ(r.title, "Ours");
  ASSERT_EQ(r.members.size(), 2u);
  EXPECT_EQ(r.members[0].name, "Dr. Ada");
  EXPECT_EQ(r.members[0].role, Role::kTherapist);
  EXPECT_EQ(r.members[1].name, "Sam");
  EXPECT_EQ(r.members[1].role, Role::kClient);
  EXPECT_TRUE(r.goals.empty());
  EXPECT_FALSE(r.gas);
  EXPECT_TRUE(r.tasks.empty());
  EXPECT_TRUE(r.sessions.empty());
  EXPECT_TRUE(r.checkins.empty());
  EXPECT_TRUE(r.journal.empty());
  EXPECT_EQ(r.journal_total, 0u);
  EXPECT_FALSE(r.last_journal_ms);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings[0].message;
  EXPECT_FALSE(r.ending.started);
  EXPECT_TRUE(r.ending.checklist.empty());
}

TEST(Review, GoalIsWaitingForTheMembersWhoHaveNotEndorsedTheCurrentRevision) {
  Book book;
  const EventId goal = book.At(book.ada(), DayMs(0), GoalPropose{Text("Sleep better")});
  Review r = book.Build();
  ASSERT_EQ(r.goals.size(), 1u);
  EXPECT_EQ(r.goals[0].id, goal);
  EXPECT_EQ(r.goals[0].title, "Sleep better");
  EXPECT_EQ(r.goals[0].measure, "weekly rating");
  EXPECT_FALSE(r.goals[0].agreed);
  EXPECT_THAT(r.goals[0].waiting_for, ElementsAre("Sam"));
  EXPECT_EQ(r.goals[0].revisions, 1u);

  book.At(book.sam(), DayMs(0), GoalAgree{goal, goal});
  r = book.Build();
  EXPECT_TRUE(r.goals[0].agreed);
  EXPECT_TRUE(r.goals[0].waiting_for.empty());

  // A revision by Sam re-opens agreement: now Dr. Ada has to endorse it.
  book.At(book.sam(), DayMs(1), GoalRevise{goal, GoalText{"Sleep 7 hours", "", "hours", 20800}});
  r = book.Build();
  EXPECT_FALSE(r.goals[0].agreed);
  EXPECT_THAT(r.goals[0].waiting_for, ElementsAre("Dr. Ada"));
  EXPECT_EQ(r.goals[0].title, "Sleep 7 hours");
  EXPECT_EQ(r.goals[0].measure, "hours");
  EXPECT_EQ(r.goals[0].target_day, 20800);
  EXPECT_EQ(r.goals[0].revisions, 2u);
}

TEST(Review, GoalProgressSeriesKeepEachScaleInOrder) {
  Book book;
  const EventId goal = book.At(book.ada(), DayMs(0), GoalPropose{Text("Sleep better")});
  book.At(book.sam(), DayMs(1), Rating(goal, 3, "tired"));
  book.At(book.sam(), DayMs(2), Gas(goal, -1));
  book.At(book.ada(), DayMs(3), Rating(goal, 6, "better week"));
  const Review r = book.Build();
  const GoalReview& g = r.goals[0];
  ASSERT_EQ(g.ratings.size(), 2u);
  EXPECT_EQ(g.ratings[0].time_ms, DayMs(1));
  EXPECT_EQ(g.ratings[0].value, 3);
  EXPECT_EQ(g.ratings[1].time_ms, DayMs(3));
  EXPECT_EQ(g.ratings[1].value, 6);
  ASSERT_EQ(g.gas.size(), 1u);
  EXPECT_EQ(g.gas[0].value, -1);
  EXPECT_EQ(g.latest_note, "better week");
  EXPECT_EQ(g.status, GoalStatusValue::kActive);
}

TEST(Review, GasScoreUsesEachGoalsLatestLevelOverGoalsThatUseIt) {
  Book book;
  const EventId a = book.At(book.ada(), DayMs(0), GoalPropose{Text("A")});
  const EventId b = book.At(book.ada(), DayMs(0), GoalPropose{Text("B")});
  const EventId rated = book.At(book.ada(), DayMs(0), GoalPropose{Text("Rated only")});
  book.At(book.sam(), DayMs(1), Gas(a, -2));
  book.At(book.sam(), DayMs(2), Gas(a, 1));  // latest for A
  book.At(book.sam(), DayMs(2), Gas(b, 2));
  book.At(book.sam(), DayMs(2), Rating(rated, 9));
  Review r = book.Build();
  ASSERT_TRUE(r.gas);
  EXPECT_EQ(r.gas->goals, 2);
  EXPECT_EQ(r.gas->sum, 3);
  EXPECT_NEAR(r.gas->t_score, 68.605210, 1e-6);

  // A dropped goal leaves the score; an achieved one stays.
  book.At(book.ada(), DayMs(3), GoalStatus{b, GoalStatusValue::kDropped});
  book.At(book.ada(), DayMs(3), GoalStatus{a, GoalStatusValue::kAchieved});
  r = book.Build();
  ASSERT_TRUE(r.gas);
  EXPECT_EQ(r.gas->goals, 1);
  EXPECT_EQ(r.gas->sum, 1);
  EXPECT_DOUBLE_EQ(r.gas->t_score, 60.0);
  EXPECT_EQ(r.goals[1].status, GoalStatusValue::kDropped);
}

TEST(Review, GasScoreOfOneGoalAtZeroIsFifty) {
  Book book;
  const EventId a = book.At(book.ada(), DayMs(0), GoalPropose{Text("A")});
  book.At(book.sam(), DayMs(1), Gas(a, 0));
  const Review r = book.Build();
  ASSERT_TRUE(r.gas);
  EXPECT_EQ(r.gas->goals, 1);
  EXPECT_DOUBLE_EQ(r.gas->t_score, 50.0);
}

TEST(Review, NoGasScoreWhenGoalsUseOnlyRatings) {
  Book book;
  const EventId a = book.At(book.ada(), DayMs(0), GoalPropose{Text("A")});
  book.At(book.sam(), DayMs(1), Rating(a, 4));
  EXPECT_FALSE(book.Build().gas);
}

TEST(Review, TaskStepsInPlanOrderWithDoneDeferredAndSplit) {
  Book book;
  const EventId goal = book.At(book.ada(), DayMs(0), GoalPropose{Text("Feel at ease with people")});
  const EventId task =
      book.At(book.ada(), DayMs(0),
              TaskAssign{"Social steps",
                         goal,
                         {"smile at a neighbour", "talk to a stranger", "call a friend"},
                         20790});
  book.At(book.sam(), DayMs(1), TaskStepDone{task, StepId{task, 0}});
  book.At(book.sam(), DayMs(2), TaskStepDefer{task, StepId{task, 1}, "too anxious"});
  book.At(book.sam(), DayMs(3), TaskStepDefer{task, StepId{task, 1}, "no time"});
  const EventId split1 = book.At(
      book.ada(), DayMs(4), TaskStepSplit{task, StepId{task, 1}, {"say hello", "ask a question"}});
  // A concurrent alternative split of the same step, by the other member.
  const EventId split2 =
      book.At(book.sam(), DayMs(4), TaskStepSplit{task, StepId{task, 1}, {"nod to someone"}});
  book.At(book.sam(), DayMs(5), TaskStepDone{task, StepId{split1, 0}});

  const Review r = book.Build();
  ASSERT_EQ(r.tasks.size(), 1u);
  const TaskReview& t = r.tasks[0];
  EXPECT_EQ(t.id, task);
  EXPECT_EQ(t.title, "Social steps");
  EXPECT_EQ(t.assigned_by, "Dr. Ada");
  EXPECT_EQ(t.goal_title, "Feel at ease with people");
  EXPECT_EQ(t.due_day, 20790);
  EXPECT_FALSE(t.closed);
  ASSERT_EQ(t.steps.size(), 6u);
  std::vector<std::pair<std::string, int>> plan;
  for (const StepReview& s : t.steps) plan.emplace_back(s.text, s.depth);
  EXPECT_THAT(plan, ElementsAre(std::pair<std::string, int>{"smile at a neighbour", 0},
                                std::pair<std::string, int>{"talk to a stranger", 0},
                                std::pair<std::string, int>{"say hello", 1},
                                std::pair<std::string, int>{"ask a question", 1},
                                std::pair<std::string, int>{"nod to someone", 1},
                                std::pair<std::string, int>{"call a friend", 0}));
  EXPECT_TRUE(t.steps[0].done);
  const StepReview& stranger = t.steps[1];
  EXPECT_FALSE(stranger.done);
  EXPECT_TRUE(stranger.replaced());
  EXPECT_THAT(stranger.splits, ElementsAre(2u, 1u));
  ASSERT_EQ(stranger.deferrals.size(), 2u);
  EXPECT_EQ(stranger.deferrals[0].by, "Sam");
  EXPECT_EQ(stranger.deferrals[0].reason, "too anxious");
  EXPECT_EQ(stranger.deferrals[0].time_ms, DayMs(2));
  EXPECT_EQ(stranger.deferrals[1].reason, "no time");
  EXPECT_TRUE(t.steps[2].done);
  EXPECT_EQ(t.steps[4].id, (StepId{split2, 0}));
  // The plan as it stands: 5 steps (the replaced one left out), 2 done.
  EXPECT_EQ(t.steps_current, 5);
  EXPECT_EQ(t.steps_done, 2);
  EXPECT_EQ(t.deferrals, 2);
  EXPECT_EQ(t.steps_split, 1);
  // The deferred step was split: the plan changed, so no warning.
  EXPECT_THAT(Kinds(r), ::testing::Not(::testing::Contains(WarningKind::kRepeatedDeferral)));
}

TEST(Review, StepDeferredTwiceInTheOpenPlanIsAWarning) {
  Book book;
  const EventId task =
      book.At(book.ada(), DayMs(0), TaskAssign{"Walks", {}, {"walk 10 minutes", "walk 20"}, {}});
  book.At(book.sam(), DayMs(0), TaskStepDefer{task, StepId{task, 0}, "rain"});
  Review r = book.Build();
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(r.tasks[0].goal_title, "");

  book.At(book.sam(), DayMs(1), TaskStepDefer{task, StepId{task, 0}, "tired"});
  book.At(book.sam(), DayMs(1), TaskStepDefer{task, StepId{task, 0}, "rain again"});
  r = book.Build();
  ASSERT_EQ(r.warnings.size(), 1u);
  const Warning& w = r.warnings[0];
  EXPECT_EQ(w.kind, WarningKind::kRepeatedDeferral);
  EXPECT_EQ(w.about, task);
  EXPECT_EQ(w.count, 3);
  EXPECT_EQ(w.message,
            "Step \"walk 10 minutes\" of task \"Walks\" was deferred 3 times (latest reason: "
            "\"rain again\").");
  EXPECT_EQ(WarningKindName(w.kind), "repeated_deferral");

  // Done, the step no longer warns.
  book.At(book.sam(), DayMs(1), TaskStepDone{task, StepId{task, 0}});
  EXPECT_TRUE(book.Build().warnings.empty());
}

TEST(Review, ClosedTaskDoesNotWarn) {
  Book book;
  const EventId task = book.At(book.ada(), DayMs(0), TaskAssign{"Walks", {}, {"walk"}, {}});
  book.At(book.sam(), DayMs(0), TaskStepDefer{task, StepId{task, 0}, "rain"});
  book.At(book.sam(), DayMs(0), TaskStepDefer{task, StepId{task, 0}, "rain"});
  EXPECT_THAT(Kinds(book.Build()), ElementsAre(WarningKind::kRepeatedDeferral));
  book.At(book.ada(), DayMs(0), TaskClose{task});
  const Review r = book.Build();
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_TRUE(r.tasks[0].closed);
  EXPECT_EQ(r.tasks[0].deferrals, 2);
}

TEST(Review, SessionFeedbackTotalsAndFlags) {
  Book book;
  book.At(book.sam(), DayMs(0), Srs(10, 10, 9, 9));  // 38
  book.At(book.sam(), DayMs(7), Srs(9, 9, 9, 8));    // 35: under 36, falling
  book.At(book.sam(), DayMs(14), Srs(9, 9, 9, 9));   // 36: neither
  book.At(book.sam(), DayMs(21), Srs(10, 9, 9, 8));  // 36: equal is not falling
  book.At(book.sam(), DayMs(21), JournalEntry{"kept writing", {}, {}, {}});
  const Review r = book.Build({}, DayMs(22));
  ASSERT_EQ(r.sessions.size(), 4u);
  EXPECT_EQ(r.sessions[0].total, 38);
  EXPECT_EQ(r.sessions[0].by, "Sam");
  EXPECT_EQ(r.sessions[0].items, (std::array<int, 4>{10, 10, 9, 9}));
  EXPECT_FALSE(r.sessions[0].change_from_previous);
  EXPECT_FALSE(r.sessions[0].below_cutoff);
  EXPECT_FALSE(r.sessions[0].falling);

  EXPECT_EQ(r.sessions[1].total, 35);
  EXPECT_EQ(r.sessions[1].change_from_previous, -3);
  EXPECT_EQ(r.sessions[1].change_from_first, -3);
  EXPECT_TRUE(r.sessions[1].below_cutoff);
  EXPECT_TRUE(r.sessions[1].falling);

  EXPECT_EQ(r.sessions[2].total, 36);
  EXPECT_EQ(r.sessions[2].change_from_previous, 1);
  EXPECT_FALSE(r.sessions[2].below_cutoff);
  EXPECT_FALSE(r.sessions[2].falling);

  EXPECT_EQ(r.sessions[3].change_from_previous, 0);
  EXPECT_EQ(r.sessions[3].change_from_first, -2);
  EXPECT_FALSE(r.sessions[3].falling);
  // Warnings speak of the latest entry only: this one is fine.
  EXPECT_TRUE(r.warnings.empty()) << r.warnings[0].message;
}

TEST(Review, LatestSessionUnderCutoffAndFallingAreWarnings) {
  Book book;
  book.At(book.sam(), DayMs(0), Srs(10, 10, 9, 9));                            // 38
  const EventId low = book.At(book.sam(), DayMs(7) + kHour, Srs(8, 8, 9, 8));  // 33
  const Review r = book.Build({}, DayMs(8));
  EXPECT_THAT(Kinds(r),
              ElementsAre(WarningKind::kSessionBelowCutoff, WarningKind::kSessionFalling));
  EXPECT_EQ(r.warnings[0].about, low);
  EXPECT_EQ(r.warnings[0].count, 33);
  EXPECT_EQ(r.warnings[0].message,
            "Session feedback from Sam on 2026-11-08 totals 33/40, under 36: a possible concern "
            "about the working relationship.");
  EXPECT_EQ(r.warnings[1].about, low);
  EXPECT_EQ(r.warnings[1].message, "Session feedback from Sam fell from 38 to 33 on 2026-11-08.");
}

TEST(Review, FallingButAboveCutoffIsStillAWarning) {
  Book book;
  book.At(book.sam(), DayMs(0), Srs(10, 10, 10, 10));  // 40
  book.At(book.sam(), DayMs(7), Srs(10, 10, 9, 9));    // 38
  const Review r = book.Build({}, DayMs(8));
  EXPECT_THAT(Kinds(r), ElementsAre(WarningKind::kSessionFalling));
  EXPECT_EQ(r.warnings[0].count, 38);
}

TEST(Review, CheckinTotalsChangesAndFlags) {
  Book book;
  book.At(book.sam(), DayMs(0), Ors(5, 5, 5, 5));   // 20
  book.At(book.sam(), DayMs(7), Ors(7, 6, 7, 6));   // 26: +6 reliable up
  book.At(book.sam(), DayMs(14), Ors(8, 7, 8, 7));  // 30: +4, +10 from first
  book.At(book.sam(), DayMs(21), Ors(6, 6, 6, 6));  // 24: -6 reliable down, +4 from first
  book.At(book.sam(), DayMs(21), JournalEntry{"kept writing", {}, {}, {}});
  const Review r = book.Build({}, DayMs(22));
  ASSERT_EQ(r.checkins.size(), 4u);
  const auto& c = r.checkins;
  EXPECT_EQ(c[0].total, 20);
  EXPECT_TRUE(c[0].below_cutoff);
  EXPECT_FALSE(c[0].change_from_previous);
  EXPECT_FALSE(c[0].change_from_first);
  EXPECT_FALSE(c[0].reliable_change_from_previous);
  EXPECT_FALSE(c[0].reliable_change_from_first);

  EXPECT_EQ(c[1].total, 26);
  EXPECT_FALSE(c[1].below_cutoff);
  EXPECT_EQ(c[1].change_from_previous, 6);
  EXPECT_TRUE(c[1].reliable_change_from_previous);
  EXPECT_TRUE(c[1].reliable_change_from_first);

  EXPECT_EQ(c[2].total, 30);
  EXPECT_EQ(c[2].change_from_previous, 4);
  EXPECT_EQ(c[2].change_from_first, 10);
  EXPECT_FALSE(c[2].reliable_change_from_previous);
  EXPECT_TRUE(c[2].reliable_change_from_first);

  EXPECT_EQ(c[3].total, 24);
  EXPECT_TRUE(c[3].below_cutoff);
  EXPECT_EQ(c[3].change_from_previous, -6);
  EXPECT_EQ(c[3].change_from_first, 4);
  EXPECT_TRUE(c[3].reliable_change_from_previous);
  EXPECT_FALSE(c[3].reliable_change_from_first);
  // Check-ins are flagged on the series, not as early warnings of a rupture.
  EXPECT_TRUE(r.warnings.empty());
}

// DESIGN.md: the review flags a drop in ORS. Any drop from the same
// author's previous check-in is flagged (`falling`), a small one too; an
// equal total or a rise is not.
TEST(Review, AnyDropInTheCheckinTotalIsFlaggedAnEqualTotalIsNot) {
  Book book;
  book.At(book.sam(), DayMs(0), Ors(8, 8, 8, 8));   // 32
  book.At(book.sam(), DayMs(7), Ors(8, 8, 8, 7));   // 31: -1
  book.At(book.sam(), DayMs(14), Ors(8, 8, 8, 7));  // 31: equal
  book.At(book.sam(), DayMs(21), Ors(9, 8, 8, 7));  // 32: +1
  book.At(book.sam(), DayMs(28), Ors(6, 6, 6, 6));  // 24: -8
  const Review r = book.Build({}, DayMs(29));
  ASSERT_EQ(r.checkins.size(), 5u);
  EXPECT_FALSE(r.checkins[0].falling);
  EXPECT_TRUE(r.checkins[1].falling);
  EXPECT_FALSE(r.checkins[1].reliable_change_from_previous);
  EXPECT_FALSE(r.checkins[2].falling);
  EXPECT_FALSE(r.checkins[3].falling);
  EXPECT_TRUE(r.checkins[4].falling);
  EXPECT_TRUE(r.checkins[4].reliable_change_from_previous);
}

TEST(Review, CheckinAtExactlyFivePointsIsReliableAtTwentyFiveIsNotBelowCutoff) {
  Book book;
  book.At(book.sam(), DayMs(0), Ors(5, 5, 5, 5));  // 20
  book.At(book.sam(), DayMs(7), Ors(7, 6, 6, 6));  // 25
  const Review r = book.Build({}, DayMs(8));
  EXPECT_EQ(r.checkins[1].change_from_previous, 5);
  EXPECT_TRUE(r.checkins[1].reliable_change_from_previous);
  EXPECT_FALSE(r.checkins[1].below_cutoff);
}

TEST(Review, JournalSilenceCountsWholeDaysFromTheLastSharedEntry) {
  Book book;
  book.At(book.sam(), DayMs(0), JournalEntry{"first", 4, {}, {}});
  const EventId last = book.At(book.sam(), DayMs(2), JournalEntry{"second", {}, {"sleep"}, {}});
  (void)last;
  EXPECT_TRUE(book.Build({}, DayMs(16) - 1).warnings.empty());  // 13 days 23:59:59.999
  const Review r = book.Build({}, DayMs(16));
  ASSERT_THAT(Kinds(r), ElementsAre(WarningKind::kJournalSilence));
  EXPECT_EQ(r.warnings[0].count, 14);
  EXPECT_TRUE(r.warnings[0].about.IsZero());
  EXPECT_EQ(r.warnings[0].message,
            "No shared journal entry for 14 days (the last one on 2026-11-03).");
  EXPECT_EQ(r.last_journal_ms, DayMs(2));
  EXPECT_EQ(book.Build({}, DayMs(40)).warnings[0].count, 38);
}

TEST(Review, JournalSilenceWithNoEntryCountsFromTheFirstSharedRecord) {
  Book book;
  book.At(book.ada(), DayMs(3), GoalPropose{Text("A")});
  book.At(book.sam(), DayMs(1), Ors(7, 7, 7, 7));  // earlier on Sam's clock
  EXPECT_TRUE(book.Build({}, DayMs(14)).warnings.empty());
  const Review r = book.Build({}, DayMs(15));
  ASSERT_THAT(Kinds(r), ElementsAre(WarningKind::kJournalSilence));
  EXPECT_EQ(r.warnings[0].count, 14);
  EXPECT_EQ(r.warnings[0].message,
            "No shared journal entry yet, 14 days after the first shared record.");
}

// A client who filled in their profile but never shared an entry has been
// silent since then (docs/records.md: "from the earliest other shared
// record"), even when a later edit cleared the field again.
TEST(Review, JournalSilenceWithOnlyAProfileCountsFromTheProfile) {
  Book book;
  book.At(book.sam(), DayMs(0), ProfileSet{ProfileField::kTherapyPreferences, "be direct"});
  book.At(book.sam(), DayMs(5), ProfileSet{ProfileField::kTherapyPreferences, ""});
  EXPECT_TRUE(book.Build({}, DayMs(13)).warnings.empty());
  const Review r = book.Build({}, DayMs(14));
  ASSERT_THAT(Kinds(r), ElementsAre(WarningKind::kJournalSilence));
  EXPECT_EQ(r.warnings[0].count, 14);
}

// The earliest shared record may be any record, not only the first of a
// goal, task or rupture: here a revision and a comment written on clocks
// behind the proposal's.
TEST(Review, JournalSilenceCountsFromTheEarliestRecordOfAnyKind) {
  Book book;
  const EventId goal = book.At(book.ada(), DayMs(10), GoalPropose{Text("A")});
  book.At(book.sam(), DayMs(4), GoalRevise{goal, Text("A, smaller")});
  EXPECT_EQ(book.Build({}, DayMs(18)).warnings.size(), 1u);  // 14 days after day 4
  book.At(book.sam(), DayMs(2), Comment{goal, "hello"});
  const Review r = book.Build({}, DayMs(18));
  ASSERT_THAT(Kinds(r), ElementsAre(WarningKind::kJournalSilence));
  EXPECT_EQ(r.warnings[0].count, 16);
}

// A record's time is whatever its author's clock signed, any i64. The days
// of silence from a time far in the past must not overflow into "no
// silence"; a time far in the future is no silence yet; the dates shown stay
// dates.
TEST(Review, JournalSilenceFromHostileTimesNeitherOverflowsNorVanishes) {
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  Book past;
  past.At(past.sam(), kMin, JournalEntry{"written at the dawn of time", {}, {}, {}});
  for (const std::int64_t now : {DayMs(1), kMax}) {
    const Review r = past.Build({}, now);
    ASSERT_THAT(Kinds(r), ElementsAre(WarningKind::kJournalSilence)) << now;
    EXPECT_EQ(r.warnings[0].count, 1'000'000);
    EXPECT_THAT(r.warnings[0].message, HasSubstr("(the last one on 0000-03-01)"));
  }
  Book no_entry;
  no_entry.At(no_entry.ada(), kMin, GoalPropose{Text("A")});
  EXPECT_THAT(Kinds(no_entry.Build({}, DayMs(1))), ElementsAre(WarningKind::kJournalSilence));

  Book future;
  future.At(future.sam(), kMax, JournalEntry{"from the far future", {}, {}, {}});
  EXPECT_TRUE(future.Build({}, kMin).warnings.empty());
  future.At(future.ada(), kMax, RuptureFlag{RuptureKind::kWithdrawal, ""});
  const Review r = future.Build({}, DayMs(1));
  ASSERT_THAT(Kinds(r), ElementsAre(WarningKind::kUnresolvedRupture));
  EXPECT_THAT(r.warnings[0].message, HasSubstr(" on 9999-12-31 "));
}

TEST(Review, UnresolvedRuptureIsAWarningUntilResolved) {
  Book book;
  const EventId rupture =
      book.At(book.ada(), DayMs(0), RuptureFlag{RuptureKind::kWithdrawal, "quiet session"});
  book.At(book.ada(), DayMs(0), JournalEntry{"keeps the silence warning away", {}, {}, {}});
  Review r = book.Build({}, DayMs(1));
  ASSERT_THAT(Kinds(r), ElementsAre(WarningKind::kUnresolvedRupture));
  EXPECT_EQ(r.warnings[0].about, rupture);
  EXPECT_EQ(r.warnings[0].count, 0);
  EXPECT_EQ(r.warnings[0].message,
            "A withdrawal rupture flagged by Dr. Ada on 2026-11-01 is not resolved (0 repair "
            "steps so far).");

  book.At(book.sam(), DayMs(1), RuptureRepair{rupture, RepairKind::kMutualDiscussion, "talked"});
  r = book.Build({}, DayMs(1));
  EXPECT_EQ(r.warnings[0].count, 1);
  EXPECT_THAT(r.warnings[0].message, HasSubstr("(1 repair step so far)"));

  book.At(book.sam(), DayMs(1), RuptureResolve{rupture});
  EXPECT_TRUE(book.Build({}, DayMs(1)).warnings.empty());
}

TEST(Review, WarningsComeInKindOrder) {
  Book book;
  book.At(book.ada(), DayMs(0), RuptureFlag{RuptureKind::kConfrontation, ""});
  const EventId task = book.At(book.ada(), DayMs(0), TaskAssign{"T", {}, {"s"}, {}});
  book.At(book.sam(), DayMs(0), TaskStepDefer{task, StepId{task, 0}, "a"});
  book.At(book.sam(), DayMs(0), TaskStepDefer{task, StepId{task, 0}, "b"});
  book.At(book.sam(), DayMs(0), Srs(9, 9, 9, 9));
  book.At(book.sam(), DayMs(1), Srs(8, 8, 8, 8));
  const Review r = book.Build({}, DayMs(30));
  EXPECT_THAT(Kinds(r), ElementsAre(WarningKind::kSessionBelowCutoff, WarningKind::kSessionFalling,
                                    WarningKind::kRepeatedDeferral, WarningKind::kJournalSilence,
                                    WarningKind::kUnresolvedRupture));
}

TEST(Review, JournalSinceListsEntriesWrittenOnOrAfterIt) {
  Book book;
  book.At(book.sam(), DayMs(0), JournalEntry{"old", {}, {}, {}});
  const EventId on = book.At(book.ada(), DayMs(5), JournalEntry{"on the day", 7, {"work"}, {}});
  book.At(book.sam(), DayMs(6), JournalEntry{"after", {}, {}, {}});
  Review r = book.Build(DayMs(5), DayMs(7));
  EXPECT_EQ(r.since_ms, DayMs(5));
  EXPECT_EQ(r.journal_total, 3u);
  EXPECT_EQ(r.last_journal_ms, DayMs(6));
  ASSERT_EQ(r.journal.size(), 2u);
  EXPECT_EQ(r.journal[0].id, on);
  EXPECT_EQ(r.journal[0].by, "Dr. Ada");
  EXPECT_EQ(r.journal[0].time_ms, DayMs(5));
  EXPECT_EQ(r.journal[0].mood, 7);
  EXPECT_THAT(r.journal[0].tags, ElementsAre("work"));
  EXPECT_EQ(r.journal[0].text, "on the day");
  EXPECT_EQ(r.journal[1].text, "after");
  EXPECT_EQ(r.journal[1].by, "Sam");

  r = book.Build({}, DayMs(7));
  EXPECT_EQ(r.journal.size(), 3u);
  EXPECT_TRUE(book.Build(DayMs(7), DayMs(7)).journal.empty());
}

TEST(Review, FeedbackNotesSinceAreListedWithTheirAuthors) {
  Book book;
  book.At(book.sam(), DayMs(0), FeedbackNote{"before the window"});
  const EventId on = book.At(book.sam(), DayMs(5), FeedbackNote{"the homework felt too big"});
  book.At(book.ada(), DayMs(6), FeedbackNote{"glad you said so"});
  Review r = book.Build(DayMs(5), DayMs(7));
  ASSERT_EQ(r.notes.size(), 2u);
  EXPECT_EQ(r.notes[0].id, on);
  EXPECT_EQ(r.notes[0].by, "Sam");
  EXPECT_EQ(r.notes[0].time_ms, DayMs(5));
  EXPECT_EQ(r.notes[0].text, "the homework felt too big");
  EXPECT_EQ(r.notes[1].by, "Dr. Ada");
  EXPECT_EQ(book.Build({}, DayMs(7)).notes.size(), 3u);
}

TEST(Review, CommentsAreListedUnderTheEntryOrNoteTheyAreAbout) {
  Book book;
  const EventId entry = book.At(book.sam(), DayMs(0), JournalEntry{"a hard week", {}, {}, {}});
  const EventId note = book.At(book.sam(), DayMs(0), FeedbackNote{"too fast"});
  book.At(book.ada(), DayMs(1), Comment{entry, "thank you for writing"});
  book.At(book.sam(), DayMs(2), Comment{entry, "it helped"});
  book.At(book.ada(), DayMs(2), Comment{note, "we can slow down"});
  const Review r = book.Build({}, DayMs(3));
  ASSERT_EQ(r.journal.size(), 1u);
  EXPECT_THAT(r.journal[0].comments,
              ElementsAre(CommentReview{"Dr. Ada", DayMs(1), "thank you for writing"},
                          CommentReview{"Sam", DayMs(2), "it helped"}));
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_THAT(r.notes[0].comments,
              ElementsAre(CommentReview{"Dr. Ada", DayMs(2), "we can slow down"}));
}

// The history stays after a rupture is resolved: how it was worked through.
TEST(Review, RupturesKeepTheirRepairsAndResolution) {
  Book book;
  const EventId open =
      book.At(book.ada(), DayMs(0), RuptureFlag{RuptureKind::kWithdrawal, "quiet session"});
  const EventId closed =
      book.At(book.sam(), DayMs(1), RuptureFlag{RuptureKind::kConfrontation, "felt judged"});
  book.At(book.ada(), DayMs(2), RuptureRepair{closed, RepairKind::kRationaleGiven, "explained"});
  book.At(book.sam(), DayMs(3), RuptureRepair{closed, RepairKind::kMutualDiscussion, ""});
  book.At(book.sam(), DayMs(4), RuptureResolve{closed});
  // --since limits only what was written: a rupture is context for all of it.
  const Review r = book.Build(DayMs(4), DayMs(5));
  ASSERT_EQ(r.ruptures.size(), 2u);
  EXPECT_EQ(r.ruptures[0].id, open);
  EXPECT_EQ(r.ruptures[0].flagged_by, "Dr. Ada");
  EXPECT_EQ(r.ruptures[0].kind, RuptureKind::kWithdrawal);
  EXPECT_EQ(r.ruptures[0].note, "quiet session");
  EXPECT_TRUE(r.ruptures[0].repairs.empty());
  EXPECT_FALSE(r.ruptures[0].resolved);

  const RuptureReview& worked = r.ruptures[1];
  EXPECT_EQ(worked.time_ms, DayMs(1));
  ASSERT_EQ(worked.repairs.size(), 2u);
  EXPECT_EQ(worked.repairs[0],
            (RepairReview{"Dr. Ada", DayMs(2), RepairKind::kRationaleGiven, "explained"}));
  EXPECT_EQ(worked.repairs[1].by, "Sam");
  EXPECT_EQ(worked.repairs[1].kind, RepairKind::kMutualDiscussion);
  EXPECT_TRUE(worked.resolved);
  EXPECT_EQ(worked.resolved_by, "Sam");
  EXPECT_EQ(worked.resolved_ms, DayMs(4));
}

TEST(Review, EndingChecklistPerMemberOnceStarted) {
  Book book;
  // A tick before the start has no effect (docs/records.md, "Merging").
  book.At(book.sam(), DayMs(0), EndingCheck{EndingAction::kHowTherapyWent, true, "early"});
  EXPECT_FALSE(book.Build().ending.started);

  book.At(book.ada(), DayMs(1), EndingStart{"ten sessions done"});
  book.At(book.sam(), DayMs(1), EndingCheck{EndingAction::kHowTherapyWent, true, "went well"});
  book.At(book.ada(), DayMs(1), EndingCheck{EndingAction::kPrideInProgress, true, ""});
  book.At(book.sam(), DayMs(1), EndingCheck{EndingAction::kReflectingOnGains, true, ""});
  book.At(book.sam(), DayMs(2), EndingCheck{EndingAction::kReflectingOnGains, false, "not yet"});
  book.At(book.sam(), DayMs(2), EndingSummary{"I learned to ask for help."});

  const EndingReview e = book.Build().ending;
  EXPECT_TRUE(e.started);
  EXPECT_EQ(e.started_by, "Dr. Ada");
  EXPECT_EQ(e.started_ms, DayMs(1));
  EXPECT_EQ(e.note, "ten sessions done");
  ASSERT_EQ(e.checklist.size(), 8u);
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(e.checklist[i].action, static_cast<EndingAction>(i + 1));
    ASSERT_EQ(e.checklist[i].ticks.size(), 2u);  // Dr. Ada, Sam
  }
  using Tick = std::pair<bool, std::string>;
  EXPECT_EQ(e.checklist[0].ticks[0], (Tick{false, ""}));
  EXPECT_EQ(e.checklist[0].ticks[1], (Tick{true, "went well"}));
  EXPECT_EQ(e.checklist[6].ticks[1], (Tick{false, "not yet"}));  // unticked later
  EXPECT_EQ(e.checklist[7].ticks[0], (Tick{true, ""}));
  EXPECT_EQ(e.checklist[7].ticks[1], (Tick{false, ""}));
  ASSERT_EQ(e.summaries.size(), 1u);
  EXPECT_EQ(e.summaries[0].first, "Sam");
  EXPECT_EQ(e.summaries[0].second, "I learned to ask for help.");
}

TEST(Review, SameEventsInAnyArrivalOrderGiveTheSameReview) {
  // FoldEvents sorts by (Lamport, author, seq): the review follows the fold.
  AuthorId ada, sam;
  ada.bytes.fill(0xA1);
  sam.bytes.fill(0xC2);
  std::vector<DecodedEvent> events;
  auto add = [&](const AuthorId& a, std::uint64_t lamport, std::uint64_t seq, RecordBody body) {
    DecodedEvent e;
    e.id.bytes[0] = static_cast<std::uint8_t>(events.size() + 1);
    e.header.author = a;
    e.header.lamport = lamport;
    e.header.seq = seq;
    e.record = Record{DayMs(static_cast<int>(lamport)), std::move(body)};
    events.push_back(std::move(e));
    return events.back().id;
  };
  add(ada, 1, 1, NotebookCreated{"Ours", "Dr. Ada", Role::kTherapist});
  add(ada, 2, 2, MemberAdded{sam, {}, Role::kClient, "Sam"});
  const EventId goal = add(ada, 3, 3, GoalPropose{Text("A")});
  add(sam, 4, 1, GoalAgree{goal, goal});
  add(sam, 5, 2, Gas(goal, 1));
  add(sam, 5, 3, Srs(9, 9, 9, 7));
  add(ada, 5, 4, GoalRevise{goal, Text("A, revised")});  // concurrent with the GAS entry
  add(sam, 6, 4, JournalEntry{"hello", {}, {}, {}});

  const NotebookState in_order = FoldEvents(NotebookId{}, events);
  const Review a = BuildReview(in_order, {}, DayMs(30));
  std::reverse(events.begin(), events.end());
  const NotebookState reversed = FoldEvents(NotebookId{}, events);
  const Review b = BuildReview(reversed, {}, DayMs(30));
  ASSERT_EQ(a.goals.size(), 1u);
  ASSERT_EQ(b.goals.size(), 1u);
  EXPECT_EQ(a.goals[0].title, "A, revised");
  EXPECT_EQ(b.goals[0].title, a.goals[0].title);
  EXPECT_FALSE(a.goals[0].agreed);
  EXPECT_EQ(b.goals[0].waiting_for, a.goals[0].waiting_for);
  EXPECT_THAT(a.goals[0].waiting_for, ElementsAre("Sam"));
  EXPECT_EQ(a.gas->t_score, b.gas->t_score);
  ASSERT_EQ(a.warnings.size(), b.warnings.size());
  for (std::size_t i = 0; i < a.warnings.size(); ++i)
    EXPECT_EQ(a.warnings[i].message, b.warnings[i].message);
  EXPECT_THAT(Kinds(a),
              ElementsAre(WarningKind::kSessionBelowCutoff, WarningKind::kJournalSilence));
}

}  // namespace
}  // namespace rapport::core
