// What the network commands (invite, join, serve, sync) share: the
// --timeout option, durations like "15m", log lines with the time, and the
// progress bar drawn on a terminal.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "sync/net.h"

namespace rapport::cli {

// Adds --timeout SECONDS (default 10) to `command`, filling `net.timeout`.
void AddTimeoutOption(CLI::App* command, sync::NetOptions& net, int& seconds);
// Applies the parsed seconds; a user error if out of range.
void ApplyTimeout(sync::NetOptions& net, int seconds);

// "30s", "15m", "2h", "7d"; nullopt if not understood.
std::optional<std::chrono::seconds> ParseDuration(const std::string& text);

// Writes "HH:MM:SS LINE" to stderr: the log of serve and invite.
void LogLine(const std::string& line);

// Draws "received N records (X kB), sent M (Y kB)" in place on stderr when
// it is a terminal; does nothing otherwise. Finish() ends the line.
class ProgressBar {
 public:
  ProgressBar();
  void Update(const sync::Transfer& t);
  void Finish();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

// "12.3 kB" and the like.
std::string HumanBytes(std::uint64_t bytes);

}  // namespace rapport::cli
