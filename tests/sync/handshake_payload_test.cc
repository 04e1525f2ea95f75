#include "sync/handshake_payload.h"

#include <gtest/gtest.h>

#include "crypto/random.h"

namespace rapport::sync {
namespace {

class HandshakePayloadTest : public ::testing::Test {
 protected:
  crypto::SeededRng rng_{17};
  crypto::SigningKey identity_ = crypto::SigningKey::Generate(rng_);
  crypto::DhKeyPair noise_ = crypto::DhKeyPair::Generate(rng_);
  core::AuthorId author_ = core::AuthorId::FromArray(identity_.public_key());
  crypto::Bytes payload_ =
      EncodeHandshakePayload(author_, crypto::SignStaticKeyBinding(identity_, noise_.public_key()));
};

TEST_F(HandshakePayloadTest, LayoutIsIdentityThenSignature) {
  ASSERT_EQ(payload_.size(), 96u);
  EXPECT_TRUE(std::equal(author_.bytes.begin(), author_.bytes.end(), payload_.begin()));
  const crypto::Bytes message = crypto::StaticKeyBindingMessage(noise_.public_key());
  crypto::Signature sig;
  std::copy(payload_.begin() + 32, payload_.end(), sig.begin());
  EXPECT_TRUE(crypto::VerifySignature(identity_.public_key(), message, sig));
}

TEST_F(HandshakePayloadTest, VerifiesAgainstTheStaticKeyUsed) {
  auto who = VerifyHandshakePayload(payload_, noise_.public_key());
  ASSERT_TRUE(who);
  EXPECT_EQ(*who, author_);
}

// A payload replayed with another static key (an impostor who copied a real
// device's payload) does not verify.
TEST_F(HandshakePayloadTest, RefusesAnotherStaticKey) {
  const crypto::DhKeyPair impostor = crypto::DhKeyPair::Generate(rng_);
  auto who = VerifyHandshakePayload(payload_, impostor.public_key());
  ASSERT_FALSE(who);
  EXPECT_EQ(who.error().code, ErrorCode::kAuthenticationFailed);
}

TEST_F(HandshakePayloadTest, EveryFlippedByteIsRefused) {
  for (std::size_t i = 0; i < payload_.size(); ++i) {
    crypto::Bytes bad = payload_;
    bad[i] ^= 0x01;
    EXPECT_FALSE(VerifyHandshakePayload(bad, noise_.public_key())) << i;
  }
}

TEST_F(HandshakePayloadTest, WrongSizesAreProtocolErrors) {
  for (std::size_t n : {std::size_t{0}, std::size_t{95}, std::size_t{97}}) {
    crypto::Bytes sized = payload_;
    sized.resize(n);
    auto who = VerifyHandshakePayload(sized, noise_.public_key());
    ASSERT_FALSE(who) << n;
    EXPECT_EQ(who.error().code, ErrorCode::kProtocol);
  }
}

}  // namespace
}  // namespace rapport::sync
