// rapport ending start|check|summary|status: the ending phase (DESIGN.md,
// "Effective endings"): eight actions that each member ticks for themselves,
// and a closing summary from each.
#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "cli/verb_support.h"

namespace rapport::cli {
namespace {

// The eight actions in people's words, in EndingAction order.
constexpr const char* kActionText[core::kEndingActionCount] = {
    "Talk about how therapy went",
    "Think about how you will function and cope from now on",
    "Plan how to use what you learned beyond therapy",
    "See growth as something that carries on",
    "Look ahead to growing after therapy ends",
    "Talk about what ending means to you",
    "Reflect on what you have gained",
    "Take pride in the progress and in the relationship",
};

std::string Dashed(core::EndingAction a) {
  std::string name(core::EndingActionName(a));
  for (char& c : name)
    if (c == '_') c = '-';
  return name;
}

std::string ActionList() {
  std::string out;
  for (int i = 1; i <= core::kEndingActionCount; ++i)
    out += "\n  " + std::to_string(i) + " " + Dashed(static_cast<core::EndingAction>(i)) + ": " +
           kActionText[i - 1];
  return out;
}

// A number 1-8 or an action's name.
core::EndingAction ParseAction(const std::string& text) {
  if (text.size() == 1 && text[0] >= '1' && text[0] <= '0' + core::kEndingActionCount)
    return static_cast<core::EndingAction>(text[0] - '0');
  if (const auto a = core::ParseEndingAction(NormalWord(text))) return *a;
  UserError("there is no ending action '" + text +
            "': give its number 1-8 or its name (see rapport ending check --help)");
}

nlohmann::json StatusJson(const core::NotebookState& state) {
  const core::EndingView& e = state.ending;
  nlohmann::json members = nlohmann::json::array();
  for (const auto& m : state.members) {
    nlohmann::json ticks = nlohmann::json::object();
    const auto mine = e.checks.find(m.id);
    for (int i = 1; i <= core::kEndingActionCount; ++i) {
      const auto a = static_cast<core::EndingAction>(i);
      const core::EndingTick* t = nullptr;
      if (mine != e.checks.end())
        if (auto it = mine->second.find(a); it != mine->second.end()) t = &it->second;
      ticks[std::string(core::EndingActionName(a))] = {{"done", t && t->done},
                                                       {"note", t ? t->note : ""}};
    }
    const auto summary = e.summaries.find(m.id);
    members.push_back(
        {{"name", m.name},
         {"role", core::RoleName(m.role)},
         {"actions", ticks},
         {"summary", summary == e.summaries.end() ? nlohmann::json()
                                                  : nlohmann::json(summary->second.record.text)}});
  }
  return {{"started", e.started.has_value()},
          {"started_by",
           e.started ? nlohmann::json(AuthorName(state, e.started->author)) : nlohmann::json()},
          {"time", e.started ? nlohmann::json(IsoTime(e.started->time_ms)) : nlohmann::json()},
          {"note", e.started ? nlohmann::json(e.started->record.note) : nlohmann::json()},
          {"members", members}};
}

void PrintStatus(const core::NotebookState& state) {
  const core::EndingView& e = state.ending;
  if (!e.started) {
    std::cout << "The ending has not started. Either of you can start it with: rapport ending "
                 "start\n";
    return;
  }
  std::cout << "Ending started by " << AuthorName(state, e.started->author) << " on "
            << LocalTime(e.started->time_ms) << "\n";
  if (!e.started->record.note.empty()) std::cout << "  " << e.started->record.note << "\n";
  for (const auto& m : state.members) {
    const auto mine = e.checks.find(m.id);
    std::cout << "\n" << m.name << " (" << core::RoleName(m.role) << "):\n";
    for (int i = 1; i <= core::kEndingActionCount; ++i) {
      const auto a = static_cast<core::EndingAction>(i);
      const core::EndingTick* t = nullptr;
      if (mine != e.checks.end())
        if (auto it = mine->second.find(a); it != mine->second.end()) t = &it->second;
      std::cout << "  [" << (t && t->done ? "x" : " ") << "] " << i << " " << kActionText[i - 1];
      if (t && !t->note.empty()) std::cout << ": " << t->note;
      std::cout << "\n";
    }
    const auto summary = e.summaries.find(m.id);
    if (summary != e.summaries.end())
      std::cout << "  Closing summary: " << summary->second.record.text << "\n";
  }
}

void AddStart(CLI::App* ending, Context& ctx) {
  auto note = std::make_shared<std::string>();
  CLI::App* cmd = ending->add_subcommand("start", "Begin the ending phase of therapy");
  cmd->add_option("NOTE", *note, "A few words, if you like");
  cmd->footer(
      "Example:\n  rapport ending start \"We agreed to finish after three more sessions\"\n\n"
      "Either of you can start it, once. Then each ticks the eight actions of a good ending "
      "(rapport ending check) and writes a closing summary (rapport ending summary).");
  cmd->callback([&ctx, note] {
    const core::EndingStart record{*note};
    CheckFields(record);
    OpenNotebook nb = OpenAndLoad(ctx);
    Report(ctx, Append(nb, record),
           "The ending has started. See the checklist: rapport ending status");
  });
}

// This device's member's latest tick of `action`, if they ticked it.
const core::EndingTick* MyTick(const OpenNotebook& nb, core::EndingAction action) {
  const auto& checks = nb.state().ending.checks;
  const auto mine = checks.find(nb.device.identity().id);
  if (mine == checks.end()) return nullptr;
  const auto tick = mine->second.find(action);
  return tick == mine->second.end() ? nullptr : &tick->second;
}

void AddCheck(CLI::App* ending, Context& ctx) {
  struct Args {
    std::string action;
    std::optional<std::string> note;
    bool undo = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = ending->add_subcommand("check", "Tick one action of the ending for yourself");
  cmd->add_option("ACTION", a->action, "The action's number (1-8) or name, listed below")
      ->required();
  cmd->add_option("--note", a->note,
                  "What you want to say about it; left out, your earlier note stays");
  cmd->add_flag("--undo", a->undo, "Untick it");
  cmd->footer(
      "Example:\n  rapport ending check 7 --note \"I can go to parties again\"\n\nActions:" +
      ActionList());
  cmd->callback([&ctx, a] {
    core::EndingCheck record{ParseAction(a->action), !a->undo, a->note.value_or("")};
    CheckFields(record);
    OpenNotebook nb = OpenAndLoad(ctx);
    const int n = static_cast<int>(record.action);
    if (const core::EndingTick* mine = MyTick(nb, record.action)) {
      // A tick replaces the whole earlier one: ticking again to confirm, or
      // unticking, must not drop the words written with it.
      if (!a->note) record.note = mine->note;
      if (mine->done == record.done && mine->note == record.note)
        throw CommandError{Error(ErrorCode::kAlreadyExists,
                                 "you have already " + std::string(record.done ? "" : "un") +
                                     "ticked " + std::to_string(n) +
                                     (a->note ? " with that note" : ""))};
    } else if (!record.done && nb.state().ending.started) {
      throw CommandError{Error(ErrorCode::kFailedPrecondition,
                               "you have not ticked " + std::to_string(n) + ": nothing to untick")};
    }
    Report(ctx, Append(nb, record),
           std::string(a->undo ? "Unticked " : "Ticked ") + std::to_string(n) + " " +
               kActionText[n - 1]);
  });
}

void AddSummary(CLI::App* ending, Context& ctx) {
  auto text = std::make_shared<std::string>();
  CLI::App* cmd = ending->add_subcommand("summary", "Write your closing summary");
  cmd->add_option("TEXT", *text, "Your summary; '-' reads it from standard input")->required();
  cmd->footer(
      "Example:\n  rapport ending summary \"I came in unable to sleep; I leave with a routine "
      "that works.\"\n\nWriting it again replaces your earlier summary.");
  cmd->callback([&ctx, text] {
    const core::EndingSummary record{TextArgument(*text)};
    CheckFields(record);
    OpenNotebook nb = OpenAndLoad(ctx);
    Report(ctx, Append(nb, record), "Saved your closing summary");
  });
}

void AddEndingStatus(CLI::App* ending, Context& ctx) {
  CLI::App* cmd = ending->add_subcommand("status", "Show both members' checklists and summaries");
  cmd->footer("Example:\n  rapport ending status");
  cmd->callback([&ctx] {
    const OpenNotebook nb = OpenAndLoad(ctx);
    if (ctx.json()) return PrintJson(StatusJson(nb.state()));
    PrintStatus(nb.state());
  });
}

}  // namespace

void AddEndingCommands(CLI::App& app, Context& ctx) {
  CLI::App* ending =
      app.add_subcommand("ending", "End therapy well: a checklist for both, and summaries");
  ending->require_subcommand(1);
  ending->footer(
      "Example:\n  rapport ending start\n  rapport ending check 1 --note \"We went through "
      "the whole year\"\n  rapport ending status");
  AddStart(ending, ctx);
  AddCheck(ending, ctx);
  AddSummary(ending, ctx);
  AddEndingStatus(ending, ctx);
}

}  // namespace rapport::cli
