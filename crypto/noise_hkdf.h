// The Noise HASH, HMAC-HASH and HKDF (spec rev 34, section 4.3) for BLAKE2b:
// HASH is BLAKE2b-512 and HMAC is built by hand (RFC 2104) with BLAKE2b's
// 128-byte block, as the spec requires. Keyed BLAKE2b is NOT the same thing.
//
// Stateless functions; safe to call from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "crypto/bytes.h"
#include "crypto/secret_buffer.h"

namespace rapport::crypto {

// HASHLEN and BLOCKLEN for BLAKE2b (spec 12.8).
inline constexpr std::size_t kNoiseHashSize = 64;
inline constexpr std::size_t kNoiseHashBlockSize = 128;

using NoiseHash = FixedBytes<kNoiseHashSize>;

// HASH(a || b): BLAKE2b-512 of the two pieces in order (b may be empty).
NoiseHash NoiseHash2(ByteView a, ByteView b);

// HMAC-HASH(key, data) per RFC 2104 with a 128-byte block: a key longer than
// the block is hashed first, a shorter one is padded with zeros.
// The result is secret in every Noise use, so it is returned in secure memory.
SecretBuffer HmacBlake2b(ByteView key, ByteView data);

// HKDF(chaining_key, input_key_material, num_outputs) from spec 4.3:
//   temp_key = HMAC(chaining_key, ikm)
//   output1  = HMAC(temp_key, 0x01)
//   output2  = HMAC(temp_key, output1 || 0x02)
//   output3  = HMAC(temp_key, output2 || 0x03)
// Writes output1 and output2, and output3 unless `out3` is empty (so
// num_outputs is 2 or 3) into the caller's buffers, which the caller wipes;
// `out1` may be the chaining key itself, which is read only before any
// output is written. `ikm` may be empty or 32 bytes (a DH output or a
// PSK); the function does not restrict it.
// REQUIRES: out1 and out2 (and out3 if not empty) are kNoiseHashSize bytes
// each (aborts otherwise) and do not overlap one another.
void NoiseHkdf(ByteView chaining_key, ByteView input_key_material, std::span<std::uint8_t> out1,
               std::span<std::uint8_t> out2, std::span<std::uint8_t> out3 = {});

}  // namespace rapport::crypto
