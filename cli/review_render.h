// The three forms of `rapport review` (core/review.h holds the content):
// one screen of text, JSON for programs, and one self-contained HTML page.
// Each is a pure function of the review, so two devices holding the same
// events print the same JSON byte for byte (times in UTC; no clock read).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "core/review.h"

namespace rapport::cli {

// For people, in a terminal: headings, sparklines, flags marked with "!".
// Times are shown in local time, like the other commands.
std::string ReviewText(const core::Review& review);

// For programs: every number and flag of the review, times in UTC, as JSON
// text laid out as nlohmann::json's dump(2). Layout: docs/records.md, "Review".
// WriteReviewJson streams it, for a journal of any length.
std::string ReviewJson(const core::Review& review);
void WriteReviewJson(std::ostream& out, const core::Review& review);

// One HTML page: inline CSS and SVG charts, no scripts, no network
// resources; every text a member wrote is escaped.
std::string ReviewHtml(const core::Review& review);
// The same page, streamed to `out` (`review --html` writes it to its file so).
void WriteReviewHtml(std::ostream& out, const core::Review& review);

// One block character per value (▁▂▃▄▅▆▇█), scaled between `lo` and `hi`
// so that the same value always draws the same block; values outside are
// clamped. REQUIRES: lo < hi.
std::string Sparkline(const std::vector<int>& values, int lo, int hi);

// & < > " ' as character references.
std::string HtmlEscape(std::string_view text);
// The same, appended to `out`.
void AppendHtmlEscaped(std::string& out, std::string_view text);
// The same, streamed: `o << HtmlEscaped{text}` writes `text` escaped without
// building a copy. `text` must outlive the expression.
struct HtmlEscaped {
  std::string_view text;
};
std::ostream& operator<<(std::ostream& o, HtmlEscaped escaped);

// A repair step as people say it: "gave a rationale", ...
std::string_view RepairWords(core::RepairKind kind);
// "how therapy went", ... (DESIGN.md, "Effective endings").
std::string_view EndingActionLabel(core::EndingAction action);
// The flags of a session feedback (`session`) or check-in entry, for people:
// "under 36", "falling", "reliable drop since the previous", ...
std::vector<std::string> FeedbackFlags(const core::FeedbackReview& f, bool session);
// "+3", "0", "-2".
std::string Signed(int value);
// How deep to indent a step of `depth` (StepReview::depth): at most
// kMaxShownStepDepth, so that a chain of splits of any length (a member can
// write one as long as they like) is shown in text linear in its length.
inline constexpr int kMaxShownStepDepth = 8;
int ShownStepDepth(int depth);

}  // namespace rapport::cli
