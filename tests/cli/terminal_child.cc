#include "terminal_child.h"

#include <poll.h>
#include <pty.h>
#include <unistd.h>

#include <cerrno>

namespace rapport::cli::testing {

TerminalChild StartOnTerminal(const std::vector<std::string>& args,
                              const std::map<std::string, std::string>& env) {
  // Everything the child needs is made before fork: after it, in a process
  // that may have threads, only async-signal-safe calls.
  std::vector<std::string> argv_store = {RAPPORT_BINARY};
  argv_store.insert(argv_store.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_store) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_store;
  for (const auto& [k, v] : env) env_store.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& e : env_store) envp.push_back(e.data());
  envp.push_back(nullptr);

  TerminalChild child;
  child.pid = ::forkpty(&child.master, nullptr, nullptr, nullptr);
  if (child.pid == 0) {
    ::execve(RAPPORT_BINARY, argv.data(), envp.data());
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
