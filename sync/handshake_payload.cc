#include "sync/handshake_payload.h"

#include <algorithm>

namespace rapport::sync {

crypto::Bytes EncodeHandshakePayload(const core::AuthorId& identity,
                                     const crypto::Signature& binding) {
  crypto::Bytes out(identity.bytes.begin(), identity.bytes.end());
  crypto::Append(out, binding);
  return out;
}

Result<core::AuthorId> VerifyHandshakePayload(crypto::ByteView payload,
                                              const crypto::DhPublicKey& remote_static) {
  if (payload.size() != kHandshakePayloadSize)
    return Fail(ErrorCode::kProtocol,
                "handshake payload is " + std::to_string(payload.size()) + " bytes, not 96");
  core::AuthorId identity;
  std::copy_n(payload.begin(), identity.bytes.size(), identity.bytes.begin());
  crypto::Signature binding;
  std::copy_n(payload.begin() + identity.bytes.size(), binding.size(), binding.begin());
  if (!crypto::VerifyStaticKeyBinding(identity.bytes, remote_static, binding))
    return Fail(ErrorCode::kAuthenticationFailed,
                "peer's identity does not vouch for the key it used in the handshake");
  return identity;
}

}  // namespace rapport::sync
