// Characters that no text in a notebook may hold, because a terminal would
// act on them instead of showing them: an escape sequence in a name could
// clear the screen, recolour or hide the safety number being compared, or
// print a fake error; a carriage return could overwrite a line. Everything
// a member writes passes this check when written and when received from the
// other device, so nothing stored ever needs escaping on output.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rapport::core {

enum class TextLines {
  kOne,   // a name, title, tag or step: shown on one line, so no line breaks or tabs
  kMany,  // a note or entry: line feeds and tabs, and CR only as part of CR LF
};

// Describes the first character of `text` (valid UTF-8) that a terminal
// would act on, e.g. "a control character (U+001B)"; nullopt if none.
// Refused everywhere: C0 controls (but the line breaks and tabs `lines`
// allows), DEL, C1 controls, and the bidirectional embedding, override and
// isolate controls that reorder what is shown (U+202A-U+202E, U+2066-U+2069;
// the marks U+200E/U+200F that right-to-left writing uses stay allowed).
// kOne also refuses line and paragraph separators (U+2028, U+2029).
std::optional<std::string> FindUnsafeCharacter(std::string_view text, TextLines lines);

// One character FindUnsafeCharacter would refuse: its length in bytes, and
// what to show in its place (a space for a line break or tab, else U+FFFD).
struct UnsafeCharacter {
  std::size_t length;
  std::string_view replacement;
};

// False if no unsafe character can start with byte `c`: every byte but the
// controls (other than LF and tab), DEL, and the lead bytes of the C1
// controls (C2) and of the direction controls (E2). A quick test that lets
// most text pass untouched, before UnsafeCharacterAt looks closer.
constexpr bool MayStartUnsafeCharacter(char c) {
  const auto b = static_cast<unsigned char>(c);
  return (b < 0x20 && b != '\n' && b != '\t') || b == 0x7F || b == 0xC2 || b == 0xE2;
}

// The unsafe character that starts at `text[i]` (valid UTF-8), if it is one.
// For renderers that replace as they go (the HTML review) instead of copying.
std::optional<UnsafeCharacter> UnsafeCharacterAt(std::string_view text, std::size_t i,
                                                 TextLines lines);

// `text` (valid UTF-8) with every such character replaced as above. For text
// that was signed before the rule existed, or that came from elsewhere, when
// it is shown.
std::string MakeTerminalSafe(std::string_view text, TextLines lines);

// Which rule the text of a record is held to (core/record.h).
enum class TextRules {
  kNewlyWritten,  // typed or made on this device now: FindUnsafeCharacter finds nothing
  // Signed elsewhere, maybe by an older Rapport that allowed any UTF-8: it
  // is accepted as it is (a feed is a signed chain: refusing one event would
  // stop its author's feed for good), and made safe where it is shown.
  kReceived,
};

}  // namespace rapport::core
