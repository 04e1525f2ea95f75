#include "cli/context.h"

#include "cli/passphrase.h"
#include "store/home.h"

namespace rapport::cli {

std::filesystem::path Context::Home() const {
  return store::ResolveHome(options_.home.empty() ? std::nullopt
                                                  : std::optional<std::string>(options_.home));
}

void Context::RequireIdentity(const std::filesystem::path& home) const {
  std::error_code ec;
  if (!std::filesystem::exists(store::DatabasePath(home), ec))
    throw CommandError{Error(ErrorCode::kNoIdentity,
                             "no identity in " + home.string() +
                                 " yet: run `rapport init --name NAME --role therapist|client`")};
}

store::Device Context::OpenDevice(store::Durability durability) {
  const auto home = Home();
  RequireIdentity(home);
  const crypto::SecretBuffer passphrase = Must(ReadPassphrase(options_.passphrase_file, false));
  store::DeviceEnv env = Env();
  env.durability = durability;
  return Must(store::Device::Open(home, AsView(passphrase), env));
}

core::NotebookId Context::SelectNotebook(store::Device& device) {
  return Must(device.ResolveNotebook(
      options_.notebook.empty() ? std::nullopt : std::optional<std::string>(options_.notebook)));
}

}  // namespace rapport::cli
