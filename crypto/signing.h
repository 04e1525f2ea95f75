// Ed25519 signatures: the device's identity, and the binding that ties its
// X25519 Noise static key to that identity (DESIGN.md, "Keys").
#pragma once

#include "base/result.h"
#include "crypto/bytes.h"
#include "crypto/random.h"
#include "crypto/secret_buffer.h"

namespace rapport::crypto {

inline constexpr std::size_t kSignPublicKeySize = 32;
inline constexpr std::size_t kSignSecretKeySize = 64;
inline constexpr std::size_t kSignatureSize = 64;
inline constexpr std::size_t kDhPublicKeySize = 32;
inline constexpr std::size_t kDhSecretKeySize = 32;

using SignPublicKey = FixedBytes<kSignPublicKeySize>;
using Signature = FixedBytes<kSignatureSize>;
using DhPublicKey = FixedBytes<kDhPublicKeySize>;

// [[nodiscard]]: true only if `signature` is `key`'s signature of `message`.
[[nodiscard]] bool VerifySignature(const SignPublicKey& key, ByteView message,
                                   const Signature& signature);

// An Ed25519 key pair; the secret half lives in secure memory.
class SigningKey {
 public:
  static SigningKey Generate(Rng& rng);
  // From the 64-byte libsodium secret key (seed || public key). Checks that
  // the public half matches the seed.
  static Result<SigningKey> FromSecret(ByteView secret);

  const SignPublicKey& public_key() const { return public_key_; }
  const SecretBuffer& secret() const { return secret_; }
  Signature Sign(ByteView message) const;

 private:
  SigningKey(SecretBuffer secret, const SignPublicKey& pk)
      : secret_(std::move(secret)), public_key_(pk) {}
  SecretBuffer secret_;
  SignPublicKey public_key_;
};

// An X25519 key pair, the device's Noise static key.
class DhKeyPair {
 public:
  static DhKeyPair Generate(Rng& rng);
  // From a 32-byte private scalar; the public key is derived.
  static Result<DhKeyPair> FromSecret(ByteView secret);

  const DhPublicKey& public_key() const { return public_key_; }
  const SecretBuffer& secret() const { return secret_; }

 private:
  DhKeyPair(SecretBuffer secret, const DhPublicKey& pk)
      : secret_(std::move(secret)), public_key_(pk) {}
  SecretBuffer secret_;
  DhPublicKey public_key_;
};

// The message an identity signs to vouch for its Noise static key:
// the ASCII bytes "rapport/1 static" followed by the X25519 public key.
Bytes StaticKeyBindingMessage(const DhPublicKey& noise_key);
Signature SignStaticKeyBinding(const SigningKey& identity, const DhPublicKey& noise_key);
[[nodiscard]] bool VerifyStaticKeyBinding(const SignPublicKey& identity,
                                          const DhPublicKey& noise_key, const Signature& signature);

}  // namespace rapport::crypto
