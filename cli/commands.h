// Each group of subcommands registers itself on the app; its callbacks run
// after parsing and report failure by throwing CommandError (context.h).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace rapport::cli {

void AddInitCommand(CLI::App& app, Context& ctx);
void AddNotebookCommands(CLI::App& app, Context& ctx);
void AddJournalCommands(CLI::App& app, Context& ctx);
void AddHistoryCommand(CLI::App& app, Context& ctx);
// Pairing and sync (docs/protocol.md): cmd_pairing.cc, cmd_sync.cc.
void AddPairingCommands(CLI::App& app, Context& ctx);
void AddSyncCommands(CLI::App& app, Context& ctx);

}  // namespace rapport::cli
