// rapport journal add|list|import|share.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <utility>

#include "cli/commands.h"
#include "cli/journal_import.h"
#include "cli/output.h"
#include "cli/read_input.h"
#include "cli/verb_support.h"

namespace rapport::cli {
namespace {

// The entry text: the argument, or standard input for "-" or no argument.
// An argument given but empty stays empty (and is refused as such).
std::string EntryText(const std::string& arg, bool given) {
  if (given && arg != "-") return arg;
  return ReadTextFromStdin("Write your entry, then press Ctrl-D on a new line:");
}

struct JournalLine {
  std::string id;
  std::optional<core::EventId> event;  // shared entries: what comments name
  bool shared = false;
  std::string author;
  std::int64_t time_ms = 0;
  const core::JournalEntry* entry = nullptr;
};

// The whole of FILE, or of standard input for "-" or no FILE; a user error
// if it cannot be read or is larger than an import takes (read no further).
std::string ImportText(const std::string& file) {
  const bool from_stdin = file.empty() || file == "-";
  const std::string name = from_stdin ? "standard input" : file;
  const int fd = from_stdin ? STDIN_FILENO : ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) UserError("cannot read " + name + ": " + std::strerror(errno));
  if (from_stdin)
    PromptIfTerminal("Paste the JSON list of entries, then press Ctrl-D on a new line:");
  std::string text =
      ReadAtMost(fd, name, kMaxImportBytes, name + " is larger than the 64 MiB an import takes");
  if (!from_stdin) ::close(fd);
  return text;
}

void WarnAboutProblems(const store::LoadedNotebook& loaded) {
  if (loaded.problems.empty()) return;
  std::cerr << "warning: " << loaded.problems.size()
            << " stored record(s) failed their integrity check and were left out; see "
               "`rapport history`\n";
}

}  // namespace

void AddJournalCommands(CLI::App& app, Context& ctx) {
  CLI::App* journal = app.add_subcommand("journal", "Write and read journal entries");
  journal->require_subcommand(1);

  struct AddArgs {
    std::string text;
    std::optional<int> mood;
    std::vector<std::string> tags;
    bool share = false;
  };
  auto add_args = std::make_shared<AddArgs>();
  CLI::App* add = journal->add_subcommand("add", "Write an entry (private unless --share)");
  CLI::Option* text_option = add->add_option(
      "TEXT", add_args->text, "The entry; '-' or nothing reads it from standard input");
  add->add_option("--mood", add_args->mood, "How you feel, 0 (worst) to 10 (best)");
  add->add_option("--tag", add_args->tags, "A tag (repeat for several)")->allow_extra_args(false);
  add->add_flag("--share", add_args->share, "Share with the other member of the notebook");
  add->footer(
      "Examples:\n  rapport journal add --mood 6 --tag sleep \"Slept better after the walk\"\n"
      "  rapport journal add --share \"I want to talk about work next time\"\n\n"
      "Entries are private to this device unless you add --share; a private entry can be "
      "shared later with `rapport journal share ID`.");
  add->callback([&ctx, add_args, text_option] {
    core::JournalEntry entry;
    entry.text = EntryText(add_args->text, text_option->count() > 0);
    entry.mood = add_args->mood;
    entry.tags = add_args->tags;
    // Check before asking for the passphrase, so a typo costs nothing.
    Must(core::ValidateRecordFields(core::Record{0, entry}));
    store::Device device = ctx.OpenDevice();
    const core::NotebookId nb = ctx.SelectNotebook(device);
    std::string id;
    if (add_args->share) {
      id = Must(device.AppendShared(nb, entry)).Hex();
    } else {
      id = Must(device.AddPrivate(nb, entry)).Hex();
    }
    const char* visibility = add_args->share ? "shared" : "private";
    if (ctx.json()) {
      PrintJson({{"id", id}, {"visibility", visibility}});
      return;
    }
    std::cout << "Saved " << visibility << " entry " << id.substr(0, 8) << "\n";
  });

  auto since = std::make_shared<std::string>();
  CLI::App* list = journal->add_subcommand("list", "List entries, shared and your private ones");
  list->add_option("--since", *since, "Only entries written on or after DATE (YYYY-MM-DD)")
      ->check(NotEmpty());
  list->footer("Example:\n  rapport journal list --since 2026-11-01");
  list->callback([&ctx, since] {
    const std::optional<std::int64_t> since_ms = ParseSinceOption(*since);
    store::Device device = ctx.OpenDevice();
    const core::NotebookId nb = ctx.SelectNotebook(device);
    // Both lists as of one moment, so that an entry shared meanwhile shows
    // once; the snapshot ends before printing.
    const auto [loaded, privates] = [&] {
      const store::ReadTransaction snapshot = Must(device.ReadSnapshot());
      store::LoadedNotebook shared = Must(device.Load(nb));
      return std::pair(std::move(shared), Must(device.ListPrivate(nb)));
    }();
    std::vector<JournalLine> lines;
    for (const auto& j : loaded.state.journal)
      lines.push_back(
          {j.id.Hex(), j.id, true, AuthorName(loaded.state, j.author), j.time_ms, &j.entry});
    for (const auto& p : privates.entries)
      if (const auto* e = std::get_if<core::JournalEntry>(&p.record.body))
        lines.push_back(
            {p.id.Hex(), std::nullopt, false, device.identity().name, p.record.time_ms, e});
    std::stable_sort(lines.begin(), lines.end(), [](const JournalLine& a, const JournalLine& b) {
      return a.time_ms < b.time_ms;
    });
    if (since_ms) std::erase_if(lines, [&](const JournalLine& l) { return l.time_ms < *since_ms; });
    WarnAboutProblems(loaded);
    WarnAboutDamagedPrivate(privates);
    if (ctx.json()) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& l : lines)
        out.push_back({{"id", l.id},
                       {"visibility", l.shared ? "shared" : "private"},
                       {"author", l.author},
                       {"time", IsoTime(l.time_ms)},
                       {"mood", l.entry->mood ? nlohmann::json(*l.entry->mood) : nlohmann::json()},
                       {"tags", l.entry->tags},
                       {"text", l.entry->text},
                       {"comments",
                        l.event ? CommentsJson(loaded.state, *l.event) : nlohmann::json::array()}});
      PrintJson(out);
      return;
    }
    if (lines.empty())
      std::cout << (since_ms ? "No journal entries since " + *since + ".\n"
                             : std::string("No journal entries yet.\n"));
    for (const auto& l : lines) {
      std::cout << l.id.substr(0, 8) << "  " << LocalTime(l.time_ms) << "  " << l.author
                << (l.shared ? "  (shared)" : "  (private)");
      if (l.entry->mood) std::cout << "  mood " << *l.entry->mood << "/10";
      for (const auto& t : l.entry->tags) std::cout << "  #" << t;
      std::cout << "\n    " << l.entry->text << "\n";
      if (l.event) PrintComments(loaded.state, *l.event, "    ");
    }
  });

  struct ImportArgs {
    std::string file;
    bool share = false;
  };
  auto import_args = std::make_shared<ImportArgs>();
  CLI::App* import_command = journal->add_subcommand(
      "import", "Add many entries at once from a JSON file (private unless --share)");
  import_command->add_option("FILE", import_args->file,
                             "The file; '-' or nothing reads it from standard input");
  import_command->add_flag("--share", import_args->share,
                           "Share every entry with the other member of the notebook");
  import_command->footer(
      "The file holds a JSON list of entries; only \"text\" is required:\n"
      "  [{\"text\": \"Slept badly\", \"mood\": 4, \"tags\": [\"sleep\"], \"time\": "
      "\"2026-03-02\"},\n   {\"text\": \"A better day\", \"time\": \"2026-03-03T19:30:00Z\"}]\n"
      "\"time\" is when you wrote the entry (YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SSZ in UTC); "
      "without it, now.\n\n"
      "Every entry is checked before anything is written, and then all of them are written at "
      "once: if one is refused, none is added.\n\n"
      "Example:\n  rapport journal import old-journal.json");
  import_command->callback([&ctx, import_args] {
    // Check the whole file before asking for the passphrase.
    std::vector<core::Record> records =
        Must(ParseJournalImport(ImportText(import_args->file), SystemNowMs()));
    const std::size_t count = records.size();
    store::Device device = ctx.OpenDevice();
    const core::NotebookId nb = ctx.SelectNotebook(device);
    if (import_args->share) {
      Must(device.AppendSharedRecords(nb, std::move(records)));
    } else {
      Must(device.AddPrivateRecords(nb, std::move(records)));
    }
    const char* visibility = import_args->share ? "shared" : "private";
    if (ctx.json()) {
      PrintJson({{"imported", count}, {"visibility", visibility}});
      return;
    }
    std::cout << "Imported " << count << " " << visibility
              << (count == 1 ? " entry\n" : " entries\n");
  });

  auto share_id = std::make_shared<std::string>();
  CLI::App* share = journal->add_subcommand("share", "Share one of your private entries");
  share->add_option("ID", *share_id, "The entry's id (the first few characters are enough)")
      ->required();
  share->footer("Example:\n  rapport journal share 3fa2c1");
  share->callback([&ctx, share_id] {
    store::Device device = ctx.OpenDevice();
    const core::NotebookId nb = ctx.SelectNotebook(device);
    const core::EventId id = Must(device.SharePrivate(nb, *share_id));
    if (ctx.json()) {
      PrintJson({{"id", id.Hex()}, {"visibility", "shared"}});
      return;
    }
    std::cout << "Shared the entry; its shared id is " << id.Short() << "\n";
  });
}

}  // namespace rapport::cli
