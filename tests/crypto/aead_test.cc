#include "crypto/aead.h"

#include <gtest/gtest.h>

namespace rapport::crypto {
namespace {

TEST(Aead, RoundTrip) {
  SeededRng rng(1);
  const AeadKey key = AeadKey::Generate(rng);
  const AeadNonce nonce = rng.Draw<kAeadNonceSize>();
  const Bytes sealed = AeadSeal(key, nonce, AsBytes("hello"), AsBytes("ad"));
  ASSERT_EQ(sealed.size(), 5 + kAeadTagSize);
  auto opened = AeadOpen(key, nonce, sealed, AsBytes("ad"));
  ASSERT_TRUE(opened);
  EXPECT_EQ(AsChars(*opened), "hello");
}

TEST(Aead, TamperedCiphertextAdNonceOrKeyFails) {
  SeededRng rng(2);
  const AeadKey key = AeadKey::Generate(rng);
  const AeadKey other = AeadKey::Generate(rng);
  const AeadNonce nonce = rng.Draw<kAeadNonceSize>();
  const Bytes sealed = AeadSeal(key, nonce, AsBytes("secret words"), AsBytes("ad"));
  for (size_t i = 0; i < sealed.size(); ++i) {
    Bytes bad = sealed;
    bad[i] ^= 0x01;
    auto r = AeadOpen(key, nonce, bad, AsBytes("ad"));
    ASSERT_FALSE(r) << "flip at byte " << i;
    EXPECT_EQ(r.error().code, ErrorCode::kAuthenticationFailed);
  }
  EXPECT_FALSE(AeadOpen(key, nonce, sealed, AsBytes("aD")));
  AeadNonce bad_nonce = nonce;
  bad_nonce[3] ^= 0x80;
  EXPECT_FALSE(AeadOpen(key, bad_nonce, sealed, AsBytes("ad")));
  EXPECT_FALSE(AeadOpen(other, nonce, sealed, AsBytes("ad")));
}

TEST(Aead, TruncationFails) {
  SeededRng rng(3);
  const AeadKey key = AeadKey::Generate(rng);
  const Bytes box = SealWithRandomNonce(key, rng, AsBytes("abc"), {});
  ASSERT_TRUE(OpenWithNonce(key, box, {}));
  for (size_t n = 0; n < box.size(); ++n) {
    auto r = OpenWithNonce(key, ByteView(box).first(n), {});
    EXPECT_FALSE(r) << "truncated to " << n;
  }
}

// AeadOpenInto reuses a buffer that holds the last plaintext: a failed
// open must not hand back that plaintext, nor a zeroed buffer that looks
// like one.
TEST(Aead, AFailedOpenIntoLeavesNothingInTheBuffer) {
  SeededRng rng(5);
  const AeadKey key = AeadKey::Generate(rng);
  const AeadNonce nonce = rng.Draw<kAeadNonceSize>();
  const Bytes sealed = AeadSeal(key, nonce, AsBytes("a new secret"), {});
  Bytes tampered = sealed;
  tampered[0] ^= 1;
  for (const Bytes& bad : {Bytes(kAeadTagSize - 1, 0), tampered}) {
    Bytes out = ToBytes(AsBytes("the last plaintext"));
    EXPECT_FALSE(AeadOpenInto(key, nonce, bad, {}, out));
    EXPECT_TRUE(out.empty()) << AsChars(out);
  }
  Bytes out = ToBytes(AsBytes("the last plaintext"));
  ASSERT_TRUE(AeadOpenInto(key, nonce, sealed, {}, out));
  EXPECT_EQ(AsChars(out), "a new secret");
}

TEST(Aead, SubkeysDifferByPurposeAndId) {
  SeededRng rng(4);
  const AeadKey master = AeadKey::Generate(rng);
  const AeadKey a = DeriveSubkey(master, 1, "journal_");
  const AeadKey b = DeriveSubkey(master, 2, "journal_");
  const AeadKey c = DeriveSubkey(master, 1, "private_");
  EXPECT_FALSE(ConstantTimeEqual(a.view(), b.view()));
  EXPECT_FALSE(ConstantTimeEqual(a.view(), c.view()));
  EXPECT_TRUE(ConstantTimeEqual(a.view(), DeriveSubkey(master, 1, "journal_").view()));
}

}  // namespace
}  // namespace rapport::crypto

namespace rapport::crypto {
namespace {

TEST(Hex, RoundTripAndRejects) {
  EXPECT_EQ(ToHex(Bytes{0x00, 0xab, 0xff}), "00abff");
  EXPECT_EQ(FromHex("00abff"), (Bytes{0x00, 0xab, 0xff}));
  EXPECT_EQ(FromHex(""), Bytes{});
  EXPECT_FALSE(FromHex("abc"));
  EXPECT_FALSE(FromHex("zz"));
}

}  // namespace
}  // namespace rapport::crypto
