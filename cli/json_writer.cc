#include "cli/json_writer.h"

#include <charconv>
#include <cstring>

#include "cli/word_scan.h"

namespace rapport::cli {

namespace {

// Whether all eight bytes of `word` are copied as they are: none below 0x20,
// no quote, no backslash (UTF-8's bytes from 0x80 up pass).
constexpr bool NoneNeedEscaping(std::uint64_t word) {
  using namespace word_scan;
  return (HasByteBelow(word, 0x20) | HasByte(word, '"') | HasByte(word, '\\')) == 0;
}

static_assert(
    [] {
      for (int b = 0; b < 256; ++b) {
        const bool escaped = b < 0x20 || b == '"' || b == '\\';
        if (escaped == NoneNeedEscaping(word_scan::kOnes * static_cast<std::uint64_t>(b)))
          return false;
      }
      return true;
    }(),
    "the scan by words must stop at exactly the bytes Quote escapes");

}  // namespace

void JsonWriter::Flush() {
  sink_.write(buffer_.get(), static_cast<std::streamsize>(used_));
  used_ = 0;
}

void JsonWriter::Put(std::string_view text) {
  if (text.size() > kBufferSize - used_) {
    Flush();
    if (text.size() > kBufferSize) {
      sink_.write(text.data(), static_cast<std::streamsize>(text.size()));
      return;
    }
  }
  // A default string_view's data() is null, which memcpy may not be given
  // even for no bytes.
  if (text.empty()) return;
  std::memcpy(buffer_.get() + used_, text.data(), text.size());
  used_ += text.size();
}

void JsonWriter::NewLine(std::size_t depth) {
  Put('\n');
  for (std::size_t i = 0; i < 2 * depth; ++i) Put(' ');
}

// Inside an array each value starts on its own line; after a key it
// follows on the key's line.
void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (empty_.empty()) return;  // the top-level value
  if (!empty_.back()) Put(',');
  empty_.back() = false;
  NewLine(empty_.size());
}

void JsonWriter::Key(std::string_view key) {
  if (!empty_.back()) Put(',');
  empty_.back() = false;
  NewLine(empty_.size());
  Quote(key);
  Put(": ");
  after_key_ = true;
}

void JsonWriter::Open(char bracket) {
  BeforeValue();
  Put(bracket);
  empty_.push_back(true);
}

void JsonWriter::Close(char bracket) {
  const bool was_empty = empty_.back();
  empty_.pop_back();
  if (!was_empty) NewLine(empty_.size());
  Put(bracket);
}

void JsonWriter::String(std::string_view text) {
  BeforeValue();
  Quote(text);
}

void JsonWriter::Quote(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  Put('"');
  std::size_t plain = 0;  // start of the run of bytes copied as they are
  for (std::size_t i = 0; i < text.size(); ++i) {
    i = word_scan::SkipPlainWords(text, i, NoneNeedEscaping);
    if (i == text.size()) break;
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    Put(text.substr(plain, i - plain));
    plain = i + 1;
    switch (c) {
      case '"':
        Put("\\\"");
        break;
      case '\\':
        Put("\\\\");
        break;
      case '\b':
        Put("\\b");
        break;
      case '\f':
        Put("\\f");
        break;
      case '\n':
        Put("\\n");
        break;
      case '\r':
        Put("\\r");
        break;
      case '\t':
        Put("\\t");
        break;
      default:
        Put("\\u00");
        Put(kHex[c >> 4]);
        Put(kHex[c & 0xf]);
    }
  }
  Put(text.substr(plain));
  Put('"');
}

void JsonWriter::Int(std::int64_t value) {
  BeforeValue();
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  Put(std::string_view(digits, static_cast<std::size_t>(end - digits)));
}

void JsonWriter::Double(double value) {
  BeforeValue();
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  const std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
  Put(text);
  if (text.find_first_of(".e") == std::string_view::npos) Put(".0");
}

void JsonWriter::Bool(bool value) {
  BeforeValue();
  Put(value ? "true" : "false");
}

void JsonWriter::Null() {
  BeforeValue();
  Put("null");
}

}  // namespace rapport::cli
