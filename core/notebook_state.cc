#include "core/notebook_state.h"

#include <algorithm>

#include "core/fold_apply.h"
#include "core/validator.h"

namespace rapport::core {

const MemberView* NotebookState::FindMember(const AuthorId& id) const {
  for (const auto& m : members)
    if (m.id == id) return &m;
  return nullptr;
}

const GoalView* NotebookState::FindGoal(const EventId& id) const {
  auto it = goal_index.find(id);
  return it == goal_index.end() ? nullptr : &goals[it->second];
}

const TaskView* NotebookState::FindTask(const EventId& id) const {
  auto it = task_index.find(id);
  return it == task_index.end() ? nullptr : &tasks[it->second];
}

const RuptureView* NotebookState::FindRupture(const EventId& id) const {
  auto it = rupture_index.find(id);
  return it == rupture_index.end() ? nullptr : &ruptures[it->second];
}

const GoalRevisionView* GoalView::FindRevision(const EventId& id) const {
  auto it = revision_index.find(id);
  return it == revision_index.end() ? nullptr : &revisions[it->second];
}

GoalRevisionView* GoalView::FindRevision(const EventId& id) {
  auto it = revision_index.find(id);
  return it == revision_index.end() ? nullptr : &revisions[it->second];
}

const StepView* TaskView::FindStep(const StepId& id) const {
  auto it = step_index.find(id);
  return it == step_index.end() ? nullptr : &steps[it->second];
}

StepView* TaskView::FindStep(const StepId& id) {
  auto it = step_index.find(id);
  return it == step_index.end() ? nullptr : &steps[it->second];
}

std::vector<AuthorId> MissingAgreement(const NotebookState& state, const GoalView& goal) {
  const auto& endorsed = goal.current().endorsed_by;
  std::vector<AuthorId> missing;
  for (const auto& m : state.members)
    if (std::find(endorsed.begin(), endorsed.end(), m.id) == endorsed.end())
      missing.push_back(m.id);
  return missing;
}

bool IsAgreed(const NotebookState& state, const GoalView& goal) {
  return !state.members.empty() && MissingAgreement(state, goal).empty();
}

namespace {

// Takes each record by value so that the fold can move text into place.
struct Applier {
  NotebookState& state;
  const EventId& id;
  const EventHeader& header;
  std::int64_t time_ms;

  void operator()(NotebookCreated& r) {
    state.title = r.title;
    if (!state.FindMember(header.author))
      state.members.push_back({header.author, r.creator_role, r.creator_name});
  }
  void operator()(MemberAdded& r) {
    if (!state.FindMember(r.member)) state.members.push_back({r.member, r.role, r.name});
  }
  void operator()(JournalEntry& r) {
    state.journal.push_back({id, header.author, time_ms, std::move(r)});
  }
  // The validator refuses reflections in shared events; a stray one is never
  // folded into the shared state.
  void operator()(TherapistReflection&) {
    state.ignored.push_back({id, header.author, "a private reflection is never shared"});
  }
  // The collaborative records: the role rules again (so that the fold alone
  // decides the same on every replica), then the type's own fold. An author
  // whose member.add folds later (a joiner who wrote before the history
  // reached them, so at a lower clock) has no role here yet: the validator
  // checked their role when the event arrived, so their record counts.
  template <typename T>
  void operator()(T& r) {
    const fold::Context c{state, id, header, time_ms};
    const MemberView* author = state.FindMember(header.author);
    if (author && !CheckRoleMayWrite(RecordBody(std::in_place_type<T>), author->role))
      return c.Ignore("its author's role may not write " + std::string(T::kName));
    if (!state.first_record_ms || time_ms < *state.first_record_ms) state.first_record_ms = time_ms;
    fold::ApplyRecord(c, r);
  }
};

}  // namespace

void Fold::Apply(const EventId& id, const EventHeader& header, Record&& record) {
  ++state_.event_count;
  state_.event_ids.Add(id);
  std::visit(Applier{state_, id, header, record.time_ms}, record.body);
}

NotebookState FoldEvents(const NotebookId& notebook, std::vector<DecodedEvent> events) {
  // Sort positions, not the events themselves: records are large to move.
  std::vector<std::pair<EventOrderKey, std::size_t>> order;
  order.reserve(events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    const EventHeader& h = events[i].header;
    order.push_back({EventOrderKey{h.lamport, h.author, h.seq}, i});
  }
  std::sort(order.begin(), order.end());
  Fold fold(notebook);
  fold.Reserve(events.size());
  for (const auto& [key, i] : order) {
    DecodedEvent& e = events[i];
    fold.Apply(e.id, e.header, std::move(e.record));
  }
  return fold.Take();
}

}  // namespace rapport::core
