// Noise SymmetricState (spec rev 34, section 5.2): the chaining key ck, the
// handshake hash h and a CipherState, shared by every handshake pattern.
// HASH is BLAKE2b-512, so HASHLEN = 64 and cipher keys are the first 32 bytes
// of each HKDF output (section 5.2, "If HASHLEN is 64"). See docs/noise.md.
//
// Not thread-safe; owned by one HandshakeState.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "base/result.h"
#include "crypto/bytes.h"
#include "crypto/noise_cipher_state.h"
#include "crypto/noise_hkdf.h"
#include "crypto/secret_buffer.h"

namespace rapport::crypto {

// The two transport CipherStates from Split(): c1 carries initiator ->
// responder messages, c2 responder -> initiator.
struct NoiseCipherPair {
  CipherState c1;
  CipherState c2;
};

class SymmetricState {
 public:
  // InitializeSymmetric(protocol_name): h = the name zero-padded to 64 bytes
  // (or HASH(name) if longer), ck = h, no cipher key.
  explicit SymmetricState(std::string_view protocol_name);
  SymmetricState(SymmetricState&&) noexcept = default;
  SymmetricState& operator=(SymmetricState&&) noexcept = default;

  // ck, temp_k = HKDF(ck, ikm, 2); the cipher is keyed with temp_k[0..32).
  void MixKey(ByteView input_key_material);
  // h = HASH(h || data).
  void MixHash(ByteView data);
  // ck, temp_h, temp_k = HKDF(ck, ikm, 3); MixHash(temp_h); key with temp_k.
  // Used for `psk` tokens.
  void MixKeyAndHash(ByteView input_key_material);

  bool HasKey() const { return cipher_.HasKey(); }
  // GetHandshakeHash(): h as it stands now.
  const NoiseHash& handshake_hash() const { return h_; }

  // Encrypts with h as the associated data (or, before the first MixKey,
  // passes the plaintext through), then MixHash(ciphertext).
  // Fails only as CipherState::EncryptWithAd does; h is then unchanged.
  [[nodiscard]] Result<Bytes> EncryptAndHash(ByteView plaintext);
  // The reverse. On failure (kAuthenticationFailed for a bad tag, kProtocol
  // for a bad length) h is unchanged and nothing is returned.
  [[nodiscard]] Result<Bytes> DecryptAndHash(ByteView ciphertext);

  // Split(): temp_k1, temp_k2 = HKDF(ck, empty, 2); c1 and c2 keyed with
  // their first 32 bytes. Does not change this state.
  NoiseCipherPair Split() const;

 private:
  // Keys the cipher with the first 32 bytes of an HKDF output, then wipes it.
  void InitializeCipherKey(std::span<std::uint8_t> hkdf_output);

  NoiseHash h_;
  SecretBuffer ck_;
  CipherState cipher_;
};

}  // namespace rapport::crypto
