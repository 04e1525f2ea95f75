#include "cli/journal_import_scan.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

namespace rapport::cli {
namespace {

using Json = nlohmann::json;

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

bool IsEntryField(const std::string& name) {
  return name == "text" || name == "mood" || name == "tags" || name == "time";
}

// SAX events in, a verdict out; it keeps no value, only counts. Returning
// false stops the parser at once.
class Scanner : public Json::json_sax_t {
 public:
  bool null() override { return Part(); }
  bool boolean(bool) override { return Part(); }
  bool number_integer(Json::number_integer_t) override { return Part(); }
  bool number_unsigned(Json::number_unsigned_t) override { return Part(); }
  bool number_float(Json::number_float_t, const Json::string_t&) override { return Part(); }
  bool string(Json::string_t&) override { return Part(); }
  bool binary(Json::binary_t&) override { return Part(); }
  bool start_object(std::size_t) override { return Open(/*is_list=*/false); }
  bool start_array(std::size_t) override { return Open(/*is_list=*/true); }
  bool end_object() override { return Close(); }
  bool end_array() override { return Close(); }

  bool key(Json::string_t& name) override {
    if (!Part()) return false;
    // Only an entry's own names, at most four: any other is refused as
    // unknown later, and millions of names must not each cost a search.
    if (depth_ == 2 && !shape_.repeated && IsEntryField(name)) {
      if (std::find(fields_.begin(), fields_.end(), name) != fields_.end())
        shape_.repeated = std::make_pair(shape_.entries, name);
      else
        fields_.push_back(name);
    }
    return true;
  }

  bool parse_error(std::size_t, const std::string&, const Json::exception& e) override {
    error_ = Error(ErrorCode::kInvalidArgument, "the file is not valid JSON: " + PlainMessage(e));
    return false;
  }

  Result<ImportShape> Verdict() const {
    if (error_) return Unexpected{*error_};
    return shape_;
  }

 private:
  bool Open(bool is_list) {
    if (depth_ == 0 && !is_list) return NotAList();
    if (depth_ > 0 && !Part()) return false;
    ++depth_;
    return true;
  }
  bool Close() {
    --depth_;
    return true;
  }
  // A value, or a name, or the start of a list or object.
  bool Part() {
    if (depth_ == 0) return NotAList();
    if (depth_ == 1) {  // an entry starts
      ++shape_.entries;
      parts_ = 0;
      fields_.clear();
    }
    if (++parts_ <= kMaxEntryParts) return true;
    error_ = Error(ErrorCode::kInvalidArgument,
                   "entry " + std::to_string(shape_.entries) +
                       ": holds far more than an entry can (a text, a mood, a time and at most 32 "
                       "tags)");
    return false;
  }
  bool NotAList() {
    error_ = Error(ErrorCode::kInvalidArgument,
                   "the file must hold a JSON list of entries: [{\"text\": \"...\"}, ...]");
    return false;
  }

  std::size_t depth_ = 0;            // lists and objects open
  std::size_t parts_ = 0;            // of the current entry
  std::vector<std::string> fields_;  // names of the current entry: at most four
  ImportShape shape_;
  std::optional<Error> error_;
};

}  // namespace

Result<ImportShape> ScanJournalImport(std::string_view json) {
  Scanner scanner;
  Json::sax_parse(json, &scanner);
  return scanner.Verdict();
}

}  // namespace rapport::cli
