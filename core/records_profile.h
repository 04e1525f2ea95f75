// The client's profile (DESIGN.md, "Responsiveness to the person"): optional
// fields only the client writes. Each field is last-writer-wins in fold order;
// an empty value clears it.
#pragma once

#include <optional>
#include <string>

#include "core/codec.h"
#include "core/record_fields.h"

namespace rapport::core {

enum class ProfileField : std::uint8_t {
  kCulturalBackground = 1,
  kTherapyPreferences = 2,
  kAttachmentStyle = 3,
  kBeliefs = 4,  // religious or spiritual beliefs
  kGenderIdentity = 5,
  kSexualOrientation = 6,
  kNotes = 7,
};
inline constexpr int kProfileFieldCount = 7;
// "cultural_background", "therapy_preferences", ... as used on the command line.
std::string_view ProfileFieldName(ProfileField f);
std::optional<ProfileField> ParseProfileField(std::string_view name);

struct ProfileSet {
  static constexpr std::uint16_t kType = 50;
  static constexpr std::string_view kName = "profile.set";
  ProfileField field = ProfileField::kNotes;
  std::string value;  // 0..4096 bytes; empty clears the field
};

void EncodeFields(Writer& w, const ProfileSet& r);
bool DecodeFields(Reader& r, ProfileSet& out);
Status ValidateFields(const ProfileSet& r);

}  // namespace rapport::core
