#include "cli/read_input.h"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <span>

#include "cli/context.h"
#include "crypto/secret_buffer.h"

namespace rapport::cli {

namespace {
void WipeChars(std::span<char> chars) {
  crypto::Wipe({reinterpret_cast<std::uint8_t*>(chars.data()), chars.size()});
}
}  // namespace

std::string ReadAtMost(int fd, const std::string& name, std::size_t limit,
                       const std::string& too_long) {
  std::string text;
  std::array<char, 1 << 16> chunk;
  // The text may be an invite (its PSK) or a record: the stack copy is
  // wiped on every way out, and so is the text when it is refused.
  struct WipeOnExit {
    std::span<char> bytes;
    ~WipeOnExit() { WipeChars(bytes); }
  } wipe_chunk{chunk};
  while (text.size() <= limit) {
    const ssize_t n = ::read(fd, chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      WipeChars(text);
      UserError("cannot read " + name + ": " + std::strerror(error));
    }
    if (n == 0) break;
    text.append(chunk.data(), static_cast<std::size_t>(n));
  }
  if (text.size() > limit) {
    WipeChars(text);
    UserError(too_long);
  }
  return text;
}

void PromptIfTerminal(const char* prompt) {
  if (::isatty(STDIN_FILENO)) std::cerr << prompt << "\n";
}

std::string ReadTextFromStdin(const char* prompt) {
  PromptIfTerminal(prompt);
  std::string text = ReadAtMost(STDIN_FILENO, "standard input", kMaxStdinTextBytes,
                                "the text on standard input is longer than 64 KiB, more than "
                                "any record holds");
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

}  // namespace rapport::cli
