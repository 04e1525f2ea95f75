// Echo turned off on a terminal while a passphrase is typed, and turned back
// on whatever happens: also when Ctrl-C, a hang-up or `kill` ends the
// process at the prompt, which would otherwise leave the person's shell
// showing nothing they type.
#pragma once

#include <termios.h>

#include <csignal>

namespace rapport::cli {

// Not thread-safe: one at a time in a process (the signal handler it
// installs restores the one terminal it knows).
class EchoOff {
 public:
  // Turns echo off on `tty` if it is a terminal; else does nothing.
  explicit EchoOff(int tty);
  // Restores the terminal's settings, then the signal handlers it replaced.
  ~EchoOff();
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  static constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
  int tty_ = -1;  // -1 when not a terminal
  termios saved_{};
  struct sigaction replaced_[std::size(kSignals)]{};
  bool installed_[std::size(kSignals)]{};
};

}  // namespace rapport::cli
