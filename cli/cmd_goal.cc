// rapport goal propose|revise|agree|progress|status|list|show: shared goals
// that count as agreed only when both members endorsed the latest revision
// (docs/records.md, "Goals").
#include <iostream>

#include "cli/commands.h"
#include "cli/record_lookup.h"
#include "cli/verb_support.h"

namespace rapport::cli {
namespace {

std::string Names(const core::NotebookState& state, const std::vector<core::AuthorId>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : " and ") + AuthorName(state, id);
  return out;
}

nlohmann::json NamesJson(const core::NotebookState& state, const std::vector<core::AuthorId>& ids) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& id : ids) out.push_back(AuthorName(state, id));
  return out;
}

std::string ProgressValue(const core::GoalProgress& p) {
  if (p.scale == core::ProgressScale::kRating) return std::to_string(p.value) + "/10";
  return std::string("GAS ") + (p.value > 0 ? "+" : "") + std::to_string(p.value);
}

// What both list and show print of a goal, as JSON.
nlohmann::json GoalJson(const core::NotebookState& state, const core::GoalView& g) {
  const core::GoalRevisionView& cur = g.current();
  nlohmann::json progress = nlohmann::json::array();
  for (const auto& p : g.progress)
    progress.push_back(
        {{"id", p.id.Hex()},
         {"author", AuthorName(state, p.author)},
         {"time", IsoTime(p.time_ms)},
         {"scale", p.record.scale == core::ProgressScale::kRating ? "rating" : "gas"},
         {"value", p.record.value},
         {"note", p.record.note}});
  return {{"id", g.id.Hex()},
          {"revision", cur.id.Hex()},
          {"title", cur.text.title},
          {"description", cur.text.description},
          {"measure", cur.text.measure},
          {"target", DayJson(cur.text.target_day)},
          {"status", core::GoalStatusName(g.status)},
          {"agreed", core::IsAgreed(state, g)},
          {"waiting_for", NamesJson(state, core::MissingAgreement(state, g))},
          {"proposed_by", AuthorName(state, g.revisions.front().author)},
          {"progress", progress}};
}

std::string AgreementLine(const core::NotebookState& state, const core::GoalView& g) {
  if (core::IsAgreed(state, g)) return "agreed";
  return "waiting for " + Names(state, core::MissingAgreement(state, g)) + " to agree";
}

void PrintGoalLine(const core::NotebookState& state, const core::GoalView& g) {
  std::cout << g.id.Short() << "  " << g.current().text.title << "  ["
            << core::GoalStatusName(g.status) << ", " << AgreementLine(state, g) << "]\n";
  if (!g.progress.empty()) {
    std::cout << "    progress:";
    for (const auto& p : g.progress) std::cout << " " << ProgressValue(p.record);
    std::cout << "\n";
  }
}

void PrintGoal(const core::NotebookState& state, const core::GoalView& g) {
  const core::GoalRevisionView& cur = g.current();
  std::cout << "Goal " << g.id.Short() << ": " << cur.text.title << "\n"
            << "  status: " << core::GoalStatusName(g.status) << ", " << AgreementLine(state, g)
            << "\n";
  if (!cur.text.description.empty()) std::cout << "  description: " << cur.text.description << "\n";
  std::cout << "  measured by: " << cur.text.measure << "\n";
  if (cur.text.target_day)
    std::cout << "  target date: " << core::FormatDay(*cur.text.target_day) << "\n";
  std::cout << "Revisions (oldest first; agreement counts for the latest only):\n";
  for (const auto& r : g.revisions)
    std::cout << "  " << r.id.Short() << "  " << LocalTime(r.time_ms) << "  by "
              << AuthorName(state, r.author) << ": " << r.text.title << "  (agreed by "
              << Names(state, r.endorsed_by) << ")\n";
  if (!g.progress.empty()) std::cout << "Progress:\n";
  for (const auto& p : g.progress) {
    std::cout << "  " << LocalTime(p.time_ms) << "  " << ProgressValue(p.record) << "  by "
              << AuthorName(state, p.author);
    if (!p.record.note.empty()) std::cout << ": " << p.record.note;
    std::cout << "\n";
  }
  PrintComments(state, g.id, "  ");
}

const core::GoalView& FindGoal(const OpenNotebook& nb, const std::string& prefix) {
  return *nb.state().FindGoal(Must(ResolveRecord(nb.state(), RecordKind::kGoal, prefix)));
}

void AddPropose(CLI::App* goal, Context& ctx) {
  struct Args {
    std::string title, description, measure, target;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = goal->add_subcommand("propose", "Propose a goal to work on together");
  cmd->add_option("TITLE", a->title, "A short name for the goal")->required();
  cmd->add_option("--measure", a->measure, "How you will both see progress")->required();
  cmd->add_option("--description", a->description, "More about the goal");
  cmd->add_option("--target", a->target, "A date to aim for, as YYYY-MM-DD")->check(NotEmpty());
  cmd->footer(
      "Example:\n  rapport goal propose \"Sleep better\" --measure \"nights I sleep 7 hours\" "
      "--target 2027-01-31\n\n"
      "The goal is agreed once the other member also agrees (rapport goal agree ID).");
  cmd->callback([&ctx, a] {
    const core::GoalPropose record{
        {a->title, a->description, a->measure, DayOption("--target", a->target)}};
    CheckFields(record);
    OpenNotebook nb = OpenAndLoad(ctx);
    const core::EventId id = Append(nb, record);
    Report(ctx, id,
           "Proposed goal " + id.Short() +
               "\nThe other member can agree to it with: rapport goal agree " + id.Short());
  });
}

void AddRevise(CLI::App* goal, Context& ctx) {
  struct Args {
    std::string id;
    std::optional<std::string> title, description, measure, target;
    bool no_target = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = goal->add_subcommand("revise", "Change a goal (both members agree again)");
  cmd->add_option("ID", a->id, "The goal's id (the first few characters are enough)")->required();
  cmd->add_option("--title", a->title, "A new title");
  cmd->add_option("--measure", a->measure, "A new way of measuring progress");
  cmd->add_option("--description", a->description, "A new description");
  cmd->add_option("--target", a->target, "A new target date, as YYYY-MM-DD");
  cmd->add_flag("--no-target", a->no_target, "Remove the target date");
  cmd->footer(
      "Example:\n  rapport goal revise 3fa2c1 --measure \"nights I sleep 6 hours or more\"\n\n"
      "What you leave out stays as it was. Every earlier version stays in the history, and "
      "the goal needs both members' agreement again.");
  cmd->callback([&ctx, a] {
    if (!a->title && !a->description && !a->measure && !a->target && !a->no_target)
      UserError("say what to change: --title, --description, --measure, --target or --no-target");
    if (a->target && a->no_target) UserError("give --target or --no-target, not both");
    Must(CheckIdPrefix(a->id));
    const auto target = a->target ? DayOption("--target", *a->target) : std::nullopt;
    OpenNotebook nb = OpenAndLoad(ctx);
    const core::GoalView& g = FindGoal(nb, a->id);
    core::GoalRevise record{g.id, g.current().text};
    if (a->title) record.text.title = *a->title;
    if (a->description) record.text.description = *a->description;
    if (a->measure) record.text.measure = *a->measure;
    if (a->target) record.text.target_day = target;
    if (a->no_target) record.text.target_day.reset();
    if (record.text == g.current().text) UserError("that is what the goal already says");
    CheckFields(record);
    const core::EventId id = Append(nb, record);
    Report(ctx, id,
           "Revised goal " + g.id.Short() + " (revision " + id.Short() +
               ")\nBoth members need to agree to it again: rapport goal agree " + g.id.Short());
  });
}

void AddAgree(CLI::App* goal, Context& ctx) {
  struct Args {
    std::string id, revision;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = goal->add_subcommand("agree", "Agree to a goal as it now stands");
  cmd->add_option("ID", a->id, "The goal's id (the first few characters are enough)")->required();
  cmd->add_option("--revision", a->revision,
                  "The version you read (see rapport goal show); refused if it is not the latest");
  cmd->footer(
      "Example:\n  rapport goal agree 3fa2c1\n\n"
      "Your agreement is signed and counts for the goal's latest version only: if it is "
      "revised, you are asked to agree again.");
  cmd->callback([&ctx, a] {
    Must(CheckIdPrefix(a->id));
    if (!a->revision.empty()) Must(CheckIdPrefix(a->revision));
    OpenNotebook nb = OpenAndLoad(ctx);
    const core::GoalView& g = FindGoal(nb, a->id);
    const core::EventId revision =
        a->revision.empty() ? g.current().id : Must(ResolveRevision(g, a->revision));
    const core::EventId id = Append(nb, core::GoalAgree{g.id, revision});
    Report(ctx, id, "You agreed to goal " + g.id.Short() + " as of revision " + revision.Short());
  });
}

void AddProgress(CLI::App* goal, Context& ctx) {
  struct Args {
    std::string id, note;
    std::optional<int> rating, gas;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = goal->add_subcommand("progress", "Record progress on a goal");
  cmd->add_option("ID", a->id, "The goal's id (the first few characters are enough)")->required();
  cmd->add_option("--rating", a->rating, "Progress from 0 (none) to 10 (fully there)");
  cmd->add_option("--gas", a->gas,
                  "Or a Goal Attainment Scaling level: -2 much less than expected, -1 less, "
                  "0 as expected, 1 more, 2 much more");
  cmd->add_option("--note", a->note, "A few words on how it is going");
  cmd->footer(
      "Examples:\n  rapport goal progress 3fa2c1 --rating 6 --note \"slept well four nights\"\n"
      "  rapport goal progress 3fa2c1 --gas=-1");
  cmd->callback([&ctx, a] {
    if (a->rating.has_value() == a->gas.has_value())
      UserError("give either --rating (0 to 10) or --gas (-2 to 2)");
    core::GoalProgress record;
    record.scale = a->rating ? core::ProgressScale::kRating : core::ProgressScale::kGas;
    record.value = a->rating ? *a->rating : *a->gas;
    record.note = a->note;
    CheckFields(record);
    Must(CheckIdPrefix(a->id));
    OpenNotebook nb = OpenAndLoad(ctx);
    record.goal = FindGoal(nb, a->id).id;
    Report(ctx, Append(nb, record), "Recorded progress on goal " + record.goal.Short());
  });
}

void AddGoalStatus(CLI::App* goal, Context& ctx) {
  struct Args {
    std::string id, status;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = goal->add_subcommand("status", "Mark a goal active, achieved, paused or dropped");
  cmd->add_option("ID", a->id, "The goal's id (the first few characters are enough)")->required();
  cmd->add_option("STATUS", a->status, "active, achieved, paused or dropped")->required();
  cmd->footer("Example:\n  rapport goal status 3fa2c1 achieved");
  cmd->callback([&ctx, a] {
    std::optional<core::GoalStatusValue> status;
    for (auto v : {core::GoalStatusValue::kActive, core::GoalStatusValue::kAchieved,
                   core::GoalStatusValue::kPaused, core::GoalStatusValue::kDropped})
      if (core::GoalStatusName(v) == NormalWord(a->status)) status = v;
    if (!status)
      UserError("the status must be active, achieved, paused or dropped, not '" + a->status + "'");
    Must(CheckIdPrefix(a->id));
    OpenNotebook nb = OpenAndLoad(ctx);
    const core::GoalView& g = FindGoal(nb, a->id);
    Report(ctx, Append(nb, core::GoalStatus{g.id, *status}),
           "Goal " + g.id.Short() + " is now " + std::string(core::GoalStatusName(*status)));
  });
}

void AddListAndShow(CLI::App* goal, Context& ctx) {
  CLI::App* list = goal->add_subcommand("list", "List the goals and whether both agreed");
  list->footer("Example:\n  rapport goal list");
  list->callback([&ctx] {
    const OpenNotebook nb = OpenAndLoad(ctx);
    if (ctx.json()) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& g : nb.state().goals) out.push_back(GoalJson(nb.state(), g));
      PrintJson(out);
      return;
    }
    if (nb.state().goals.empty())
      std::cout << "No goals yet. Propose one with: rapport goal propose TITLE --measure HOW\n";
    for (const auto& g : nb.state().goals) PrintGoalLine(nb.state(), g);
  });

  auto id = std::make_shared<std::string>();
  CLI::App* show = goal->add_subcommand("show", "Show a goal with its history and progress");
  show->add_option("ID", *id, "The goal's id (the first few characters are enough)")->required();
  show->footer("Example:\n  rapport goal show 3fa2c1");
  show->callback([&ctx, id] {
    Must(CheckIdPrefix(*id));
    const OpenNotebook nb = OpenAndLoad(ctx);
    const core::GoalView& g = FindGoal(nb, *id);
    if (!ctx.json()) return PrintGoal(nb.state(), g);
    nlohmann::json out = GoalJson(nb.state(), g);
    nlohmann::json revisions = nlohmann::json::array();
    for (const auto& r : g.revisions)
      revisions.push_back({{"id", r.id.Hex()},
                           {"author", AuthorName(nb.state(), r.author)},
                           {"time", IsoTime(r.time_ms)},
                           {"title", r.text.title},
                           {"description", r.text.description},
                           {"measure", r.text.measure},
                           {"target", DayJson(r.text.target_day)},
                           {"agreed_by", NamesJson(nb.state(), r.endorsed_by)}});
    out["revisions"] = revisions;
    out["comments"] = CommentsJson(nb.state(), g.id);
    PrintJson(out);
  });
}

}  // namespace

void AddGoalCommands(CLI::App& app, Context& ctx) {
  CLI::App* goal = app.add_subcommand("goal", "Goals you agree on together, and their progress");
  goal->require_subcommand(1);
  goal->footer(
      "Example, one goal from proposal to progress:\n"
      "  rapport goal propose \"Sleep better\" --measure \"nights I sleep 7 hours\"\n"
      "  rapport goal agree 3fa2c1        (the other member, with the id shown)\n"
      "  rapport goal progress 3fa2c1 --rating 6\n\n"
      "Ids: the first few characters of the id that `rapport goal list` shows are enough.");
  AddPropose(goal, ctx);
  AddRevise(goal, ctx);
  AddAgree(goal, ctx);
  AddProgress(goal, ctx);
  AddGoalStatus(goal, ctx);
  AddListAndShow(goal, ctx);
}

}  // namespace rapport::cli
