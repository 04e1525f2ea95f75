// The therapist's private reflections (DESIGN.md, "Handling the therapist's
// own reactions"). WARNING: a reflection is a private record only. It is kept
// on the therapist's device through the private-record path; the validator
// refuses it inside any shared event, so it can never sync.
#pragma once

#include <string>

#include "core/codec.h"
#include "core/record_fields.h"

namespace rapport::core {

struct TherapistReflection {
  static constexpr std::uint16_t kType = 90;
  static constexpr std::string_view kName = "reflection.add";
  std::string text;  // 1..65536 bytes
};

void EncodeFields(Writer& w, const TherapistReflection& r);
bool DecodeFields(Reader& r, TherapistReflection& out);
Status ValidateFields(const TherapistReflection& r);

}  // namespace rapport::core
