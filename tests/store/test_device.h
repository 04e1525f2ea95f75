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

// Pairs `client` into `therapist`'s notebook as the pairing protocol would
// (invite, join, the creator's history handed over), without a network.
inline void PairInStore(Device& therapist, Device& client, const core::NotebookId& nb) {
  ASSERT_TRUE(therapist.CreateInvite(nb, 1'900'000'000'000));
  const auto invite = therapist.PendingInviteNow();
  ASSERT_TRUE(invite && invite->has_value());
  const IdentityInfo& c = client.identity();
  ASSERT_TRUE(therapist.CompleteInvite(nb, (*invite)->sealed, c.id, c.noise_key, c.role, c.name));
  auto key = therapist.NotebookKeyForPeer(nb);
  ASSERT_TRUE(key) << key.error().message;
  const IdentityInfo& t = therapist.identity();
  ASSERT_TRUE(client.CompleteJoin(nb, t.id, t.role, t.noise_key, "", key->first, key->second));
  auto history = therapist.EventsAfter(nb, t.id, 0, 100000);
  ASSERT_TRUE(history);
  auto accepted = client.AcceptBatch(nb, *history);
  ASSERT_TRUE(accepted) << accepted.error().message;
}

// Sends every event `from` holds of `nb` that `to` lacks, one at a time
// through Accept; all must be accepted.
inline void Deliver(Device& from, Device& to, const core::NotebookId& nb) {
  auto have = to.VersionVector(nb);
  auto held = from.VersionVector(nb);
  ASSERT_TRUE(have && held);
  for (const auto& [author, seq] : *held) {
    auto events = from.EventsAfter(nb, author, (*have)[author], 1000);
    ASSERT_TRUE(events);
    for (const auto& e : *events) {
      auto r = to.Accept(e);
      ASSERT_TRUE(r) << r.error().message;
    }
  }
}

inline core::JournalEntry Entry(std::string text, std::optional<int> mood = {}) {
  core::JournalEntry e;
  e.text = std::move(text);
  e.mood = mood;
  return e;
}

}  // namespace rapport::store::testing_util
