#include "cli/read_input.h"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <iostream>

#include "cli/context.h"

namespace rapport::cli {

std::string ReadAtMost(int fd, const std::string& name, std::size_t limit,
                       const std::string& too_long) {
  std::string text;
  std::array<char, 1 << 16> chunk;
  while (text.size() <= limit) {
    const ssize_t n = ::read(fd, chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) UserError("cannot read " + name + ": " + std::strerror(errno));
    if (n == 0) break;
    text.append(chunk.data(), static_cast<std::size_t>(n));
  }
  if (text.size() > limit) UserError(too_long);
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
