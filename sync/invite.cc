#include "sync/invite.h"

#include <algorithm>

#include "core/codec.h"
#include "crypto/hash.h"

namespace rapport::sync {
namespace {

constexpr std::uint8_t kInviteVersion = 1;
constexpr std::size_t kChecksumSize = 4;
// Version, notebook, PSK, static key, role, expiry, port, host length
// (docs/protocol.md, 7.1); the host and checksum follow.
constexpr std::size_t kInviteFixedSize = 1 + 16 + 32 + 32 + 1 + 8 + 2 + 1;
constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// Appends the base32 text of `bytes` to `out`, which the caller has
// reserved room in: an invite's text holds its PSK, and a string that grows
// frees its outgrown buffer unwiped.
void AppendBase32(crypto::ByteView bytes, std::string& out) {
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::uint8_t b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kBase32[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kBase32[(buffer << (5 - bits)) & 31]);
}

std::optional<crypto::Bytes> FromBase32(std::string_view text) {
  crypto::Bytes out;
  // The decoded bytes hold the PSK; growing by push_back would free
  // outgrown buffers unwiped. Reserve the final size instead.
  out.reserve(text.size() * 5 / 8);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const char upper = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    const auto pos = kBase32.find(upper);
    if (pos == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 5) | static_cast<std::uint32_t>(pos);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<std::uint8_t>(buffer >> (bits - 8)));
      bits -= 8;
    }
  }
  return out;
}

crypto::FixedBytes<kChecksumSize> Checksum(crypto::ByteView bytes) {
  const crypto::Hash256 h = crypto::Blake2b256(bytes);
  crypto::FixedBytes<kChecksumSize> out;
  std::copy_n(h.begin(), kChecksumSize, out.begin());
  return out;
}

Unexpected NotAnInvite(std::string why) {
  return Fail(ErrorCode::kInvalidArgument, "this is not a valid Rapport invite (" + why +
                                               "); copy it again or ask for a new one");
}

}  // namespace

Result<std::string> EncodeInvite(const Invite& invite) {
  if (invite.host.empty() || invite.host.size() > kMaxInviteHostSize)
    return Fail(ErrorCode::kInvalidArgument, "an invite needs an address of 1 to 253 characters");
  if (invite.psk.size() != 32)
    return Fail(ErrorCode::kInvalidArgument, "an invite needs a 32-byte key");
  core::Writer w;
  // The whole payload and its checksum, reserved so that the buffer holding
  // the PSK never grows (an outgrown copy would be freed unwiped).
  w.Reserve(kInviteFixedSize + invite.host.size() + kChecksumSize);
  w.U8(kInviteVersion);
  w.Raw(invite.notebook.bytes);
  w.Raw(invite.psk.view());
  w.Raw(invite.inviter_static);
  w.U8(static_cast<std::uint8_t>(invite.inviter_role));
  w.I64(invite.expires_ms);
  w.U16(invite.port);
  w.U8(static_cast<std::uint8_t>(invite.host.size()));
  w.Raw(crypto::AsBytes(invite.host));
  crypto::Bytes payload = w.Take();
  crypto::Append(payload, Checksum(payload));
  std::string out;
  out.reserve(kInvitePrefix.size() + (payload.size() * 8 + 4) / 5);
  out.append(kInvitePrefix);
  AppendBase32(payload, out);
  crypto::Wipe(payload);
  return out;
}

Result<Invite> DecodeInvite(std::string_view text) {
  // Around it, whatever a copy, a paste or a file saved on Windows adds.
  constexpr std::string_view kBlank = " \t\r\n";
  text.remove_prefix(std::min(text.size(), text.find_first_not_of(kBlank)));
  text.remove_suffix(text.size() - (text.find_last_not_of(kBlank) + 1));
  if (text.size() < kInvitePrefix.size() ||
      !std::equal(kInvitePrefix.begin(), kInvitePrefix.end(), text.begin(),
                  [](char a, char b) { return a == (b >= 'a' && b <= 'z' ? b - 'a' + 'A' : b); }))
    return NotAnInvite("it should start with " + std::string(kInvitePrefix));
  auto bytes = FromBase32(text.substr(kInvitePrefix.size()));
  if (!bytes) return NotAnInvite("it holds characters an invite never has");
  struct WipeOnExit {
    crypto::Bytes& b;
    ~WipeOnExit() { crypto::Wipe(b); }
  } wipe{*bytes};
  if (bytes->size() < kChecksumSize + 1) return NotAnInvite("it is too short");
  const crypto::ByteView payload(bytes->data(), bytes->size() - kChecksumSize);
  const auto expected = Checksum(payload);
  if (!crypto::ConstantTimeEqual(expected,
                                 crypto::ByteView(bytes->data() + payload.size(), kChecksumSize)))
    return NotAnInvite("a character is wrong or missing");
  core::Reader r(payload);
  std::uint8_t version = 0;
  if (!r.U8(version)) return NotAnInvite("it is too short");
  if (version != kInviteVersion)
    return Fail(ErrorCode::kUnsupportedVersion,
                "this invite was made by a newer version of Rapport; update Rapport to use it");
  Invite out;
  out.psk = crypto::SecretBuffer(32);
  std::uint8_t role = 0, host_size = 0;
  crypto::ByteView host;
  if (!r.Raw(out.notebook.bytes) || !r.Raw(out.psk.span()) || !r.Raw(out.inviter_static) ||
      !r.U8(role) || !r.I64(out.expires_ms) || !r.U16(out.port) || !r.U8(host_size) ||
      !r.View(host_size, host) || !r.AtEnd())
    return NotAnInvite("it is damaged");
  if (role != static_cast<std::uint8_t>(core::Role::kTherapist) &&
      role != static_cast<std::uint8_t>(core::Role::kClient))
    return NotAnInvite("it is damaged");
  out.inviter_role = static_cast<core::Role>(role);
  out.host.assign(host.begin(), host.end());
  if (out.host.empty() || out.port == 0) return NotAnInvite("it has no address");
  return out;
}

}  // namespace rapport::sync
