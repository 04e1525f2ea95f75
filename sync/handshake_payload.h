// The 96-byte identity payload of Noise handshake messages 2 and 3
// (docs/protocol.md, sections 3.2 and 3.3): the sender's Ed25519 identity
// key and its signature binding the X25519 static key it used in the same
// handshake. Pure functions; the session decides whether the identity is
// the expected one.
#pragma once

#include "base/result.h"
#include "core/ids.h"
#include "crypto/signing.h"

namespace rapport::sync {

inline constexpr std::size_t kHandshakePayloadSize =
    crypto::kSignPublicKeySize + crypto::kSignatureSize;

crypto::Bytes EncodeHandshakePayload(const core::AuthorId& identity,
                                     const crypto::Signature& binding);

// Returns the peer's identity if `payload` is exactly 96 bytes and its
// signature binds `remote_static`, the static key the Noise handshake
// actually received. kProtocol for a wrong size, kAuthenticationFailed for a
// signature that does not bind that key.
[[nodiscard]] Result<core::AuthorId> VerifyHandshakePayload(
    crypto::ByteView payload, const crypto::DhPublicKey& remote_static);

}  // namespace rapport::sync
