// Test helpers for Device: a fixed clock, seeded randomness, a temp home.
#pragma once

#include <gtest/gtest.h>

#include "store/device.h"
#include "temp_dir.h"

namespace rapport::store::testing_util {

class FixedClock final : public core::Clock {
 public:
  std::int64_t NowMillis() override { return now_ += 1000; }

 private:
  std::int64_t now_ = 1767225600000;  // 2026-01-01
};

// A device home with its own clock and randomness.
struct TestHome {
  explicit TestHome(std::uint64_t seed) : rng(seed) {}
  DeviceEnv env() { return DeviceEnv{&rng, &clock}; }
  Device Create(const std::string& name = "Dr. Ada Example",
                core::Role role = core::Role::kTherapist) {
    auto d = Device::Create(dir.path(), "correct horse", name, role, env());
    EXPECT_TRUE(d) << d.error().message;
    return std::move(d).value();
  }
  Device Open() {
    auto d = Device::Open(dir.path(), "correct horse", env());
    EXPECT_TRUE(d) << d.error().message;
    return std::move(d).value();
  }

  TempDir dir;
  crypto::SeededRng rng;
  FixedClock clock;
};

inline core::JournalEntry Entry(std::string text, std::optional<int> mood = {}) {
  core::JournalEntry e;
  e.text = std::move(text);
  e.mood = mood;
  return e;
}

}  // namespace rapport::store::testing_util
