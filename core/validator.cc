#include "core/validator.h"

namespace rapport::core {
namespace {

// An honest clock is never 0 and never runs far ahead of every clock this
// device holds (validator.h, kMaxLamportJump). Asks the store for its
// highest clock only when the event is that far past its author's own last
// one: an honest event never is, so the common case costs no query.
Status CheckClockBounds(const EventHeader& h, const std::optional<FeedHead>& head,
                        KnownFeeds& feeds) {
  if (h.lamport == 0) return Fail(ErrorCode::kOutOfOrder, "event's clock is 0");
  if (h.lamport > kMaxLamport)
    return Fail(ErrorCode::kOutOfOrder, "event's clock is beyond the largest a notebook allows");
  const std::uint64_t own = head ? head->lamport : 0;
  if (h.lamport - own <= kMaxLamportJump) return Ok();
  RAPPORT_ASSIGN_OR_RETURN(const std::uint64_t held, feeds.MaxLamport(h.notebook));
  if (h.lamport > held && h.lamport - held > kMaxLamportJump)
    return Fail(ErrorCode::kOutOfOrder, "event's clock runs too far ahead of the notebook's");
  return Ok();
}

// Checks seq/prev/lamport continuity against what is held for this author.
// Duplicate and equivocation are recognised before continuity, so that a
// replayed old event is idempotent and a conflicting one is named as such.
Result<bool> CheckFeed(const SignedEvent& event, const EventId& id, KnownFeeds& feeds) {
  const EventHeader& h = event.header;
  RAPPORT_ASSIGN_OR_RETURN(auto existing, feeds.IdAt(h.notebook, h.author, h.seq));
  if (existing) {
    if (*existing == id) return true;  // duplicate
    return Fail(ErrorCode::kEquivocation, "equivocation: author " + h.author.Short() +
                                              " signed two different events at seq " +
                                              std::to_string(h.seq));
  }
  RAPPORT_ASSIGN_OR_RETURN(auto head, feeds.Head(h.notebook, h.author));
  const std::uint64_t expected = head ? head->seq + 1 : 1;
  if (h.seq != expected)
    return Fail(ErrorCode::kOutOfOrder, "event seq " + std::to_string(h.seq) + " from " +
                                            h.author.Short() + " does not follow seq " +
                                            std::to_string(expected - 1));
  const EventId expected_prev = head ? head->id : EventId{};
  if (h.prev != expected_prev)
    return Fail(ErrorCode::kOutOfOrder, "event does not chain to its author's previous event");
  if (head && h.lamport <= head->lamport)
    return Fail(ErrorCode::kOutOfOrder, "event's clock goes backwards");
  RAPPORT_RETURN_IF_ERROR(CheckClockBounds(h, head, feeds));
  return false;
}

}  // namespace

bool IsPrivateOnly(const RecordBody& body) {
  return std::holds_alternative<TherapistReflection>(body);
}

Status CheckRoleMayWrite(const RecordBody& body, Role role) {
  if (IsPrivateOnly(body))
    return Fail(ErrorCode::kPermissionDenied,
                "a therapist's reflection is private and can never be shared");
  const bool client_only = std::holds_alternative<SessionFeedback>(body) ||
                           std::holds_alternative<WellbeingCheckin>(body) ||
                           std::holds_alternative<ProfileSet>(body) ||
                           std::holds_alternative<TaskStepDefer>(body);
  if (client_only && role != Role::kClient)
    return Fail(ErrorCode::kPermissionDenied,
                "only the client may write " + std::string(RecordTypeName(body)));
  return Ok();
}

Status CheckPrivateRecordRules(const Record& record, Role role) {
  RAPPORT_RETURN_IF_ERROR(ValidateRecordFields(record));
  if (std::holds_alternative<JournalEntry>(record.body)) return Ok();
  if (std::holds_alternative<TherapistReflection>(record.body)) {
    if (role != Role::kTherapist)
      return Fail(ErrorCode::kPermissionDenied, "only the therapist writes reflections");
    return Ok();
  }
  return Fail(ErrorCode::kPermissionDenied,
              std::string(RecordTypeName(record.body)) + " is shared, never kept private");
}

Status CheckRecordRules(const Record& record, const EventHeader& header, const MemberInfo& author,
                        TextRules rules) {
  RAPPORT_RETURN_IF_ERROR(ValidateRecordFields(record, rules));
  RAPPORT_RETURN_IF_ERROR(CheckRoleMayWrite(record.body, author.role));
  const bool is_genesis = std::holds_alternative<NotebookCreated>(record.body);
  if (is_genesis != (author.is_creator && header.seq == 1))
    return Fail(ErrorCode::kPermissionDenied,
                "only the notebook's creator opens it, with its first event");
  if (std::holds_alternative<MemberAdded>(record.body) && !author.is_creator)
    return Fail(ErrorCode::kPermissionDenied, "only the notebook's creator adds members");
  return Ok();
}

namespace {

Unexpected NoEpochKey() {
  return Fail(ErrorCode::kNotFound,
              "event is for a notebook or key epoch this device does not hold");
}

// Everything after the signature, in order.
Result<Accepted> ValidateSigned(const SignedEvent& event, const crypto::AeadKey& key,
                                KnownFeeds& feeds) {
  const EventHeader& h = event.header;
  RAPPORT_ASSIGN_OR_RETURN(auto member, feeds.Member(h.notebook, h.author));
  if (!member)
    return Fail(ErrorCode::kNotMember,
                "event author " + h.author.Short() + " is not a member of the notebook");
  const EventId id = event.Id();
  RAPPORT_ASSIGN_OR_RETURN(const bool duplicate, CheckFeed(event, id, feeds));
  if (duplicate) return Accepted{true, id, {}};
  auto body = OpenEventBody(event, key);
  if (!body) return Fail(ErrorCode::kAuthenticationFailed, "event body does not decrypt");
  RAPPORT_ASSIGN_OR_RETURN(Record record, DecodeRecord(*body));
  RAPPORT_RETURN_IF_ERROR(CheckRecordRules(record, h, *member, TextRules::kReceived));
  return Accepted{false, id, std::move(record)};
}

}  // namespace

Result<Accepted> ValidateEvent(const SignedEvent& event, KnownFeeds& feeds) {
  const EventHeader& h = event.header;
  const crypto::AeadKey* key = feeds.EpochKey(h.notebook, h.epoch);
  if (key == nullptr) return NoEpochKey();
  if (!event.VerifySignature())
    return Fail(ErrorCode::kAuthenticationFailed, "event signature does not verify");
  return ValidateSigned(event, *key, feeds);
}

std::optional<VerifiedEvent> VerifiedEvent::Verify(const SignedEvent& event) {
  if (!event.VerifySignature()) return std::nullopt;
  return VerifiedEvent(event);
}

Result<Accepted> ValidateEvent(const VerifiedEvent& verified, KnownFeeds& feeds) {
  const EventHeader& h = verified.event().header;
  const crypto::AeadKey* key = feeds.EpochKey(h.notebook, h.epoch);
  if (key == nullptr) return NoEpochKey();
  return ValidateSigned(verified.event(), *key, feeds);
}

}  // namespace rapport::core
