#include "cli/echo_off.h"

#include <unistd.h>

#include <iterator>

namespace rapport::cli {
namespace {

// What the handler restores; set before it is installed.
volatile std::sig_atomic_t g_tty = -1;
termios g_saved;

// tcsetattr, signal and raise are async-signal-safe. The signal is blocked
// while this runs, so the raise ends the process when it returns.
extern "C" void RestoreThenEnd(int signal) {
  if (g_tty >= 0) ::tcsetattr(g_tty, TCSANOW, &g_saved);
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

}  // namespace

EchoOff::EchoOff(int tty) {
  if (::tcgetattr(tty, &saved_) != 0) return;
  tty_ = tty;
  g_saved = saved_;
  g_tty = tty;
  struct sigaction restore {};
  restore.sa_handler = RestoreThenEnd;
  sigemptyset(&restore.sa_mask);
  for (std::size_t i = 0; i < std::size(kSignals); ++i) {
    // A signal ignored (`nohup`) stays ignored.
    if (::sigaction(kSignals[i], nullptr, &replaced_[i]) != 0 || replaced_[i].sa_handler == SIG_IGN)
      continue;
    installed_[i] = ::sigaction(kSignals[i], &restore, nullptr) == 0;
  }
  termios quiet = saved_;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  ::tcsetattr(tty, TCSAFLUSH, &quiet);
}

EchoOff::~EchoOff() {
  if (tty_ < 0) return;
  ::tcsetattr(tty_, TCSAFLUSH, &saved_);
  for (std::size_t i = 0; i < std::size(kSignals); ++i)
    if (installed_[i]) ::sigaction(kSignals[i], &replaced_[i], nullptr);
  g_tty = -1;
}

}  // namespace rapport::cli
