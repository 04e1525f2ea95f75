// Journal entries: text, optional mood 0-10 and tags. A shared entry is an
// event; a private one is the same record kept only on its author's device.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/codec.h"
#include "core/ids.h"

namespace rapport::core {

inline constexpr std::size_t kMaxJournalTextSize = 64 * 1024;
inline constexpr std::size_t kMaxTagSize = 64;
inline constexpr std::size_t kMaxTags = 32;
inline constexpr int kMinMood = 0;
inline constexpr int kMaxMood = 10;

struct JournalEntry {
  static constexpr std::uint16_t kType = 10;
  static constexpr std::string_view kName = "journal.entry";
  std::string text;
  std::optional<int> mood;
  std::vector<std::string> tags;
  // Set when a private entry was later shared: the private record's id.
  std::optional<PrivateId> shared_from;
};

void EncodeFields(Writer& w, const JournalEntry& r);
bool DecodeFields(Reader& r, JournalEntry& out);
// kInvalidArgument for empty or oversized text, mood out of 0..10, bad tags.
Status ValidateFields(const JournalEntry& r);

}  // namespace rapport::core
