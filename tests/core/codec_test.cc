#include "core/codec.h"

#include <gtest/gtest.h>

namespace rapport::core {
namespace {

TEST(Codec, RoundTrip) {
  Writer w;
  w.U8(7);
  w.U16(0xBEEF);
  w.U32(0xDEADBEEF);
  w.U64(0x0102030405060708ull);
  w.I64(-5);
  w.String("héllo");
  const crypto::Bytes bytes = w.Take();
  Reader r(bytes);
  std::uint8_t a;
  std::uint16_t b;
  std::uint32_t c;
  std::uint64_t d;
  std::int64_t e;
  std::string s;
  ASSERT_TRUE(r.U8(a) && r.U16(b) && r.U32(c) && r.U64(d) && r.I64(e) && r.String(s, 100));
  EXPECT_TRUE(r.AtEnd());
  EXPECT_EQ(a, 7);
  EXPECT_EQ(b, 0xBEEF);
  EXPECT_EQ(c, 0xDEADBEEFu);
  EXPECT_EQ(d, 0x0102030405060708ull);
  EXPECT_EQ(e, -5);
  EXPECT_EQ(s, "héllo");
}

TEST(Codec, TruncationFailsAndStaysFailed) {
  Writer w;
  w.String("abcdef");
  crypto::Bytes bytes = w.Take();
  bytes.pop_back();
  Reader r(bytes);
  std::string s;
  EXPECT_FALSE(r.String(s, 100));
  std::uint8_t x;
  EXPECT_FALSE(r.U8(x));
  EXPECT_FALSE(r.ok());
}

TEST(Codec, LengthOverLimitFailsBeforeAllocating) {
  Writer w;
  w.U32(0xFFFFFFFF);  // claims 4 GiB
  const crypto::Bytes bytes = w.Take();
  Reader r(bytes);
  crypto::Bytes out;
  EXPECT_FALSE(r.Blob(out, 1024));
  EXPECT_TRUE(out.empty());
}

TEST(Codec, RejectsInvalidUtf8) {
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("\xE2\x82\xAC"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));      // truncated
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  Writer w;
  w.String("\xFF\xFE");
  const crypto::Bytes bytes = w.Take();
  Reader r(bytes);
  std::string s;
  EXPECT_FALSE(r.String(s, 10));
}

}  // namespace
}  // namespace rapport::core
