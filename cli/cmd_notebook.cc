// rapport notebook create|list, and rapport history.
#include <algorithm>
#include <iostream>
#include <tuple>
#include <utility>
#include <variant>

#include "cli/commands.h"
#include "cli/output.h"

namespace rapport::cli {

void AddNotebookCommands(CLI::App& app, Context& ctx) {
  CLI::App* notebook = app.add_subcommand("notebook", "Create and list notebooks");
  notebook->require_subcommand(1);

  auto title = std::make_shared<std::string>();
  CLI::App* create = notebook->add_subcommand("create", "Start a new notebook");
  create->add_option("TITLE", *title, "The notebook's title (only members can read it)")
      ->required();
  create->footer("Example:\n  rapport notebook create \"Sessions with Sam\"");
  create->callback([&ctx, title] {
    store::Device device = ctx.OpenDevice();
    const core::NotebookId id = Must(device.CreateNotebook(*title));
    if (ctx.json()) {
      PrintJson({{"id", id.Hex()}, {"title", *title}});
      return;
    }
    std::cout << "Created notebook \"" << *title << "\" (" << id.Short() << ")\n";
  });

  CLI::App* list = notebook->add_subcommand("list", "List the notebooks on this device");
  list->footer("Example:\n  rapport notebook list");
  list->callback([&ctx] {
    store::Device device = ctx.OpenDevice();
    const auto notebooks = Must(device.ListNotebooks());
    if (ctx.json()) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& n : notebooks)
        out.push_back({{"id", n.id.Hex()},
                       {"title", n.title},
                       {"events", n.events},
                       {"private_records", n.private_records}});
      PrintJson(out);
      return;
    }
    if (notebooks.empty()) {
      std::cout << "No notebooks yet. Create one with: rapport notebook create TITLE\n";
      return;
    }
    for (const auto& n : notebooks)
      std::cout << n.id.Short() << "  " << n.title << "  (" << n.events << " shared records, "
                << n.private_records << " private)\n";
  });
}

namespace {
// The longest record type name, so that no type is cut in the table.
template <std::size_t... I>
constexpr std::size_t LongestTypeName(std::index_sequence<I...>) {
  return std::max({std::variant_alternative_t<I, core::RecordBody>::kName.size()...});
}
constexpr std::size_t kTypeWidth =
    LongestTypeName(std::make_index_sequence<std::variant_size_v<core::RecordBody>>());
}  // namespace

void AddHistoryCommand(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "history", "Show the raw signed event log of a notebook, with each event's check");
  cmd->footer("Example:\n  rapport history --notebook \"Sessions with Sam\"");
  cmd->callback([&ctx] {
    store::Device device = ctx.OpenDevice();
    const core::NotebookId nb = ctx.SelectNotebook(device);
    // The log, the names and the rejections as of one moment; the snapshot
    // ends before printing.
    const auto [rows, loaded, rejections] = [&] {
      const store::ReadTransaction snapshot = Must(device.ReadSnapshot());
      auto history = Must(device.History(nb));
      auto state = Must(device.Load(nb));
      return std::tuple(std::move(history), std::move(state), Must(device.Rejections(nb)));
    }();
    if (ctx.json()) {
      nlohmann::json events = nlohmann::json::array();
      for (const auto& r : rows)
        events.push_back({{"id", r.id.Hex()},
                          {"author", r.author.Hex()},
                          {"author_name", AuthorName(loaded.state, r.author)},
                          {"seq", r.seq},
                          {"lamport", r.lamport},
                          {"time", r.time_ms ? IsoTime(r.time_ms) : ""},
                          {"type", r.type},
                          {"verified", r.verified},
                          {"problem", r.problem}});
      nlohmann::json rejected = nlohmann::json::array();
      for (const auto& r : rejections)
        rejected.push_back(
            {{"author", r.author ? r.author->Hex() : ""}, {"seq", r.seq}, {"reason", r.reason}});
      PrintJson({{"events", events}, {"rejected", rejected}});
      return;
    }
    std::cout << "AUTHOR            SEQ  TIME              " << Column("TYPE", kTypeWidth)
              << " VERIFIED\n";
    for (const auto& r : rows) {
      std::cout << Column(AuthorName(loaded.state, r.author), 16) << "  " << std::to_string(r.seq)
                << std::string(r.seq < 10    ? 3
                               : r.seq < 100 ? 2
                                             : 1,
                               ' ')
                << (r.time_ms ? LocalTime(r.time_ms) : std::string(16, '-')) << "  "
                << Column(r.type, kTypeWidth) << " " << (r.verified ? "yes" : "NO: " + r.problem)
                << "\n";
    }
    if (!rejections.empty()) {
      std::cout << "\n" << rejections.size() << " event(s) received and rejected:\n";
      for (const auto& r : rejections) std::cout << "  " << r.reason << "\n";
    }
  });
}

}  // namespace rapport::cli
