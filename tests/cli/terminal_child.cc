#include "terminal_child.h"

#include <poll.h>
#include <pty.h>
#include <unistd.h>

#include <cerrno>

#include "run_binary.h"

namespace rapport::cli::testing {

TerminalChild StartOnTerminal(const std::vector<std::string>& args,
                              const std::map<std::string, std::string>& env) {
  // Everything the child needs is made before fork: after it, in a process
  // that may have threads, only async-signal-safe calls.
  BinaryCommandLine command(args, env);
  TerminalChild child;
  child.pid = ::forkpty(&child.master, nullptr, nullptr, nullptr);
  if (child.pid == 0) {
    ::execve(RAPPORT_BINARY, command.argv(), command.envp());
    ::_exit(127);
  }
  return child;
}

std::string ReadUntil(int master, std::string_view text, int timeout_ms) {
  std::string seen;
  while (seen.find(text) == std::string::npos) {
    pollfd fd{master, POLLIN, 0};
    const int ready = ::poll(&fd, 1, timeout_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) break;
    char buf[256];
    const ssize_t n = ::read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO: the child closed its terminal
    seen.append(buf, static_cast<std::size_t>(n));
  }
  return seen;
}

}  // namespace rapport::cli::testing
