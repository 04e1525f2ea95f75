// core never reads the clock itself: the time is handed in, so tests can fix it.
#pragma once

#include <cstdint>

namespace rapport::core {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch.
  virtual std::int64_t NowMillis() = 0;
};

}  // namespace rapport::core
