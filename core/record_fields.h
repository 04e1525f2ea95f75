// Field helpers shared by the record types: checked text, optional dates,
// event ids and 0-10 ratings, so every type encodes and validates them alike.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "core/codec.h"
#include "core/ids.h"
#include "core/terminal_safe_text.h"

namespace rapport::core {

inline constexpr std::size_t kMaxTitleTextSize = 200;
inline constexpr std::size_t kMaxNoteTextSize = 4096;
inline constexpr std::size_t kMaxLongTextSize = 16 * 1024;
inline constexpr std::size_t kMaxStepTextSize = 500;
inline constexpr std::size_t kMaxSteps = 32;
inline constexpr int kMinRating = 0;
inline constexpr int kMaxRating = 10;
// A date is a whole day counted from 1970-01-01 (day 0). Dates before 1970
// or after the year 2199 (day 84006) are refused as typing mistakes.
inline constexpr std::int32_t kMaxDay = 84006;

// kInvalidArgument unless `text` is valid UTF-8 of at most `max` bytes with
// no character a terminal would act on (core/terminal_safe_text.h) and,
// when `required`, holds something other than white space. CheckText is for
// text of many lines (an entry, a note), CheckLine for one (a name, a title).
Status CheckText(std::string_view what, std::string_view text, std::size_t max, bool required);
Status CheckLine(std::string_view what, std::string_view text, std::size_t max, bool required);
// Whether the text being checked on this thread must be terminal-safe
// (TextRules::kNewlyWritten), for checks CheckText and CheckLine do not make.
bool TextMustBeTerminalSafe();

// Sets the rule the checks above apply on this thread while it lives. Only
// ValidateRecordFields makes one, for the record it checks: the rule is a
// property of where the record comes from, and this spares passing it
// through every record type's ValidateFields.
class ScopedTextRules {
 public:
  explicit ScopedTextRules(TextRules rules);
  ~ScopedTextRules();
  ScopedTextRules(const ScopedTextRules&) = delete;
  ScopedTextRules& operator=(const ScopedTextRules&) = delete;

 private:
  TextRules previous_;
};
// kInvalidArgument unless 0 <= value <= 10.
Status CheckRating(std::string_view what, int value);
Status CheckDay(std::string_view what, std::optional<std::int32_t> day);

// An optional day: u8 present (0/1) | [i32 day as u32].
void WriteDay(Writer& w, std::optional<std::int32_t> day);
bool ReadDay(Reader& r, std::optional<std::int32_t>& out);
// An optional event id: u8 present (0/1) | [32 bytes].
void WriteOptionalId(Writer& w, const std::optional<EventId>& id);
bool ReadOptionalId(Reader& r, std::optional<EventId>& out);
// A u8 that must be at most `max`.
bool ReadSmall(Reader& r, std::uint8_t max, std::uint8_t& out);

// "YYYY-MM-DD" <-> day number; nullopt for a malformed or impossible date.
std::optional<std::int32_t> ParseDay(std::string_view text);
std::string FormatDay(std::int32_t day);

}  // namespace rapport::core
