#include "cli/private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <random>
#include <streambuf>
#include <string>
#include <utility>

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

// Closes a file descriptor when it goes out of scope.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }
  // Closes now, reporting the error a late write may only report here.
  bool Close() { return ::close(std::exchange(fd_, -1)) == 0; }

 private:
  int fd_;
};

// Streams `write`'s output to `fd` and syncs it; false (errno set) on failure.
bool WriteAndSync(int fd, const std::function<void(std::ostream&)>& write) {
  // The mode given to open() is filtered by the umask; say 0600 exactly.
  if (::fchmod(fd, 0600) != 0) return false;
  FdBuffer buffer(fd);
  std::ostream out(&buffer);
  write(out);
  out.flush();
  if (!buffer.ok() || out.bad()) {
    errno = buffer.ok() ? EIO : buffer.saved_errno();
    return false;
  }
  return ::fsync(fd) == 0;
}

// Writes, syncs and closes the file `name` open as `fd`; false (errno set)
// on failure. If `write` throws, the file is removed.
bool WriteAndClose(int fd, const char* name, const std::function<void(std::ostream&)>& write) {
  FileDescriptor file(fd);
  bool ok = false;
  try {
    ok = WriteAndSync(fd, write);
  } catch (...) {
    file.Close();
    ::unlink(name);
    throw;
  }
  const int error = errno;
  if (!file.Close() && ok) return false;
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

std::filesystem::path DirectoryOf(const std::filesystem::path& path) {
  return path.has_parent_path() ? path.parent_path() : ".";
}

// After linkat failed: was it because /proc, through which an unnamed file
// is given a name, is not mounted (a bare container, say)?
bool NoProcFileSystem() { return errno == ENOENT && ::access("/proc/self/fd", F_OK) != 0; }

// Puts the whole file `temp` in the place of `path`. Never truncates the
// old file in place, so a failure keeps it; removes `temp` on failure.
Status RenameOver(const std::filesystem::path& temp, const std::filesystem::path& path) {
  if (::rename(temp.c_str(), path.c_str()) == 0) return Ok();
  const bool is_dir = errno == EISDIR;
  const std::string why = Why(path);
  ::unlink(temp.c_str());
  return Fail(is_dir ? ErrorCode::kInvalidArgument : ErrorCode::kIo, why);
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

Status WritePrivateFileViaNamedTemp(const std::filesystem::path& path,
                                    const std::function<void(std::ostream&)>& write, bool replace) {
  // The whole file is written under a temporary name beside `path` first, so
  // that `path` never names a half-written file, even after a crash.
  const std::filesystem::path dir = DirectoryOf(path);
  std::string temp = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());  // creates the file 0600
  if (fd < 0) return Fail(ErrorCode::kInvalidArgument, Why(path));
  if (!WriteAndClose(fd, temp.c_str(), write)) {
    const std::string why = Why(path);
    ::unlink(temp.c_str());
    return Fail(ErrorCode::kIo, why);
  }
  if (replace) return RenameOver(temp, path);
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

Status WritePrivateFile(const std::filesystem::path& path,
                        const std::function<void(std::ostream&)>& write, bool replace) {
  // O_EXCL-style refusal up front, so that no time goes into a page that
  // cannot be kept; linking below is what makes it certain. lstat sees a
  // dangling symbolic link too.
  struct stat existing;
  if (!replace && ::lstat(path.c_str(), &existing) == 0) return AlreadyExists(path);
  // The page is written to a file with no name (O_TMPFILE), which is given
  // one only when whole: if the process is stopped or dies while writing,
  // there is no name to leave behind, and no copy of the page.
  const int fd = ::open(DirectoryOf(path).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)
      return WritePrivateFileViaNamedTemp(path, write, replace);  // no unnamed files here
    return Fail(ErrorCode::kInvalidArgument, Why(path));
  }
  FileDescriptor file(fd);
  if (!WriteAndSync(fd, write)) return Fail(ErrorCode::kIo, Why(path));
  const std::string unnamed = "/proc/self/fd/" + std::to_string(fd);
  if (!replace) {
    // linkat refuses an existing name, atomically: a file that appeared
    // meanwhile is left alone.
    if (::linkat(AT_FDCWD, unnamed.c_str(), AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW) == 0)
      return Ok();  // fsync made it whole: closing cannot lose it now
    if (errno == EEXIST) return AlreadyExists(path);
    if (NoProcFileSystem()) return WritePrivateFileViaNamedTemp(path, write, replace);
    return Fail(ErrorCode::kIo, Why(path));
  }
  // Replacing: a name of its own beside `path` for an instant, then rename()
  // puts it in the old file's place, which is never truncated.
  std::random_device random;
  for (int attempt = 0; attempt < 16; ++attempt) {
    const std::filesystem::path temp =
        DirectoryOf(path) / ("." + path.filename().string() + "." + std::to_string(random()));
    if (::linkat(AT_FDCWD, unnamed.c_str(), AT_FDCWD, temp.c_str(), AT_SYMLINK_FOLLOW) != 0) {
      if (errno == EEXIST) continue;
      if (NoProcFileSystem()) return WritePrivateFileViaNamedTemp(path, write, replace);
      return Fail(ErrorCode::kIo, Why(path));
    }
    return RenameOver(temp, path);
  }
  errno = EEXIST;
  return Fail(ErrorCode::kIo, Why(path));
}

}  // namespace rapport::cli
