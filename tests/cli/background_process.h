// For end-to-end tests of the long-running commands (serve, invite, sync
// --live): the real `rapport` binary started in the background with pipes,
// so a test can read what it prints as it goes, signal it, and wait for it
// with a deadline. Every wait here polls a condition until a deadline; none
// sleeps for a fixed time.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rapport::cli::testing {

using std::chrono::milliseconds;

class BackgroundProcess {
 public:
  // Starts RAPPORT_BINARY with `args` and exactly `env` as its environment,
  // in a session of its own (no terminal), standard input empty. If the
  // spawn fails, running() is false and error() says why.
  BackgroundProcess(const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env);
  // Kills the process (SIGKILL) if it still runs, and reaps it.
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  bool running() const { return pid_ > 0 && !exit_code_; }
  pid_t pid() const { return pid_; }
  const std::string& error() const { return error_; }

  // The next whole line printed on standard output (without its newline),
  // or nullopt if none arrives within `timeout` or the output ends first.
  std::optional<std::string> ReadLine(milliseconds timeout);
  // Waits until standard error holds `text`, at most `timeout`.
  bool WaitForStderr(const std::string& text, milliseconds timeout);
  // How often `text` occurs in what standard error printed so far.
  std::size_t CountInStderr(const std::string& text);

  // Sends `signal` (SIGINT, SIGKILL...) to the process.
  void Signal(int signal);
  // Waits at most `timeout` for the process to end; returns its exit code
  // (128 + the signal number if a signal ended it), or nullopt if it still
  // runs.
  std::optional<int> Wait(milliseconds timeout);

  // Everything printed so far (reading what is waiting in the pipes).
  std::string Stdout();
  std::string Stderr();

 private:
  // Reads whatever the pipes hold, waiting at most `timeout` for something
  // to arrive; reaps the process once both pipes are closed.
  void Pump(milliseconds timeout);
  void Reap(bool block);

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_;
  std::size_t out_read_ = 0;  // bytes of out_ already returned by ReadLine
  std::string err_;
  std::optional<int> exit_code_;
  std::string error_;
};

// Calls `condition` until it returns true or `timeout` passes (then one
// last time). Between calls it waits `interval` at most, so that a
// condition that runs a command does not spin.
bool PollUntil(const std::function<bool()>& condition, milliseconds timeout,
               milliseconds interval = milliseconds(20));

}  // namespace rapport::cli::testing
