// What every command shares: the global options and how to open the device.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "base/error.h"
#include "store/device.h"
#include "store/system_clock.h"

namespace rapport::cli {

struct GlobalOptions {
  std::string home;             // --home
  std::string passphrase_file;  // --passphrase-file
  std::string notebook;         // --notebook
  bool json = false;            // --json
};

// Thrown by commands to end with one line on stderr and an exit code;
// caught only in Run().
struct CommandError {
  Error error;
};

// Returns the value or throws CommandError: commands read top to bottom.
template <typename T>
T Must(Result<T> r) {
  if (!r) throw CommandError{r.error()};
  if constexpr (!std::is_void_v<T>) return std::move(r).value();
}
inline void Must(Status s) {
  if (!s) throw CommandError{s.error()};
}
[[noreturn]] inline void UserError(std::string message) {
  throw CommandError{Error(ErrorCode::kInvalidArgument, std::move(message))};
}

class Context {
 public:
  Context() = default;

  const GlobalOptions& options() const { return options_; }
  // For the argument parser to fill in.
  GlobalOptions& mutable_options() { return options_; }
  bool json() const { return options_.json; }
  std::filesystem::path Home() const;
  // Every commit of a command survives a power cut (store::Durability).
  store::DeviceEnv Env() {
    return store::DeviceEnv{&rng_, &clock_, crypto::KdfParams::Interactive(),
                            store::Durability::kPowerCut};
  }

  // Throws kNoIdentity, saying what to do, if `home` has no identity yet:
  // before asking for a passphrase that could not help.
  void RequireIdentity(const std::filesystem::path& home) const;
  // Opens the device with the passphrase (prompted for, or from the
  // environment or --passphrase-file).
  store::Device OpenDevice(store::Durability durability = store::Durability::kPowerCut);
  // The notebook chosen with --notebook, or the only one.
  core::NotebookId SelectNotebook(store::Device& device);

 private:
  GlobalOptions options_;
  crypto::SystemRng rng_;
  store::SystemClock clock_;
};

}  // namespace rapport::cli
