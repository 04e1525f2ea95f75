#include "crypto/noise_hkdf.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>

namespace rapport::crypto {

static_assert(kNoiseHashSize == crypto_generichash_BYTES_MAX);

namespace {

using HashOut = std::span<std::uint8_t, kNoiseHashSize>;

// Incremental unkeyed BLAKE2b-512 whose state is wiped when it goes away:
// HMAC's inner state depends on the key.
class Blake2b512 {
 public:
  Blake2b512() {
    EnsureSodium();
    crypto_generichash_init(&state_, nullptr, 0, kNoiseHashSize);
  }
  ~Blake2b512() { sodium_memzero(&state_, sizeof(state_)); }
  Blake2b512(const Blake2b512&) = delete;
  Blake2b512& operator=(const Blake2b512&) = delete;

  void Update(ByteView data) { crypto_generichash_update(&state_, data.data(), data.size()); }
  void Final(HashOut out) { crypto_generichash_final(&state_, out.data(), out.size()); }

 private:
  crypto_generichash_state state_;
};

// HMAC(key, data1 || data2) into `out`. The temporaries live on the stack
// and are wiped before returning: a SecretBuffer each (an mmap, mlock and
// guard pages) would make every handshake many times slower.
void Hmac(ByteView key, ByteView data1, ByteView data2, HashOut out) {
  std::uint8_t block[kNoiseHashBlockSize] = {};
  if (key.size() > kNoiseHashBlockSize) {
    Blake2b512 hash;
    hash.Update(key);
    hash.Final(HashOut(block, kNoiseHashSize));
  } else {
    std::copy(key.begin(), key.end(), block);
  }

  std::uint8_t pad[kNoiseHashBlockSize];
  std::uint8_t inner[kNoiseHashSize];
  for (std::size_t i = 0; i < kNoiseHashBlockSize; ++i) pad[i] = block[i] ^ 0x36;
  {
    Blake2b512 hash;
    hash.Update(pad);
    hash.Update(data1);
    hash.Update(data2);
    hash.Final(inner);
  }
  for (std::size_t i = 0; i < kNoiseHashBlockSize; ++i) pad[i] = block[i] ^ 0x5c;
  {
    Blake2b512 hash;
    hash.Update(pad);
    hash.Update(inner);
    hash.Final(out);
  }
  Wipe(block);
  Wipe(pad);
  Wipe(inner);
}

}  // namespace

NoiseHash NoiseHash2(ByteView a, ByteView b) {
  Blake2b512 hash;
  hash.Update(a);
  hash.Update(b);
  NoiseHash out;
  hash.Final(out);
  return out;
}

SecretBuffer HmacBlake2b(ByteView key, ByteView data) {
  SecretBuffer out(kNoiseHashSize);
  Hmac(key, data, {}, HashOut(out.data(), kNoiseHashSize));
  return out;
}

void NoiseHkdf(ByteView chaining_key, ByteView input_key_material, std::span<std::uint8_t> out1,
               std::span<std::uint8_t> out2, std::span<std::uint8_t> out3) {
  if (out1.size() != kNoiseHashSize || out2.size() != kNoiseHashSize ||
      (!out3.empty() && out3.size() != kNoiseHashSize))
    std::abort();
  std::uint8_t temp_key[kNoiseHashSize];
  Hmac(chaining_key, input_key_material, {}, temp_key);

  // Each later output hashes the one before it followed by its index byte.
  const std::uint8_t index[3] = {0x01, 0x02, 0x03};
  Hmac(temp_key, {}, ByteView(&index[0], 1), HashOut(out1.data(), kNoiseHashSize));
  Hmac(temp_key, out1, ByteView(&index[1], 1), HashOut(out2.data(), kNoiseHashSize));
  if (!out3.empty())
    Hmac(temp_key, out2, ByteView(&index[2], 1), HashOut(out3.data(), kNoiseHashSize));
  Wipe(temp_key);
}

}  // namespace rapport::crypto
