// Reading the file `rapport journal import` takes: a JSON array of entries,
//   [{"text": "...", "mood": 6, "tags": ["sleep"], "time": "2025-03-02"}, ...]
// Only "text" is required. "mood" is 0 to 10 or null; "time" is when the
// entry was written, YYYY-MM-DD (local midnight) or YYYY-MM-DDTHH:MM:SSZ,
// and now when left out. Nothing else is accepted: an entry is written as
// the importer's own, so a field such as "author" is refused rather than
// dropped without a word.
#pragma once

#include <string_view>
#include <vector>

#include "base/result.h"
#include "core/record.h"

namespace rapport::cli {

// Bounds on the file, far above any one person's journal: an import is one
// transaction, which holds the notebook's write lock while it runs.
inline constexpr std::size_t kMaxImportBytes = std::size_t{64} << 20;
inline constexpr std::size_t kMaxImportEntries = 100'000;

// Every entry checked as `journal add` checks one, and its time (not after
// `now_ms`). kInvalidArgument naming the first bad entry ("entry 3: ..."),
// or the file as a whole (not JSON, a NUL byte, not a list, too many
// entries). An entry far larger than any valid one (journal_import_scan.h)
// is named as soon as it is read, before any later check of an earlier
// entry: nothing is built from a file that holds one.
Result<std::vector<core::Record>> ParseJournalImport(std::string_view json, std::int64_t now_ms);

}  // namespace rapport::cli
