#include "core/terminal_safe_text.h"

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

std::string Describe(const char* kind, std::uint32_t cp) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(cp));
  return std::string(kind) + " (" + hex + ")";
}

}  // namespace

std::optional<std::string> FindUnsafeCharacter(std::string_view text, TextLines lines) {
  const bool many = lines == TextLines::kMany;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = 1;
    const std::uint32_t cp = DecodeAt(text, i, length);
    const bool allowed_break = many && (cp == '\n' || cp == '\t' ||
                                        (cp == '\r' && i + 1 < text.size() && text[i + 1] == '\n'));
    if ((cp < 0x20 && !allowed_break) || (cp >= 0x7F && cp <= 0x9F))
      return Describe(
          cp == '\n' || cp == '\r' || cp == '\t' ? "a line break or tab" : "a control character",
          cp);
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
      return Describe("a control of the text's direction", cp);
    if (!many && (cp == 0x2028 || cp == 0x2029)) return Describe("a line break", cp);
    i += length;
  }
  return std::nullopt;
}

std::string MakeTerminalSafe(std::string_view text, TextLines lines) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = 1;
    DecodeAt(text, i, length);
    const std::string_view one = text.substr(i, length);
    if (const auto unsafe = FindUnsafeCharacter(one, lines)) {
      const bool is_break = unsafe->rfind("a line break", 0) == 0;
      // A CR that starts a CR LF pair is fine where lines are allowed.
      const bool crlf =
          lines == TextLines::kMany && one == "\r" && i + 1 < text.size() && text[i + 1] == '\n';
      out += crlf ? "\r" : is_break ? " " : "\xEF\xBF\xBD";
    } else {
      out += one;
    }
    i += length;
  }
  return out;
}

}  // namespace rapport::core
