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

// The argument and environment arrays execve and posix_spawn take, for the
// binary with `args` and exactly `env`. Built before a fork (after it, only
// async-signal-safe calls); not copied or moved, since the arrays point
// into the strings it holds.
class BinaryCommandLine {
 public:
  BinaryCommandLine(const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env);
  BinaryCommandLine(const BinaryCommandLine&) = delete;
  BinaryCommandLine& operator=(const BinaryCommandLine&) = delete;
  char* const* argv() { return argv_.data(); }
  char* const* envp() { return envp_.data(); }

 private:
  std::vector<std::string> arg_strings_;
  std::vector<std::string> env_strings_;
  std::vector<char*> argv_;
  std::vector<char*> envp_;
};

// Starts the binary with `args` and exactly `env`, in a new session (no
// controlling terminal, so it can never stop to prompt on the developer's
// terminal, and a signal sent to it reaches it alone), with its standard
// input, output and error on the given descriptors. Returns 0 and sets
// `pid`, or posix_spawn's error number.
int SpawnRapport(const std::vector<std::string>& args,
                 const std::map<std::string, std::string>& env, int stdin_fd, int stdout_fd,
                 int stderr_fd, pid_t& pid);

}  // namespace rapport::cli::testing
