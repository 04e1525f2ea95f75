// Small helpers shared by the benchmarks: a stopwatch, peak memory, a temp
// directory and a fixed clock.
#pragma once

#include <stdlib.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/clock.h"

namespace rapport::bench {

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

// Peak resident memory of this process so far, in MiB.
inline double PeakMemoryMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

class BenchDir {
 public:
  BenchDir() {
    std::string templ = "/tmp/rapport-bench-XXXXXX";
    path_ = mkdtemp(templ.data());
  }
  // Set RAPPORT_BENCH_KEEP=1 to keep the files for a closer look.
  ~BenchDir() {
    if (std::getenv("RAPPORT_BENCH_KEEP") != nullptr) {
      std::printf("kept %s\n", path_.c_str());
      return;
    }
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class TickingClock final : public core::Clock {
 public:
  std::int64_t NowMillis() override { return now_ += 1000; }

 private:
  std::int64_t now_ = 1767225600000;
};

}  // namespace rapport::bench
