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

void Endorse(GoalRevisionView& revision, const AuthorId& who) {
  if (std::find(revision.endorsed_by.begin(), revision.endorsed_by.end(), who) ==
      revision.endorsed_by.end())
    revision.endorsed_by.push_back(who);
}

}  // namespace

void ApplyRecord(const Context& c, GoalPropose& r) {
  GoalView goal;
  goal.id = c.id;
  goal.revisions.push_back({c.id, c.author(), c.time_ms, std::move(r.text), {c.author()}});
  c.state.goal_index.emplace(c.id, c.state.goals.size());
  c.state.goals.push_back(std::move(goal));
}

void ApplyRecord(const Context& c, GoalRevise& r) {
  GoalView* goal = MutableGoal(c, r.goal);
  if (!goal) return c.Ignore("revises an unknown goal");
  goal->revisions.push_back({c.id, c.author(), c.time_ms, std::move(r.text), {c.author()}});
}

void ApplyRecord(const Context& c, GoalAgree& r) {
  GoalView* goal = MutableGoal(c, r.goal);
  if (!goal) return c.Ignore("agrees to an unknown goal");
  auto it = std::find_if(goal->revisions.begin(), goal->revisions.end(),
                         [&](const GoalRevisionView& v) { return v.id == r.revision; });
  if (it == goal->revisions.end()) return c.Ignore("agrees to a revision the goal does not have");
  // A stale agreement stays in that revision's history (it proves what the
  // member agreed to) but cannot make the current revision agreed.
  Endorse(*it, c.author());
  if (it->id != goal->current().id) c.Ignore("agrees to a revision that is no longer the latest");
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
