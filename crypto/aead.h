// XChaCha20-Poly1305 (IETF) authenticated encryption with associated data.
// The 24-byte nonce is large enough to draw at random for every message.
#pragma once

#include "base/result.h"
#include "crypto/bytes.h"
#include "crypto/random.h"
#include "crypto/secret_buffer.h"

namespace rapport::crypto {

inline constexpr std::size_t kAeadKeySize = 32;
inline constexpr std::size_t kAeadNonceSize = 24;
inline constexpr std::size_t kAeadTagSize = 16;

using AeadNonce = FixedBytes<kAeadNonceSize>;

// A 32-byte symmetric key in secure memory.
class AeadKey {
 public:
  static AeadKey Generate(Rng& rng);
  // Returns kInvalidArgument unless `bytes` is exactly kAeadKeySize long.
  static Result<AeadKey> FromBytes(ByteView bytes);

  ByteView view() const { return key_.view(); }
  const SecretBuffer& buffer() const { return key_; }

 private:
  explicit AeadKey(SecretBuffer key) : key_(std::move(key)) {}
  SecretBuffer key_;
};

// Returns ciphertext || 16-byte tag.
Bytes AeadSeal(const AeadKey& key, const AeadNonce& nonce, ByteView plaintext, ByteView ad);

// Returns the plaintext, or kAuthenticationFailed if the key, nonce, `ad` or
// ciphertext differ from sealing, or kCorruptData if it is shorter than a tag.
[[nodiscard]] Result<Bytes> AeadOpen(const AeadKey& key, const AeadNonce& nonce,
                                     ByteView ciphertext, ByteView ad);
// As AeadOpen, into `out` (resized; its capacity is reused, which saves an
// allocation per message when opening many). What `out` held is wiped first;
// on failure it is left empty.
[[nodiscard]] Status AeadOpenInto(const AeadKey& key, const AeadNonce& nonce, ByteView ciphertext,
                                  ByteView ad, Bytes& out);
// As AeadOpen, into secure memory: for plaintexts that are themselves keys.
[[nodiscard]] Result<SecretBuffer> AeadOpenSecret(const AeadKey& key, const AeadNonce& nonce,
                                                  ByteView ciphertext, ByteView ad);

// A sealed box: a random nonce followed by the AEAD ciphertext.
Bytes SealWithRandomNonce(const AeadKey& key, Rng& rng, ByteView plaintext, ByteView ad);
[[nodiscard]] Result<Bytes> OpenWithNonce(const AeadKey& key, ByteView box, ByteView ad);
[[nodiscard]] Result<SecretBuffer> OpenSecretWithNonce(const AeadKey& key, ByteView box,
                                                       ByteView ad);

// Derives an independent subkey for `purpose` (8 ASCII chars) and `id`, with
// BLAKE2b (crypto_kdf). Lets one master key serve several jobs safely.
AeadKey DeriveSubkey(const AeadKey& master, std::uint64_t id, const char purpose[8]);

}  // namespace rapport::crypto
