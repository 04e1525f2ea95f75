// HASH, HMAC-BLAKE2b and HKDF against values computed independently with
// Python's hashlib.blake2b and hmac modules.
#include "crypto/noise_hkdf.h"

#include <gtest/gtest.h>

#include <string>

namespace rapport::crypto {
namespace {

Bytes Pattern(std::size_t n) {
  Bytes out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(i * 7 + 1);
  return out;
}

Bytes Range(std::uint8_t from, std::size_t n) {
  Bytes out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(from + i);
  return out;
}

TEST(NoiseHkdf, HashOfTwoPieces) {
  EXPECT_EQ(ToHex(NoiseHash2(AsBytes("abc"), AsBytes("defg"))),
            "81e659403d5bfd8aa7f8ef2beab97c4b866a27b0d1079d1d97e6915f65d6e947"
            "f4b2efea807c4568fa6e201dd79c4a82d6988c71b7cc4a9673575cb3a1cb2202");
}

TEST(NoiseHkdf, HmacMatchesRfc2104WithA128ByteBlock) {
  struct Case {
    std::size_t key_size;
    const char* hex;
  };
  // 0: empty key; 64: HASHLEN, the Noise case; 128: one full block;
  // 129 and 200: longer than a block, so the key is hashed first.
  const Case cases[] = {
      {0,
       "84a26d6f687fa7b77c1503a91a67ef2b494688d84a817aa91c846f9d7c0704ac"
       "8734c3d1f5a924c5eb5470636213f2619ff9bfc25ea103ebabe11e685df8863e"},
      {32,
       "fc46be3a63c9c1440179e96d7a8e6bc30af71d803d0c21266b09a88d84625672"
       "c4a29752c7d824fb5e0b77eb0a22be7401746e3a03395176b4cd644e7626dd2b"},
      {64,
       "1ddd173ae4cfd64f2dbd6a72b664441ae446c2cf9bde4d523bfab196b6907c35"
       "22bdbd55b202cc280b95ca41cc75656071f023d867549f51dd1b8ba3ec8c96fe"},
      {128,
       "8444c0c240bf2f52964089f520558975a8e1600363c978cf0f58255ed051f5c8"
       "da3c31bfbe19d8bb5dfafb0c950694d9b62240c8dbe1cefc7d5d364ca600cc94"},
      {129,
       "42069a20e4ab32c92d5c09e0a882aa80d56b914c1cc93584f9b459884193f78b"
       "5830ddfda53be8c43b84865292e5ab7d26b791a8e9e278b282c5e6cb483d4ab2"},
      {200,
       "5f21bce05a274cf78f26d7a8d15fa22c2e445acceb150a8c4ed39f55a519bc5c"
       "cbaad7f606a86a908a6741675e177dffed2d5682d3e68822df915009a8f8532f"},
  };
  for (const Case& c : cases) {
    const SecretBuffer mac = HmacBlake2b(Pattern(c.key_size), AsBytes("Noise HMAC test"));
    EXPECT_EQ(ToHex(mac.view()), c.hex) << "key size " << c.key_size;
  }
}

TEST(NoiseHkdf, ThreeOutputs) {
  SecretBuffer out1(kNoiseHashSize), out2(kNoiseHashSize), out3(kNoiseHashSize);
  NoiseHkdf(Range(0, 64), Range(100, 32), out1.span(), out2.span(), out3.span());
  EXPECT_EQ(ToHex(out1.view()),
            "2262ed5f40c3324574d00a1e0849a7cc67fb5b6a80211c3c59404bb8e47512b1"
            "cb95e73840718c5d68ca345f934f39a52f1f31e8f6d3ed521f0664f46feddae4");
  EXPECT_EQ(ToHex(out2.view()),
            "f6a6559fa2aaab64d3d2666b83fe3f4fed6fae1959537fedd6a39b6f8d411e61"
            "32593234cc2a750244335da5021c27bf7eacbb65cfa608457de6ecc144b90077");
  EXPECT_EQ(ToHex(out3.view()),
            "07c82c1301c70e885f4662f1f3f7b7bb9e04d81c94a6e1882f812c02ffb69580"
            "c93095bb599ad2fced3d3cf38c9c17df4fb3c0029f231247fca69b040e16449e");
}

TEST(NoiseHkdf, TwoOutputsFromEmptyInputAsInSplit) {
  SecretBuffer out1(kNoiseHashSize), out2(kNoiseHashSize);
  NoiseHkdf(Range(0, 64), {}, out1.span(), out2.span());
  EXPECT_EQ(ToHex(out1.view()),
            "03be0946afb62e33dcc2e8cb76dfad47663d284d81c0bde963f32a283dede221"
            "be2b9e3a86fa82934234d2a6ed331fb664a3e670252b9454da9ed2567b435e11");
  EXPECT_EQ(ToHex(out2.view()),
            "8481b385940ea1ddc1e37243d34e6a00d9e35fe86844b75be2f9d084efcbf4a9"
            "d18c764645baf5262707efcb490c9ddfcc81c78ff75e1e727428f05b9fee857f");
}

}  // namespace
}  // namespace rapport::crypto
