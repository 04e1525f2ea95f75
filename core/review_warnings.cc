// The early warnings of a rupture (DESIGN.md, "Rupture repair"): the latest
// session feedback under 36 or falling, a step deferred twice or more, no
// shared journal entry for 14 days, an unresolved rupture. docs/records.md,
// "Review", says exactly when each is raised.
#include <algorithm>
#include <map>

#include "core/record_fields.h"
#include "core/review_parts.h"
#include "core/review_scores.h"

namespace rapport::core::review_internal {
namespace {

constexpr std::int64_t kDayMs = 24 * 60 * 60 * 1000;

// The days FormatDay can show, 0000-03-01 to 9999-12-31. A time is what its
// author's clock signed, any i64: one outside these is shown at the nearer
// end rather than wrapped into an int32 (or overflowing inside FormatDay).
constexpr std::int64_t kFirstShownDay = -719468;
constexpr std::int64_t kLastShownDay = 2932896;

// The UTC day of a time, as YYYY-MM-DD: the same text on every device.
std::string Day(std::int64_t ms) {
  std::int64_t day = ms / kDayMs;
  if (ms % kDayMs < 0) --day;
  return FormatDay(static_cast<std::int32_t>(std::clamp(day, kFirstShownDay, kLastShownDay)));
}

// Whole days from `from` to `now`, 0 when `from` is not earlier. Either may
// be any i64, so `now - from` may not fit one: the span is taken unsigned.
std::int64_t WholeDaysBetween(std::int64_t from, std::int64_t now) {
  if (now <= from) return 0;
  const std::uint64_t span = static_cast<std::uint64_t>(now) - static_cast<std::uint64_t>(from);
  return static_cast<std::int64_t>(span / kDayMs);
}

std::string Quote(const std::string& text) { return "\"" + text + "\""; }

std::string Times(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

void SessionWarnings(const NotebookState& state, const Review& review, std::vector<Warning>& out) {
  // Only each author's latest entry speaks for now; older ones are history.
  std::map<AuthorId, std::size_t> latest;
  for (std::size_t i = 0; i < state.session_feedback.size(); ++i)
    latest[state.session_feedback[i].author] = i;
  std::vector<std::size_t> current;
  for (const auto& [author, i] : latest) current.push_back(i);
  std::sort(current.begin(), current.end());
  for (std::size_t i : current) {
    const FeedbackReview& f = review.sessions[i];
    if (f.below_cutoff)
      out.push_back({WarningKind::kSessionBelowCutoff,
                     "Session feedback from " + f.by + " on " + Day(f.time_ms) + " totals " +
                         std::to_string(f.total) + "/40, under " +
                         std::to_string(kSrsAllianceCutoff) +
                         ": a possible concern about the working relationship.",
                     f.id, f.total});
  }
  for (std::size_t i : current) {
    const FeedbackReview& f = review.sessions[i];
    if (f.falling)
      out.push_back({WarningKind::kSessionFalling,
                     "Session feedback from " + f.by + " fell from " +
                         std::to_string(f.total - *f.change_from_previous) + " to " +
                         std::to_string(f.total) + " on " + Day(f.time_ms) + ".",
                     f.id, f.total});
  }
}

// Steps still in the plan (open task, not done, not replaced by a split).
void DeferralWarnings(const Review& review, std::vector<Warning>& out) {
  for (const TaskReview& t : review.tasks) {
    for (const StepReview& s : t.steps) {
      if (!StillRepeatedlyDeferred(t, s)) continue;
      const std::size_t n = s.deferrals.size();
      out.push_back({WarningKind::kRepeatedDeferral,
                     "Step " + Quote(s.text) + " of task " + Quote(t.title) + " was deferred " +
                         Times(n, "time", "times") +
                         " (latest reason: " + Quote(s.deferrals.back().reason) + ").",
                     t.id, static_cast<int>(n)});
    }
  }
}

void SilenceWarning(const NotebookState& state, const Review& review, std::int64_t now_ms,
                    std::vector<Warning>& out) {
  const std::optional<std::int64_t> from =
      review.last_journal_ms ? review.last_journal_ms : state.first_record_ms;
  if (!from) return;  // an empty notebook: nothing to be silent after
  const std::int64_t days = WholeDaysBetween(*from, now_ms);
  if (days < kJournalSilenceDays) return;
  const std::string span = Times(static_cast<std::size_t>(days), "day", "days");
  std::string message =
      review.last_journal_ms
          ? "No shared journal entry for " + span + " (the last one on " + Day(*from) + ")."
          : "No shared journal entry yet, " + span + " after the first shared record.";
  out.push_back({WarningKind::kJournalSilence, std::move(message), EventId{},
                 static_cast<int>(std::min<std::int64_t>(days, 1'000'000))});
}

void RuptureWarnings(const NotebookState& state, std::vector<Warning>& out) {
  for (const RuptureView& r : state.ruptures) {
    if (r.resolved) continue;
    out.push_back({WarningKind::kUnresolvedRupture,
                   "A " + std::string(RuptureKindName(r.kind)) + " rupture flagged by " +
                       NameOf(state, r.author) + " on " + Day(r.time_ms) + " is not resolved (" +
                       Times(r.repairs.size(), "repair step", "repair steps") + " so far).",
                   r.id, static_cast<int>(r.repairs.size())});
  }
}

}  // namespace

std::vector<Warning> BuildWarnings(const NotebookState& state, const Review& review,
                                   std::int64_t now_ms) {
  std::vector<Warning> out;
  SessionWarnings(state, review, out);
  DeferralWarnings(review, out);
  SilenceWarning(state, review, now_ms, out);
  RuptureWarnings(state, out);
  return out;
}

}  // namespace rapport::core::review_internal
