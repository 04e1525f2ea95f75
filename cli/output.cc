#include "cli/output.h"

#include <chrono>
#include <ctime>
#include <iostream>

#include "cli/context.h"
#include "core/record_fields.h"

namespace rapport::cli {

namespace {

enum class Layout {
  kDate,        // 2026-11-27
  kMinute,      // 2026-11-27 14:05
  kIsoSeconds,  // 2026-11-27T14:05:09Z
};

// The review writes a time for every record it lists: writing the digits
// here is several times faster than strftime (which also takes the locale
// into account, for digits that are the same in every locale). Years
// outside 1000..9999 (a damaged clock) are left to strftime, which writes
// year 999 as "999".
TimeText Format(std::int64_t unix_ms, bool utc, Layout layout) {
  // Rounded down, not toward zero: a time before 1970 is in the second before.
  std::int64_t whole = unix_ms / 1000;
  if (unix_ms % 1000 < 0) --whole;
  const std::time_t seconds = static_cast<std::time_t>(whole);
  std::tm parts{};
  if (utc) {
    gmtime_r(&seconds, &parts);
  } else {
    localtime_r(&seconds, &parts);
  }
  const int year = parts.tm_year + 1900;
  TimeText out;
  if (year < 1000 || year > 9999) {
    const char* format = layout == Layout::kDate     ? "%Y-%m-%d"
                         : layout == Layout::kMinute ? "%Y-%m-%d %H:%M"
                                                     : "%Y-%m-%dT%H:%M:%SZ";
    out.size = std::strftime(out.chars.data(), out.chars.size(), format, &parts);
    return out;
  }
  const std::string_view pattern = layout == Layout::kDate     ? "0000-00-00"
                                   : layout == Layout::kMinute ? "0000-00-00 00:00"
                                                               : "0000-00-00T00:00:00Z";
  pattern.copy(out.chars.data(), pattern.size());
  out.size = pattern.size();
  const auto digits = [&out](std::size_t end, int value) {
    for (std::size_t at = end; value > 0; value /= 10)
      out.chars[--at] = static_cast<char>('0' + value % 10);
  };
  digits(4, year);
  digits(7, parts.tm_mon + 1);
  digits(10, parts.tm_mday);
  if (layout == Layout::kDate) return out;
  digits(13, parts.tm_hour);
  digits(16, parts.tm_min);
  if (layout == Layout::kIsoSeconds) digits(19, parts.tm_sec);
  return out;
}

}  // namespace

TimeText LocalTimeText(std::int64_t unix_ms) { return Format(unix_ms, false, Layout::kMinute); }
TimeText IsoTimeText(std::int64_t unix_ms) { return Format(unix_ms, true, Layout::kIsoSeconds); }
std::string LocalTime(std::int64_t unix_ms) { return std::string(LocalTimeText(unix_ms).view()); }
std::string LocalDate(std::int64_t unix_ms) {
  return std::string(Format(unix_ms, false, Layout::kDate).view());
}
std::string IsoTime(std::int64_t unix_ms) { return std::string(IsoTimeText(unix_ms).view()); }

std::optional<std::int64_t> ParseDate(const std::string& text) {
  int year = 0, month = 0, day = 0;
  char tail = 0;
  if (text.size() != 10) return std::nullopt;
  for (std::size_t i = 0; i < text.size(); ++i)  // sscanf alone would take " 1" or "+1"
    if ((i == 4 || i == 7) ? text[i] != '-' : (text[i] < '0' || text[i] > '9')) return std::nullopt;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &year, &month, &day, &tail) != 3)
    return std::nullopt;
  std::tm parts{};
  parts.tm_year = year - 1900;
  parts.tm_mon = month - 1;
  parts.tm_mday = day;
  parts.tm_isdst = -1;
  const std::time_t t = std::mktime(&parts);
  // mktime normalises 2026-02-31 to March: such a date is not real.
  if (t == -1 || parts.tm_mday != day || parts.tm_mon != month - 1) return std::nullopt;
  return static_cast<std::int64_t>(t) * 1000;
}

std::optional<std::int64_t> ParseDateOrTime(const std::string& text) {
  // ParseDay holds both forms to the digits and the years Rapport knows.
  if (text.size() == 10) return core::ParseDay(text) ? ParseDate(text) : std::nullopt;
  int hour = 0, minute = 0, second = 0;
  char zone = 0, tail = 0;
  for (std::size_t i : {11, 12, 14, 15, 17, 18})  // sscanf alone would take " 1" or "+1"
    if (text.size() != 20 || text[i] < '0' || text[i] > '9') return std::nullopt;
  if (text.size() != 20 || text[10] != 'T' ||
      std::sscanf(text.c_str() + 11, "%2d:%2d:%2d%c%c", &hour, &minute, &second, &zone, &tail) !=
          4 ||
      zone != 'Z' || hour > 23 || minute > 59 || second > 59 || hour < 0 || minute < 0 ||
      second < 0)
    return std::nullopt;
  const std::optional<std::int32_t> day = core::ParseDay(text.substr(0, 10));
  if (!day) return std::nullopt;
  return ((static_cast<std::int64_t>(*day) * 24 + hour) * 60 + minute) * 60000 +
         std::int64_t{second} * 1000;
}

std::int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Column(std::string_view text, std::size_t width) {
  std::string out;
  std::size_t characters = 0;
  for (const char c : text) {
    // A byte 10xxxxxx continues the character before it.
    const bool starts_character = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (starts_character && characters++ == width) break;
    out += c;
  }
  if (characters < width) out.append(width - characters, ' ');
  return out;
}

std::string AuthorName(const core::NotebookState& state, const core::AuthorId& author) {
  if (const auto* m = state.FindMember(author)) return m->name;
  return author.Short();
}

void PrintJson(const nlohmann::json& value) {
  // A path that is not UTF-8 (a file name is any bytes) must not end the
  // command with an exception after its change was made: such bytes print
  // as U+FFFD.
  std::cout << value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void WarnAboutDamagedPrivate(const store::PrivateRecords& records) {
  if (records.damaged == 0) return;
  std::cerr << "warning: " << records.damaged
            << " private record(s) on this device failed their integrity check and were left "
               "out\n";
}

std::optional<std::int64_t> ParseSinceOption(const std::string& text) {
  if (text.empty()) return std::nullopt;
  const auto since = ParseDate(text);
  if (!since) UserError("--since takes a date as YYYY-MM-DD, not '" + text + "'");
  return since;
}

}  // namespace rapport::cli
