#include "crypto/hash.h"

#include <gtest/gtest.h>

#include "crypto/random.h"

namespace rapport::crypto {
namespace {

// BLAKE2b-512 of the empty string (RFC 7693 reference value).
TEST(Hash, KnownAnswer) {
  EXPECT_EQ(ToHex(Blake2b512({})),
            "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee5853"
            "13896444934eb04b903a685b1448b755d56f701afe9be2ce");
}

TEST(Hash, IncrementalEqualsOneShotAndKeysMatter) {
  const Bytes data = ToBytes(AsBytes("split across several updates"));
  Blake2bHasher h(32);
  h.Update(ByteView(data).first(5));
  h.Update(ByteView(data).subspan(5));
  const Bytes incremental = h.Final();
  const Hash256 one_shot = Blake2b256(data);
  EXPECT_TRUE(ConstantTimeEqual(incremental, one_shot));

  SeededRng rng(9);
  SecretBuffer key(32), other(32);
  rng.Fill(key.span());
  rng.Fill(other.span());
  EXPECT_NE(Blake2b256Keyed(key, data), Blake2b256Keyed(other, data));
  EXPECT_NE(Blake2b256Keyed(key, data), one_shot);
  Blake2bHasher keyed(32, key.view());
  keyed.Update(data);
  Hash256 into;
  keyed.FinalInto(into);
  EXPECT_EQ(into, Blake2b256Keyed(key, data));
}

// libsodium refuses to finalise twice and leaves the output alone; a keyed
// hasher used again must not hand out an all-zero "MAC" that anyone could
// forge.
TEST(HashDeathTest, ASecondFinalAborts) {
  SecretBuffer key = SecretBuffer::CopyOf(Bytes(32, 1));
  Blake2bHasher mac(32, key.view());
  mac.Update(AsBytes("first message"));
  const Bytes first = mac.Final();
  EXPECT_NE(first, Bytes(32, 0));
  mac.Update(AsBytes("second message"));
  EXPECT_DEATH((void)mac.Final(), "");
  Hash256 into;
  EXPECT_DEATH(mac.FinalInto(into), "");
}

TEST(SecretBuffer, MovesWithoutCopyingAndComparesInConstantTime) {
  SecretBuffer a = SecretBuffer::CopyOf(AsBytes("key material"));
  const std::uint8_t* where = a.data();
  SecretBuffer b = std::move(a);
  EXPECT_EQ(b.data(), where);
  EXPECT_TRUE(a.empty());  // NOLINT: moved-from is documented as empty
  EXPECT_TRUE(ConstantTimeEqual(b.view(), AsBytes("key material")));
  EXPECT_FALSE(ConstantTimeEqual(b.view(), AsBytes("key materiaL")));
  EXPECT_FALSE(ConstantTimeEqual(b.view(), AsBytes("key")));
  Wipe(b.span());
  EXPECT_TRUE(ConstantTimeEqual(b.view(), Bytes(b.size(), 0)));
}

}  // namespace
}  // namespace rapport::crypto
