// Reading what a person pipes in, never more than a command can use: a
// stream without end (`journal add < /dev/zero`) must end in a clear
// refusal, not in exhausted memory.
#pragma once

#include <cstddef>
#include <string>

namespace rapport::cli {

// The longest text read from standard input for one record: the longest any
// record holds (a journal entry), and room for the newlines dropped after it.
inline constexpr std::size_t kMaxStdinTextBytes = 64 * 1024 + 16;

// All of `fd` (called `name` in errors), reading no more than `limit` + 1
// bytes: a user error saying `too_long` if there is more, or if reading fails.
std::string ReadAtMost(int fd, const std::string& name, std::size_t limit,
                       const std::string& too_long);

// Shows `prompt` on standard error if standard input is a terminal: a
// command reading it must not seem to hang.
void PromptIfTerminal(const char* prompt);

// The text of a "-" argument: standard input, at most kMaxStdinTextBytes,
// with `prompt` shown first on a terminal and the trailing newlines dropped.
std::string ReadTextFromStdin(const char* prompt);

}  // namespace rapport::cli
