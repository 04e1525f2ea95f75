// rapport profile set|show: what matters to the client for their care
// (DESIGN.md, "Responsiveness to the person"). Every field is optional and
// written by the client only; both members read it.
#include <algorithm>
#include <iostream>

#include "cli/commands.h"
#include "cli/verb_support.h"

namespace rapport::cli {
namespace {

constexpr const char* kFieldList =
    "cultural-background, therapy-preferences, attachment-style, beliefs (religious or "
    "spiritual), gender-identity, sexual-orientation or notes";

// "cultural_background" as people type it: "cultural-background".
std::string Dashed(core::ProfileField f) {
  std::string name(core::ProfileFieldName(f));
  std::replace(name.begin(), name.end(), '_', '-');
  return name;
}

core::ProfileField ParseField(const std::string& text) {
  const auto field = core::ParseProfileField(NormalWord(text));
  if (!field) UserError("there is no profile field '" + text + "': choose " + kFieldList);
  return *field;
}

void AddSet(CLI::App* profile, Context& ctx) {
  struct Args {
    std::string field, value;
    bool clear = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = profile->add_subcommand("set", "Fill in or change one field (client)");
  cmd->add_option("FIELD", a->field, std::string("Which field: ") + kFieldList)->required();
  CLI::Option* value = cmd->add_option("VALUE", a->value,
                                       "What you want your therapist to know; '-' reads it "
                                       "from standard input");
  cmd->add_flag("--clear", a->clear, "Empty the field instead");
  cmd->footer(
      "Examples:\n  rapport profile set therapy-preferences \"I like homework I can do on "
      "walks\"\n  rapport profile set beliefs --clear\n\n"
      "Every field is optional: share only what you want to. Your therapist sees the profile "
      "but cannot change it.");
  cmd->callback([&ctx, a, value] {
    const core::ProfileField field = ParseField(a->field);
    if (a->clear && value->count() > 0) UserError("give a value or --clear, not both");
    if (!a->clear && value->count() == 0)
      UserError("give the field's value, or --clear to empty it");
    const core::ProfileSet record{field, a->clear ? "" : TextArgument(a->value)};
    if (!a->clear && record.value.find_first_not_of(" \t\r\n") == std::string::npos)
      UserError("the value is empty: to empty the field, use --clear");
    CheckFields(record);
    OpenNotebook nb = OpenAndLoad(ctx);
    RequireRole(nb.device, core::Role::kClient, "only the client writes the profile");
    // Cleared fields are absent: clearing one again would change nothing.
    if (a->clear && !nb.state().profile.contains(field))
      throw CommandError{
          Error(ErrorCode::kAlreadyExists, Dashed(field) + " is already empty in your profile")};
    Report(ctx, Append(nb, record),
           (a->clear ? "Cleared " : "Saved ") + Dashed(field) + " in your profile");
  });
}

void AddShow(CLI::App* profile, Context& ctx) {
  CLI::App* cmd = profile->add_subcommand("show", "Show the client's profile");
  cmd->footer("Example:\n  rapport profile show");
  cmd->callback([&ctx] {
    const OpenNotebook nb = OpenAndLoad(ctx);
    const auto& fields = nb.state().profile;
    if (ctx.json()) {
      nlohmann::json out = nlohmann::json::object();
      for (int i = 1; i <= core::kProfileFieldCount; ++i) {
        const auto f = static_cast<core::ProfileField>(i);
        const auto it = fields.find(f);
        out[std::string(core::ProfileFieldName(f))] =
            it == fields.end() ? nlohmann::json()
                               : nlohmann::json{{"value", it->second.value},
                                                {"time", IsoTime(it->second.time_ms)}};
      }
      PrintJson(out);
      return;
    }
    for (int i = 1; i <= core::kProfileFieldCount; ++i) {
      const auto f = static_cast<core::ProfileField>(i);
      const auto it = fields.find(f);
      std::cout << Dashed(f) << ": " << (it == fields.end() ? "(not filled in)" : it->second.value)
                << "\n";
    }
  });
}

}  // namespace

void AddProfileCommands(CLI::App& app, Context& ctx) {
  CLI::App* profile =
      app.add_subcommand("profile", "The client's profile: what matters for their care");
  profile->require_subcommand(1);
  profile->footer(
      "Example:\n  rapport profile set cultural-background \"Grew up between Lagos and Leeds\"\n"
      "  rapport profile show");
  AddSet(profile, ctx);
  AddShow(profile, ctx);
}

}  // namespace rapport::cli
