// The review: what a therapist and a client read together at the start of a
// session (DESIGN.md; docs/records.md, "Review"). Built from the shared
// record only — never private entries or reflections — so two devices
// holding the same events build the same review for the same `since` and
// `now`. People are named by their member names, never "you".
//
// Plain data; BuildReview is a pure function (no clock: `now` is passed in).
// The renderers live in cli/review_*.cc.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/notebook_state.h"

namespace rapport::core {

struct ReviewMember {
  std::string name;
  Role role = Role::kClient;
  friend bool operator==(const ReviewMember&, const ReviewMember&) = default;
};

// One value of a series, at the time its author wrote it.
struct ReviewPoint {
  std::int64_t time_ms = 0;
  int value = 0;
  friend bool operator==(const ReviewPoint&, const ReviewPoint&) = default;
};

struct GoalReview {
  EventId id;
  std::string title;  // of the current revision
  std::string measure;
  std::optional<std::int32_t> target_day;
  GoalStatusValue status = GoalStatusValue::kActive;
  std::size_t revisions = 1;
  bool agreed = false;
  std::vector<std::string> waiting_for;  // names of members yet to endorse, in join order
  std::vector<ReviewPoint> ratings;      // 0..10 progress, in fold order
  std::vector<ReviewPoint> gas;          // Goal Attainment Scaling -2..+2, in fold order
  std::string latest_note;               // of the latest progress entry, if any
  friend bool operator==(const GoalReview&, const GoalReview&) = default;
};

struct GasSummary {
  int goals = 0;  // n: goals (not dropped) with a GAS level
  int sum = 0;    // of each goal's latest level
  double t_score = 50.0;
  friend bool operator==(const GasSummary&, const GasSummary&) = default;
};

struct DeferralReview {
  std::string by;
  std::int64_t time_ms = 0;
  std::string reason;
  friend bool operator==(const DeferralReview&, const DeferralReview&) = default;
};

struct StepReview {
  StepId id;
  std::string text;
  int depth = 0;  // 0 for an assigned step, 1 for a step split from it, ...
  bool done = false;
  std::vector<DeferralReview> deferrals;
  // One entry per split that replaced this step (two or more: concurrent
  // alternatives), each the number of steps it made.
  std::vector<std::size_t> splits;
  bool replaced() const { return !splits.empty(); }
  friend bool operator==(const StepReview&, const StepReview&) = default;
};

struct TaskReview {
  EventId id;
  std::string title;
  std::string assigned_by;
  std::string goal_title;  // empty when the task serves no (known) goal
  std::optional<std::int32_t> due_day;
  bool closed = false;
  // In plan order: each step followed by the steps split from it.
  std::vector<StepReview> steps;
  int steps_current = 0;  // steps not replaced by a split: the plan as it stands
  int steps_done = 0;     // of those
  int deferrals = 0;      // over all steps
  int steps_split = 0;    // steps replaced by a split
  friend bool operator==(const TaskReview&, const TaskReview&) = default;
};

// Deferred kRepeatedDeferrals times or more and still in the plan (its task
// open, the step neither done nor replaced by a split): an early warning,
// and what the forms mark. Finishing or splitting the step clears it.
bool StillRepeatedlyDeferred(const TaskReview& task, const StepReview& step);

// A session-feedback or check-in entry with its flags. A "previous" or
// "first" entry is the same author's.
struct FeedbackReview {
  EventId id;
  std::string by;
  std::int64_t time_ms = 0;
  std::optional<std::int32_t> session_day;
  std::array<int, 4> items{};
  int total = 0;
  std::optional<int> change_from_previous;
  std::optional<int> change_from_first;
  bool below_cutoff = false;  // SRS < 36, or check-in < 25
  // Lower than the same author's previous entry (both forms).
  bool falling = false;
  // Check-ins: a change of 5 or more points, either way.
  bool reliable_change_from_previous = false;
  bool reliable_change_from_first = false;
  friend bool operator==(const FeedbackReview&, const FeedbackReview&) = default;
};

// A member's comment on a journal entry or note (DESIGN.md: either side may
// comment on a shared record), in fold order under what it is about.
struct CommentReview {
  std::string by;
  std::int64_t time_ms = 0;
  std::string text;
  friend bool operator==(const CommentReview&, const CommentReview&) = default;
};

// A free-text note on how therapy is going (DESIGN.md, "Collecting client
// feedback"): what the numbers cannot say.
struct NoteReview {
  EventId id;
  std::string by;
  std::int64_t time_ms = 0;
  std::string text;
  std::vector<CommentReview> comments;
  friend bool operator==(const NoteReview&, const NoteReview&) = default;
};

struct RepairReview {
  std::string by;
  std::int64_t time_ms = 0;
  RepairKind kind = RepairKind::kMutualDiscussion;
  std::string note;
  friend bool operator==(const RepairReview&, const RepairReview&) = default;
};

// A rupture, its repair steps and whether it was resolved: the history of
// the relationship's strains and how they were worked through.
struct RuptureReview {
  EventId id;
  std::string flagged_by;
  std::int64_t time_ms = 0;
  RuptureKind kind = RuptureKind::kConfrontation;
  std::string note;
  std::vector<RepairReview> repairs;  // in fold order
  bool resolved = false;
  std::string resolved_by;
  std::int64_t resolved_ms = 0;
  friend bool operator==(const RuptureReview&, const RuptureReview&) = default;
};

enum class WarningKind {
  kSessionBelowCutoff,  // the latest session feedback is under 36
  kSessionFalling,      // the latest session feedback is lower than the previous
  kRepeatedDeferral,    // an open step deferred twice or more
  kJournalSilence,      // no shared journal entry for 14 days or more
  kUnresolvedRupture,
};
std::string_view WarningKindName(WarningKind kind);  // "session_below_cutoff", ...

struct Warning {
  WarningKind kind = WarningKind::kSessionBelowCutoff;
  std::string message;  // one sentence for people, naming members by name
  // What it is about: the feedback, task, or rupture event; zero for silence.
  EventId about;
  // The session total, the deferrals, the days of silence, or the repair
  // steps so far, by kind.
  int count = 0;
  friend bool operator==(const Warning&, const Warning&) = default;
};

struct JournalItem {
  EventId id;
  std::string by;
  std::int64_t time_ms = 0;
  std::optional<int> mood;
  std::vector<std::string> tags;
  // The entry's text where the NotebookState the review was built from
  // holds it, not a copy: the journal is most of a review, and copying it
  // was half the time of building one (docs/performance.md, review_bench).
  std::string_view text;
  std::vector<CommentReview> comments;
  friend bool operator==(const JournalItem&, const JournalItem&) = default;
};

struct EndingItem {
  EndingAction action = EndingAction::kHowTherapyWent;
  // Per member, in join order: ticked (by that member's latest tick) and note.
  std::vector<std::pair<bool, std::string>> ticks;
  friend bool operator==(const EndingItem&, const EndingItem&) = default;
};

struct EndingReview {
  bool started = false;
  std::string started_by;
  std::int64_t started_ms = 0;
  std::string note;
  std::vector<EndingItem> checklist;  // the eight actions, in order
  // Per member with a summary, in join order: name and text.
  std::vector<std::pair<std::string, std::string>> summaries;
  friend bool operator==(const EndingReview&, const EndingReview&) = default;
};

struct Review {
  std::string title;
  std::vector<ReviewMember> members;  // in join order
  std::optional<std::int64_t> since_ms;

  std::vector<GoalReview> goals;
  std::optional<GasSummary> gas;  // absent when no goal uses GAS
  std::vector<TaskReview> tasks;
  std::vector<FeedbackReview> sessions;  // in fold order
  std::vector<FeedbackReview> checkins;  // in fold order
  std::vector<NoteReview> notes;         // feedback notes written at or after since_ms
  std::vector<RuptureReview> ruptures;   // every rupture, in fold order
  std::vector<Warning> warnings;         // in the order of WarningKind, then fold order
  std::vector<JournalItem> journal;      // shared entries written at or after since_ms
  std::size_t journal_total = 0;         // all shared entries
  std::optional<std::int64_t> last_journal_ms;
  EndingReview ending;
  friend bool operator==(const Review&, const Review&) = default;
};

// Builds the review of `state` as of `now_ms`. `since_ms` limits the journal
// entries and feedback notes listed (those written at or after it): what
// was written since the last session. Everything else covers the
// whole record, so trends and flags compare against earlier entries too.
// `now_ms` is used only for the days of journal silence.
//
// The review points into `state` (JournalItem::text): keep the state alive
// and unchanged while the review is used. A temporary state, const or not,
// is refused at compile time.
Review BuildReview(const NotebookState& state, std::optional<std::int64_t> since_ms,
                   std::int64_t now_ms);
Review BuildReview(const NotebookState&& state, std::optional<std::int64_t> since_ms,
                   std::int64_t now_ms) = delete;

}  // namespace rapport::core
