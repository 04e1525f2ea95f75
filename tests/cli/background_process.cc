// A `rapport` child process read through pipes (background_process.h).
#include "background_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

#include "run_binary.h"

namespace rapport::cli::testing {
namespace {

using Clock = std::chrono::steady_clock;

int MillisLeft(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 60'000));
}

int ExitCodeOf(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& args,
                                     const std::map<std::string, std::string>& env) {
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
    error_ = std::string("pipe failed: ") + std::strerror(errno);
    return;
  }
  const int null_in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const int rc = SpawnRapport(args, env, null_in, out[1], err[1], pid_);
  if (null_in >= 0) close(null_in);
  close(out[1]);
  close(err[1]);
  out_fd_ = out[0];
  err_fd_ = err[0];
  if (rc != 0) {
    pid_ = -1;
    error_ = std::string("spawn failed: ") + std::strerror(rc);
  }
}

BackgroundProcess::~BackgroundProcess() {
  if (running()) {
    Signal(SIGKILL);
    Reap(true);
  }
  if (out_fd_ >= 0) close(out_fd_);
  if (err_fd_ >= 0) close(err_fd_);
}

void BackgroundProcess::Pump(milliseconds timeout) {
  pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
  if (out_fd_ < 0 && err_fd_ < 0) {
    // Nothing left to read: pace the caller's polling of the exit status.
    std::this_thread::sleep_for(std::min(timeout, milliseconds(5)));
    Reap(false);
    return;
  }
  const int ready = poll(fds, 2, static_cast<int>(timeout.count()));
  if (ready <= 0) return;
  for (int i = 0; i < 2; ++i) {
    if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    char buf[4096];
    const ssize_t n = read(fds[i].fd, buf, sizeof buf);
    if (n > 0) {
      (i == 0 ? out_ : err_).append(buf, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      close(fds[i].fd);
      (i == 0 ? out_fd_ : err_fd_) = -1;
    }
  }
}

void BackgroundProcess::Reap(bool block) {
  if (pid_ <= 0 || exit_code_) return;
  int status = 0;
  const pid_t r = waitpid(pid_, &status, block ? 0 : WNOHANG);
  if (r == pid_) exit_code_ = ExitCodeOf(status);
}

std::optional<std::string> BackgroundProcess::ReadLine(milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto newline = out_.find('\n', out_read_);
    if (newline != std::string::npos) {
      std::string line = out_.substr(out_read_, newline - out_read_);
      out_read_ = newline + 1;
      return line;
    }
    if (out_fd_ < 0 || Clock::now() >= deadline) return std::nullopt;
    Pump(milliseconds(MillisLeft(deadline)));
  }
}

bool BackgroundProcess::WaitForStderr(const std::string& text, milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    if (err_.find(text) != std::string::npos) return true;
    if (err_fd_ < 0 || Clock::now() >= deadline) return false;
    Pump(milliseconds(MillisLeft(deadline)));
  }
}

std::size_t BackgroundProcess::CountInStderr(const std::string& text) {
  Pump(milliseconds(0));
  std::size_t count = 0;
  for (auto at = err_.find(text); at != std::string::npos; at = err_.find(text, at + 1)) ++count;
  return count;
}

void BackgroundProcess::Signal(int signal) {
  if (running()) kill(pid_, signal);
}

std::optional<int> BackgroundProcess::Wait(milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    Reap(false);
    if (exit_code_ || pid_ <= 0) {
      // Collect what it printed last: its pipes are at their end.
      for (int i = 0; i < 100 && (out_fd_ >= 0 || err_fd_ >= 0); ++i) Pump(milliseconds(100));
      return exit_code_;
    }
    if (Clock::now() >= deadline) return std::nullopt;
    // The pipes close when it exits, so poll() wakes up then; a child that
    // handed its pipes on would still be noticed within this interval.
    Pump(std::min(milliseconds(20), milliseconds(MillisLeft(deadline))));
  }
}

std::string BackgroundProcess::Stdout() {
  Pump(milliseconds(0));
  return out_;
}

std::string BackgroundProcess::Stderr() {
  Pump(milliseconds(0));
  return err_;
}

bool PollUntil(const std::function<bool()>& condition, milliseconds timeout,
               milliseconds interval) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::min(interval, milliseconds(MillisLeft(deadline))));
  }
  return condition();
}

}  // namespace rapport::cli::testing
