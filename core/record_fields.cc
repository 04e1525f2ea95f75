#include "core/record_fields.h"

#include <cstdio>

#include "core/terminal_safe_text.h"

namespace rapport::core {
namespace {

// Days from civil date (proleptic Gregorian), after Howard Hinnant's
// public-domain algorithm description.
std::int32_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Per thread: records are checked on several at once (a received batch).
thread_local TextRules current_text_rules = TextRules::kNewlyWritten;

Status CheckTextOf(std::string_view what, std::string_view text, std::size_t max, bool required,
                   TextLines lines) {
  if (required && text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return Fail(ErrorCode::kInvalidArgument, std::string(what) + " is empty");
  if (text.size() > max)
    return Fail(ErrorCode::kInvalidArgument,
                std::string(what) + " is longer than " + std::to_string(max) + " bytes");
  if (!IsValidUtf8(text))
    return Fail(ErrorCode::kInvalidArgument, std::string(what) + " is not valid UTF-8 text");
  if (const auto unsafe =
          TextMustBeTerminalSafe() ? FindUnsafeCharacter(text, lines) : std::nullopt)
    return Fail(ErrorCode::kInvalidArgument, std::string(what) + " holds " + *unsafe +
                                                 ", which a terminal would act on: remove it");
  return Ok();
}

}  // namespace

Status CheckText(std::string_view what, std::string_view text, std::size_t max, bool required) {
  return CheckTextOf(what, text, max, required, TextLines::kMany);
}

Status CheckLine(std::string_view what, std::string_view text, std::size_t max, bool required) {
  return CheckTextOf(what, text, max, required, TextLines::kOne);
}

bool TextMustBeTerminalSafe() { return current_text_rules == TextRules::kNewlyWritten; }

ScopedTextRules::ScopedTextRules(TextRules rules) : previous_(current_text_rules) {
  current_text_rules = rules;
}

ScopedTextRules::~ScopedTextRules() { current_text_rules = previous_; }

Status CheckRating(std::string_view what, int value) {
  if (value < kMinRating || value > kMaxRating)
    return Fail(ErrorCode::kInvalidArgument,
                std::string(what) + " must be a whole number from 0 to 10");
  return Ok();
}

Status CheckDay(std::string_view what, std::optional<std::int32_t> day) {
  if (day && (*day < 0 || *day > kMaxDay))
    return Fail(ErrorCode::kInvalidArgument,
                std::string(what) + " must be a date between 1970-01-01 and 2199-12-31");
  return Ok();
}

void WriteDay(Writer& w, std::optional<std::int32_t> day) {
  w.U8(day ? 1 : 0);
  if (day) w.U32(static_cast<std::uint32_t>(*day));
}

bool ReadDay(Reader& r, std::optional<std::int32_t>& out) {
  std::uint8_t present = 0;
  if (!ReadSmall(r, 1, present)) return false;
  if (!present) return true;
  std::uint32_t v = 0;
  if (!r.U32(v)) return false;
  out = static_cast<std::int32_t>(v);
  return true;
}

void WriteOptionalId(Writer& w, const std::optional<EventId>& id) {
  w.U8(id ? 1 : 0);
  if (id) w.Raw(id->bytes);
}

bool ReadOptionalId(Reader& r, std::optional<EventId>& out) {
  std::uint8_t present = 0;
  if (!ReadSmall(r, 1, present)) return false;
  if (!present) return true;
  out.emplace();
  return r.Raw(out->bytes);
}

bool ReadSmall(Reader& r, std::uint8_t max, std::uint8_t& out) { return r.U8(out) && out <= max; }

std::optional<std::int32_t> ParseDay(std::string_view text) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})  // sscanf alone would take " 2" or "+2"
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  const std::string s(text);
  if (std::sscanf(s.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) return std::nullopt;
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return std::nullopt;
  if (d > kDays[m - 1] + (m == 2 && IsLeap(y) ? 1 : 0)) return std::nullopt;
  const std::int32_t day = DaysFromCivil(y, m, d);
  if (day < 0 || day > kMaxDay) return std::nullopt;
  return day;
}

std::string FormatDay(std::int32_t day) {
  // Inverse of DaysFromCivil.
  const int z = day + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int y = static_cast<int>(yoe) + era * 400 + (m <= 2);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

}  // namespace rapport::core
