#include "crypto/noise_pattern.h"

#include <array>
#include <cstdlib>
#include <string>

namespace rapport::crypto {

namespace {

using enum NoiseToken;

const std::array<NoisePattern, 4>& Patterns() {
  // One protocol per row reads best, so the formatter is kept out.
  // clang-format off
  static const std::array<NoisePattern, 4> kPatterns = {{
      {NoiseProtocol::kNN, "Noise_NN_25519_ChaChaPoly_BLAKE2b", false, false,
       {{kE}, {kE, kEE}}},
      {NoiseProtocol::kXX, "Noise_XX_25519_ChaChaPoly_BLAKE2b", false, false,
       {{kE}, {kE, kEE, kS, kES}, {kS, kSE}}},
      // Spec 9.4: psk3 puts the psk token at the end of the third message.
      {NoiseProtocol::kXXpsk3, "Noise_XXpsk3_25519_ChaChaPoly_BLAKE2b", false, true,
       {{kE}, {kE, kEE, kS, kES}, {kS, kSE, kPsk}}},
      {NoiseProtocol::kIK, "Noise_IK_25519_ChaChaPoly_BLAKE2b", true, false,
       {{kE, kES, kS, kSS}, {kE, kEE, kSE}}},
  }};
  // clang-format on
  return kPatterns;
}

}  // namespace

const NoisePattern& PatternFor(NoiseProtocol protocol) {
  for (const NoisePattern& pattern : Patterns())
    if (pattern.protocol == protocol) return pattern;
  std::abort();  // Every enumerator has a row above.
}

Result<NoiseProtocol> ProtocolFromName(std::string_view name) {
  for (const NoisePattern& pattern : Patterns())
    if (pattern.name == name) return pattern.protocol;
  return Fail(ErrorCode::kProtocol, "noise: unsupported protocol " + std::string(name));
}

}  // namespace rapport::crypto
