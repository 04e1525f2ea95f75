// The views the fold builds for the collaborative record: goals with their
// revisions and endorsements, tasks with their steps, feedback, the profile,
// ruptures, the ending and comments. Plain data; built by Fold
// (notebook_state.h) and read by the review and the command line.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"
#include "core/record.h"

namespace rapport::core {

// A record as it was written: who, when, by which event.
template <typename T>
struct Authored {
  EventId id;
  AuthorId author;
  std::int64_t time_ms = 0;
  T record;
};

// An event kept in the history that had no effect on the state, and why
// (e.g. it names a goal this notebook does not hold). docs/records.md.
struct IgnoredEvent {
  EventId id;
  AuthorId author;
  std::string reason;
};

struct GoalRevisionView {
  EventId id;  // the goal.propose (revision 0) or goal.revise event
  AuthorId author;
  std::int64_t time_ms = 0;
  GoalText text;
  // Members who endorsed this revision, in fold order, each once. The author
  // of a revision endorses it by writing it.
  std::vector<AuthorId> endorsed_by;
};

struct GoalView {
  EventId id;  // the goal.propose event
  // Every revision in fold order; the last is the current one.
  std::vector<GoalRevisionView> revisions;
  // Positions in `revisions`, by id; the fold keeps both together.
  std::map<EventId, std::size_t> revision_index;
  std::vector<Authored<GoalProgress>> progress;
  GoalStatusValue status = GoalStatusValue::kActive;  // last writer wins

  const GoalRevisionView& current() const { return revisions.back(); }
  // nullptr if the goal has no revision `id` (looked up in revision_index).
  const GoalRevisionView* FindRevision(const EventId& id) const;
  GoalRevisionView* FindRevision(const EventId& id);
};

// How one split replaced a step: the split event and the steps it made.
struct StepSplitView {
  EventId id;
  AuthorId author;
  std::vector<StepId> steps;
};

struct StepView {
  StepId id;
  std::string text;
  std::optional<StepId> parent;  // the step this one was split from
  bool done = false;
  std::optional<EventId> done_by;  // the first task.step_done event
  std::vector<Authored<TaskStepDefer>> deferrals;
  // The splits that replaced this step, in fold order. Two or more entries
  // are concurrent alternative splits: all stay visible, none wins.
  std::vector<StepSplitView> splits;

  bool replaced() const { return !splits.empty(); }
};

struct TaskView {
  EventId id;  // the task.assign event
  AuthorId author;
  std::int64_t time_ms = 0;
  std::string title;
  std::optional<EventId> goal;
  std::optional<std::int32_t> due_day;
  // Every step ever made, in creation (fold) order: the assigned steps first,
  // then each split's steps. A step's place in the plan: its parent's place.
  std::vector<StepView> steps;
  // Positions in `steps`, by id: the fold keeps both together, so that each
  // done, defer or split finds its step without scanning every step a long
  // run of splits has made.
  std::map<StepId, std::size_t> step_index;
  bool closed = false;

  // nullptr if the task has no step `id` (looked up in step_index).
  const StepView* FindStep(const StepId& id) const;
  StepView* FindStep(const StepId& id);
};

struct RuptureView {
  EventId id;  // the rupture.flag event
  AuthorId author;
  std::int64_t time_ms = 0;
  RuptureKind kind = RuptureKind::kConfrontation;
  std::string note;
  std::vector<Authored<RuptureRepair>> repairs;
  std::optional<Authored<RuptureResolve>> resolved;  // the first resolve
};

struct EndingTick {
  bool done = false;
  std::string note;
  EventId id;
  std::int64_t time_ms = 0;
};

struct EndingView {
  std::optional<Authored<EndingStart>> started;  // the first ending.start
  // Per member, per action: that member's latest tick (last writer wins).
  std::map<AuthorId, std::map<EndingAction, EndingTick>> checks;
  // Per member: their latest summary.
  std::map<AuthorId, Authored<EndingSummary>> summaries;
};

struct ProfileValue {
  std::string value;
  EventId id;
  AuthorId author;
  std::int64_t time_ms = 0;
};

}  // namespace rapport::core
