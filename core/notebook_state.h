// The state of a notebook: a deterministic fold over its accepted events in
// (Lamport, author, seq) order. Two devices holding the same events fold to
// the same state, whatever order the events arrived in.
//
// Rules that depend on earlier events (the goal a progress entry names, the
// revision an agreement endorses, whether the ending has started) are applied
// here, in fold order, so every replica decides them alike. An event the fold
// cannot attach is kept in `ignored` with a reason and changes nothing else.
// docs/records.md, "Merging".
#pragma once

#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/event.h"
#include "core/event_id_set.h"
#include "core/record.h"
#include "core/state_views.h"

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

  std::vector<GoalView> goals;  // in fold order of their proposals
  std::vector<TaskView> tasks;  // in fold order of their assignment
  std::vector<Authored<SessionFeedback>> session_feedback;
  std::vector<Authored<WellbeingCheckin>> checkins;
  std::vector<Authored<FeedbackNote>> feedback_notes;
  std::map<ProfileField, ProfileValue> profile;  // cleared fields are absent
  std::vector<RuptureView> ruptures;
  EndingView ending;
  // By target event. Hashed: the review looks up every journal entry's.
  std::unordered_map<EventId, std::vector<Authored<Comment>>, StrongBytesHash> comments;
  std::vector<IgnoredEvent> ignored;  // in fold order
  // The earliest author's time of any collaborative record (not the notebook,
  // a member or a journal entry) its author's role may write: where the
  // review counts journal silence from when no entry was ever shared. Kept
  // here because an overwritten profile field or a comment leaves no other
  // trace of its time.
  std::optional<std::int64_t> first_record_ms;

  // The id of every event folded so far: what a comment may target. Its
  // first read indexes them, so a state fresh from a fold is not to be read
  // from several threads at once, const as it may be.
  EventIdSet event_ids;
  // Positions in goals / tasks / ruptures, by their first event's id.
  std::map<EventId, std::size_t> goal_index, task_index, rupture_index;

  const MemberView* FindMember(const AuthorId& id) const;
  const GoalView* FindGoal(const EventId& id) const;
  const TaskView* FindTask(const EventId& id) const;
  const RuptureView* FindRupture(const EventId& id) const;
};

// The members who have not endorsed `goal`'s current revision, in join order.
std::vector<AuthorId> MissingAgreement(const NotebookState& state, const GoalView& goal);
// True when every member endorsed the goal's current revision.
bool IsAgreed(const NotebookState& state, const GoalView& goal);

// The fold order: (Lamport, author, seq).
struct EventOrderKey {
  std::uint64_t lamport = 0;
  AuthorId author;
  std::uint64_t seq = 0;
  friend auto operator<=>(const EventOrderKey&, const EventOrderKey&) = default;
};

// Applies records one at a time. REQUIRES: Apply is called in increasing
// EventOrderKey order (the store reads them so; FoldEvents sorts), each
// event once.
class Fold {
 public:
  explicit Fold(const NotebookId& notebook) { state_.id = notebook; }
  void Apply(const EventId& id, const EventHeader& header, Record&& record);
  // A hint: about `events` events will be applied.
  void Reserve(std::size_t events) {
    state_.journal.reserve(events);
    state_.event_ids.Reserve(events);
  }
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
// fold must agree with. REQUIRES: no two events share an id.
NotebookState FoldEvents(const NotebookId& notebook, std::vector<DecodedEvent> events);

}  // namespace rapport::core
