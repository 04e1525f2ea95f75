#include "core/notebook_state.h"

#include <algorithm>

namespace rapport::core {

const MemberView* NotebookState::FindMember(const AuthorId& id) const {
  for (const auto& m : members)
    if (m.id == id) return &m;
  return nullptr;
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
};

}  // namespace

void Fold::Apply(const EventId& id, const EventHeader& header, Record record) {
  ++state_.event_count;
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
