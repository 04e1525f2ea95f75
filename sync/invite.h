// The invite: what `rapport invite` prints and `rapport join` reads. It holds
// where to dial, which notebook, the 32-byte PSK for Noise XXpsk3 and the
// inviter's static key, so the joiner can check it is talking to the right
// device. Text form: "RAPPORT1-" and base32 (RFC 4648, no padding), which
// fits a QR code's alphanumeric mode; a 4-byte checksum catches typing
// mistakes. docs/protocol.md, "Invites".
//
// WARNING: an invite holds a secret (the PSK). Show it only to the person
// joining; never log it.
#pragma once

#include <string>

#include "base/result.h"
#include "core/ids.h"
#include "core/role.h"
#include "crypto/secret_buffer.h"
#include "crypto/signing.h"

namespace rapport::sync {

inline constexpr std::string_view kInvitePrefix = "RAPPORT1-";
inline constexpr std::size_t kMaxInviteHostSize = 253;

struct Invite {
  std::string host;  // an IP address or a host name
  std::uint16_t port = 0;
  core::NotebookId notebook;
  crypto::SecretBuffer psk;  // 32 bytes
  crypto::DhPublicKey inviter_static{};
  core::Role inviter_role = core::Role::kTherapist;
  std::int64_t expires_ms = 0;  // Unix ms
};

// kInvalidArgument if the host is empty or too long, or the PSK is not 32 bytes.
[[nodiscard]] Result<std::string> EncodeInvite(const Invite& invite);
// kInvalidArgument with a message for people: not an invite, mistyped
// (checksum), from a newer Rapport, or damaged.
[[nodiscard]] Result<Invite> DecodeInvite(std::string_view text);

}  // namespace rapport::sync
