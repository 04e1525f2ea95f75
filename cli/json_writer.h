// Writing JSON straight to a stream, through a small buffer, for output too
// large to build as a tree first: `review --json` lists every shared journal entry, and building
// nlohmann::json values for tens of thousands of them cost more than the
// fold (docs/performance.md). The layout is nlohmann's dump(2) exactly (two
// spaces, `"key": value`, `[]` and `{}` when empty), so parsing the output
// and dumping it again gives the same bytes, provided the caller writes
// each object's keys in sorted order, as nlohmann keeps them.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::cli {

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& sink) : sink_(sink) {}
  ~JsonWriter() { Flush(); }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  // Hands what is buffered to the stream (the destructor does too).
  void Flush();

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // The next value is this member's.
  void Key(std::string_view key);

  // `text` must be valid UTF-8 (every stored text is checked on input); it
  // is escaped as nlohmann does: \" \\ \b \f \n \r \t, \u00XX for other
  // control characters, everything else as is.
  void String(std::string_view text);
  void Int(std::int64_t value);
  // Shortest form that reads back the same, with ".0" on whole numbers.
  void Double(double value);
  void Bool(bool value);
  void Null();

 private:
  void BeforeValue();
  void Quote(std::string_view text);
  void Open(char bracket);
  void Close(char bracket);
  void NewLine(std::size_t depth);

  // Appending to the buffer, handed on to the stream when full: a plain
  // array rather than a std::string, whose out-of-line push_back was a
  // sixth of the time of `review --json` (docs/performance.md).
  void Put(char c) {
    if (used_ == kBufferSize) Flush();
    buffer_[used_++] = c;
  }
  void Put(std::string_view text);

  // The memory touched stays this small, whatever the size of the output.
  static constexpr std::size_t kBufferSize = 1 << 16;
  std::ostream& sink_;
  std::unique_ptr<char[]> buffer_ = std::make_unique<char[]>(kBufferSize);
  std::size_t used_ = 0;
  std::vector<bool> empty_;  // per open bracket: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace rapport::cli
