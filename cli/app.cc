#include "cli/app.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.h"
#include "cli/terminal_safe_output.h"
#include "sync/invite.h"

namespace rapport::cli {

namespace {
constexpr const char* kFooter =
    "Exit codes: 0 success; 1 a mistake in the request (nothing was changed); 2 a data or "
    "security problem (wrong passphrase, damaged or newer database; nothing was changed).\n"
    "The passphrase is asked for on the terminal, or read from $RAPPORT_PASSPHRASE or "
    "--passphrase-file FILE.\n"
    "Your data lives in --home DIR, else $RAPPORT_HOME, else $XDG_DATA_HOME/rapport, else "
    "~/.local/share/rapport.\n";

// True if `text` at `pos` starts an invite: its prefix in either case, as
// sync::DecodeInvite accepts it.
bool InviteAt(std::string_view text, std::size_t pos) {
  const std::string_view prefix = sync::kInvitePrefix;
  if (text.size() - pos < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(text[pos + i])) != prefix[i]) return false;
  return true;
}

// `message` with the secret part of every invite in it cut to "...": a
// parse error quotes the argument it could not place, which may be one.
std::string RedactInvites(std::string message) {
  for (std::size_t pos = 0; pos < message.size(); ++pos) {
    if (!InviteAt(message, pos)) continue;
    const std::size_t start = pos + sync::kInvitePrefix.size();
    std::size_t end = start;
    while (end < message.size() && std::isalnum(static_cast<unsigned char>(message[end]))) ++end;
    message.replace(start, end - start, "...");
    pos = start;
  }
  return message;
}

// The arguments as CLI11 takes them (last first, without the program's
// name). An invite typed on the command line holds the pairing secret, and
// any user of this machine can read a process's arguments (ps,
// /proc/PID/cmdline) while `join` waits for the other device: once copied,
// each invite in argv is overwritten, all but its prefix.
std::vector<std::string> TakeArguments(int argc, char** argv) {
  std::vector<std::string> args;
  for (int i = argc - 1; i > 0; --i) {
    args.emplace_back(argv[i]);
    const std::size_t length = std::strlen(argv[i]);
    if (InviteAt(std::string_view(argv[i], length), 0))
      std::memset(argv[i] + sync::kInvitePrefix.size(), '*', length - sync::kInvitePrefix.size());
  }
  return args;
}
}  // namespace

const CLI::Validator& NotEmpty() {
  static const CLI::Validator check(
      [](const std::string& value) {
        return value.empty() ? std::string("needs a value, not an empty string") : std::string();
      },
      "", "not empty");
  return check;
}

int Run(int argc, char** argv) {
  // Records signed elsewhere may hold escape sequences: shown, never obeyed.
  const TerminalSafeOutput safe_stdout(std::cout);
  Context ctx;
  CLI::App app{"Rapport: a private notebook shared by a therapist and a client.", "rapport"};
  app.require_subcommand(1);
  app.fallthrough();
  app.footer(kFooter);
  GlobalOptions& o = ctx.mutable_options();
  app.add_option("--home", o.home, "Folder holding this device's data")
      ->envname("")
      ->configurable(false)
      ->check(NotEmpty());
  app.add_option("--passphrase-file", o.passphrase_file, "Read the passphrase from FILE")
      ->check(NotEmpty());
  app.add_option("--notebook", o.notebook,
                 "Which notebook (title or id prefix), when there are several")
      ->check(NotEmpty());
  app.add_flag("--json", o.json, "Print machine-readable JSON");

  AddInitCommand(app, ctx);
  AddPassphraseCommands(app, ctx);
  AddNotebookCommands(app, ctx);
  AddJournalCommands(app, ctx);
  AddHistoryCommand(app, ctx);
  AddGoalCommands(app, ctx);
  AddTaskCommands(app, ctx);
  AddFeedbackCommands(app, ctx);
  AddProfileCommands(app, ctx);
  AddRuptureCommands(app, ctx);
  AddReflectCommands(app, ctx);
  AddEndingCommands(app, ctx);
  AddCommentCommand(app, ctx);
  AddReviewCommand(app, ctx);
  AddPairingCommands(app, ctx);
  AddSyncCommands(app, ctx);

  try {
    app.parse(TakeArguments(argc, argv));
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "rapport: " << RedactInvites(e.what()) << " (see rapport --help)\n";
    return kExitUser;
  } catch (const CommandError& e) {
    std::cerr << "rapport: " << e.error.message << "\n";
    return IsUserError(e.error.code) ? kExitUser : kExitData;
  } catch (const std::exception& e) {
    std::cerr << "rapport: unexpected error: " << e.what() << "\n";
    return kExitData;
  }
  // A list or export cut short by a full disk must not look like a success.
  errno = 0;
  if (!std::cout.flush()) {
    std::cerr << "rapport: could not write the output"
              << (errno != 0 ? std::string(": ") + std::strerror(errno) : std::string()) << "\n";
    return kExitData;
  }
  return kExitOk;
}

}  // namespace rapport::cli
