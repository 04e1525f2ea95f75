#include "core/terminal_safe_text.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace rapport::core {
namespace {

// The code point at `text[i]` (valid UTF-8) and its length in bytes.
std::uint32_t DecodeAt(std::string_view text, std::size_t i, std::size_t& length) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    length = 1;
    return c;
  }
  length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  std::uint32_t cp = c & (0x3F >> (length - 1));
  for (std::size_t k = 1; k < length && i + k < text.size(); ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  return cp;
}

constexpr const char* kLineBreakOrTab = "a line break or tab";
constexpr const char* kLineBreak = "a line break";

std::string Describe(const char* kind, std::uint32_t cp) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(cp));
  return std::string(kind) + " (" + hex + ")";
}

// What kind of unsafe character `cp` at `text[i]` is; nullptr if it is safe.
const char* UnsafeKind(std::string_view text, std::size_t i, std::uint32_t cp, TextLines lines) {
  const bool many = lines == TextLines::kMany;
  const bool allowed_break = many && (cp == '\n' || cp == '\t' ||
                                      (cp == '\r' && i + 1 < text.size() && text[i + 1] == '\n'));
  if ((cp < 0x20 && !allowed_break) || (cp >= 0x7F && cp <= 0x9F))
    return cp == '\n' || cp == '\r' || cp == '\t' ? kLineBreakOrTab : "a control character";
  if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
    return "a control of the text's direction";
  if (!many && (cp == 0x2028 || cp == 0x2029)) return kLineBreak;
  return nullptr;
}

}  // namespace

std::optional<std::string> FindUnsafeCharacter(std::string_view text, TextLines lines) {
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = 1;
    const std::uint32_t cp = DecodeAt(text, i, length);
    if (const char* kind = UnsafeKind(text, i, cp, lines)) return Describe(kind, cp);
    i += length;
  }
  return std::nullopt;
}

std::optional<UnsafeCharacter> UnsafeCharacterAt(std::string_view text, std::size_t i,
                                                 TextLines lines) {
  std::size_t length = 1;
  const std::uint32_t cp = DecodeAt(text, i, length);
  const char* kind = UnsafeKind(text, i, cp, lines);
  if (kind == nullptr) return std::nullopt;
  const bool is_break = kind == kLineBreakOrTab || kind == kLineBreak;
  return UnsafeCharacter{std::min(length, text.size() - i), is_break ? " " : "\xEF\xBF\xBD"};
}

std::string MakeTerminalSafe(std::string_view text, TextLines lines) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (const auto unsafe = UnsafeCharacterAt(text, i, lines)) {
      out += unsafe->replacement;
      i += unsafe->length;
    } else {
      std::size_t length = 1;
      DecodeAt(text, i, length);
      out.append(text, i, length);
      i += length;
    }
  }
  return out;
}

}  // namespace rapport::core
