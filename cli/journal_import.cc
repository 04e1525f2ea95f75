#include "cli/journal_import.h"

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/output.h"
#include "core/record_fields.h"
#include "core/records_journal.h"

namespace rapport::cli {
namespace {

using Json = nlohmann::json;

Unexpected Bad(std::size_t number, const std::string& what) {
  return Fail(ErrorCode::kInvalidArgument, "entry " + std::to_string(number) + ": " + what);
}

// nlohmann's message without its "[json.exception.parse_error.101] " tag,
// and without the "; last read: '...'" that quotes the input: that could be
// an entry's private text, printed on the terminal.
std::string PlainMessage(const Json::exception& e) {
  std::string message = e.what();
  if (const std::size_t tag_end = message.find("] "); tag_end != std::string::npos)
    message.erase(0, tag_end + 2);
  if (const std::size_t quote = message.find("; last read"); quote != std::string::npos)
    message.resize(quote);
  return message;
}

// Watches the parse for an entry that names a field twice: nlohmann keeps the
// last silently, and which "text" the writer meant is anyone's guess.
class RepeatedFieldWatch {
 public:
  bool operator()(int depth, Json::parse_event_t event, Json& parsed) {
    using Event = Json::parse_event_t;
    if (depth == 0 && event == Event::array_start) in_list_ = true;
    if (!in_list_ || repeated_) return true;
    // The list's elements are at depth 1, their fields' names at depth 2.
    if (depth == 1 &&
        (event == Event::object_start || event == Event::array_start || event == Event::value)) {
      ++entry_;
      fields_.clear();
    } else if (depth == 2 && event == Event::key) {
      const auto& name = parsed.get_ref<const std::string&>();
      // Only the fields an entry may have: any other name is refused as
      // unknown anyway, and a hostile file with millions of names must not
      // cost a search through them all for each.
      if (!IsEntryField(name)) return true;
      if (std::find(fields_.begin(), fields_.end(), name) != fields_.end()) {
        repeated_ = std::make_pair(entry_, name);
      } else {
        fields_.push_back(name);
      }
    }
    return true;
  }
  // The first entry (numbered from 1) that repeats a field, and the field.
  const std::optional<std::pair<std::size_t, std::string>>& repeated() const { return repeated_; }

 private:
  bool in_list_ = false;
  std::size_t entry_ = 0;
  static bool IsEntryField(const std::string& name) {
    return name == "text" || name == "mood" || name == "tags" || name == "time";
  }

  std::vector<std::string> fields_;  // of the current entry: at most four
  std::optional<std::pair<std::size_t, std::string>> repeated_;
};

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
  Json parsed;
  RepeatedFieldWatch watch;
  try {
    parsed = Json::parse(json, std::ref(watch));
  } catch (const Json::exception& e) {
    return Fail(ErrorCode::kInvalidArgument, "the file is not valid JSON: " + PlainMessage(e));
  }
  if (!parsed.is_array())
    return Fail(ErrorCode::kInvalidArgument,
                "the file must hold a JSON list of entries: [{\"text\": \"...\"}, ...]");
  if (parsed.empty()) return Fail(ErrorCode::kInvalidArgument, "the file holds no entries");
  if (parsed.size() > kMaxImportEntries)
    return Fail(ErrorCode::kInvalidArgument,
                "the file holds " + std::to_string(parsed.size()) + " entries; an import takes " +
                    std::to_string(kMaxImportEntries) + " at most: split it");
  std::vector<core::Record> records;
  records.reserve(parsed.size());
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    if (const auto& repeated = watch.repeated(); repeated && repeated->first == i + 1)
      return Bad(i + 1, "the field \"" + repeated->second + "\" appears twice");
    RAPPORT_ASSIGN_OR_RETURN(core::Record record, ParseEntry(parsed[i], i + 1, now_ms));
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace rapport::cli
