#include "crypto/signing.h"

#include <gtest/gtest.h>

namespace rapport::crypto {
namespace {

TEST(Signing, SignVerifyTamper) {
  SeededRng rng(3);
  const SigningKey key = SigningKey::Generate(rng);
  const Bytes message = ToBytes(AsBytes("an event"));
  const Signature sig = key.Sign(message);
  EXPECT_TRUE(VerifySignature(key.public_key(), message, sig));
  Bytes altered = message;
  altered[0] ^= 1;
  EXPECT_FALSE(VerifySignature(key.public_key(), altered, sig));
  for (std::size_t i = 0; i < sig.size(); i += 7) {
    Signature bad = sig;
    bad[i] ^= 0x20;
    EXPECT_FALSE(VerifySignature(key.public_key(), message, bad)) << i;
  }
  const SigningKey other = SigningKey::Generate(rng);
  EXPECT_FALSE(VerifySignature(other.public_key(), message, sig));
}

TEST(Signing, SecretRoundTripAndMismatch) {
  SeededRng rng(4);
  const SigningKey key = SigningKey::Generate(rng);
  auto again = SigningKey::FromSecret(key.secret().view());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->public_key(), key.public_key());
  Bytes mismatched = ToBytes(key.secret().view());
  mismatched[40] ^= 1;  // the public half no longer matches the seed
  EXPECT_FALSE(SigningKey::FromSecret(mismatched));
  EXPECT_FALSE(SigningKey::FromSecret(key.secret().view().first(63)));
}

TEST(Signing, StaticKeyBinding) {
  SeededRng rng(5);
  const SigningKey identity = SigningKey::Generate(rng);
  const DhKeyPair noise = DhKeyPair::Generate(rng);
  const Signature binding = SignStaticKeyBinding(identity, noise.public_key());
  EXPECT_TRUE(VerifyStaticKeyBinding(identity.public_key(), noise.public_key(), binding));
  // The signed message is exactly "rapport/1 static" || the X25519 key.
  Bytes expected = ToBytes(AsBytes("rapport/1 static"));
  Append(expected, noise.public_key());
  EXPECT_EQ(StaticKeyBindingMessage(noise.public_key()), expected);
  EXPECT_TRUE(VerifySignature(identity.public_key(), expected, binding));
  const DhKeyPair other = DhKeyPair::Generate(rng);
  EXPECT_FALSE(VerifyStaticKeyBinding(identity.public_key(), other.public_key(), binding));
}

TEST(Signing, DhPublicKeyIsDerivedFromTheSecret) {
  SeededRng rng(6);
  const DhKeyPair a = DhKeyPair::Generate(rng);
  auto again = DhKeyPair::FromSecret(a.secret().view());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->public_key(), a.public_key());
  EXPECT_FALSE(DhKeyPair::FromSecret(a.secret().view().first(31)));
}

}  // namespace
}  // namespace rapport::crypto
