// The invite's text form (sync/invite.h): round trip, typing mistakes
// caught by the checksum, wrong prefix, an invite from a newer Rapport, and
// damage behind a valid checksum.
#include "sync/invite.h"

#include <gtest/gtest.h>

#include <cctype>
#include <functional>

#include "crypto/hash.h"

namespace rapport::sync {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

Invite Sample() {
  Invite invite;
  invite.host = "192.168.1.20";
  invite.port = 7337;
  invite.notebook.bytes.fill(0x17);
  invite.psk = crypto::SecretBuffer(32);
  for (std::size_t i = 0; i < 32; ++i) invite.psk.span()[i] = static_cast<std::uint8_t>(i * 7 + 1);
  invite.inviter_static.fill(0x9A);
  invite.inviter_role = core::Role::kTherapist;
  invite.expires_ms = 1767225600000;
  return invite;
}

std::string Encode(const Invite& invite) {
  auto text = EncodeInvite(invite);
  EXPECT_TRUE(text) << text.error().message;
  return text ? *text : std::string();
}

// RFC 4648 base32 without padding, written here independently of invite.cc.
crypto::Bytes FromBase32(std::string_view text) {
  crypto::Bytes out;
  std::uint32_t bits = 0, value = 0;
  for (char c : text) {
    value = (value << 5) | static_cast<std::uint32_t>(kAlphabet.find(c));
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>(value >> bits));
    }
  }
  return out;
}
std::string ToBase32(crypto::ByteView bytes) {
  std::string out;
  std::uint32_t bits = 0, value = 0;
  for (std::uint8_t b : bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kAlphabet[(value >> bits) & 31]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(value << (5 - bits)) & 31]);
  return out;
}

// The payload of a valid invite (without its checksum), changed by `edit`
// and given a correct checksum again: damage a checksum cannot catch.
std::string Reseal(const std::function<void(crypto::Bytes&)>& edit) {
  const std::string text = Encode(Sample());
  crypto::Bytes payload = FromBase32(std::string_view(text).substr(kInvitePrefix.size()));
  payload.resize(payload.size() - 4);
  edit(payload);
  const crypto::Hash256 sum = crypto::Blake2b256(payload);
  payload.insert(payload.end(), sum.begin(), sum.begin() + 4);
  return std::string(kInvitePrefix) + ToBase32(payload);
}

void ExpectSame(const Invite& a, const Invite& b) {
  EXPECT_EQ(a.host, b.host);
  EXPECT_EQ(a.port, b.port);
  EXPECT_EQ(a.notebook, b.notebook);
  EXPECT_TRUE(std::equal(a.psk.view().begin(), a.psk.view().end(), b.psk.view().begin(),
                         b.psk.view().end()));
  EXPECT_EQ(a.inviter_static, b.inviter_static);
  EXPECT_EQ(a.inviter_role, b.inviter_role);
  EXPECT_EQ(a.expires_ms, b.expires_ms);
}

TEST(Invite, RoundTrip) {
  const std::string text = Encode(Sample());
  ASSERT_TRUE(text.starts_with(kInvitePrefix)) << text;
  EXPECT_EQ(text.find_first_not_of(kAlphabet, kInvitePrefix.size()), std::string::npos)
      << "only QR alphanumeric characters: " << text;
  const auto decoded = DecodeInvite(text);
  ASSERT_TRUE(decoded) << decoded.error().message;
  ExpectSame(*decoded, Sample());

  Invite client = Sample();
  client.host = "fe80::1";
  client.inviter_role = core::Role::kClient;
  client.port = 1;
  const auto other = DecodeInvite(Encode(client));
  ASSERT_TRUE(other) << other.error().message;
  ExpectSame(*other, client);
}

TEST(Invite, TextIsAllocatedOnce) {
  // The text holds the PSK: a string that grew would have freed outgrown
  // copies of part of it, unwiped. Reserved whole, it is exactly full.
  for (const std::string& host :
       std::vector<std::string>{"127.0.0.1", "fe80::1", std::string(kMaxInviteHostSize, 'h')}) {
    Invite invite = Sample();
    invite.host = host;
    const auto text = EncodeInvite(invite);
    ASSERT_TRUE(text) << text.error().message;
    EXPECT_EQ(text->capacity(), text->size()) << host;
  }
}

TEST(Invite, LowercaseAndSurroundingSpacesAreAccepted) {
  std::string text = Encode(Sample());
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto decoded = DecodeInvite("  " + text + " \n");
  ASSERT_TRUE(decoded) << decoded.error().message;
  ExpectSame(*decoded, Sample());
}

// `rapport join - < invite.txt`: a file saved on Windows ends its line
// with CR LF, and a pasted invite may come with a tab.
TEST(Invite, LineEndsAndTabsAroundItAreAccepted) {
  const std::string text = Encode(Sample());
  for (const std::string& around :
       {"\t" + text + "\r\n", "\r\n" + text + "\r\n\r\n", text + "\r"}) {
    const auto decoded = DecodeInvite(around);
    ASSERT_TRUE(decoded) << decoded.error().message;
    ExpectSame(*decoded, Sample());
  }
}

TEST(Invite, ChecksumCatchesAChangedCharacter) {
  const std::string text = Encode(Sample());
  // Every character but the last, whose low bits may be padding.
  for (std::size_t i = kInvitePrefix.size(); i + 1 < text.size(); ++i) {
    std::string typo = text;
    const auto at = kAlphabet.find(typo[i]);
    typo[i] = kAlphabet[(at + 1) % kAlphabet.size()];
    const auto decoded = DecodeInvite(typo);
    ASSERT_FALSE(decoded) << "a change at " << i << " went unnoticed";
    EXPECT_EQ(decoded.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(decoded.error().message.find("a character is wrong or missing"), std::string::npos)
        << i << ": " << decoded.error().message;
  }
  // A character dropped or added.
  for (const std::string& changed :
       {text.substr(0, text.size() - 1), text.substr(0, 20) + text.substr(21), text + "A"})
    EXPECT_FALSE(DecodeInvite(changed)) << changed;
  // A character an invite never holds.
  std::string bad = text;
  bad[20] = '1';
  const auto decoded = DecodeInvite(bad);
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().message.find("characters an invite never has"), std::string::npos);
}

TEST(Invite, WrongPrefixIsRefused) {
  const std::string text = Encode(Sample());
  for (const std::string& wrong :
       {std::string("RAPPORT2-") + text.substr(kInvitePrefix.size()), text.substr(1),
        std::string(""), std::string("RAPPORT1"), std::string("hello")}) {
    const auto decoded = DecodeInvite(wrong);
    ASSERT_FALSE(decoded) << wrong;
    EXPECT_EQ(decoded.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(decoded.error().message.find("should start with RAPPORT1-"), std::string::npos)
        << decoded.error().message;
  }
}

TEST(Invite, InviteFromANewerRapportIsNamedAsSuch) {
  const auto decoded = DecodeInvite(Reseal([](crypto::Bytes& p) { p[0] = 2; }));
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, ErrorCode::kUnsupportedVersion);
  EXPECT_NE(decoded.error().message.find("newer version of Rapport"), std::string::npos)
      << decoded.error().message;
}

TEST(Invite, DamageBehindAValidChecksumIsRefused) {
  // Layout: version, notebook[16], psk[32], static[32], role, expires[8],
  // port[2], host length, host.
  constexpr std::size_t kRole = 1 + 16 + 32 + 32;
  constexpr std::size_t kPort = kRole + 1 + 8;
  const std::vector<std::pair<std::string, std::function<void(crypto::Bytes&)>>> damages = {
      {"truncated", [](crypto::Bytes& p) { p.pop_back(); }},
      {"trailing byte", [](crypto::Bytes& p) { p.push_back(0); }},
      {"unknown role", [](crypto::Bytes& p) { p[kRole] = 7; }},
      {"port 0", [](crypto::Bytes& p) { p[kPort] = p[kPort + 1] = 0; }},
      {"empty", [](crypto::Bytes& p) { p.clear(); }},
  };
  for (const auto& [what, damage] : damages) {
    const auto decoded = DecodeInvite(Reseal(damage));
    ASSERT_FALSE(decoded) << what;
    EXPECT_EQ(decoded.error().code, ErrorCode::kInvalidArgument) << what;
  }
}

TEST(Invite, EncodeRefusesWhatDecodeWould) {
  Invite no_host = Sample();
  no_host.host.clear();
  EXPECT_FALSE(EncodeInvite(no_host));
  Invite long_host = Sample();
  long_host.host.assign(kMaxInviteHostSize + 1, 'a');
  EXPECT_FALSE(EncodeInvite(long_host));
  Invite short_psk = Sample();
  short_psk.psk = crypto::SecretBuffer(16);
  EXPECT_FALSE(EncodeInvite(short_psk));
  Invite longest = Sample();
  longest.host.assign(kMaxInviteHostSize, 'a');
  const auto decoded = DecodeInvite(Encode(longest));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->host, longest.host);
}

}  // namespace
}  // namespace rapport::sync
