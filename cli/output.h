// Printing for people and for programs: times, short ids, names, JSON.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/notebook_state.h"
#include "store/device.h"

namespace rapport::cli {

// A time written out in place, without allocating: for output that writes
// one per record (the review's JSON and HTML).
struct TimeText {
  std::array<char, 64> chars{};
  std::size_t size = 0;
  std::string_view view() const { return {chars.data(), size}; }
};

// "2026-11-26 09:14" in local time.
std::string LocalTime(std::int64_t unix_ms);
TimeText LocalTimeText(std::int64_t unix_ms);
// "2026-11-26" in local time.
std::string LocalDate(std::int64_t unix_ms);
// "2026-11-26T09:14:03Z", for JSON.
std::string IsoTime(std::int64_t unix_ms);
TimeText IsoTimeText(std::int64_t unix_ms);
// Parses YYYY-MM-DD (digits only) as local midnight; nullopt if not a real
// date.
std::optional<std::int64_t> ParseDate(const std::string& text);
// YYYY-MM-DD (local midnight, like ParseDate) or what IsoTime prints,
// YYYY-MM-DDTHH:MM:SSZ (UTC); nullopt if neither, or not a real time.
std::optional<std::int64_t> ParseDateOrTime(const std::string& text);
// Milliseconds since the Unix epoch, from the system clock.
std::int64_t SystemNowMs();
// The value of a --since option: nullopt when not given (empty), else the
// date's local midnight; a user error (CommandError) for anything else.
std::optional<std::int64_t> ParseSinceOption(const std::string& text);

// `text` (valid UTF-8) as a column `width` characters wide: cut after
// `width` characters, never inside one, or padded with spaces. A character
// counts as one column, which holds for the letters of people's names.
std::string Column(std::string_view text, std::size_t width);

// The member's name, or the short key if the author is not a known member.
std::string AuthorName(const core::NotebookState& state, const core::AuthorId& author);

void PrintJson(const nlohmann::json& value);
// One line on stderr if some private records were left out as damaged.
void WarnAboutDamagedPrivate(const store::PrivateRecords& records);

}  // namespace rapport::cli
