// BLAKE2b hashing (libsodium's crypto_generichash): plain and keyed.
#pragma once

#include "crypto/bytes.h"
#include "crypto/secret_buffer.h"

namespace rapport::crypto {

inline constexpr std::size_t kHash256Size = 32;
inline constexpr std::size_t kHash512Size = 64;

using Hash256 = FixedBytes<kHash256Size>;

Hash256 Blake2b256(ByteView data);
FixedBytes<kHash512Size> Blake2b512(ByteView data);

// Keyed BLAKE2b-256: a MAC. `key` must be 16 to 64 bytes.
Hash256 Blake2b256Keyed(const SecretBuffer& key, ByteView data);

// Incremental BLAKE2b, for hashing several pieces without concatenating.
class Blake2bHasher {
 public:
  // `out_size` 16..64 bytes; `key` optional (empty for unkeyed).
  explicit Blake2bHasher(std::size_t out_size, ByteView key = {});
  ~Blake2bHasher();
  Blake2bHasher(const Blake2bHasher&) = delete;
  Blake2bHasher& operator=(const Blake2bHasher&) = delete;

  void Update(ByteView data);
  // Final and FinalInto end the hasher. REQUIRES: only one of them, once
  // (aborts otherwise: libsodium refuses a second finalisation, and ignoring
  // that would hand out an all-zero digest, the same for every key and input).
  Bytes Final();
  // REQUIRES: out.size() is the `out_size` given to the constructor.
  void FinalInto(std::span<std::uint8_t> out);

 private:
  alignas(64) unsigned char state_[384];
  std::size_t out_size_;
};

}  // namespace rapport::crypto
