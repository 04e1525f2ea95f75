// Noise CipherState (Noise spec rev 34, section 5.1): a key and a 64-bit
// nonce counter around ChaCha20-Poly1305 (IETF), the "ChaChaPoly" cipher of
// section 12.3. It encrypts handshake fields and, after Split(), every
// transport message. See docs/noise.md.
//
// Not thread-safe; a CipherState belongs to one sender or one receiver.
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/result.h"
#include "crypto/bytes.h"
#include "crypto/secret_buffer.h"

namespace rapport::crypto {

inline constexpr std::size_t kNoiseKeySize = 32;
inline constexpr std::size_t kNoiseTagSize = 16;
// Every Noise message, handshake or transport, is at most this long (spec 3).
inline constexpr std::size_t kNoiseMaxMessageSize = 65535;
inline constexpr std::size_t kNoiseMaxPlaintextSize = kNoiseMaxMessageSize - kNoiseTagSize;
// Reserved by the spec (section 5.1): never used to encrypt a message. Rekey()
// uses it; a counter that reaches it refuses every further message.
inline constexpr std::uint64_t kNoiseMaxNonce = UINT64_MAX;

class CipherState {
 public:
  // An empty CipherState: HasKey() is false and every Encrypt/Decrypt is
  // refused. (The spec's "no key means plaintext" rule lives in
  // SymmetricState, the only place that needs it, so that a keyless
  // CipherState can never send a transport message in the clear.)
  CipherState() = default;
  CipherState(CipherState&&) noexcept = default;
  CipherState& operator=(CipherState&&) noexcept = default;
  CipherState(const CipherState&) = delete;
  CipherState& operator=(const CipherState&) = delete;

  // InitializeKey(key): sets k = key and n = 0.
  // REQUIRES: key.size() == kNoiseKeySize (aborts otherwise: a broken invariant).
  void InitializeKey(ByteView key);
  bool HasKey() const { return !key_.empty(); }

  // SetNonce(nonce) from the spec. For tests of nonce exhaustion and for
  // protocols that carry explicit nonces.
  // WARNING: reusing a nonce with the same key breaks ChaChaPoly completely.
  // Only ever move it forward, and never on a CipherState that has been used.
  void SetNonce(std::uint64_t nonce) { nonce_ = nonce; }
  std::uint64_t nonce() const { return nonce_; }

  // Returns ciphertext || 16-byte tag and advances the nonce.
  // kProtocol, with the state unchanged, if there is no key, the nonce has
  // reached kNoiseMaxNonce (it never wraps), or the result would be longer
  // than kNoiseMaxMessageSize.
  [[nodiscard]] Result<Bytes> EncryptWithAd(ByteView ad, ByteView plaintext);

  // Returns the plaintext and advances the nonce. On failure the nonce is
  // not advanced and no plaintext is returned:
  // kAuthenticationFailed if the tag does not verify (wrong key, nonce, ad or
  // altered bytes); kProtocol if there is no key, the nonce is exhausted, or
  // the ciphertext is shorter than a tag or longer than kNoiseMaxMessageSize.
  [[nodiscard]] Result<Bytes> DecryptWithAd(ByteView ad, ByteView ciphertext);

  // Rekey() (spec 4.2 and 11.3): k = the first 32 bytes of
  // ENCRYPT(k, kNoiseMaxNonce, empty ad, 32 zero bytes). The nonce is kept.
  // kProtocol if there is no key.
  [[nodiscard]] Status Rekey();

 private:
  SecretBuffer key_;
  std::uint64_t nonce_ = 0;
};

}  // namespace rapport::crypto
