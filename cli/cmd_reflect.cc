// rapport reflect add|list: the therapist's private reflections on their own
// reactions (DESIGN.md, "Handling the therapist's own reactions"). They are
// private records: sealed on this device and never offered to the client.
#include <algorithm>
#include <iostream>

#include "cli/commands.h"
#include "cli/verb_support.h"

namespace rapport::cli {

void AddReflectCommands(CLI::App& app, Context& ctx) {
  CLI::App* reflect = app.add_subcommand(
      "reflect", "Private reflections of the therapist, kept on this device only");
  reflect->require_subcommand(1);
  reflect->footer(
      "Example:\n  rapport reflect add \"I noticed I wanted to rescue Sam today\"\n"
      "  rapport reflect list");

  auto text = std::make_shared<std::string>();
  CLI::App* add = reflect->add_subcommand("add", "Write a private reflection (therapist)");
  add->add_option("TEXT", *text, "The reflection; '-' reads it from standard input")->required();
  add->footer(
      "Example:\n  rapport reflect add \"I felt impatient when Sam changed the subject again\"\n\n"
      "Reflections never leave this device: the client never sees them, not even after a sync.");
  add->callback([&ctx, text] {
    const core::TherapistReflection record{TextArgument(*text)};
    CheckFields(record);
    store::Device device = ctx.OpenDevice();
    RequireRole(device, core::Role::kTherapist, "only the therapist writes reflections");
    const core::NotebookId nb = ctx.SelectNotebook(device);
    const core::PrivateId id = Must(device.AddPrivate(nb, record));
    if (ctx.json()) {
      PrintJson({{"id", id.Hex()}, {"visibility", "private"}});
      return;
    }
    std::cout << "Saved private reflection " << id.Short() << " (on this device only)\n";
  });

  auto since = std::make_shared<std::string>();
  CLI::App* list = reflect->add_subcommand("list", "List your private reflections");
  list->add_option("--since", *since, "Only those written on or after DATE (YYYY-MM-DD)")
      ->check(NotEmpty());
  list->footer("Example:\n  rapport reflect list --since 2026-11-01");
  list->callback([&ctx, since] {
    const std::optional<std::int64_t> since_ms = ParseSinceOption(*since);
    store::Device device = ctx.OpenDevice();
    const core::NotebookId nb = ctx.SelectNotebook(device);
    const store::PrivateRecords records = Must(device.ListPrivate(nb));
    WarnAboutDamagedPrivate(records);
    std::vector<store::PrivateEntry> entries = records.entries;
    std::erase_if(entries, [&](const store::PrivateEntry& e) {
      return !std::holds_alternative<core::TherapistReflection>(e.record.body) ||
             (since_ms && e.record.time_ms < *since_ms);
    });
    std::stable_sort(entries.begin(), entries.end(), [](const auto& x, const auto& y) {
      return x.record.time_ms < y.record.time_ms;
    });
    if (ctx.json()) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& e : entries)
        out.push_back({{"id", e.id.Hex()},
                       {"time", IsoTime(e.record.time_ms)},
                       {"text", std::get<core::TherapistReflection>(e.record.body).text}});
      PrintJson(out);
      return;
    }
    if (entries.empty()) std::cout << "No reflections yet.\n";
    for (const auto& e : entries)
      std::cout << e.id.Short() << "  " << LocalTime(e.record.time_ms) << "\n    "
                << std::get<core::TherapistReflection>(e.record.body).text << "\n";
  });
}

}  // namespace rapport::cli
