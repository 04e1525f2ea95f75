// A child process for the benchmarks that drive the real `rapport` binary:
// started with its own arguments and environment, its standard output read
// through a pipe, its memory read from /proc while it runs and its resource
// usage collected when it ends. Linux only. Not thread-safe.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rapport::bench {

struct ChildExit {
  int status = -1;       // as waitpid() reports it
  double peak_mib = -1;  // ru_maxrss: the highest resident memory since it started
};

class ChildProcess {
 public:
  // Starts args[0] with `args` and exactly `env` (nothing is inherited). Its
  // standard error is appended to `stderr_file`. started() says whether the
  // fork succeeded; a failed exec shows as exit status 127.
  ChildProcess(const std::vector<std::string>& args, const std::vector<std::string>& env,
               const std::filesystem::path& stderr_file) {
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) return;
    std::vector<char*> argv, envp;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    for (const std::string& e : env) envp.push_back(const_cast<char*>(e.c_str()));
    argv.push_back(nullptr);
    envp.push_back(nullptr);
    pid_ = fork();
    if (pid_ == 0) {
      // Only async-signal-safe calls between fork and exec.
      const int err = open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      if (err >= 0) dup2(err, STDERR_FILENO);
      dup2(out[1], STDOUT_FILENO);
      execve(argv[0], argv.data(), envp.data());
      _exit(127);
    }
    close(out[1]);
    out_ = out[0];
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  // Kills it if it still runs, so a failed benchmark leaves nothing behind.
  ~ChildProcess() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) close(out_);
  }

  bool started() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  // The next line of its standard output, without the newline; nullopt at
  // the end of the output or when nothing complete came within `timeout`.
  std::optional<std::string> ReadLine(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (const auto nl = buffered_.find('\n'); nl != std::string::npos) {
        std::string line = buffered_.substr(0, nl);
        buffered_.erase(0, nl + 1);
        return line;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd p{out_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      if (!ReadSome()) return std::nullopt;
    }
  }

  // The rest of its standard output, up to its end.
  std::string ReadAll() {
    while (ReadSome()) {
    }
    return std::exchange(buffered_, {});
  }

  // A "kB" field of /proc/PID/status ("VmRSS", "VmHWM") in MiB, or -1 once
  // the process has exited (or the field is missing).
  double StatusMiB(const std::string& field) const {
    std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(status, line))
      if (line.rfind(field + ":", 0) == 0)
        return std::strtod(line.c_str() + field.size() + 1, nullptr) / 1024.0;
    return -1;
  }

  // Lowers its peak resident memory (VmHWM, and so ru_maxrss) to what it
  // holds now, so that a later reading covers only what came after. False
  // if the kernel refused (it needs Linux 4.0 and the right to ptrace it).
  bool ResetPeak() const {
    std::ofstream clear("/proc/" + std::to_string(pid_) + "/clear_refs");
    clear << "5";
    clear.flush();
    return static_cast<bool>(clear);
  }

  void Signal(int sig) const {
    if (pid_ > 0 && !reaped_) kill(pid_, sig);
  }

  // Waits for it to end.
  // WARNING: ru_maxrss also counts the memory this process held when it
  // forked (Linux copies it into the child's accounting at exec), so keep
  // the parent small or use ResetPeak.
  ChildExit Wait() {
    ChildExit out;
    if (pid_ <= 0 || reaped_) return out;
    rusage usage{};
    if (wait4(pid_, &out.status, 0, &usage) == pid_) {
      reaped_ = true;
      out.peak_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
    }
    return out;
  }

 private:
  // False at the end of the output.
  bool ReadSome() {
    char chunk[4096];
    const ssize_t n = read(out_, chunk, sizeof chunk);
    if (n <= 0) return false;
    buffered_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  pid_t pid_ = -1;
  int out_ = -1;
  bool reaped_ = false;
  std::string buffered_;
};

}  // namespace rapport::bench
