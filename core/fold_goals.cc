// The fold of goal records: revisions in fold order, the last one current;
// an agreement endorses the revision it names and counts only while that
// revision is the current one (a concurrent revise leaves the goal unagreed).
#include <algorithm>

#include "core/fold_apply.h"

namespace rapport::core::fold {
namespace {

GoalView* MutableGoal(const Context& c, const EventId& goal) {
  auto it = c.state.goal_index.find(goal);
  return it == c.state.goal_index.end() ? nullptr : &c.state.goals[it->second];
}

// Appends the revision the current event writes; its author endorses it.
void AddRevision(const Context& c, GoalView& goal, GoalText& text) {
  goal.revision_index.emplace(c.id, goal.revisions.size());
  goal.revisions.push_back({c.id, c.author(), c.time_ms, std::move(text), {c.author()}});
}

void Endorse(GoalRevisionView& revision, const AuthorId& who) {
  if (std::find(revision.endorsed_by.begin(), revision.endorsed_by.end(), who) ==
      revision.endorsed_by.end())
    revision.endorsed_by.push_back(who);
}

}  // namespace

void ApplyRecord(const Context& c, GoalPropose& r) {
  GoalView goal;
  goal.id = c.id;
  AddRevision(c, goal, r.text);
  c.state.goal_index.emplace(c.id, c.state.goals.size());
  c.state.goals.push_back(std::move(goal));
}

void ApplyRecord(const Context& c, GoalRevise& r) {
  GoalView* goal = MutableGoal(c, r.goal);
  if (!goal) return c.Ignore("revises an unknown goal");
  AddRevision(c, *goal, r.text);
}

void ApplyRecord(const Context& c, GoalAgree& r) {
  GoalView* goal = MutableGoal(c, r.goal);
  if (!goal) return c.Ignore("agrees to an unknown goal");
  GoalRevisionView* revision = goal->FindRevision(r.revision);
  if (!revision) return c.Ignore("agrees to a revision the goal does not have");
  // A stale agreement stays in that revision's history (it proves what the
  // member agreed to) but cannot make the current revision agreed.
  Endorse(*revision, c.author());
  if (revision->id != goal->current().id)
    c.Ignore("agrees to a revision that is no longer the latest");
}

void ApplyRecord(const Context& c, GoalProgress& r) {
  GoalView* goal = MutableGoal(c, r.goal);
  if (!goal) return c.Ignore("records progress on an unknown goal");
  goal->progress.push_back(c.Wrap(std::move(r)));
}

void ApplyRecord(const Context& c, GoalStatus& r) {
  GoalView* goal = MutableGoal(c, r.goal);
  if (!goal) return c.Ignore("sets the status of an unknown goal");
  goal->status = r.status;
}

}  // namespace rapport::core::fold
