// The safety number (sync/safety_number.h): the same on both devices, and
// different as soon as any of the four keys differs.
#include "sync/safety_number.h"

#include <gtest/gtest.h>

#include <regex>

namespace rapport::sync {
namespace {

SafetyParty Party(std::uint8_t identity, std::uint8_t noise) {
  SafetyParty p;
  p.identity.bytes.fill(identity);
  p.noise_key.fill(noise);
  return p;
}

TEST(SafetyNumber, IsTheSameFromEitherSide) {
  const SafetyParty therapist = Party(1, 2);
  const SafetyParty client = Party(3, 4);
  EXPECT_EQ(SafetyNumber(therapist, client), SafetyNumber(client, therapist));
}

TEST(SafetyNumber, IsTwelveGroupsOfFiveDigits) {
  const std::string number = SafetyNumber(Party(1, 2), Party(3, 4));
  EXPECT_TRUE(std::regex_match(number, std::regex(R"([0-9]{5}( [0-9]{5}){11})"))) << number;
  // Leading zeros are kept, so every number has the same length.
  for (std::uint8_t i = 0; i < 50; ++i)
    EXPECT_EQ(SafetyNumber(Party(i, 2), Party(3, 4)).size(), 12u * 5 + 11) << int{i};
}

TEST(SafetyNumber, ChangesWithAnyKey) {
  const SafetyParty a = Party(1, 2);
  const SafetyParty b = Party(3, 4);
  const std::string base = SafetyNumber(a, b);
  for (std::size_t byte : {std::size_t{0}, std::size_t{17}, std::size_t{31}}) {
    SCOPED_TRACE(byte);
    SafetyParty a_identity = a, a_noise = a, b_identity = b, b_noise = b;
    a_identity.identity.bytes[byte] ^= 0x01;
    a_noise.noise_key[byte] ^= 0x01;
    b_identity.identity.bytes[byte] ^= 0x01;
    b_noise.noise_key[byte] ^= 0x01;
    EXPECT_NE(SafetyNumber(a_identity, b), base);
    EXPECT_NE(SafetyNumber(a_noise, b), base);
    EXPECT_NE(SafetyNumber(a, b_identity), base);
    EXPECT_NE(SafetyNumber(a, b_noise), base);
  }
  // Swapping the keys between the two parties is a different pairing too.
  EXPECT_NE(SafetyNumber(Party(1, 4), Party(3, 2)), base);
  EXPECT_NE(SafetyNumber(Party(2, 1), Party(4, 3)), base);
}

}  // namespace
}  // namespace rapport::sync
