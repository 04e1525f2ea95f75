#include "core/records_profile.h"

namespace rapport::core {
namespace {

constexpr std::string_view kFieldNames[] = {
    "cultural_background",
    "therapy_preferences",
    "attachment_style",
    "beliefs",
    "gender_identity",
    "sexual_orientation",
    "notes",
};

}  // namespace

std::string_view ProfileFieldName(ProfileField f) {
  const auto i = static_cast<int>(f);
  return i >= 1 && i <= kProfileFieldCount ? kFieldNames[i - 1] : "unknown";
}

std::optional<ProfileField> ParseProfileField(std::string_view name) {
  for (int i = 0; i < kProfileFieldCount; ++i)
    if (kFieldNames[i] == name) return static_cast<ProfileField>(i + 1);
  return std::nullopt;
}

void EncodeFields(Writer& w, const ProfileSet& r) {
  w.U8(static_cast<std::uint8_t>(r.field));
  w.String(r.value);
}
bool DecodeFields(Reader& r, ProfileSet& out) {
  std::uint8_t f = 0;
  if (!ReadSmall(r, kProfileFieldCount, f) || f == 0) return false;
  out.field = static_cast<ProfileField>(f);
  return r.String(out.value, kMaxNoteTextSize);
}
Status ValidateFields(const ProfileSet& r) {
  const auto f = static_cast<int>(r.field);
  if (f < 1 || f > kProfileFieldCount)
    return Fail(ErrorCode::kInvalidArgument, "unknown profile field");
  return CheckText("the profile value", r.value, kMaxNoteTextSize, false);
}

}  // namespace rapport::core
