// CipherState: round trip, tamper, truncation, size limits, nonce encoding
// and exhaustion, Rekey. Expected bytes were computed independently with
// Python's `cryptography` ChaCha20Poly1305.
#include "crypto/noise_cipher_state.h"

#include <gtest/gtest.h>

namespace rapport::crypto {
namespace {

Bytes Key32() {
  Bytes key(32);
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i);
  return key;
}

// A sender and a receiver sharing Key32().
struct Pair {
  CipherState send;
  CipherState receive;
  Pair() {
    send.InitializeKey(Key32());
    receive.InitializeKey(Key32());
  }
};

TEST(NoiseCipherState, RoundTripAdvancesNonce) {
  Pair p;
  for (std::uint64_t n = 0; n < 3; ++n) {
    auto sealed = p.send.EncryptWithAd(AsBytes("ad"), AsBytes("hello"));
    ASSERT_TRUE(sealed);
    EXPECT_EQ(sealed->size(), 5 + kNoiseTagSize);
    auto opened = p.receive.DecryptWithAd(AsBytes("ad"), *sealed);
    ASSERT_TRUE(opened);
    EXPECT_EQ(AsChars(*opened), "hello");
  }
  EXPECT_EQ(p.send.nonce(), 3u);
  EXPECT_EQ(p.receive.nonce(), 3u);
}

TEST(NoiseCipherState, NonceIsFourZeroBytesThenLittleEndianCounter) {
  CipherState c;
  c.InitializeKey(Key32());
  c.SetNonce(0x0102030405060708);
  auto sealed = c.EncryptWithAd(AsBytes("ad"), AsBytes("hello noise"));
  ASSERT_TRUE(sealed);
  EXPECT_EQ(ToHex(*sealed), "982cc188c41984770dd84fdb07437cfe9a1d6d8aa3295a0906aecd");
}

TEST(NoiseCipherState, TamperFailsAndKeepsNonce) {
  Pair p;
  const Bytes sealed = *p.send.EncryptWithAd(AsBytes("ad"), AsBytes("secret words"));
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    Bytes bad = sealed;
    bad[i] ^= 0x01;
    auto r = p.receive.DecryptWithAd(AsBytes("ad"), bad);
    ASSERT_FALSE(r) << "flip at byte " << i;
    EXPECT_EQ(r.error().code, ErrorCode::kAuthenticationFailed);
    EXPECT_EQ(p.receive.nonce(), 0u);
  }
  EXPECT_FALSE(p.receive.DecryptWithAd(AsBytes("aD"), sealed));
  // The failures did not desynchronise the receiver.
  EXPECT_TRUE(p.receive.DecryptWithAd(AsBytes("ad"), sealed));
}

TEST(NoiseCipherState, TruncationFails) {
  Pair p;
  const Bytes sealed = *p.send.EncryptWithAd({}, AsBytes("abcdef"));
  for (std::size_t n = 0; n < sealed.size(); ++n) {
    auto r = p.receive.DecryptWithAd({}, ByteView(sealed).first(n));
    ASSERT_FALSE(r) << "truncated to " << n;
    EXPECT_EQ(r.error().code,
              n < kNoiseTagSize ? ErrorCode::kProtocol : ErrorCode::kAuthenticationFailed);
  }
  Bytes longer = sealed;
  longer.push_back(0);
  EXPECT_FALSE(p.receive.DecryptWithAd({}, longer));
  EXPECT_TRUE(p.receive.DecryptWithAd({}, sealed));
}

TEST(NoiseCipherState, RefusesWithoutKey) {
  CipherState empty;
  EXPECT_FALSE(empty.HasKey());
  auto e = empty.EncryptWithAd({}, AsBytes("x"));
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, ErrorCode::kProtocol);
  auto d = empty.DecryptWithAd({}, Bytes(20));
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kProtocol);
  EXPECT_FALSE(empty.Rekey());
}

TEST(NoiseCipherState, MessageSizeLimit) {
  Pair p;
  auto too_big = p.send.EncryptWithAd({}, Bytes(kNoiseMaxPlaintextSize + 1));
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error().code, ErrorCode::kProtocol);
  EXPECT_EQ(p.send.nonce(), 0u);
  auto largest = p.send.EncryptWithAd({}, Bytes(kNoiseMaxPlaintextSize));
  ASSERT_TRUE(largest);
  EXPECT_EQ(largest->size(), kNoiseMaxMessageSize);
  EXPECT_TRUE(p.receive.DecryptWithAd({}, *largest));
  auto oversized = p.receive.DecryptWithAd({}, Bytes(kNoiseMaxMessageSize + 1));
  ASSERT_FALSE(oversized);
  EXPECT_EQ(oversized.error().code, ErrorCode::kProtocol);
}

TEST(NoiseCipherState, NonceExhaustionIsRefusedAndNeverWraps) {
  Pair p;
  p.send.SetNonce(kNoiseMaxNonce - 1);
  p.receive.SetNonce(kNoiseMaxNonce - 1);
  // The last usable nonce, 2^64-2, still works.
  auto last = p.send.EncryptWithAd({}, AsBytes("last"));
  ASSERT_TRUE(last);
  ASSERT_TRUE(p.receive.DecryptWithAd({}, *last));
  EXPECT_EQ(p.send.nonce(), kNoiseMaxNonce);
  // 2^64-1 is reserved: every further call is refused, again and again.
  for (int i = 0; i < 3; ++i) {
    auto e = p.send.EncryptWithAd({}, AsBytes("more"));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().code, ErrorCode::kProtocol);
    auto d = p.receive.DecryptWithAd({}, *last);
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error().code, ErrorCode::kProtocol);
    EXPECT_EQ(p.send.nonce(), kNoiseMaxNonce);
    EXPECT_EQ(p.receive.nonce(), kNoiseMaxNonce);
  }
}

TEST(NoiseCipherState, RekeyMatchesSpecAndKeepsNonce) {
  Pair p;
  p.send.SetNonce(5);
  p.receive.SetNonce(5);
  ASSERT_TRUE(p.send.Rekey());
  ASSERT_TRUE(p.receive.Rekey());
  EXPECT_EQ(p.send.nonce(), 5u);
  auto sealed = p.send.EncryptWithAd({}, AsBytes("after rekey"));
  ASSERT_TRUE(sealed);
  EXPECT_EQ(ToHex(*sealed), "33aadc6d4a5dbf5a4b033cce607f72e85b3621f7d8262986b789af");
  EXPECT_TRUE(p.receive.DecryptWithAd({}, *sealed));
}

TEST(NoiseCipherState, MovedFromHasNoKey) {
  CipherState a;
  a.InitializeKey(Key32());
  CipherState b = std::move(a);
  EXPECT_TRUE(b.HasKey());
  EXPECT_FALSE(a.HasKey());  // NOLINT(bugprone-use-after-move): the point of the test.
}

}  // namespace
}  // namespace rapport::crypto
