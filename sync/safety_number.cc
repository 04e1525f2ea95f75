#include "sync/safety_number.h"

#include <algorithm>

#include "crypto/hash.h"

namespace rapport::sync {
namespace {

constexpr std::string_view kDomain = "rapport/1 safety number";
constexpr int kGroups = 12;

crypto::Hash256 Fingerprint(const SafetyParty& p) {
  crypto::Bytes in(kDomain.begin(), kDomain.end());
  crypto::Append(in, p.identity.bytes);
  crypto::Append(in, p.noise_key);
  return crypto::Blake2b256(in);
}

}  // namespace

std::string SafetyNumber(const SafetyParty& a, const SafetyParty& b) {
  auto fa = Fingerprint(a);
  auto fb = Fingerprint(b);
  if (fb < fa) std::swap(fa, fb);  // symmetric: both devices hash the same bytes
  crypto::Bytes in(kDomain.begin(), kDomain.end());
  crypto::Append(in, fa);
  crypto::Append(in, fb);
  const auto digest = crypto::Blake2b512(in);
  std::string out;
  for (int g = 0; g < kGroups; ++g) {
    std::uint64_t v = 0;
    for (int i = 0; i < 5; ++i) v = (v << 8) | digest[static_cast<std::size_t>(g * 5 + i)];
    std::string group = std::to_string(v % 100000);
    group.insert(0, 5 - group.size(), '0');
    if (g > 0) out.push_back(' ');
    out += group;
  }
  return out;
}

}  // namespace rapport::sync
