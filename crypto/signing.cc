#include "crypto/signing.h"

#include <sodium.h>

#include <cstring>

namespace rapport::crypto {

static_assert(kSignPublicKeySize == crypto_sign_PUBLICKEYBYTES);
static_assert(kSignSecretKeySize == crypto_sign_SECRETKEYBYTES);
static_assert(kSignatureSize == crypto_sign_BYTES);
static_assert(kDhPublicKeySize == crypto_scalarmult_BYTES);
static_assert(kDhSecretKeySize == crypto_scalarmult_SCALARBYTES);

bool VerifySignature(const SignPublicKey& key, ByteView message, const Signature& signature) {
  EnsureSodium();
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                     key.data()) == 0;
}

SigningKey SigningKey::Generate(Rng& rng) {
  EnsureSodium();
  SecretBuffer seed(crypto_sign_SEEDBYTES);
  rng.Fill(seed.span());
  SecretBuffer secret(kSignSecretKeySize);
  SignPublicKey pk;
  crypto_sign_seed_keypair(pk.data(), secret.data(), seed.data());
  return SigningKey(std::move(secret), pk);
}

Result<SigningKey> SigningKey::FromSecret(ByteView secret) {
  EnsureSodium();
  if (secret.size() != kSignSecretKeySize)
    return Fail(ErrorCode::kCorruptData, "signing key has the wrong length");
  SecretBuffer copy = SecretBuffer::CopyOf(secret);
  SignPublicKey derived;
  SecretBuffer scratch(kSignSecretKeySize);
  crypto_sign_seed_keypair(derived.data(), scratch.data(), copy.data());
  if (!ConstantTimeEqual(derived, secret.subspan(32)))
    return Fail(ErrorCode::kCorruptData, "signing key does not match its public half");
  return SigningKey(std::move(copy), derived);
}

Signature SigningKey::Sign(ByteView message) const {
  Signature sig;
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), secret_.data());
  return sig;
}

DhKeyPair DhKeyPair::Generate(Rng& rng) {
  EnsureSodium();
  SecretBuffer secret(kDhSecretKeySize);
  rng.Fill(secret.span());
  return *FromSecret(secret.view());
}

Result<DhKeyPair> DhKeyPair::FromSecret(ByteView secret) {
  EnsureSodium();
  if (secret.size() != kDhSecretKeySize)
    return Fail(ErrorCode::kCorruptData, "Noise key has the wrong length");
  DhPublicKey pk;
  crypto_scalarmult_base(pk.data(), secret.data());
  return DhKeyPair(SecretBuffer::CopyOf(secret), pk);
}

Bytes StaticKeyBindingMessage(const DhPublicKey& noise_key) {
  constexpr std::string_view kContext = "rapport/1 static";
  Bytes message;
  message.reserve(kContext.size() + noise_key.size());
  message.insert(message.end(), kContext.begin(), kContext.end());
  message.insert(message.end(), noise_key.begin(), noise_key.end());
  return message;
}

Signature SignStaticKeyBinding(const SigningKey& identity, const DhPublicKey& noise_key) {
  return identity.Sign(StaticKeyBindingMessage(noise_key));
}

bool VerifyStaticKeyBinding(const SignPublicKey& identity, const DhPublicKey& noise_key,
                            const Signature& signature) {
  return VerifySignature(identity, StaticKeyBindingMessage(noise_key), signature);
}

}  // namespace rapport::crypto
