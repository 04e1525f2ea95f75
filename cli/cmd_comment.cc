// rapport comment ID TEXT: either member comments on any shared record (a
// goal, a task, a progress entry, a journal entry, ...). Comments show with
// the record they are on (goal show, task show, rupture list).
#include <iostream>

#include "cli/commands.h"
#include "cli/record_lookup.h"
#include "cli/verb_support.h"

namespace rapport::cli {

void AddCommentCommand(CLI::App& app, Context& ctx) {
  struct Args {
    std::string id, text;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("comment", "Comment on any shared record");
  cmd->add_option("ID", a->id, "The record's id (the first few characters are enough)")->required();
  cmd->add_option("TEXT", a->text, "Your comment; '-' reads it from standard input")->required();
  cmd->footer(
      "Example:\n  rapport comment 3fa2c1 \"Can we make this smaller?\"\n\n"
      "Ids are shown by the list commands (goal list, task list, journal list, ...). Both "
      "members see comments; a private journal entry has to be shared first.");
  cmd->callback([&ctx, a] {
    Must(CheckIdPrefix(a->id));
    core::Comment record{{}, TextArgument(a->text)};
    CheckFields(record);
    OpenNotebook nb = OpenAndLoad(ctx);
    record.target = Must(ResolveRecord(nb.state(), RecordKind::kAnyShared, a->id));
    Report(ctx, Append(nb, record), "Commented on " + record.target.Short());
  });
}

}  // namespace rapport::cli
