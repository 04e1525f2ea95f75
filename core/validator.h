// Deciding whether an event may join the record (DESIGN.md, "Events"):
// its signature verifies, its author is a member, its seq and previous hash
// continue the author's feed, it decrypts, and its record is well formed and
// allowed for its author. Pure logic: what is already stored is asked for
// through KnownFeeds, which the store implements.
#pragma once

#include <optional>

#include "base/result.h"
#include "core/event.h"
#include "core/record.h"
#include "core/role.h"

namespace rapport::core {

struct FeedHead {
  std::uint64_t seq = 0;
  EventId id;
  std::uint64_t lamport = 0;
};

// The bounds on an event's Lamport clock (docs/events.md, "Acceptance").
// An honest clock is 1 + the highest clock its author held, so it is at
// least 1 and grows by at most the number of events the receiver has not
// seen yet. A hostile member could otherwise push the notebook's clock to
// 2^64 - 1, where the next honest clock overflows, or past 2^63, where the
// store's signed column would sort it first instead of last.
inline constexpr std::uint64_t kMaxLamport = std::uint64_t{1} << 62;
// How far past the highest clock this device holds for the notebook an
// event's clock may be: more than any number of events a device could lack,
// small enough that reaching kMaxLamport takes 2^30 events.
inline constexpr std::uint64_t kMaxLamportJump = std::uint64_t{1} << 32;

struct MemberInfo {
  Role role = Role::kClient;
  bool is_creator = false;
};

// What validation needs of this device's copy of the record.
class KnownFeeds {
 public:
  virtual ~KnownFeeds() = default;
  // nullptr if this device has no key for that notebook and epoch.
  virtual const crypto::AeadKey* EpochKey(const NotebookId& notebook, std::uint32_t epoch) = 0;
  virtual Result<std::optional<MemberInfo>> Member(const NotebookId& notebook,
                                                   const AuthorId& author) = 0;
  virtual Result<std::optional<FeedHead>> Head(const NotebookId& notebook,
                                               const AuthorId& author) = 0;
  virtual Result<std::optional<EventId>> IdAt(const NotebookId& notebook, const AuthorId& author,
                                              std::uint64_t seq) = 0;
  // The highest Lamport clock of any event held for `notebook`; 0 if none.
  virtual Result<std::uint64_t> MaxLamport(const NotebookId& notebook) = 0;
};

struct Accepted {
  bool duplicate = false;  // already held, byte for byte: accepting is idempotent
  EventId id;
  Record record;  // decrypted; empty body when duplicate
};

// Returns the verdict for `event`. On rejection the error code says why:
//   kNotFound              notebook unknown here (or no key for its epoch)
//   kAuthenticationFailed  bad signature, or the body does not decrypt
//   kNotMember             author is not a member of the notebook
//   kEquivocation          a different event already holds this author's seq
//   kOutOfOrder            seq skips ahead, or prev/lamport do not continue the feed,
//                          or the clock is 0, over kMaxLamport, or more than
//                          kMaxLamportJump past the highest clock held
//   kCorruptData           the body is not a valid record
//   kPermissionDenied / kInvalidArgument  the record breaks a rule
// Never changes anything; the caller stores accepted events.
[[nodiscard]] Result<Accepted> ValidateEvent(const SignedEvent& event, KnownFeeds& feeds);

// Proof that an event's signature verified: only Verify makes one. It lets a
// receiver verify a batch's signatures on several cores at once, ahead of
// the checks that must run in order. Refers to `event`, which must outlive it.
class VerifiedEvent {
 public:
  // nullopt if the signature does not verify.
  [[nodiscard]] static std::optional<VerifiedEvent> Verify(const SignedEvent& event);
  const SignedEvent& event() const { return *event_; }

 private:
  explicit VerifiedEvent(const SignedEvent& event) : event_(&event) {}
  const SignedEvent* event_;
};

// ValidateEvent for an event whose signature is already verified: the same
// checks and verdicts, without verifying it again.
[[nodiscard]] Result<Accepted> ValidateEvent(const VerifiedEvent& event, KnownFeeds& feeds);

// The rules on who may write what, shared by local writes and remote events:
// field values, the genesis and membership rules, and the role rules of
// CheckRoleMayWrite. Private-only records (therapist reflections) are refused
// with kPermissionDenied: a shared event can never carry one.
//
// These rules look at the event alone and at its author's membership. Rules
// that depend on the notebook's state (a goal id that exists, a revision that
// is still the latest, an ending that has started) are NOT checked here,
// because on arrival from a peer this device may not yet hold the events the
// record refers to. The fold enforces them deterministically instead (see
// notebook_state.h), and a local writer checks them first with
// CheckAgainstState (state_rules.h). docs/records.md, "Merging".
// `rules`: kReceived for an event from a peer, kNewlyWritten for one this
// device is about to append.
Status CheckRecordRules(const Record& record, const EventHeader& header, const MemberInfo& author,
                        TextRules rules);

// kPermissionDenied if a member with `role` may not write `body` in a shared
// event: session feedback, check-ins, profile fields and deferring a step are
// the client's; a reflection is never shared. Everything else either may write.
Status CheckRoleMayWrite(const RecordBody& body, Role role);
// True for record types that live only as private records on the author's
// device (never in a shared event).
bool IsPrivateOnly(const RecordBody& body);
// The rules for keeping `body` as a private record of a member with `role`:
// only journal entries (anyone) and reflections (the therapist).
Status CheckPrivateRecordRules(const Record& record, Role role);

}  // namespace rapport::core
