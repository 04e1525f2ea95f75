// Sources of randomness. Code above crypto/ never calls a random function
// itself: it is handed an Rng, so tests can make every run identical.
#pragma once

#include <cstdint>
#include <span>

#include "crypto/bytes.h"

namespace rapport::crypto {

class Rng {
 public:
  virtual ~Rng() = default;
  virtual void Fill(std::span<std::uint8_t> out) = 0;

  template <std::size_t N>
  FixedBytes<N> Draw() {
    FixedBytes<N> out;
    Fill(out);
    return out;
  }
};

// The operating system's CSPRNG (libsodium's randombytes_buf).
class SystemRng final : public Rng {
 public:
  void Fill(std::span<std::uint8_t> out) override;
};

// WARNING: for tests and benchmarks only. Every output is a function of the
// seed, so it must never produce a real key.
class SeededRng final : public Rng {
 public:
  explicit SeededRng(std::uint64_t seed);
  void Fill(std::span<std::uint8_t> out) override;

 private:
  FixedBytes<32> seed_{};
  std::uint64_t counter_ = 0;
};

}  // namespace rapport::crypto
