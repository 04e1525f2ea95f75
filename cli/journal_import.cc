#include "cli/journal_import.h"

#include <nlohmann/json.hpp>

#include "cli/journal_import_scan.h"
#include "cli/output.h"
#include "core/record_fields.h"
#include "core/records_journal.h"

namespace rapport::cli {
namespace {

using Json = nlohmann::json;

Unexpected Bad(std::size_t number, const std::string& what) {
  return Fail(ErrorCode::kInvalidArgument, "entry " + std::to_string(number) + ": " + what);
}

Result<core::Record> ParseEntry(const Json& item, std::size_t number, std::int64_t now_ms) {
  if (!item.is_object()) return Bad(number, "not an object with a \"text\"");
  core::JournalEntry entry;
  core::Record record{now_ms, {}};
  bool has_text = false;
  for (const auto& [key, value] : item.items()) {
    if (key == "text") {
      if (!value.is_string()) return Bad(number, "\"text\" must be a string");
      entry.text = value.get<std::string>();
      has_text = true;
    } else if (key == "mood") {
      if (value.is_null()) continue;
      if (!value.is_number_integer()) return Bad(number, "\"mood\" must be 0 to 10, or null");
      const auto mood = value.get<std::int64_t>();
      if (mood < core::kMinMood || mood > core::kMaxMood)
        return Bad(number, "\"mood\" must be 0 to 10, or null");
      entry.mood = static_cast<int>(mood);
    } else if (key == "tags") {
      if (!value.is_array()) return Bad(number, "\"tags\" must be a list of words");
      for (const Json& tag : value) {
        if (!tag.is_string()) return Bad(number, "\"tags\" must be a list of words");
        entry.tags.push_back(tag.get<std::string>());
      }
    } else if (key == "time") {
      const auto time = value.is_string() ? ParseDateOrTime(value.get<std::string>())
                                          : std::optional<std::int64_t>();
      if (!time) return Bad(number, "\"time\" must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ");
      if (*time > now_ms) return Bad(number, "dated in the future");
      record.time_ms = *time;
    } else {
      return Bad(number, "unknown field \"" + key +
                             "\" (an entry has \"text\", and may have \"mood\", \"tags\" and "
                             "\"time\")");
    }
  }
  if (!has_text) return Bad(number, "no \"text\"");
  record.body = std::move(entry);
  if (Status valid = core::ValidateRecordFields(record); !valid)
    return Bad(number, valid.error().message);
  return record;
}

}  // namespace

Result<std::vector<core::Record>> ParseJournalImport(std::string_view json, std::int64_t now_ms) {
  if (json.size() > kMaxImportBytes)
    return Fail(ErrorCode::kInvalidArgument, "the file is larger than the 64 MiB an import takes");
  // The parser would take a NUL byte for the end of the file, and drop
  // whatever follows it without a word.
  if (json.find('\0') != std::string_view::npos)
    return Fail(ErrorCode::kInvalidArgument, "the file is not JSON text: it holds a NUL byte");
  // The scan bounds what the document below can cost: nlohmann's callback
  // parser, which the scan replaces, took time growing with the square of
  // the number of entries.
  RAPPORT_ASSIGN_OR_RETURN(const ImportShape shape, ScanJournalImport(json));
  if (shape.entries == 0) return Fail(ErrorCode::kInvalidArgument, "the file holds no entries");
  if (shape.entries > kMaxImportEntries)
    return Fail(ErrorCode::kInvalidArgument,
                "the file holds " + std::to_string(shape.entries) + " entries; an import takes " +
                    std::to_string(kMaxImportEntries) + " at most: split it");
  const Json parsed = Json::parse(json);  // cannot throw: the scan read it whole
  std::vector<core::Record> records;
  records.reserve(parsed.size());
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    if (shape.repeated && shape.repeated->first == i + 1)
      return Bad(i + 1, "the field \"" + shape.repeated->second + "\" appears twice");
    RAPPORT_ASSIGN_OR_RETURN(core::Record record, ParseEntry(parsed[i], i + 1, now_ms));
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace rapport::cli
