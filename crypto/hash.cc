#include "crypto/hash.h"

#include <sodium.h>

#include <cstdlib>

namespace rapport::crypto {

static_assert(sizeof(crypto_generichash_state) <= 384);

Hash256 Blake2b256(ByteView data) {
  EnsureSodium();
  Hash256 out;
  crypto_generichash(out.data(), out.size(), data.data(), data.size(), nullptr, 0);
  return out;
}

FixedBytes<kHash512Size> Blake2b512(ByteView data) {
  EnsureSodium();
  FixedBytes<kHash512Size> out;
  crypto_generichash(out.data(), out.size(), data.data(), data.size(), nullptr, 0);
  return out;
}

Hash256 Blake2b256Keyed(const SecretBuffer& key, ByteView data) {
  EnsureSodium();
  if (key.size() < crypto_generichash_KEYBYTES_MIN || key.size() > crypto_generichash_KEYBYTES_MAX)
    std::abort();
  Hash256 out;
  crypto_generichash(out.data(), out.size(), data.data(), data.size(), key.data(), key.size());
  return out;
}

Blake2bHasher::Blake2bHasher(std::size_t out_size, ByteView key) : out_size_(out_size) {
  EnsureSodium();
  auto* state = reinterpret_cast<crypto_generichash_state*>(state_);
  if (crypto_generichash_init(state, key.empty() ? nullptr : key.data(), key.size(), out_size) != 0)
    std::abort();
}

Blake2bHasher::~Blake2bHasher() { sodium_memzero(state_, sizeof(state_)); }

void Blake2bHasher::Update(ByteView data) {
  crypto_generichash_update(reinterpret_cast<crypto_generichash_state*>(state_), data.data(),
                            data.size());
}

void Blake2bHasher::FinalInto(std::span<std::uint8_t> out) {
  if (out.size() != out_size_) std::abort();
  if (crypto_generichash_final(reinterpret_cast<crypto_generichash_state*>(state_), out.data(),
                               out.size()) != 0)
    std::abort();  // Finalised before: `out` was left as it was.
}

Bytes Blake2bHasher::Final() {
  Bytes out(out_size_);
  FinalInto(out);
  return out;
}

}  // namespace rapport::crypto
