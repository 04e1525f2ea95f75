#include "core/state_rules.h"

#include <algorithm>
#include <type_traits>

#include "core/validator.h"

namespace rapport::core {
namespace {

// One overload per record type whose rules look at the state; the types
// without one refer to nothing earlier and pass unchecked (see ChecksState).
struct Checker {
  const NotebookState& state;
  const AuthorId& author;

  Result<const GoalView*> Goal(const EventId& id) const {
    const GoalView* goal = state.FindGoal(id);
    if (!goal) return Fail(ErrorCode::kNotFound, "no goal has the id " + id.Short());
    return goal;
  }
  Result<const TaskView*> OpenTask(const EventId& id) const {
    const TaskView* task = state.FindTask(id);
    if (!task) return Fail(ErrorCode::kNotFound, "no task has the id " + id.Short());
    if (task->closed)
      return Fail(ErrorCode::kFailedPrecondition, "task " + id.Short() + " is closed");
    return task;
  }
  // A step that is still to do: known, not replaced by a split, not done.
  Result<const StepView*> OpenStep(const EventId& task_id, const StepId& step_id) const {
    RAPPORT_ASSIGN_OR_RETURN(const TaskView* task, OpenTask(task_id));
    const StepView* step = task->FindStep(step_id);
    if (!step) return Fail(ErrorCode::kNotFound, "the task has no step " + step_id.Short());
    if (step->replaced())
      return Fail(ErrorCode::kFailedPrecondition,
                  "step " + step_id.Short() + " was split: act on its smaller steps instead");
    if (step->done)
      return Fail(ErrorCode::kAlreadyExists, "step " + step_id.Short() + " is already done");
    return step;
  }
  Result<const RuptureView*> OpenRupture(const EventId& id) const {
    const RuptureView* rupture = state.FindRupture(id);
    if (!rupture) return Fail(ErrorCode::kNotFound, "no rupture has the id " + id.Short());
    if (rupture->resolved)
      return Fail(ErrorCode::kFailedPrecondition, "rupture " + id.Short() + " is resolved");
    return rupture;
  }
  Status EndingStarted() const {
    if (!state.ending.started)
      return Fail(ErrorCode::kFailedPrecondition,
                  "the ending has not started: start it first (ending start)");
    return Ok();
  }

  Status operator()(const GoalRevise& r) const { return Checked(Goal(r.goal)); }
  Status operator()(const GoalAgree& r) const {
    RAPPORT_ASSIGN_OR_RETURN(const GoalView* goal, Goal(r.goal));
    const GoalRevisionView* revision = goal->FindRevision(r.revision);
    if (!revision)
      return Fail(ErrorCode::kNotFound, "the goal has no revision " + r.revision.Short());
    if (revision->id != goal->current().id)
      return Fail(ErrorCode::kFailedPrecondition,
                  "revision " + r.revision.Short() + " is out of date: the goal was revised (" +
                      goal->current().id.Short() + " is the latest); read it and agree to that");
    const auto& by = revision->endorsed_by;
    if (std::find(by.begin(), by.end(), author) != by.end())
      return Fail(ErrorCode::kAlreadyExists, "you already agreed to this revision");
    return Ok();
  }
  Status operator()(const GoalProgress& r) const { return Checked(Goal(r.goal)); }
  Status operator()(const GoalStatus& r) const {
    RAPPORT_ASSIGN_OR_RETURN(const GoalView* goal, Goal(r.goal));
    // Setting what is already set would only add a line to the history.
    if (goal->status == r.status)
      return Fail(ErrorCode::kAlreadyExists, "goal " + r.goal.Short() + " is already " +
                                                 std::string(GoalStatusName(r.status)));
    return Ok();
  }
  Status operator()(const TaskAssign& r) const { return r.goal ? Checked(Goal(*r.goal)) : Ok(); }
  Status operator()(const TaskStepDone& r) const { return Checked(OpenStep(r.task, r.step)); }
  Status operator()(const TaskStepDefer& r) const { return Checked(OpenStep(r.task, r.step)); }
  Status operator()(const TaskStepSplit& r) const { return Checked(OpenStep(r.task, r.step)); }
  Status operator()(const TaskClose& r) const { return Checked(OpenTask(r.task)); }
  Status operator()(const RuptureRepair& r) const { return Checked(OpenRupture(r.rupture)); }
  Status operator()(const RuptureResolve& r) const { return Checked(OpenRupture(r.rupture)); }
  Status operator()(const EndingStart&) const {
    if (state.ending.started)
      return Fail(ErrorCode::kAlreadyExists, "the ending has already started");
    return Ok();
  }
  Status operator()(const EndingCheck&) const { return EndingStarted(); }
  Status operator()(const EndingSummary&) const { return EndingStarted(); }
  Status operator()(const Comment& r) const {
    if (!state.event_ids.contains(r.target))
      return Fail(ErrorCode::kNotFound, "no shared record has the id " + r.target.Short());
    return Ok();
  }
  template <typename T>
  static Status Checked(const Result<T>& r) {
    if (!r) return r.as_unexpected();
    return Ok();
  }
};

template <typename T>
constexpr bool kHasStateRules = std::is_invocable_v<const Checker&, const T&>;

}  // namespace

Status CheckAgainstState(const NotebookState& state, const Record& record, const AuthorId& author,
                         Role role) {
  RAPPORT_RETURN_IF_ERROR(CheckRoleMayWrite(record.body, role));
  const Checker checker{state, author};
  return std::visit(
      [&checker]<typename T>(const T& r) -> Status {
        if constexpr (kHasStateRules<T>) {
          return checker(r);
        } else {
          return Ok();
        }
      },
      record.body);
}

bool ChecksState(const RecordBody& body) {
  return std::visit(
      []<typename T>(const T& r) {
        // A task needs the state only to find the goal it serves.
        if constexpr (std::is_same_v<T, TaskAssign>) return r.goal.has_value();
        return kHasStateRules<T>;
      },
      body);
}

}  // namespace rapport::core
