// The fold of feedback, the client profile, ruptures, the ending and
// comments. Lists keep every entry in fold order; the profile, ending ticks
// and summaries are last-writer-wins by fold order.
#include "core/fold_apply.h"

namespace rapport::core::fold {

void ApplyRecord(const Context& c, SessionFeedback& r) {
  c.state.session_feedback.push_back(c.Wrap(std::move(r)));
}

void ApplyRecord(const Context& c, WellbeingCheckin& r) {
  c.state.checkins.push_back(c.Wrap(std::move(r)));
}

void ApplyRecord(const Context& c, FeedbackNote& r) {
  c.state.feedback_notes.push_back(c.Wrap(std::move(r)));
}

void ApplyRecord(const Context& c, ProfileSet& r) {
  if (r.value.empty()) {
    c.state.profile.erase(r.field);
    return;
  }
  c.state.profile[r.field] = ProfileValue{std::move(r.value), c.id, c.author(), c.time_ms};
}

void ApplyRecord(const Context& c, RuptureFlag& r) {
  RuptureView rupture;
  rupture.id = c.id;
  rupture.author = c.author();
  rupture.time_ms = c.time_ms;
  rupture.kind = r.kind;
  rupture.note = std::move(r.note);
  c.state.rupture_index.emplace(c.id, c.state.ruptures.size());
  c.state.ruptures.push_back(std::move(rupture));
}

void ApplyRecord(const Context& c, RuptureRepair& r) {
  auto it = c.state.rupture_index.find(r.rupture);
  if (it == c.state.rupture_index.end()) return c.Ignore("repairs an unknown rupture");
  c.state.ruptures[it->second].repairs.push_back(c.Wrap(std::move(r)));
}

void ApplyRecord(const Context& c, RuptureResolve& r) {
  auto it = c.state.rupture_index.find(r.rupture);
  if (it == c.state.rupture_index.end()) return c.Ignore("resolves an unknown rupture");
  RuptureView& rupture = c.state.ruptures[it->second];
  if (rupture.resolved) return c.Ignore("resolves a rupture already resolved");
  rupture.resolved = c.Wrap(std::move(r));
}

void ApplyRecord(const Context& c, EndingStart& r) {
  if (c.state.ending.started) return c.Ignore("starts an ending already started");
  c.state.ending.started = c.Wrap(std::move(r));
}

void ApplyRecord(const Context& c, EndingCheck& r) {
  if (!c.state.ending.started) return c.Ignore("ticks an ending action before the ending started");
  c.state.ending.checks[c.author()][r.action] =
      EndingTick{r.done, std::move(r.note), c.id, c.time_ms};
}

void ApplyRecord(const Context& c, EndingSummary& r) {
  if (!c.state.ending.started) return c.Ignore("summarises before the ending started");
  c.state.ending.summaries.insert_or_assign(c.author(), c.Wrap(std::move(r)));
}

void ApplyRecord(const Context& c, Comment& r) {
  if (!c.state.event_ids.contains(r.target)) return c.Ignore("comments on an unknown record");
  const EventId target = r.target;
  c.state.comments[target].push_back(c.Wrap(std::move(r)));
}

}  // namespace rapport::core::fold
