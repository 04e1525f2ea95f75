#include "cli/passphrase.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "cli/echo_off.h"

namespace rapport::cli {
namespace {

constexpr std::size_t kMaxPassphrase = 1024;

// Drops one trailing newline (and carriage return) from a passphrase.
std::size_t TrimmedLength(const std::uint8_t* p, std::size_t n) {
  if (n > 0 && p[n - 1] == '\n') --n;
  if (n > 0 && p[n - 1] == '\r') --n;
  return n;
}

// A name that does not lead to a file is a mistake in the request (exit 1);
// other failures are I/O problems.
Unexpected CannotRead(const std::string& path, const std::string& what, int err) {
  const bool no_file = err == ENOENT || err == ENOTDIR || err == EISDIR;
  return Fail(no_file ? ErrorCode::kNotFound : ErrorCode::kIo,
              "cannot read " + what + " file " + path + ": " + std::strerror(err));
}

Result<crypto::SecretBuffer> FromFile(const std::string& path, const std::string& what) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return CannotRead(path, what, errno);
  crypto::SecretBuffer buffer(kMaxPassphrase + 1);
  std::size_t used = 0;
  while (used < buffer.size()) {
    const ssize_t n = ::read(fd, buffer.data() + used, buffer.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {  // e.g. a directory: never use what was read as the passphrase
      const int err = errno;
      ::close(fd);
      return CannotRead(path, what, err);
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (used > kMaxPassphrase)
    return Fail(ErrorCode::kInvalidArgument, "the " + what + " file is too long (over 1024 bytes)");
  return crypto::SecretBuffer::CopyOf(buffer.view().first(TrimmedLength(buffer.data(), used)));
}

void WriteAll(int fd, const char* text) {
  std::size_t left = std::strlen(text);
  while (left > 0) {
    const ssize_t n = ::write(fd, text, left);
    if (n <= 0) return;  // a prompt that cannot be shown is not fatal
    text += n;
    left -= static_cast<std::size_t>(n);
  }
}

// Reads one line from the terminal with echo off.
Result<crypto::SecretBuffer> Prompt(int tty, const char* question) {
  std::optional<EchoOff> quiet(std::in_place, tty);  // before the question: nothing typed is shown
  WriteAll(tty, question);
  crypto::SecretBuffer buffer(kMaxPassphrase + 1);
  std::size_t used = 0;
  while (used < buffer.size()) {
    std::uint8_t c;
    const ssize_t n = ::read(tty, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || c == '\n') break;
    buffer.data()[used++] = c;
  }
  quiet.reset();
  WriteAll(tty, "\n");
  if (used > kMaxPassphrase) return Fail(ErrorCode::kInvalidArgument, "the passphrase is too long");
  return crypto::SecretBuffer::CopyOf(buffer.view().first(TrimmedLength(buffer.data(), used)));
}

}  // namespace

namespace {
// An empty passphrase is never right: say so rather than "wrong passphrase".
Result<crypto::SecretBuffer> NonEmpty(Result<crypto::SecretBuffer> passphrase,
                                      const std::string& what, const std::string& source) {
  if (passphrase && passphrase->empty())
    return Fail(ErrorCode::kInvalidArgument, "the " + what + " " + source + " is empty");
  return passphrase;
}
}  // namespace

namespace {

// Where one passphrase comes from, and how to ask for it.
struct Source {
  const char* what;  // "passphrase", "new passphrase": how messages name it
  const std::string& file;
  const char* variable;         // the environment variable that may hold it
  const char* file_option;      // the option that names a file holding it
  const char* question;         // asked on the terminal
  const char* repeat_question;  // asked again when choosing one; or null
};

Result<crypto::SecretBuffer> Read(const Source& source) {
  const std::string what = source.what;
  if (!source.file.empty()) return NonEmpty(FromFile(source.file, what), what, "file");
  if (char* env = std::getenv(source.variable); env != nullptr) {
    auto copy = crypto::SecretBuffer::CopyOf(crypto::AsBytes(env));
    // Read once: the environment would otherwise hold it in plain memory for
    // as long as the process runs (days, for `serve`), and show it in
    // /proc/PID/environ. Wiping in place clears that page too.
    crypto::Wipe({reinterpret_cast<std::uint8_t*>(env), std::strlen(env)});
    ::unsetenv(source.variable);
    return NonEmpty(std::move(copy), what, std::string("in ") + source.variable);
  }
  const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (tty < 0)
    return Fail(ErrorCode::kInvalidArgument,
                "no " + what + ": there is no terminal to ask on; set " + source.variable +
                    " or use " + source.file_option + " FILE");
  auto first = Prompt(tty, source.question);
  if (first && source.repeat_question != nullptr) {
    // A repeat that fails is no confirmation: a typo here would lock the
    // person out for good.
    auto second = Prompt(tty, source.repeat_question);
    if (!second) {
      ::close(tty);
      return second;
    }
    if (!crypto::ConstantTimeEqual(first->view(), second->view())) {
      ::close(tty);
      return Fail(ErrorCode::kInvalidArgument, "the two passphrases differ; nothing was changed");
    }
  }
  ::close(tty);
  return NonEmpty(std::move(first), what, "typed");
}

}  // namespace

Result<crypto::SecretBuffer> ReadPassphrase(const std::string& file, bool confirm) {
  return Read({"passphrase", file, "RAPPORT_PASSPHRASE", "--passphrase-file",
               confirm ? "Choose a passphrase: " : "Passphrase: ",
               confirm ? "Repeat the passphrase: " : nullptr});
}

Result<crypto::SecretBuffer> ReadCurrentPassphrase(const std::string& file) {
  return Read({"passphrase", file, "RAPPORT_PASSPHRASE", "--passphrase-file",
               "Current passphrase: ", nullptr});
}

Result<crypto::SecretBuffer> ReadNewPassphrase(const std::string& file) {
  return Read({"new passphrase", file, "RAPPORT_NEW_PASSPHRASE", "--new-passphrase-file",
               "Choose a new passphrase: ", "Repeat the new passphrase: "});
}

}  // namespace rapport::cli
