// rapport init: create this device's identity.
#include <iostream>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/passphrase.h"

namespace rapport::cli {

void AddInitCommand(CLI::App& app, Context& ctx) {
  struct Args {
    std::string name;
    std::string role;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("init", "Create your identity on this device (once)");
  cmd->add_option("--name", args->name, "Your name as the other person will see it")->required();
  cmd->add_option("--role", args->role, "therapist or client")->required();
  cmd->footer(
      "Example:\n  rapport init --name \"Sam\" --role client\n\n"
      "You choose a passphrase; it protects everything on this device and cannot be "
      "recovered if lost.");
  cmd->callback([&ctx, args] {
    const auto role = core::ParseRole(args->role);
    if (!role) UserError("--role must be 'therapist' or 'client', not '" + args->role + "'");
    const auto home = ctx.Home();
    const crypto::SecretBuffer passphrase =
        Must(ReadPassphrase(ctx.options().passphrase_file, true));
    store::Device device =
        Must(store::Device::Create(home, AsView(passphrase), args->name, *role, ctx.Env()));
    const auto& id = device.identity();
    if (ctx.json()) {
      PrintJson({{"id", id.id.Hex()},
                 {"name", id.name},
                 {"role", core::RoleName(id.role)},
                 {"noise_key", crypto::ToHex(id.noise_key)},
                 {"home", home.string()}});
      return;
    }
    std::cout << "Created the identity of " << id.name << " (" << core::RoleName(id.role) << ") in "
              << home.string() << "\n"
              << "Identity key: " << id.id.Hex() << "\n"
              << "Keep your passphrase safe: without it nothing here can be opened.\n";
  });
}

}  // namespace rapport::cli
