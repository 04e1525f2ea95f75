// The review of session feedback (SRS-like) and check-ins (ORS-like): each
// entry's total and its flags, compared with the same author's first and
// previous entry (docs/records.md, "Review"); and the free-text notes.
#include <map>

#include "core/review_parts.h"
#include "core/review_scores.h"

namespace rapport::core::review_internal {
namespace {

// Totals seen so far from one author: the first and the previous.
struct Seen {
  int first = 0;
  int previous = 0;
};

template <typename T>
FeedbackReview Base(const NotebookState& state, const Authored<T>& f, std::array<int, 4> items,
                    std::map<AuthorId, Seen>& seen) {
  FeedbackReview r;
  r.id = f.id;
  r.by = NameOf(state, f.author);
  r.time_ms = f.time_ms;
  r.session_day = f.record.session_day;
  r.items = items;
  r.total = f.record.Total();
  auto [it, first] = seen.try_emplace(f.author, Seen{r.total, r.total});
  if (!first) {
    r.change_from_previous = r.total - it->second.previous;
    r.change_from_first = r.total - it->second.first;
    it->second.previous = r.total;
  }
  return r;
}

}  // namespace

void BuildFeedback(const NotebookState& state, Review& review) {
  std::map<AuthorId, Seen> seen;
  review.sessions.reserve(state.session_feedback.size());
  for (const auto& f : state.session_feedback) {
    const SessionFeedback& s = f.record;
    FeedbackReview r =
        Base(state, f, {s.relationship, s.goals_topics, s.approach, s.overall}, seen);
    r.below_cutoff = SrsBelowCutoff(r.total);
    r.falling = r.change_from_previous && *r.change_from_previous < 0;
    review.sessions.push_back(std::move(r));
  }
  seen.clear();
  review.checkins.reserve(state.checkins.size());
  for (const auto& f : state.checkins) {
    const WellbeingCheckin& c = f.record;
    FeedbackReview r =
        Base(state, f, {c.individually, c.interpersonally, c.socially, c.overall}, seen);
    r.below_cutoff = OrsBelowCutoff(r.total);
    // DESIGN.md flags a drop in ORS: any drop, a reliable one or not.
    r.falling = r.change_from_previous && *r.change_from_previous < 0;
    r.reliable_change_from_previous =
        r.change_from_previous && IsReliableChange(*r.change_from_previous);
    r.reliable_change_from_first = r.change_from_first && IsReliableChange(*r.change_from_first);
    review.checkins.push_back(std::move(r));
  }
}

std::vector<NoteReview> BuildNotes(const NotebookState& state,
                                   std::optional<std::int64_t> since_ms) {
  std::vector<NoteReview> out;
  for (const auto& n : state.feedback_notes)
    if (!since_ms || n.time_ms >= *since_ms)
      out.push_back(
          {n.id, NameOf(state, n.author), n.time_ms, n.record.text, CommentsOn(state, n.id)});
  return out;
}

}  // namespace rapport::core::review_internal
