// The review of tasks: each step in plan order (a replaced step followed by
// the steps split from it), with its deferrals and splits, and the counts.
#include <map>

#include "core/review_parts.h"
#include "core/review_scores.h"

namespace rapport::core::review_internal {
namespace {

StepReview BuildStep(const NotebookState& state, const StepView& step, int depth) {
  StepReview s;
  s.id = step.id;
  s.text = step.text;
  s.depth = depth;
  s.done = step.done;
  for (const auto& d : step.deferrals)
    s.deferrals.push_back({NameOf(state, d.author), d.time_ms, d.record.reason});
  for (const auto& split : step.splits) s.splits.push_back(split.steps.size());
  return s;
}

TaskReview BuildTask(const NotebookState& state, const TaskView& task) {
  TaskReview t;
  t.id = task.id;
  t.title = task.title;
  t.assigned_by = NameOf(state, task.author);
  if (task.goal)
    if (const GoalView* goal = state.FindGoal(*task.goal))
      t.goal_title = goal->current().text.title;
  t.due_day = task.due_day;
  t.closed = task.closed;

  std::map<StepId, std::size_t> index;
  for (std::size_t i = 0; i < task.steps.size(); ++i) index.emplace(task.steps[i].id, i);
  // Depth-first with an explicit stack: splits of splits may nest deeply.
  std::vector<std::pair<std::size_t, int>> stack;  // (step index, depth), top is next
  for (std::size_t i = task.steps.size(); i-- > 0;)
    if (!task.steps[i].parent) stack.emplace_back(i, 0);
  while (!stack.empty()) {
    const auto [i, depth] = stack.back();
    stack.pop_back();
    const StepView& step = task.steps[i];
    t.steps.push_back(BuildStep(state, step, depth));
    // Push children in reverse so that they come out in split order.
    for (auto split = step.splits.rbegin(); split != step.splits.rend(); ++split)
      for (auto child = split->steps.rbegin(); child != split->steps.rend(); ++child)
        if (auto it = index.find(*child); it != index.end())
          stack.emplace_back(it->second, depth + 1);
  }

  for (const StepReview& s : t.steps) {
    t.deferrals += static_cast<int>(s.deferrals.size());
    if (s.replaced()) {
      ++t.steps_split;
    } else {
      ++t.steps_current;
      if (s.done) ++t.steps_done;
    }
  }
  return t;
}

}  // namespace

std::vector<TaskReview> BuildTasks(const NotebookState& state) {
  std::vector<TaskReview> tasks;
  tasks.reserve(state.tasks.size());
  for (const TaskView& task : state.tasks) tasks.push_back(BuildTask(state, task));
  return tasks;
}

}  // namespace rapport::core::review_internal

namespace rapport::core {

bool StillRepeatedlyDeferred(const TaskReview& task, const StepReview& step) {
  return !task.closed && !step.done && !step.replaced() &&
         step.deferrals.size() >= static_cast<std::size_t>(kRepeatedDeferrals);
}

}  // namespace rapport::core
