// rapport task assign|done|defer|split|close|list|show: graded tasks between
// sessions, in ordered steps that are done, deferred with a reason, or split
// into smaller ones (docs/records.md, "Tasks"). A step is named TASK/N.
#include <iostream>
#include <map>
#include <optional>
#include <vector>

#include "cli/commands.h"
#include "cli/record_lookup.h"
#include "cli/review_render.h"
#include "cli/verb_support.h"

namespace rapport::cli {
namespace {

constexpr const char* kStepHelp =
    "The step, as TASK/N: the task's id (the first few characters are enough), a slash and the "
    "step's number from `rapport task show`";

// Step numbers as `task show` prints them: the position among every step
// the task ever had (record_lookup.h).
std::map<core::StepId, std::size_t> StepNumbers(const core::TaskView& task) {
  std::map<core::StepId, std::size_t> out;
  for (std::size_t i = 0; i < task.steps.size(); ++i) out[task.steps[i].id] = i + 1;
  return out;
}

std::string StepState(const core::StepView& s) {
  if (s.replaced()) return "split";
  return s.done ? "done" : "to do";
}

nlohmann::json TaskJson(const core::NotebookState& state, const core::TaskView& t) {
  const auto numbers = StepNumbers(t);
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& s : t.steps) {
    nlohmann::json deferrals = nlohmann::json::array();
    for (const auto& d : s.deferrals)
      deferrals.push_back({{"id", d.id.Hex()},
                           {"author", AuthorName(state, d.author)},
                           {"time", IsoTime(d.time_ms)},
                           {"reason", d.record.reason}});
    nlohmann::json splits = nlohmann::json::array();
    for (const auto& split : s.splits) {
      nlohmann::json made = nlohmann::json::array();
      for (const auto& id : split.steps) made.push_back(numbers.at(id));
      splits.push_back(
          {{"id", split.id.Hex()}, {"author", AuthorName(state, split.author)}, {"steps", made}});
    }
    steps.push_back(
        {{"number", numbers.at(s.id)},
         {"text", s.text},
         {"state", StepState(s)},
         {"split_from", s.parent ? nlohmann::json(numbers.at(*s.parent)) : nlohmann::json()},
         {"deferrals", deferrals},
         {"splits", splits}});
  }
  const core::GoalView* goal = t.goal ? state.FindGoal(*t.goal) : nullptr;
  return {{"id", t.id.Hex()},
          {"title", t.title},
          {"author", AuthorName(state, t.author)},
          {"time", IsoTime(t.time_ms)},
          {"goal", t.goal ? nlohmann::json(t.goal->Hex()) : nlohmann::json()},
          {"goal_title", goal ? nlohmann::json(goal->current().text.title) : nlohmann::json()},
          {"due", DayJson(t.due_day)},
          {"closed", t.closed},
          {"steps", steps}};
}

void PrintTaskLine(const core::NotebookState& state, const core::TaskView& t) {
  std::size_t open = 0, done = 0;
  for (const auto& s : t.steps) {
    if (s.replaced()) continue;
    ++open;
    if (s.done) ++done;
  }
  std::cout << t.id.Short() << "  " << t.title << "  " << done << " of " << open << " steps done  ["
            << (t.closed ? "closed" : "open") << "]";
  if (t.due_day) std::cout << "  due " << core::FormatDay(*t.due_day);
  if (const core::GoalView* g = t.goal ? state.FindGoal(*t.goal) : nullptr)
    std::cout << "  goal: " << g->current().text.title;
  std::cout << "\n";
}

// Every step and, under it, the steps of each split that replaced it, depth
// first with an explicit stack and an indent that stops growing after
// kMaxShownStepDepth levels: a member may chain splits as deep as they like,
// and recursing with a growing indent overflowed the stack and printed
// spaces quadratic in the chain's length.
void PrintSteps(const core::NotebookState& state, const core::TaskView& t,
                const std::map<core::StepId, std::size_t>& numbers) {
  struct Item {
    const core::StepView* step;
    int depth;
    std::optional<std::size_t> split;  // set: the header of that split of `step`
  };
  std::vector<Item> stack;
  for (auto s = t.steps.rbegin(); s != t.steps.rend(); ++s)
    if (!s->parent) stack.push_back({&*s, 0, std::nullopt});
  while (!stack.empty()) {
    const Item item = stack.back();
    stack.pop_back();
    const core::StepView& s = *item.step;
    const std::string indent = "  " + std::string(6 * ShownStepDepth(item.depth), ' ');
    if (item.split) {
      std::cout << indent << "    split by " << AuthorName(state, s.splits[*item.split].author)
                << (s.splits.size() > 1
                        ? " (one of " + std::to_string(s.splits.size()) + " alternative splits)"
                        : "")
                << " into:\n";
      continue;
    }
    std::cout << indent << t.id.Short() << "/" << numbers.at(s.id) << "  [" << StepState(s) << "]  "
              << s.text << "\n";
    for (const auto& d : s.deferrals)
      std::cout << indent << "    deferred " << LocalTime(d.time_ms) << " by "
                << AuthorName(state, d.author) << ": " << d.record.reason << "\n";
    // Pushed in reverse, so that each split's header comes out before its steps.
    for (std::size_t i = s.splits.size(); i-- > 0;) {
      const auto& made = s.splits[i].steps;
      for (auto id = made.rbegin(); id != made.rend(); ++id)
        if (const core::StepView* child = t.FindStep(*id))
          stack.push_back({child, item.depth + 1, std::nullopt});
      stack.push_back({&s, item.depth, i});
    }
  }
}

void PrintTask(const core::NotebookState& state, const core::TaskView& t) {
  PrintTaskLine(state, t);
  std::cout << "  assigned by " << AuthorName(state, t.author) << " on " << LocalTime(t.time_ms)
            << "\n";
  PrintSteps(state, t, StepNumbers(t));
  PrintComments(state, t.id, "  ");
}

std::string StepName(const core::EventId& task, const StepRef& ref) {
  return task.Short() + "/" + std::to_string(ref.number);
}

// The step TASK/N names, if it is still to do. The store refuses the others
// too (core::CheckAgainstState); checking here first names the step the way
// the person typed it.
std::pair<core::EventId, core::StepId> FindOpenStep(const OpenNotebook& nb, const StepRef& ref) {
  const auto [task_id, step_id] = Must(ResolveStep(nb.state(), ref));
  const core::TaskView& task = *nb.state().FindTask(task_id);
  const core::StepView& step = *task.FindStep(step_id);
  const std::string name = StepName(task_id, ref);
  if (task.closed)
    throw CommandError{
        Error(ErrorCode::kFailedPrecondition, "task " + task_id.Short() + " is closed")};
  if (step.replaced())
    throw CommandError{Error(ErrorCode::kFailedPrecondition,
                             "step " + name +
                                 " was split: act on its smaller steps instead (see "
                                 "`rapport task show " +
                                 task_id.Short() + "`)")};
  if (step.done)
    throw CommandError{Error(ErrorCode::kAlreadyExists, "step " + name + " is already done")};
  return {task_id, step_id};
}

void AddAssign(CLI::App* task, Context& ctx) {
  struct Args {
    std::string title, goal, due;
    std::vector<std::string> steps;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = task->add_subcommand("assign", "Set a task to do between sessions");
  cmd->add_option("TITLE", a->title, "What the task is")->required();
  cmd->add_option("--step", a->steps, "One step, in order (repeat for each step)")
      ->required()
      ->allow_extra_args(false);
  cmd->add_option("--goal", a->goal, "The id of the goal it serves")->check(NotEmpty());
  cmd->add_option("--due", a->due, "When it is due, as YYYY-MM-DD")->check(NotEmpty());
  cmd->footer(
      "Example:\n  rapport task assign \"Talk to someone new\" --goal 3fa2c1 "
      "--step \"Say hello to a neighbour\" --step \"Ask a colleague about their weekend\"\n\n"
      "Steps are numbered 1, 2, ... in the order given; see them with rapport task show ID.");
  cmd->callback([&ctx, a] {
    core::TaskAssign record{a->title, std::nullopt, a->steps, DayOption("--due", a->due)};
    CheckFields(record);
    if (!a->goal.empty()) Must(CheckIdPrefix(a->goal));
    OpenNotebook nb = OpenAndLoad(ctx);
    if (!a->goal.empty()) record.goal = Must(ResolveRecord(nb.state(), RecordKind::kGoal, a->goal));
    const core::EventId id = Append(nb, record);
    Report(ctx, id,
           "Assigned task " + id.Short() + " with " + std::to_string(a->steps.size()) +
               " step(s): the first is " + id.Short() + "/1");
  });
}

void AddDoneDeferSplit(CLI::App* task, Context& ctx) {
  auto done_ref = std::make_shared<std::string>();
  CLI::App* done = task->add_subcommand("done", "Mark a step done");
  done->add_option("STEP", *done_ref, kStepHelp)->required();
  done->footer("Example:\n  rapport task done 7b01e9/1      (step 1 of task 7b01e9)");
  done->callback([&ctx, done_ref] {
    const StepRef ref = Must(ParseStepRef(*done_ref));
    OpenNotebook nb = OpenAndLoad(ctx);
    const auto [task_id, step] = FindOpenStep(nb, ref);
    Report(ctx, Append(nb, core::TaskStepDone{task_id, step}),
           "Step " + StepName(task_id, ref) + " is done");
  });

  struct DeferArgs {
    std::string step, reason;
  };
  auto d = std::make_shared<DeferArgs>();
  CLI::App* defer = task->add_subcommand("defer", "Put a step off for now, and say why (client)");
  defer->add_option("STEP", d->step, kStepHelp)->required();
  defer->add_option("--reason", d->reason, "Why not now: it helps to talk about it")->required();
  defer->footer(
      "Example:\n  rapport task defer 7b01e9/2 --reason \"I froze when I tried\"\n\n"
      "Deferring is fine; a step put off twice or more is brought up in the review, where it "
      "can be split into smaller steps.");
  defer->callback([&ctx, d] {
    const StepRef ref = Must(ParseStepRef(d->step));
    CheckFields(core::TaskStepDefer{{}, {}, d->reason});
    OpenNotebook nb = OpenAndLoad(ctx);
    RequireRole(nb.device, core::Role::kClient, "only the client defers a step");
    const auto [task_id, step] = FindOpenStep(nb, ref);
    Report(ctx, Append(nb, core::TaskStepDefer{task_id, step, d->reason}),
           "Deferred step " + StepName(task_id, ref));
  });

  struct SplitArgs {
    std::string step;
    std::vector<std::string> steps;
  };
  auto s = std::make_shared<SplitArgs>();
  CLI::App* split = task->add_subcommand("split", "Break a step into smaller steps");
  split->add_option("STEP", s->step, kStepHelp)->required();
  split->add_option("--step", s->steps, "A smaller step, in order (repeat for each)")
      ->required()
      ->allow_extra_args(false);
  split->footer(
      "Example:\n  rapport task split 7b01e9/2 --step \"Smile at the cashier\" "
      "--step \"Ask the cashier how their day is going\"\n\n"
      "The original step stays visible, marked as split; the new steps get the next numbers.");
  split->callback([&ctx, s] {
    const StepRef ref = Must(ParseStepRef(s->step));
    CheckFields(core::TaskStepSplit{{}, {}, s->steps});
    OpenNotebook nb = OpenAndLoad(ctx);
    const auto [task_id, step] = FindOpenStep(nb, ref);
    const std::size_t first = nb.state().FindTask(task_id)->steps.size() + 1;
    Report(ctx, Append(nb, core::TaskStepSplit{task_id, step, s->steps}),
           "Split step " + StepName(task_id, ref) + " into steps " + std::to_string(first) +
               " to " + std::to_string(first + s->steps.size() - 1));
  });
}

void AddClose(CLI::App* task, Context& ctx) {
  auto id = std::make_shared<std::string>();
  CLI::App* close = task->add_subcommand("close", "Close a task (for good)");
  close->add_option("ID", *id, "The task's id (the first few characters are enough)")->required();
  close->footer("Example:\n  rapport task close 7b01e9");
  close->callback([&ctx, id] {
    Must(CheckIdPrefix(*id));
    OpenNotebook nb = OpenAndLoad(ctx);
    const core::EventId task_id = Must(ResolveRecord(nb.state(), RecordKind::kTask, *id));
    Report(ctx, Append(nb, core::TaskClose{task_id}), "Closed task " + task_id.Short());
  });
}

void AddListAndShow(CLI::App* task, Context& ctx) {
  CLI::App* list = task->add_subcommand("list", "List the tasks and how far along they are");
  list->footer("Example:\n  rapport task list");
  list->callback([&ctx] {
    const OpenNotebook nb = OpenAndLoad(ctx);
    if (ctx.json()) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& t : nb.state().tasks) out.push_back(TaskJson(nb.state(), t));
      PrintJson(out);
      return;
    }
    if (nb.state().tasks.empty())
      std::cout << "No tasks yet. Set one with: rapport task assign TITLE --step STEP\n";
    for (const auto& t : nb.state().tasks) PrintTaskLine(nb.state(), t);
  });

  auto id = std::make_shared<std::string>();
  CLI::App* show = task->add_subcommand("show", "Show a task's steps with their numbers");
  show->add_option("ID", *id, "The task's id (the first few characters are enough)")->required();
  show->footer("Example:\n  rapport task show 7b01e9");
  show->callback([&ctx, id] {
    Must(CheckIdPrefix(*id));
    const OpenNotebook nb = OpenAndLoad(ctx);
    const core::TaskView& t =
        *nb.state().FindTask(Must(ResolveRecord(nb.state(), RecordKind::kTask, *id)));
    if (!ctx.json()) return PrintTask(nb.state(), t);
    nlohmann::json out = TaskJson(nb.state(), t);
    out["comments"] = CommentsJson(nb.state(), t.id);
    PrintJson(out);
  });
}

}  // namespace

void AddTaskCommands(CLI::App& app, Context& ctx) {
  CLI::App* task = app.add_subcommand("task", "Tasks between sessions, step by step");
  task->require_subcommand(1);
  task->footer(
      "Example:\n  rapport task assign \"Evening walk\" --step \"Put shoes on\" --step \"Walk 10 "
      "minutes\"\n  rapport task show 7b01e9          (lists the steps as 7b01e9/1, 7b01e9/2)\n"
      "  rapport task done 7b01e9/1\n\n"
      "A step is named by the task's id, a slash and the step's number.");
  AddAssign(task, ctx);
  AddDoneDeferSplit(task, ctx);
  AddClose(task, ctx);
  AddListAndShow(task, ctx);
}

}  // namespace rapport::cli
