#include "cli/private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace rapport::cli {
namespace {

std::string Why(const std::filesystem::path& path) {
  return "cannot write " + path.string() + ": " + std::strerror(errno);
}

// Writes all of `bytes` to `fd` and closes it; false (errno set) on failure.
bool WriteAndClose(int fd, std::string_view bytes) {
  // The mode given to open() is filtered by the umask; say 0600 exactly.
  bool ok = ::fchmod(fd, 0600) == 0;
  while (ok && !bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = false;
      break;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  if (ok) ok = ::fsync(fd) == 0;
  int error = errno;
  if (::close(fd) != 0 && ok) {
    ok = false;
    error = errno;
  }
  errno = error;
  return ok;
}

}  // namespace

Status WritePrivateFile(const std::filesystem::path& path, std::string_view bytes, bool replace) {
  if (!replace) {
    // O_EXCL refuses any existing name, a dangling symbolic link included.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      if (errno == EEXIST)
        return Fail(ErrorCode::kAlreadyExists,
                    path.string() + " already exists; choose another name or add --force");
      return Fail(ErrorCode::kInvalidArgument, Why(path));
    }
    if (!WriteAndClose(fd, bytes)) {
      const std::string why = Why(path);
      ::unlink(path.c_str());
      return Fail(ErrorCode::kIo, why);
    }
    return Ok();
  }
  // Replacing: never truncate the old file in place, so a failure keeps it.
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  std::string temp = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());  // creates the file 0600
  if (fd < 0) return Fail(ErrorCode::kInvalidArgument, Why(path));
  if (!WriteAndClose(fd, bytes) || ::rename(temp.c_str(), path.c_str()) != 0) {
    const bool is_dir = errno == EISDIR;
    const std::string why = Why(path);
    ::unlink(temp.c_str());
    return Fail(is_dir ? ErrorCode::kInvalidArgument : ErrorCode::kIo, why);
  }
  return Ok();
}

}  // namespace rapport::cli
