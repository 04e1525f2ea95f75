// The review's assembly, goals, journal and ending; tasks, feedback and
// warnings are in review_tasks.cc, review_feedback.cc, review_warnings.cc.
#include "core/review.h"

#include <algorithm>

#include "core/review_parts.h"
#include "core/review_scores.h"

namespace rapport::core {

namespace review_internal {

std::string NameOf(const NotebookState& state, const AuthorId& author) {
  if (const MemberView* m = state.FindMember(author)) return m->name;
  return author.Short();
}

std::vector<CommentReview> CommentsOn(const NotebookState& state, const EventId& target) {
  std::vector<CommentReview> out;
  const auto it = state.comments.find(target);
  if (it == state.comments.end()) return out;
  for (const auto& c : it->second)
    out.push_back({NameOf(state, c.author), c.time_ms, c.record.text});
  return out;
}

}  // namespace review_internal

namespace {

using review_internal::NameOf;

GoalReview BuildGoal(const NotebookState& state, const GoalView& goal) {
  GoalReview g;
  g.id = goal.id;
  const GoalRevisionView& current = goal.current();
  g.title = current.text.title;
  g.measure = current.text.measure;
  g.target_day = current.text.target_day;
  g.status = goal.status;
  g.revisions = goal.revisions.size();
  g.agreed = IsAgreed(state, goal);
  for (const AuthorId& who : MissingAgreement(state, goal))
    g.waiting_for.push_back(NameOf(state, who));
  for (const auto& p : goal.progress) {
    auto& series = p.record.scale == ProgressScale::kGas ? g.gas : g.ratings;
    series.push_back({p.time_ms, p.record.value});
  }
  if (!goal.progress.empty()) g.latest_note = goal.progress.back().record.note;
  return g;
}

// Over goals still pursued (a dropped goal no longer counts), each goal's
// latest GAS level.
std::optional<GasSummary> BuildGas(const std::vector<GoalReview>& goals) {
  std::vector<int> levels;
  for (const auto& g : goals)
    if (g.status != GoalStatusValue::kDropped && !g.gas.empty())
      levels.push_back(g.gas.back().value);
  const std::optional<double> t = GasTScore(levels);
  if (!t) return std::nullopt;
  GasSummary s;
  s.goals = static_cast<int>(levels.size());
  for (int x : levels) s.sum += x;
  s.t_score = *t;
  return s;
}

EndingReview BuildEnding(const NotebookState& state) {
  EndingReview e;
  const EndingView& ending = state.ending;
  if (!ending.started) return e;
  e.started = true;
  e.started_by = NameOf(state, ending.started->author);
  e.started_ms = ending.started->time_ms;
  e.note = ending.started->record.note;
  for (int a = 1; a <= kEndingActionCount; ++a) {
    EndingItem item;
    item.action = static_cast<EndingAction>(a);
    for (const MemberView& m : state.members) {
      std::pair<bool, std::string> tick{false, ""};
      if (auto who = ending.checks.find(m.id); who != ending.checks.end())
        if (auto t = who->second.find(item.action); t != who->second.end())
          tick = {t->second.done, t->second.note};
      item.ticks.push_back(std::move(tick));
    }
    e.checklist.push_back(std::move(item));
  }
  for (const MemberView& m : state.members)
    if (auto s = ending.summaries.find(m.id); s != ending.summaries.end())
      e.summaries.emplace_back(m.name, s->second.record.text);
  return e;
}

}  // namespace

std::string_view WarningKindName(WarningKind kind) {
  switch (kind) {
    case WarningKind::kSessionBelowCutoff:
      return "session_below_cutoff";
    case WarningKind::kSessionFalling:
      return "session_falling";
    case WarningKind::kRepeatedDeferral:
      return "repeated_deferral";
    case WarningKind::kJournalSilence:
      return "journal_silence";
    case WarningKind::kUnresolvedRupture:
      return "unresolved_rupture";
  }
  return "?";
}

Review BuildReview(const NotebookState& state, std::optional<std::int64_t> since_ms,
                   std::int64_t now_ms) {
  Review r;
  r.title = state.title;
  r.since_ms = since_ms;
  for (const MemberView& m : state.members) r.members.push_back({m.name, m.role});

  for (const GoalView& goal : state.goals) r.goals.push_back(BuildGoal(state, goal));
  r.gas = BuildGas(r.goals);
  r.tasks = review_internal::BuildTasks(state);
  review_internal::BuildFeedback(state, r);
  r.notes = review_internal::BuildNotes(state, since_ms);
  r.ruptures = review_internal::BuildRuptures(state);

  r.journal_total = state.journal.size();
  r.journal.reserve(static_cast<std::size_t>(
      std::count_if(state.journal.begin(), state.journal.end(),
                    [&](const JournalView& j) { return !since_ms || j.time_ms >= *since_ms; })));
  // Most entries have no comment: a flat set of the ids commented on answers
  // that from the cache, where a lookup in `comments` itself missed it.
  EventIdSet commented;
  commented.Reserve(state.comments.size());
  for (const auto& [target, comments] : state.comments) commented.Add(target);
  for (const JournalView& j : state.journal) {
    if (!r.last_journal_ms || j.time_ms > *r.last_journal_ms) r.last_journal_ms = j.time_ms;
    if (since_ms && j.time_ms < *since_ms) continue;
    r.journal.push_back({j.id, NameOf(state, j.author), j.time_ms, j.entry.mood, j.entry.tags,
                         j.entry.text,
                         commented.contains(j.id) ? review_internal::CommentsOn(state, j.id)
                                                  : std::vector<CommentReview>{}});
  }
  r.ending = BuildEnding(state);
  r.warnings = review_internal::BuildWarnings(state, r, now_ms);
  return r;
}

}  // namespace rapport::core
