// Each group of subcommands registers itself on the app; its callbacks run
// after parsing and report failure by throwing CommandError (context.h).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace rapport::cli {

// For options whose empty value would otherwise read as "not given":
// `review --html ""` must not print the review instead of writing a file.
const CLI::Validator& NotEmpty();

void AddInitCommand(CLI::App& app, Context& ctx);
void AddPassphraseCommands(CLI::App& app, Context& ctx);
void AddNotebookCommands(CLI::App& app, Context& ctx);
void AddJournalCommands(CLI::App& app, Context& ctx);
void AddHistoryCommand(CLI::App& app, Context& ctx);
// The collaborative record (docs/records.md): cmd_goal.cc, cmd_task.cc, ...
void AddGoalCommands(CLI::App& app, Context& ctx);
void AddTaskCommands(CLI::App& app, Context& ctx);
void AddFeedbackCommands(CLI::App& app, Context& ctx);
void AddProfileCommands(CLI::App& app, Context& ctx);
void AddRuptureCommands(CLI::App& app, Context& ctx);
void AddReflectCommands(CLI::App& app, Context& ctx);
void AddEndingCommands(CLI::App& app, Context& ctx);
void AddCommentCommand(CLI::App& app, Context& ctx);
// rapport review: cmd_review.cc, renderers in review_*.cc.
void AddReviewCommand(CLI::App& app, Context& ctx);
// Pairing and sync (docs/protocol.md): cmd_pairing.cc, cmd_sync.cc.
void AddPairingCommands(CLI::App& app, Context& ctx);
void AddSyncCommands(CLI::App& app, Context& ctx);

}  // namespace rapport::cli
