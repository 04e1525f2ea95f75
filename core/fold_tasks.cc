// The fold of task records. Step ids come from the creating event, so every
// replica names the same step alike; a split adds new steps and keeps the old
// one, marked as replaced. Splits of an already replaced step (concurrent
// splits) are kept as alternatives, never dropped.
#include "core/fold_apply.h"

namespace rapport::core::fold {
namespace {

TaskView* MutableTask(const Context& c, const EventId& task) {
  auto it = c.state.task_index.find(task);
  return it == c.state.task_index.end() ? nullptr : &c.state.tasks[it->second];
}

// Appends `texts` as steps made by the current event.
std::vector<StepId> AddSteps(const Context& c, TaskView& task, std::vector<std::string>& texts,
                             const std::optional<StepId>& parent) {
  std::vector<StepId> ids;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    StepView step;
    step.id = StepId{c.id, static_cast<std::uint16_t>(i)};
    step.text = std::move(texts[i]);
    step.parent = parent;
    ids.push_back(step.id);
    task.step_index.emplace(step.id, task.steps.size());
    task.steps.push_back(std::move(step));
  }
  return ids;
}

}  // namespace

void ApplyRecord(const Context& c, TaskAssign& r) {
  TaskView task;
  task.id = c.id;
  task.author = c.author();
  task.time_ms = c.time_ms;
  task.title = std::move(r.title);
  task.goal = r.goal;
  task.due_day = r.due_day;
  AddSteps(c, task, r.steps, std::nullopt);
  c.state.task_index.emplace(c.id, c.state.tasks.size());
  c.state.tasks.push_back(std::move(task));
}

void ApplyRecord(const Context& c, TaskStepDone& r) {
  TaskView* task = MutableTask(c, r.task);
  StepView* step = task ? task->FindStep(r.step) : nullptr;
  if (!step) return c.Ignore("marks an unknown step done");
  if (!step->done) step->done_by = c.id;
  step->done = true;
}

void ApplyRecord(const Context& c, TaskStepDefer& r) {
  TaskView* task = MutableTask(c, r.task);
  StepView* step = task ? task->FindStep(r.step) : nullptr;
  if (!step) return c.Ignore("defers an unknown step");
  step->deferrals.push_back(c.Wrap(std::move(r)));
}

void ApplyRecord(const Context& c, TaskStepSplit& r) {
  TaskView* task = MutableTask(c, r.task);
  if (!task || !task->FindStep(r.step)) return c.Ignore("splits an unknown step");
  std::vector<StepId> ids = AddSteps(c, *task, r.steps, r.step);
  // AddSteps may have grown the vector: look the step up again.
  task->FindStep(r.step)->splits.push_back({c.id, c.author(), std::move(ids)});
}

void ApplyRecord(const Context& c, TaskClose& r) {
  TaskView* task = MutableTask(c, r.task);
  if (!task) return c.Ignore("closes an unknown task");
  task->closed = true;
}

}  // namespace rapport::core::fold
