#include "cli/private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <streambuf>
#include <string>

namespace rapport::cli {
namespace {

std::string Why(const std::filesystem::path& path) {
  return "cannot write " + path.string() + ": " + std::strerror(errno);
}

// Writes everything to `fd`; false (errno set) on failure.
bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) errno = EIO;  // no progress, and no reason given
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// An output stream's buffer that writes to a file descriptor in 64 KiB
// pieces, and remembers the first failure.
class FdBuffer : public std::streambuf {
 public:
  explicit FdBuffer(int fd) : fd_(fd) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
  bool ok() const { return ok_; }
  int saved_errno() const { return errno_; }

 protected:
  int_type overflow(int_type c) override {
    if (!Drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return Drain() ? 0 : -1; }

 private:
  bool Drain() {
    if (ok_ &&
        !WriteAll(fd_, std::string_view(pbase(), static_cast<std::size_t>(pptr() - pbase())))) {
      ok_ = false;
      errno_ = errno;
    }
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return ok_;
  }

  int fd_;
  bool ok_ = true;
  int errno_ = 0;
  std::array<char, 1 << 16> buffer_;
};

// Streams `write`'s output to `fd` (the file `name`), syncs and closes it;
// false (errno set) on failure. If `write` throws, the file is removed.
bool WriteAndClose(int fd, const char* name, const std::function<void(std::ostream&)>& write) {
  // The mode given to open() is filtered by the umask; say 0600 exactly.
  bool ok = ::fchmod(fd, 0600) == 0;
  int error = errno;
  if (ok) {
    FdBuffer buffer(fd);
    std::ostream out(&buffer);
    try {
      write(out);
    } catch (...) {
      ::close(fd);
      ::unlink(name);
      throw;
    }
    out.flush();
    ok = buffer.ok() && !out.bad();
    error = buffer.ok() ? EIO : buffer.saved_errno();
  }
  if (ok) {
    ok = ::fsync(fd) == 0;
    error = errno;
  }
  if (::close(fd) != 0 && ok) {
    ok = false;
    error = errno;
  }
  errno = error;
  return ok;
}

Unexpected AlreadyExists(const std::filesystem::path& path) {
  return Fail(ErrorCode::kAlreadyExists,
              path.string() + " already exists; choose another name or add --force");
}

// Writes straight into `path`, which must not exist yet (O_EXCL refuses any
// existing name, a dangling symbolic link included); removed on failure.
Status WriteInPlace(const std::filesystem::path& path,
                    const std::function<void(std::ostream&)>& write) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return AlreadyExists(path);
    return Fail(ErrorCode::kInvalidArgument, Why(path));
  }
  if (!WriteAndClose(fd, path.c_str(), write)) {
    const std::string why = Why(path);
    ::unlink(path.c_str());
    return Fail(ErrorCode::kIo, why);
  }
  return Ok();
}

}  // namespace

Status WritePrivateFile(const std::filesystem::path& path, std::string_view bytes, bool replace) {
  return WritePrivateFile(
      path,
      [bytes](std::ostream& out) {
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      },
      replace);
}

Status WritePrivateFile(const std::filesystem::path& path,
                        const std::function<void(std::ostream&)>& write, bool replace) {
  // O_EXCL-style refusal up front, so that no time goes into a page that
  // cannot be kept; link() below is what makes it certain. lstat sees a
  // dangling symbolic link too.
  struct stat existing;
  if (!replace && ::lstat(path.c_str(), &existing) == 0) return AlreadyExists(path);
  // The whole file is written under a temporary name beside `path` first, so
  // that `path` never names a half-written file, even after a crash.
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  std::string temp = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());  // creates the file 0600
  if (fd < 0) return Fail(ErrorCode::kInvalidArgument, Why(path));
  if (!WriteAndClose(fd, temp.c_str(), write)) {
    const std::string why = Why(path);
    ::unlink(temp.c_str());
    return Fail(ErrorCode::kIo, why);
  }
  if (replace) {
    // Never truncate the old file in place, so a failure keeps it.
    if (::rename(temp.c_str(), path.c_str()) != 0) {
      const bool is_dir = errno == EISDIR;
      const std::string why = Why(path);
      ::unlink(temp.c_str());
      return Fail(is_dir ? ErrorCode::kInvalidArgument : ErrorCode::kIo, why);
    }
    return Ok();
  }
  // link() refuses an existing name, atomically: a file that appeared
  // meanwhile is left alone.
  if (::link(temp.c_str(), path.c_str()) == 0) {
    ::unlink(temp.c_str());
    return Ok();
  }
  const int error = errno;
  ::unlink(temp.c_str());
  if (error == EEXIST) return AlreadyExists(path);
  // No hard links on this file system (a USB stick's FAT, some network
  // shares): write to the name itself, created only if it does not exist.
  if (error == EPERM || error == EOPNOTSUPP || error == ENOSYS) return WriteInPlace(path, write);
  errno = error;
  return Fail(ErrorCode::kIo, Why(path));
}

}  // namespace rapport::cli
