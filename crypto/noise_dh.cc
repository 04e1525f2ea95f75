#include "crypto/noise_dh.h"

#include <sodium.h>

namespace rapport::crypto {

static_assert(kDhPublicKeySize == crypto_scalarmult_BYTES);

Status NoiseDh(const DhKeyPair& local, const DhPublicKey& remote,
               std::span<std::uint8_t, kDhPublicKeySize> out) {
  // crypto_scalarmult already returns -1 for an all-zero output; the second
  // test states the rule here rather than relying on that alone.
  if (crypto_scalarmult(out.data(), local.secret().data(), remote.data()) != 0 ||
      sodium_is_zero(out.data(), out.size()) != 0) {
    Wipe(out);
    return Fail(ErrorCode::kProtocol, "noise: peer sent a low-order public key");
  }
  return Ok();
}

}  // namespace rapport::crypto
