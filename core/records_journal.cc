#include "core/records_journal.h"

#include "core/record_fields.h"
#include "core/terminal_safe_text.h"

namespace rapport::core {

void EncodeFields(Writer& w, const JournalEntry& r) {
  w.String(r.text);
  w.U8(r.mood ? static_cast<std::uint8_t>(*r.mood) : 0xFF);
  w.U8(static_cast<std::uint8_t>(r.tags.size()));
  for (const auto& tag : r.tags) w.String(tag);
  w.U8(r.shared_from ? 1 : 0);
  if (r.shared_from) w.Raw(r.shared_from->bytes);
}

bool DecodeFields(Reader& r, JournalEntry& out) {
  std::uint8_t mood = 0, tag_count = 0, has_origin = 0;
  if (!r.String(out.text, kMaxJournalTextSize) || !r.U8(mood) || !r.U8(tag_count)) return false;
  if (mood != 0xFF) out.mood = mood;
  if (tag_count > kMaxTags) return false;
  out.tags.resize(tag_count);
  for (auto& tag : out.tags)
    if (!r.String(tag, kMaxTagSize)) return false;
  if (!r.U8(has_origin) || has_origin > 1) return false;
  if (has_origin) {
    out.shared_from.emplace();
    if (!r.Raw(out.shared_from->bytes)) return false;
  }
  return true;
}

Status ValidateFields(const JournalEntry& r) {
  if (r.text.find_first_not_of(" \t\r\n") == std::string::npos)
    return Fail(ErrorCode::kInvalidArgument, "the entry is empty: write some text");
  if (r.text.size() > kMaxJournalTextSize)
    return Fail(ErrorCode::kInvalidArgument, "the entry is longer than 64 KiB");
  if (!IsValidUtf8(r.text))
    return Fail(ErrorCode::kInvalidArgument, "the entry is not valid UTF-8 text");
  if (const auto unsafe =
          TextMustBeTerminalSafe() ? FindUnsafeCharacter(r.text, TextLines::kMany) : std::nullopt)
    return Fail(ErrorCode::kInvalidArgument,
                "the entry holds " + *unsafe + ", which a terminal would act on: remove it");
  if (r.mood && (*r.mood < kMinMood || *r.mood > kMaxMood))
    return Fail(ErrorCode::kInvalidArgument, "mood must be a whole number from 0 to 10");
  if (r.tags.size() > kMaxTags)
    return Fail(ErrorCode::kInvalidArgument, "an entry can have at most 32 tags");
  for (const auto& tag : r.tags) {
    if (tag.empty() || tag.size() > kMaxTagSize || !IsValidUtf8(tag) ||
        tag.find_first_of(" \t\r\n,") != std::string::npos ||
        (TextMustBeTerminalSafe() && FindUnsafeCharacter(tag, TextLines::kOne)))
      return Fail(ErrorCode::kInvalidArgument,
                  "a tag must be 1 to 64 characters with no spaces or commas");
  }
  return Ok();
}

}  // namespace rapport::core
