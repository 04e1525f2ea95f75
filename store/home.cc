// ResolveHome, EnsureHome and DatabasePath: where the device's data lives.
#include "store/home.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace rapport::store {
namespace {

constexpr mode_t kHomeMode = 0700;

// The variable's value if it is set and non-empty.
std::optional<std::string> NonEmpty(const EnvLookup& getenv_fn, const char* name) {
  std::optional<std::string> value = getenv_fn(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

Unexpected CannotCreate(const std::filesystem::path& home, int err) {
  return Fail(ErrorCode::kIo,
              "cannot create Rapport home " + home.string() + ": " + std::strerror(err));
}

// mkdir -p with mode 0700 for every directory it creates. Returns the errno
// of the first failure, or 0.
int MakeDirectories(const std::filesystem::path& dir) {
  std::filesystem::path prefix;
  for (const std::filesystem::path& part : dir) {
    prefix /= part;
    if (part == "/" || part.empty()) continue;
    if (::mkdir(prefix.c_str(), kHomeMode) == 0) continue;
    if (errno != EEXIST) return errno;
    // EEXIST: fine if it is a directory (or a link to one), not otherwise.
    struct stat st;
    if (::stat(prefix.c_str(), &st) != 0) return errno;
    if (!S_ISDIR(st.st_mode)) return ENOTDIR;
  }
  return 0;
}

}  // namespace

std::filesystem::path ResolveHome(std::optional<std::string> flag, const EnvLookup& getenv_fn) {
  if (flag && !flag->empty()) return std::filesystem::path(*flag);
  if (auto dir = NonEmpty(getenv_fn, "RAPPORT_HOME")) return std::filesystem::path(*dir);
  if (auto xdg = NonEmpty(getenv_fn, "XDG_DATA_HOME")) {
    const std::filesystem::path base(*xdg);
    if (base.is_absolute()) return base / "rapport";
  }
  if (auto home = NonEmpty(getenv_fn, "HOME")) {
    return std::filesystem::path(*home) / ".local" / "share" / "rapport";
  }
  return {};
}

std::filesystem::path ResolveHome(std::optional<std::string> flag) {
  return ResolveHome(std::move(flag), [](const char* name) -> std::optional<std::string> {
    const char* value = std::getenv(name);
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  });
}

Status EnsureHome(const std::filesystem::path& home) {
  if (home.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "no Rapport home: pass --home DIR or set RAPPORT_HOME or HOME");
  }
  if (const int err = MakeDirectories(home); err != 0) return CannotCreate(home, err);

  struct stat st;
  if (::stat(home.c_str(), &st) != 0) return CannotCreate(home, errno);
  if (!S_ISDIR(st.st_mode)) return CannotCreate(home, ENOTDIR);
  // Only our own directory is ours to tighten; someone else's is checked for
  // access below and otherwise left alone.
  if (st.st_uid == ::geteuid() && (st.st_mode & 07777) != kHomeMode &&
      ::chmod(home.c_str(), kHomeMode) != 0) {
    return Fail(ErrorCode::kIo,
                "cannot make Rapport home " + home.string() + " private: " + std::strerror(errno));
  }
  if (::access(home.c_str(), W_OK | X_OK) != 0) {
    return Fail(ErrorCode::kIo,
                "Rapport home " + home.string() + " is not writable: " + std::strerror(errno));
  }
  return Ok();
}

std::filesystem::path DatabasePath(const std::filesystem::path& home) {
  return home / "rapport.db";
}

}  // namespace rapport::store
