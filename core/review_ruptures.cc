// The review's history of ruptures and their repairs (DESIGN.md, "Rupture
// repair"). An unresolved one is also an early warning (review_warnings.cc).
#include "core/review_parts.h"

namespace rapport::core::review_internal {

std::vector<RuptureReview> BuildRuptures(const NotebookState& state) {
  std::vector<RuptureReview> out;
  out.reserve(state.ruptures.size());
  for (const RuptureView& r : state.ruptures) {
    RuptureReview review;
    review.id = r.id;
    review.flagged_by = NameOf(state, r.author);
    review.time_ms = r.time_ms;
    review.kind = r.kind;
    review.note = r.note;
    for (const auto& repair : r.repairs)
      review.repairs.push_back(
          {NameOf(state, repair.author), repair.time_ms, repair.record.kind, repair.record.note});
    if (r.resolved) {
      review.resolved = true;
      review.resolved_by = NameOf(state, r.resolved->author);
      review.resolved_ms = r.resolved->time_ms;
    }
    out.push_back(std::move(review));
  }
  return out;
}

}  // namespace rapport::core::review_internal
