// The Noise handshake patterns Rapport knows (spec rev 34, sections 7.4, 7.5
// and 9.4), as data the HandshakeState walks through. Rapport uses XX and
// XXpsk3 (DESIGN.md, "Transport"); NN and IK are here only so that the
// shared SymmetricState can be checked against more test vectors.
//
// Immutable tables; safe to read from any thread.
#pragma once

#include <string_view>
#include <vector>

#include "base/result.h"

namespace rapport::crypto {

enum class NoiseProtocol {
  kNN,      // Noise_NN_25519_ChaChaPoly_BLAKE2b
  kXX,      // Noise_XX_25519_ChaChaPoly_BLAKE2b
  kXXpsk3,  // Noise_XXpsk3_25519_ChaChaPoly_BLAKE2b
  kIK,      // Noise_IK_25519_ChaChaPoly_BLAKE2b
};

enum class NoiseToken { kE, kS, kEE, kES, kSE, kSS, kPsk };

struct NoisePattern {
  NoiseProtocol protocol;
  // The full protocol name: the input to InitializeSymmetric (spec 8).
  std::string_view name;
  // The pre-message "<- s": the initiator knows the responder's static key.
  bool responder_static_premessage = false;
  // True when the name carries a psk modifier (spec 9): `e` then also
  // calls MixKey, and one 32-byte PSK is needed.
  bool psk = false;
  // messages[i] is sent by the initiator when i is even, else the responder.
  std::vector<std::vector<NoiseToken>> messages;
};

// The pattern for `protocol`. The reference lives forever.
const NoisePattern& PatternFor(NoiseProtocol protocol);

// The protocol with that exact full name, or kProtocol for any other name
// (including other DH, cipher or hash choices).
[[nodiscard]] Result<NoiseProtocol> ProtocolFromName(std::string_view name);

}  // namespace rapport::crypto
