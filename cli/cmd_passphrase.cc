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
  change->add_option("--new-passphrase-file", *new_file,
                     "Read the new passphrase from FILE (else $RAPPORT_NEW_PASSPHRASE, else "
                     "asked twice on the terminal)");
  change->footer(
      "Example:\n  rapport passphrase change\n\n"
      "Asks for the current passphrase, then the new one twice. Only this device changes; "
      "the other member's device keeps its own passphrase. A copy of the data made before "
      "the change still opens with the old passphrase.");
  change->callback([&ctx, new_file] {
    const auto home = ctx.Home();
    ctx.RequireIdentity(home);
    const crypto::SecretBuffer current = Must(ReadPassphrase(ctx.options().passphrase_file, false));
    const crypto::SecretBuffer next = Must(ReadNewPassphrase(*new_file));
    Must(store::Device::ChangePassphrase(home, AsView(current), AsView(next), ctx.Env()));
    if (ctx.json()) {
      PrintJson({{"changed", true}, {"home", home.string()}});
      return;
    }
    std::cout << "The passphrase of " << home.string() << " is changed.\n"
              << "Use the new one from now on; the old one no longer opens it.\n";
  });
}

}  // namespace rapport::cli
