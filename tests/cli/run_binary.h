// Runs the real `rapport` binary as a child process, with its own
// environment, standard input, and captured output and exit code.
#pragma once

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

}  // namespace rapport::cli::testing
