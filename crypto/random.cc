#include "crypto/random.h"

#include <sodium.h>

#include <cstring>

#include "crypto/hash.h"
#include "crypto/secret_buffer.h"

namespace rapport::crypto {

void SystemRng::Fill(std::span<std::uint8_t> out) {
  EnsureSodium();
  randombytes_buf(out.data(), out.size());
}

SeededRng::SeededRng(std::uint64_t seed) {
  EnsureSodium();
  std::uint8_t raw[8];
  for (int i = 0; i < 8; ++i) raw[i] = static_cast<std::uint8_t>(seed >> (8 * i));
  seed_ = Blake2b256(ByteView(raw, 8));
}

void SeededRng::Fill(std::span<std::uint8_t> out) {
  // Each call derives a fresh stream seed from (seed, counter).
  Bytes input(seed_.begin(), seed_.end());
  for (int i = 0; i < 8; ++i) input.push_back(static_cast<std::uint8_t>(counter_ >> (8 * i)));
  ++counter_;
  const FixedBytes<32> stream_seed = Blake2b256(input);
  randombytes_buf_deterministic(out.data(), out.size(), stream_seed.data());
}

}  // namespace rapport::crypto
