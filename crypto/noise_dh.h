// The Noise DH function for Curve25519 (spec rev 34, sections 4.1 and 12.1):
// X25519 through libsodium's crypto_scalarmult.
//
// Stateless; safe to call from any thread.
#pragma once

#include <cstdint>
#include <span>

#include "base/result.h"
#include "crypto/secret_buffer.h"
#include "crypto/signing.h"

namespace rapport::crypto {

// DH(local, remote): writes the 32-byte shared secret to `out`; the caller
// wipes it after use.
// kProtocol, with `out` zeroed, if the result is all zeros, which happens
// exactly when `remote` is a low-order point: a peer that sends one is
// refused (spec 12.1 allows either behaviour; Rapport takes the stricter one).
[[nodiscard]] Status NoiseDh(const DhKeyPair& local, const DhPublicKey& remote,
                             std::span<std::uint8_t, kDhPublicKeySize> out);

}  // namespace rapport::crypto
