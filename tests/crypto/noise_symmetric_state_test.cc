// SymmetricState: InitializeSymmetric for short and long names, the
// keyless pass-through, agreement between two copies, and that a failed
// DecryptAndHash leaves h alone.
#include "crypto/noise_symmetric_state.h"

#include <gtest/gtest.h>

#include <string>

namespace rapport::crypto {
namespace {

constexpr std::string_view kName = "Noise_XX_25519_ChaChaPoly_BLAKE2b";

TEST(NoiseSymmetricState, ShortNameIsZeroPadded) {
  const SymmetricState s(kName);
  NoiseHash expected{};
  std::copy(kName.begin(), kName.end(), expected.begin());
  EXPECT_EQ(s.handshake_hash(), expected);
  EXPECT_FALSE(s.HasKey());
}

TEST(NoiseSymmetricState, LongNameIsHashed) {
  // 70 bytes: longer than HASHLEN. Expected value from Python's hashlib.
  const SymmetricState s("Noise_XXpsk3_25519_ChaChaPoly_BLAKE2b_with_a_name_longer_than_64_bytes");
  EXPECT_EQ(ToHex(s.handshake_hash()),
            "cf2ec391124da730085e0479526fdd1b2d5d9f818638ef63a49246e47a75d910"
            "620bf23302abf3aece63ea6aa7d13e7df58f878ba6b68fcdc71e5c20d67d37d1");
}

TEST(NoiseSymmetricState, WithoutKeyPayloadPassesThroughAndIsHashed) {
  SymmetricState a(kName);
  const NoiseHash before = a.handshake_hash();
  auto out = a.EncryptAndHash(AsBytes("plain"));
  ASSERT_TRUE(out);
  EXPECT_EQ(AsChars(*out), "plain");
  EXPECT_EQ(a.handshake_hash(), NoiseHash2(before, AsBytes("plain")));
}

TEST(NoiseSymmetricState, TwoSidesAgreeAndTamperLeavesHashUnchanged) {
  SymmetricState a(kName);
  SymmetricState b(kName);
  for (SymmetricState* s : {&a, &b}) {
    s->MixHash(AsBytes("prologue"));
    s->MixKey(Bytes(32, 7));
    s->MixKeyAndHash(Bytes(32, 9));
  }
  ASSERT_EQ(a.handshake_hash(), b.handshake_hash());
  ASSERT_TRUE(a.HasKey());

  const Bytes sealed = *a.EncryptAndHash(AsBytes("payload"));
  Bytes bad = sealed;
  bad[0] ^= 1;
  const NoiseHash before = b.handshake_hash();
  auto failed = b.DecryptAndHash(bad);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kAuthenticationFailed);
  EXPECT_EQ(b.handshake_hash(), before);

  auto opened = b.DecryptAndHash(sealed);
  ASSERT_TRUE(opened);
  EXPECT_EQ(AsChars(*opened), "payload");
  EXPECT_EQ(a.handshake_hash(), b.handshake_hash());

  NoiseCipherPair ka = a.Split();
  NoiseCipherPair kb = b.Split();
  auto m = ka.c1.EncryptWithAd({}, AsBytes("x"));
  ASSERT_TRUE(m);
  EXPECT_TRUE(kb.c1.DecryptWithAd({}, *m));
  // c1 and c2 are different keys.
  EXPECT_FALSE(kb.c2.DecryptWithAd({}, *m));
}

}  // namespace
}  // namespace rapport::crypto
