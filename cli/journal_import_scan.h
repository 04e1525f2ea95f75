// The first pass over a `rapport journal import` file: its syntax, its shape
// and its size, checked as it is read and before any document is built from
// it, so that a hostile file costs neither memory nor time beyond its size.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "base/result.h"

namespace rapport::cli {

// The most one entry may hold, counting the entry, each field name and each
// value (a list and each of its items): far above the 42 of the largest
// valid entry, so that a mistake is named by the entry's own checks.
inline constexpr std::size_t kMaxEntryParts = 64;

struct ImportShape {
  std::size_t entries = 0;  // the top-level list's items, however many
  // The first entry (numbered from 1) that names "text", "mood", "tags" or
  // "time" twice, and the name: JSON allows it, and which one was meant is
  // anyone's guess.
  std::optional<std::pair<std::size_t, std::string>> repeated;
};

// kInvalidArgument if `json` is not valid JSON (nlohmann's message, without
// the quoted input, which could be an entry's private text), is not a list,
// or an entry holds more than kMaxEntryParts. Reading stops at the first of
// these. Memory use does not grow with the size of `json`.
Result<ImportShape> ScanJournalImport(std::string_view json);

}  // namespace rapport::cli
