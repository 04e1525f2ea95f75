#include "cli/net_support.h"

#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <iostream>

#include "cli/context.h"

namespace rapport::cli {

void AddTimeoutOption(CLI::App* command, sync::NetOptions& net, int& seconds) {
  seconds = static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(net.timeout).count());
  command->add_option("--timeout", seconds,
                      "Give up on a silent connection after SECONDS (default 10)");
}

void ApplyTimeout(sync::NetOptions& net, int seconds) {
  if (seconds < 1 || seconds > 3600) UserError("--timeout takes 1 to 3600 seconds");
  net.timeout = std::chrono::seconds(seconds);
}

std::optional<std::chrono::seconds> ParseDuration(const std::string& text) {
  if (text.size() < 2 || text.size() > 6) return std::nullopt;
  const std::string number = text.substr(0, text.size() - 1);
  if (number.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  const long n = std::stol(number);
  if (n <= 0) return std::nullopt;
  switch (text.back()) {
    case 's':
      return std::chrono::seconds(n);
    case 'm':
      return std::chrono::minutes(n);
    case 'h':
      return std::chrono::hours(n);
    case 'd':
      return std::chrono::hours(24 * n);
    default:
      return std::nullopt;
  }
}

void LogLine(const std::string& line) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char stamp[16];
  std::strftime(stamp, sizeof stamp, "%H:%M:%S", &local);
  std::cerr << stamp << " " << line << std::endl;
}

std::string HumanBytes(std::uint64_t bytes) {
  char out[32];
  if (bytes < 1024) {
    std::snprintf(out, sizeof out, "%llu B", static_cast<unsigned long long>(bytes));
  } else if (bytes < 1024 * 1024) {
    std::snprintf(out, sizeof out, "%.1f kB", static_cast<double>(bytes) / 1024.0);
  } else {
    std::snprintf(out, sizeof out, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  }
  return out;
}

ProgressBar::ProgressBar() : enabled_(::isatty(STDERR_FILENO) != 0) {}

void ProgressBar::Update(const sync::Transfer& t) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  drawn_ = true;
  std::cerr << "\r  received " << t.events_received << " records (" << HumanBytes(t.bytes_received)
            << "), sent " << t.events_sent << " (" << HumanBytes(t.bytes_sent) << ")   "
            << std::flush;
}

void ProgressBar::Finish() {
  if (drawn_) std::cerr << "\n";
  drawn_ = false;
}

}  // namespace rapport::cli
