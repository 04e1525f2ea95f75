// The safety number two paired devices show, to compare in person (as in
// Signal): 60 digits derived from both members' identities and Noise static
// keys. It is the same on both devices and differs if either key differs,
// so a wrong invite or a device in the middle shows up as a mismatch.
#pragma once

#include <string>

#include "core/ids.h"
#include "crypto/signing.h"

namespace rapport::sync {

struct SafetyParty {
  core::AuthorId identity;
  crypto::DhPublicKey noise_key{};
};

// Twelve groups of five digits separated by spaces. Symmetric: the order of
// the two parties does not matter.
std::string SafetyNumber(const SafetyParty& a, const SafetyParty& b);

}  // namespace rapport::sync
