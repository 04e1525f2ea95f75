#include "crypto/password_wrap.h"

#include <gtest/gtest.h>

namespace rapport::crypto {
namespace {

class PasswordWrapTest : public ::testing::Test {
 protected:
  SeededRng rng_{7};
  const Bytes secret_ = Bytes(32, 0x42);
  const Bytes blob_ = WrapSecret("correct horse", secret_, KdfParams::Interactive(), rng_);
};

TEST_F(PasswordWrapTest, RoundTrip) {
  auto opened = UnwrapSecret("correct horse", blob_);
  ASSERT_TRUE(opened);
  EXPECT_TRUE(ConstantTimeEqual(opened->view(), secret_));
}

TEST_F(PasswordWrapTest, WrongPassphraseIsNamedAndRevealsNothing) {
  auto opened = UnwrapSecret("wrong horse", blob_);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kWrongPassphrase);
  EXPECT_EQ(opened.error().message, "wrong passphrase");
}

TEST_F(PasswordWrapTest, TheBlobNamesArgon2idAndHoldsNoPlaintext) {
  EXPECT_EQ(blob_[4], 2);  // crypto_pwhash_ALG_ARGON2ID13
  EXPECT_EQ(std::search(blob_.begin(), blob_.end(), secret_.begin(), secret_.begin() + 8),
            blob_.end());
}

TEST_F(PasswordWrapTest, AFlippedByteInTheCiphertextFails) {
  for (std::size_t at : {blob_.size() - 1, blob_.size() - 20, std::size_t{70}}) {
    Bytes bad = blob_;
    bad[at] ^= 0x01;
    EXPECT_FALSE(UnwrapSecret("correct horse", bad)) << at;
  }
}

// The parameters and salt are associated data: changing them, even to
// values that are still allowed, makes the blob fail rather than derive a
// different (weaker) key.
TEST_F(PasswordWrapTest, ParametersCannotBeChanged) {
  Bytes stronger_ops = blob_;
  stronger_ops[12] += 1;  // low byte of opslimit
  EXPECT_FALSE(UnwrapSecret("correct horse", stronger_ops));
  Bytes salt_changed = blob_;
  salt_changed[25] ^= 0x80;
  EXPECT_FALSE(UnwrapSecret("correct horse", salt_changed));
}

TEST_F(PasswordWrapTest, DowngradedParametersAreRefusedBeforeDeriving) {
  Bytes weak = blob_;
  for (int i = 5; i < 13; ++i) weak[i] = 0;
  weak[12] = 1;  // opslimit 1, below the interactive floor
  auto r = UnwrapSecret("correct horse", weak);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kCorruptData);
}

// The parameters are read before anything is authenticated, so a damaged
// or planted blob could ask for 2^32 passes and hang every unlock for days.
// Anything above libsodium's sensitive cost is refused without deriving.
// (The cheapest case comes first: without the ceiling it merely derives,
// fails the tag and reports a wrong passphrase, and ASSERT stops there.)
TEST_F(PasswordWrapTest, AbsurdCostsAreRefusedBeforeDeriving) {
  for (std::uint64_t ops : {std::uint64_t{5}, std::uint64_t{1} << 24, std::uint64_t{0xffffffff}}) {
    Bytes costly = blob_;
    for (int i = 0; i < 8; ++i) costly[5 + i] = static_cast<std::uint8_t>(ops >> (56 - 8 * i));
    auto r = UnwrapSecret("correct horse", costly);
    ASSERT_FALSE(r) << ops;
    ASSERT_EQ(r.error().code, ErrorCode::kCorruptData) << ops;
  }
  Bytes big_memory = blob_;
  big_memory[17] = 0x44;  // memlimit 1 GiB + 64 MiB
  auto r = UnwrapSecret("correct horse", big_memory);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kCorruptData);
}

TEST(PasswordWrapParams, InteractiveAndSensitiveAreTheBounds) {
  EXPECT_TRUE(KdfParamsAllowed(KdfParams::Interactive()));
  EXPECT_TRUE(KdfParamsAllowed({4, std::uint64_t{1} << 30}));
  EXPECT_FALSE(KdfParamsAllowed({5, KdfParams::Interactive().memlimit}));
  EXPECT_FALSE(KdfParamsAllowed({2, (std::uint64_t{1} << 30) + 1}));
  EXPECT_FALSE(KdfParamsAllowed({1, KdfParams::Interactive().memlimit}));
  EXPECT_FALSE(KdfParamsAllowed({2, KdfParams::Interactive().memlimit - 1}));
}

TEST_F(PasswordWrapTest, TruncationAndUnknownFormat) {
  for (std::size_t n : {std::size_t{0}, std::size_t{4}, std::size_t{40}, blob_.size() - 1}) {
    EXPECT_FALSE(UnwrapSecret("correct horse", ByteView(blob_).first(n))) << n;
  }
  Bytes other_magic = blob_;
  other_magic[3] = '9';
  EXPECT_EQ(UnwrapSecret("correct horse", other_magic).error().code,
            ErrorCode::kUnsupportedVersion);
  Bytes other_alg = blob_;
  other_alg[4] = 1;  // Argon2i
  EXPECT_EQ(UnwrapSecret("correct horse", other_alg).error().code, ErrorCode::kUnsupportedVersion);
}

}  // namespace
}  // namespace rapport::crypto
