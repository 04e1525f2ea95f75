// The real clock, for the CLI and sync; tests use a fixed one.
#pragma once

#include <chrono>

#include "core/clock.h"

namespace rapport::store {

class SystemClock final : public core::Clock {
 public:
  std::int64_t NowMillis() override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace rapport::store
