// Runs the real `rapport` binary as a child process, with its own
// environment, standard input, and captured output and exit code.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace rapport::cli::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// `env` is the whole environment of the child (nothing is inherited), so
// tests never depend on the developer's RAPPORT_* variables.
RunResult RunRapport(const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env,
                     const std::string& stdin_text = "");

// Starts the binary with `args` and exactly `env`, in a new session (no
// controlling terminal, so it can never stop to prompt on the developer's
// terminal, and a signal sent to it reaches it alone), with its standard
// input, output and error on the given descriptors. Returns 0 and sets
// `pid`, or posix_spawn's error number.
int SpawnRapport(const std::vector<std::string>& args,
                 const std::map<std::string, std::string>& env, int stdin_fd, int stdout_fd,
                 int stderr_fd, pid_t& pid);

}  // namespace rapport::cli::testing
