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
//   kOutOfOrder            seq skips ahead, or prev/lamport do not continue the feed
//   kCorruptData           the body is not a valid record
//   kPermissionDenied / kInvalidArgument  the record breaks a rule
// Never changes anything; the caller stores accepted events.
[[nodiscard]] Result<Accepted> ValidateEvent(const SignedEvent& event, KnownFeeds& feeds);

// The rules on who may write what, shared by local writes and remote events.
Status CheckRecordRules(const Record& record, const EventHeader& header, const MemberInfo& author);

}  // namespace rapport::core
