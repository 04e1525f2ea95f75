// rapport passphrase change: protect this device's data with a new passphrase.
#include <iostream>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/passphrase.h"

namespace rapport::cli {

void AddPassphraseCommands(CLI::App& app, Context& ctx) {
  CLI::App* group = app.add_subcommand("passphrase", "Change the passphrase of this device");
  group->require_subcommand(1);
  auto new_file = std::make_shared<std::string>();
  CLI::App* change = group->add_subcommand("change", "Choose a new passphrase");
  change
      ->add_option("--new-passphrase-file", *new_file,
                   "Read the new passphrase from FILE (else $RAPPORT_NEW_PASSPHRASE, else "
                   "asked twice on the terminal)")
      ->check(NotEmpty());
  change->footer(
      "Example:\n  rapport passphrase change\n\n"
      "Asks for the current passphrase, then the new one twice. Only this device changes; "
      "the other member's device keeps its own passphrase. A copy of the data made before "
      "the change still opens with the old passphrase.");
  change->callback([&ctx, new_file] {
    const auto home = ctx.Home();
    ctx.RequireIdentity(home);
    // Both passphrases are freed (wiped) as soon as the change is made.
    const store::PassphraseChange change = [&] {
      const crypto::SecretBuffer current =
          Must(ReadCurrentPassphrase(ctx.options().passphrase_file));
      const crypto::SecretBuffer next = Must(ReadNewPassphrase(*new_file));
      return Must(store::Device::ChangePassphrase(home, AsView(current), AsView(next), ctx.Env()));
    }();
    if (!change.old_wrapping_erased)
      std::cerr << "warning: another Rapport command (rapport serve?) is reading this device's "
                   "data; until it stops, a copy of the database file would still open with "
                   "the old passphrase\n";
    if (ctx.json()) {
      PrintJson({{"changed", true},
                 {"old_passphrase_erased", change.old_wrapping_erased},
                 {"home", home.string()}});
      return;
    }
    std::cout << "The passphrase of " << home.string() << " is changed.\n"
              << "Use the new one from now on.\n";
  });
}

}  // namespace rapport::cli
