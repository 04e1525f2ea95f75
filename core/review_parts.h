// Internal to the review: the builders of each part, split by topic over
// review_*.cc. Only review.cc calls these.
#pragma once

#include <string>

#include "core/review.h"

namespace rapport::core::review_internal {

// The member's name, or the author's short key if not a member.
std::string NameOf(const NotebookState& state, const AuthorId& author);

// The comments on `target`, in fold order.
std::vector<CommentReview> CommentsOn(const NotebookState& state, const EventId& target);

std::vector<TaskReview> BuildTasks(const NotebookState& state);
// Session feedback and check-ins with their flags.
void BuildFeedback(const NotebookState& state, Review& review);
// Feedback notes written at or after `since_ms`, in fold order.
std::vector<NoteReview> BuildNotes(const NotebookState& state,
                                   std::optional<std::int64_t> since_ms);
std::vector<RuptureReview> BuildRuptures(const NotebookState& state);
// The early warnings. REQUIRES: the other parts of `review` are built.
std::vector<Warning> BuildWarnings(const NotebookState& state, const Review& review,
                                   std::int64_t now_ms);

}  // namespace rapport::core::review_internal
