// rapport rupture flag|repair|resolve|list: strains in the working
// relationship (DESIGN.md, "Rupture repair"), flagged by either member, with
// the repair steps taken until it is resolved.
#include <iostream>

#include "cli/commands.h"
#include "cli/record_lookup.h"
#include "cli/review_render.h"
#include "cli/verb_support.h"

namespace rapport::cli {
namespace {

core::RuptureKind ParseKind(const std::string& text) {
  const std::string word = NormalWord(text);
  if (word == "confrontation") return core::RuptureKind::kConfrontation;
  if (word == "withdrawal") return core::RuptureKind::kWithdrawal;
  UserError("the kind must be confrontation or withdrawal, not '" + text + "'");
}

// The short words the help offers, or the names `rupture list --json` and
// docs/records.md print (rationale_given, ...), so that either can be typed.
core::RepairKind ParseRepair(const std::string& text) {
  const std::string word = NormalWord(text);
  if (word == "rationale") return core::RepairKind::kRationaleGiven;
  if (word == "renegotiate_goals") return core::RepairKind::kGoalsRenegotiated;
  if (word == "discussion") return core::RepairKind::kMutualDiscussion;
  for (const auto k : {core::RepairKind::kRationaleGiven, core::RepairKind::kGoalsRenegotiated,
                       core::RepairKind::kMutualDiscussion, core::RepairKind::kOther})
    if (word == core::RepairKindName(k)) return k;
  UserError("the repair must be rationale, renegotiate-goals, discussion or other, not '" + text +
            "'");
}

nlohmann::json RuptureJson(const core::NotebookState& state, const core::RuptureView& r) {
  nlohmann::json repairs = nlohmann::json::array();
  for (const auto& p : r.repairs)
    repairs.push_back({{"id", p.id.Hex()},
                       {"author", AuthorName(state, p.author)},
                       {"time", IsoTime(p.time_ms)},
                       {"kind", core::RepairKindName(p.record.kind)},
                       {"note", p.record.note}});
  return {{"id", r.id.Hex()},
          {"author", AuthorName(state, r.author)},
          {"time", IsoTime(r.time_ms)},
          {"kind", core::RuptureKindName(r.kind)},
          {"note", r.note},
          {"repairs", repairs},
          {"resolved", r.resolved.has_value()},
          {"resolved_by",
           r.resolved ? nlohmann::json(AuthorName(state, r.resolved->author)) : nlohmann::json()},
          {"comments", CommentsJson(state, r.id)}};
}

void PrintRupture(const core::NotebookState& state, const core::RuptureView& r) {
  std::cout << r.id.Short() << "  " << LocalTime(r.time_ms) << "  " << core::RuptureKindName(r.kind)
            << ", flagged by " << AuthorName(state, r.author) << "  ["
            << (r.resolved ? "resolved" : "open") << "]\n";
  if (!r.note.empty()) std::cout << "    " << r.note << "\n";
  for (const auto& p : r.repairs) {
    std::cout << "    repair (" << RepairWords(p.record.kind) << ") by "
              << AuthorName(state, p.author) << ", " << LocalTime(p.time_ms);
    if (!p.record.note.empty()) std::cout << ": " << p.record.note;
    std::cout << "\n";
  }
  if (r.resolved)
    std::cout << "    resolved by " << AuthorName(state, r.resolved->author) << ", "
              << LocalTime(r.resolved->time_ms) << "\n";
  PrintComments(state, r.id, "    ");
}

void AddFlag(CLI::App* rupture, Context& ctx) {
  struct Args {
    std::string kind, note;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = rupture->add_subcommand("flag", "Note a strain between you");
  cmd->add_option("KIND", a->kind,
                  "confrontation (anger, blame, sharp questions) or withdrawal (going quiet, "
                  "pulling away, avoiding a painful topic)")
      ->required();
  cmd->add_option("NOTE", a->note, "What happened, in a few words");
  cmd->footer(
      "Example:\n  rapport rupture flag withdrawal \"I went quiet when we talked about my "
      "father\"\n\n"
      "Either of you can flag one. It stays open until one of you marks it resolved.");
  cmd->callback([&ctx, a] {
    const core::RuptureFlag record{ParseKind(a->kind), a->note};
    CheckFields(record);
    OpenNotebook nb = OpenAndLoad(ctx);
    const core::EventId id = Append(nb, record);
    Report(ctx, id, "Flagged rupture " + id.Short());
  });
}

void AddRepair(CLI::App* rupture, Context& ctx) {
  struct Args {
    std::string id, kind, note;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = rupture->add_subcommand("repair", "Record a step taken to repair a rupture");
  cmd->add_option("ID", a->id, "The rupture's id (the first few characters are enough)")
      ->required();
  cmd->add_option("KIND", a->kind,
                  "rationale (explained the reason), renegotiate-goals, discussion (talked it "
                  "through together) or other")
      ->required();
  cmd->add_option("NOTE", a->note, "What was done (needed for 'other')");
  cmd->footer(
      "Example:\n  rapport rupture repair 5c3d1e discussion \"We talked about why the topic is "
      "hard\"");
  cmd->callback([&ctx, a] {
    const core::RepairKind kind = ParseRepair(a->kind);
    if (kind == core::RepairKind::kOther && a->note.empty())
      UserError("say what was done: a repair of kind 'other' needs a NOTE");
    core::RuptureRepair record{{}, kind, a->note};
    CheckFields(record);
    Must(CheckIdPrefix(a->id));
    OpenNotebook nb = OpenAndLoad(ctx);
    record.rupture = Must(ResolveRecord(nb.state(), RecordKind::kRupture, a->id));
    Report(ctx, Append(nb, record), "Recorded a repair of rupture " + record.rupture.Short());
  });
}

void AddResolve(CLI::App* rupture, Context& ctx) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd = rupture->add_subcommand("resolve", "Mark a rupture resolved");
  cmd->add_option("ID", *id, "The rupture's id (the first few characters are enough)")->required();
  cmd->footer("Example:\n  rapport rupture resolve 5c3d1e");
  cmd->callback([&ctx, id] {
    Must(CheckIdPrefix(*id));
    OpenNotebook nb = OpenAndLoad(ctx);
    const core::EventId rupture = Must(ResolveRecord(nb.state(), RecordKind::kRupture, *id));
    Report(ctx, Append(nb, core::RuptureResolve{rupture}),
           "Rupture " + rupture.Short() + " is resolved");
  });
}

void AddList(CLI::App* rupture, Context& ctx) {
  CLI::App* cmd = rupture->add_subcommand("list", "List ruptures with their repairs");
  cmd->footer("Example:\n  rapport rupture list");
  cmd->callback([&ctx] {
    const OpenNotebook nb = OpenAndLoad(ctx);
    if (ctx.json()) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& r : nb.state().ruptures) out.push_back(RuptureJson(nb.state(), r));
      PrintJson(out);
      return;
    }
    if (nb.state().ruptures.empty()) std::cout << "No ruptures flagged.\n";
    for (const auto& r : nb.state().ruptures) PrintRupture(nb.state(), r);
  });
}

}  // namespace

void AddRuptureCommands(CLI::App& app, Context& ctx) {
  CLI::App* rupture =
      app.add_subcommand("rupture", "Flag a strain in how you work together, and its repair");
  rupture->require_subcommand(1);
  rupture->footer(
      "Example:\n  rapport rupture flag confrontation \"I was angry about the homework\"\n"
      "  rapport rupture repair 5c3d1e rationale \"Explained why we practise between "
      "sessions\"\n  rapport rupture resolve 5c3d1e");
  AddFlag(rupture, ctx);
  AddRepair(rupture, ctx);
  AddResolve(rupture, ctx);
  AddList(rupture, ctx);
}

}  // namespace rapport::cli
