// The state of a notebook: a deterministic fold over its accepted events in
// (Lamport, author, seq) order. Two devices holding the same events fold to
// the same state, whatever order the events arrived in.
#pragma once

#include <map>
#include <vector>

#include "core/event.h"
#include "core/record.h"

namespace rapport::core {

struct MemberView {
  AuthorId id;
  Role role = Role::kClient;
  std::string name;
};

struct JournalView {
  EventId id;
  AuthorId author;
  std::int64_t time_ms = 0;
  JournalEntry entry;
};

struct NotebookState {
  NotebookId id;
  std::string title;
  std::vector<MemberView> members;   // in the order they joined
  std::vector<JournalView> journal;  // shared entries, in fold order
  std::size_t event_count = 0;

  const MemberView* FindMember(const AuthorId& id) const;
};

// The fold order: (Lamport, author, seq).
struct EventOrderKey {
  std::uint64_t lamport = 0;
  AuthorId author;
  std::uint64_t seq = 0;
  friend auto operator<=>(const EventOrderKey&, const EventOrderKey&) = default;
};

// Applies records one at a time. REQUIRES: Apply is called in increasing
// EventOrderKey order (the store reads them so; FoldEvents sorts).
class Fold {
 public:
  explicit Fold(const NotebookId& notebook) { state_.id = notebook; }
  void Apply(const EventId& id, const EventHeader& header, Record record);
  // A hint: about `events` events will be applied.
  void Reserve(std::size_t events) { state_.journal.reserve(events); }
  const NotebookState& state() const { return state_; }
  NotebookState Take() { return std::move(state_); }

 private:
  NotebookState state_;
};

struct DecodedEvent {
  EventId id;
  EventHeader header;
  Record record;
};

// Sorts by EventOrderKey and folds: the reference the store's streaming
// fold must agree with.
NotebookState FoldEvents(const NotebookId& notebook, std::vector<DecodedEvent> events);

}  // namespace rapport::core
