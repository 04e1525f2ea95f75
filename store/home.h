// The device home: the directory that holds this device's database. Where it
// is (flag, environment, XDG default) and making sure it exists, privately.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "base/result.h"

namespace rapport::store {

// Looks up an environment variable; nullopt if unset.
using EnvLookup = std::function<std::optional<std::string>(const char*)>;

// The device home, the first of these that is set and non-empty:
//   1. `flag` (--home DIR);
//   2. $RAPPORT_HOME;
//   3. $XDG_DATA_HOME/rapport, if $XDG_DATA_HOME is absolute (the XDG Base
//      Directory spec says to ignore a relative one);
//   4. $HOME/.local/share/rapport.
// Returns an empty path if none is; EnsureHome then fails with a message.
// A pure function of its inputs: `getenv_fn` is the only environment read.
std::filesystem::path ResolveHome(std::optional<std::string> flag, const EnvLookup& getenv_fn);
// As above, reading the process environment.
std::filesystem::path ResolveHome(std::optional<std::string> flag);

// Makes sure `home` is a directory we can write. Missing directories (the
// home and its parents) are created with mode 0700; an existing home that we
// own is chmod-ed to 0700 if it is looser. Idempotent. Not safe against a
// concurrent process changing the same directories (no process is expected).
//
// Errors:
//   kInvalidArgument  `home` is empty (no --home, RAPPORT_HOME or HOME).
//   kIo               it cannot be created ("cannot create Rapport home DIR:
//                     Not a directory"), is not a directory, cannot be
//                     chmod-ed, or is not writable (access(W_OK|X_OK)).
Status EnsureHome(const std::filesystem::path& home);

// The database file inside a home: home / "rapport.db".
std::filesystem::path DatabasePath(const std::filesystem::path& home);

}  // namespace rapport::store
