// Small pieces the text and HTML forms of the review share.
#include <algorithm>
#include <array>
#include <cstdint>

#include "cli/review_render.h"
#include "cli/word_scan.h"
#include "core/terminal_safe_text.h"

namespace rapport::cli {

std::string Sparkline(const std::vector<int>& values, int lo, int hi) {
  static const char* const kBlocks[8] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  std::string out;
  for (int v : values) {
    const int clamped = std::clamp(v, lo, hi);
    // Rounded to the nearest of the eight levels.
    const int level = ((clamped - lo) * 14 + (hi - lo)) / (2 * (hi - lo));
    out += kBlocks[std::clamp(level, 0, 7)];
  }
  return out;
}

namespace {

// The reference for a character HTML needs escaped; empty for any other.
constexpr std::string_view HtmlEntity(char c) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\'':
      return "&#39;";
    default:
      return {};
  }
}

// Whether a byte may need replacing: one HTML escapes, or one that may start
// a character unsafe to show (core::MayStartUnsafeCharacter). A table, for
// the bytes where the scan by words below stops.
constexpr std::array<bool, 256> kMayNeedReplacing = [] {
  std::array<bool, 256> table{};
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    table[b] = !HtmlEntity(c).empty() || core::MayStartUnsafeCharacter(c);
  }
  return table;
}();

// Whether none of the eight bytes of `word` is one kMayNeedReplacing marks
// (below 0x20, " & ' < > DEL, or the lead bytes C2 and E2).
constexpr bool NoneMayNeedReplacing(std::uint64_t word) {
  using namespace word_scan;
  return (HasByteBelow(word, 0x20) | HasByte(word, '"') | HasByte(word, '&') | HasByte(word, '\'') |
          HasByte(word, '<') | HasByte(word, '>') | HasByte(word, 0x7F) | HasByte(word, 0xC2) |
          HasByte(word, 0xE2)) == 0;
}
// The scan by words may stop at more bytes than the table marks (line
// breaks and tabs), never at fewer.
static_assert(
    [] {
      for (int b = 0; b < 256; ++b)
        if (kMayNeedReplacing[static_cast<std::size_t>(b)] &&
            NoneMayNeedReplacing(word_scan::kOnes * static_cast<std::uint64_t>(b)))
          return false;
      return true;
    }(),
    "the scan by words must stop at every byte the table marks");

// Calls `emit` with `text` escaped, in pieces: each run of plain characters
// whole (journal entries are mostly one run), then each reference. Text
// signed by an older Rapport may hold controls (a direction override would
// reorder the words on the page): each is replaced as on the terminal.
template <typename Emit>
void EscapeInPieces(std::string_view text, Emit&& emit) {
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    i = word_scan::SkipPlainWords(text, i, NoneMayNeedReplacing);
    if (i == text.size()) break;
    if (!kMayNeedReplacing[static_cast<unsigned char>(text[i])]) continue;
    std::string_view replacement = HtmlEntity(text[i]);
    std::size_t length = 1;
    if (replacement.empty()) {
      if (const auto unsafe = core::UnsafeCharacterAt(text, i, core::TextLines::kMany)) {
        replacement = unsafe->replacement;
        length = unsafe->length;
      }
    }
    if (replacement.empty()) continue;
    if (i > run) emit(text.substr(run, i - run));
    emit(replacement);
    run = i + length;
    i = run - 1;
  }
  if (run < text.size()) emit(text.substr(run));
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendHtmlEscaped(out, text);
  return out;
}

void AppendHtmlEscaped(std::string& out, std::string_view text) {
  EscapeInPieces(text, [&](std::string_view piece) { out += piece; });
}

std::ostream& operator<<(std::ostream& o, HtmlEscaped escaped) {
  EscapeInPieces(escaped.text, [&](std::string_view piece) {
    o.write(piece.data(), static_cast<std::streamsize>(piece.size()));
  });
  return o;
}

std::string_view RepairWords(core::RepairKind kind) {
  switch (kind) {
    case core::RepairKind::kRationaleGiven:
      return "gave a rationale";
    case core::RepairKind::kGoalsRenegotiated:
      return "renegotiated goals";
    case core::RepairKind::kMutualDiscussion:
      return "talked it through together";
    case core::RepairKind::kOther:
      break;
  }
  return "other";
}

std::string_view EndingActionLabel(core::EndingAction action) {
  switch (action) {
    case core::EndingAction::kHowTherapyWent:
      return "how therapy went";
    case core::EndingAction::kFutureFunctioning:
      return "future functioning and coping";
    case core::EndingAction::kSkillsBeyondTherapy:
      return "using skills beyond therapy";
    case core::EndingAction::kGrowthOngoing:
      return "growth as ongoing";
    case core::EndingAction::kPostTherapyGrowth:
      return "anticipating post-therapy growth";
    case core::EndingAction::kWhatEndingMeans:
      return "what ending means";
    case core::EndingAction::kReflectingOnGains:
      return "reflecting on gains";
    case core::EndingAction::kPrideInProgress:
      return "pride in progress and the relationship";
  }
  return "?";
}

std::vector<std::string> FeedbackFlags(const core::FeedbackReview& f, bool session) {
  std::vector<std::string> flags;
  auto direction = [](int change) { return std::string(change > 0 ? "rise" : "drop"); };
  if (session) {
    if (f.below_cutoff) flags.push_back("under 36");
    if (f.falling) flags.push_back("falling");
    return flags;
  }
  if (f.below_cutoff) flags.push_back("under 25");
  // A reliable drop says more than "falling"; a smaller drop still shows.
  if (f.falling && !f.reliable_change_from_previous) flags.push_back("falling");
  if (f.reliable_change_from_previous)
    flags.push_back("reliable " + direction(*f.change_from_previous) + " since the previous");
  if (f.reliable_change_from_first)
    flags.push_back("reliable " + direction(*f.change_from_first) + " since the first (" +
                    Signed(*f.change_from_first) + ")");
  return flags;
}

int ShownStepDepth(int depth) { return std::clamp(depth, 0, kMaxShownStepDepth); }

std::string Signed(int value) { return (value > 0 ? "+" : "") + std::to_string(value); }

}  // namespace rapport::cli
