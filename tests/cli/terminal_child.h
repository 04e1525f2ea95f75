// Runs the `rapport` binary on a pseudo-terminal of its own, as a person
// would at a shell: the terminal is its controlling terminal (/dev/tty) and
// its standard input, output and error.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::cli::testing {

struct TerminalChild {
  pid_t pid = -1;   // -1 if it could not start
  int master = -1;  // the other end of its terminal: what a person types and sees
};

// `env` is the whole environment of the child. The caller waits for the
// child and closes `master`.
TerminalChild StartOnTerminal(const std::vector<std::string>& args,
                              const std::map<std::string, std::string>& env);

// What the child writes on its terminal until `text` appears, it exits, or
// `timeout_ms` pass with nothing new (then the test fails on what it got).
std::string ReadUntil(int master, std::string_view text, int timeout_ms = 10000);

}  // namespace rapport::cli::testing
