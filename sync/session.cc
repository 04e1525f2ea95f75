#include "sync/session.h"

#include <algorithm>

namespace rapport::sync {
namespace {

Unexpected Violation(std::string reason) { return Fail(ErrorCode::kProtocol, std::move(reason)); }

Outgoing Make(MessageType type, crypto::Bytes body, std::size_t events = 0) {
  return Outgoing{type, std::move(body), events};
}

}  // namespace

SyncSession::SyncSession(store::Device& device, SessionKind kind, const core::AuthorId& peer,
                         const crypto::DhPublicKey& peer_static,
                         std::optional<PairingDetails> pairing)
    : device_(device),
      kind_(kind),
      peer_(peer),
      peer_static_(peer_static),
      pairing_(std::move(pairing)) {}

Result<std::vector<Outgoing>> SyncSession::Start() {
  std::vector<Outgoing> out;
  Hello hello;
  switch (kind_) {
    case SessionKind::kJoiner:
      return out;  // the inviter speaks first: its message proves the PSK
    case SessionKind::kInviter:
      hello.notebooks = {pairing_->notebook};
      break;
    case SessionKind::kPeer: {
      auto shared = device_.NotebooksSharedWith(peer_);
      if (!shared) {
        failure_code_ = WireErrorCode::kInternal;
        return shared.as_unexpected();
      }
      hello.notebooks = std::move(*shared);
      break;
    }
  }
  RAPPORT_ASSIGN_OR_RETURN(crypto::Bytes body, EncodeHello(hello));
  out.push_back(Make(MessageType::kHello, std::move(body)));
  return out;
}

Result<std::vector<Outgoing>> SyncSession::Handle(const Message& message) {
  failure_code_ = WireErrorCode::kProtocol;
  switch (message.type) {
    case MessageType::kHello:
      return OnHello(message);
    case MessageType::kIntroduce:
      return OnIntroduce(message);
    case MessageType::kNotebookKey:
      return OnNotebookKey(message);
    case MessageType::kVersionVector:
      return OnVersionVector(message);
    case MessageType::kEvents:
      return OnEvents(message);
    case MessageType::kCaughtUp:
      return OnCaughtUp(message);
    case MessageType::kPing: {
      RAPPORT_ASSIGN_OR_RETURN(const Ping ping, DecodePing(message.body));
      RAPPORT_ASSIGN_OR_RETURN(crypto::Bytes body, EncodePong({ping.value}));
      return std::vector<Outgoing>{Make(MessageType::kPong, std::move(body))};
    }
    case MessageType::kPong:
      RAPPORT_RETURN_IF_ERROR(DecodePong(message.body));
      return std::vector<Outgoing>{};
    case MessageType::kError:
      break;  // the connection handles Error itself
  }
  return Violation(std::string("unexpected ") + MessageTypeName(message.type) + " message");
}

Result<std::vector<Outgoing>> SyncSession::OnHello(const Message& m) {
  if (hello_received_ || kind_ == SessionKind::kInviter)
    return Violation("unexpected Hello message");
  hello_received_ = true;
  auto decoded = DecodeHello(m.body);
  if (!decoded && decoded.error().code == ErrorCode::kUnsupportedVersion)
    failure_code_ = WireErrorCode::kUnsupportedVersion;
  RAPPORT_ASSIGN_OR_RETURN(const Hello hello, std::move(decoded));
  std::vector<Outgoing> out;
  if (kind_ == SessionKind::kJoiner) {
    if (hello.notebooks.size() != 1 || hello.notebooks[0] != pairing_->notebook)
      return Violation("the inviting device offered a different notebook than its invite");
    const store::IdentityInfo& me = device_.identity();
    RAPPORT_ASSIGN_OR_RETURN(crypto::Bytes body, EncodeIntroduce({me.role, me.name}));
    out.push_back(Make(MessageType::kIntroduce, std::move(body)));
    introduced_ = true;
    return out;
  }
  // A peer only learns of notebooks both are members of in our own store,
  // whatever it claims.
  auto shared = device_.NotebooksSharedWith(peer_);
  if (!shared) {
    failure_code_ = WireErrorCode::kInternal;
    return shared.as_unexpected();
  }
  for (const core::NotebookId& nb : hello.notebooks) {
    if (std::find(shared->begin(), shared->end(), nb) == shared->end()) continue;
    RAPPORT_ASSIGN_OR_RETURN(Outgoing vv, Begin(nb));
    out.push_back(std::move(vv));
  }
  return out;
}

Result<std::vector<Outgoing>> SyncSession::OnIntroduce(const Message& m) {
  if (kind_ != SessionKind::kInviter || introduced_)
    return Violation("unexpected Introduce message");
  introduced_ = true;
  RAPPORT_ASSIGN_OR_RETURN(const Introduce intro, DecodeIntroduce(m.body));
  if (intro.role == device_.identity().role) {
    failure_code_ = WireErrorCode::kNotMember;
    return Fail(ErrorCode::kPermissionDenied,
                std::string("the joining device is also a ") +
                    std::string(core::RoleName(intro.role)) +
                    "; a notebook is shared by a therapist and a client");
  }
  auto added = device_.CompleteInvite(pairing_->notebook, pairing_->invite, peer_, peer_static_,
                                      intro.role, intro.name);
  if (!added) {
    failure_code_ =
        added.error().code == ErrorCode::kIo ? WireErrorCode::kInternal : WireErrorCode::kNotMember;
    return added.as_unexpected();
  }
  paired_ = true;
  auto key = device_.NotebookKeyForPeer(pairing_->notebook);
  if (!key) {
    failure_code_ = WireErrorCode::kInternal;
    return key.as_unexpected();
  }
  // Begin first: once the key is encoded in ordinary memory, no early return
  // may drop it unwiped before the connection takes it over.
  RAPPORT_ASSIGN_OR_RETURN(Outgoing vv, Begin(pairing_->notebook));
  NotebookKey message{pairing_->notebook, key->first,
                      crypto::SecretBuffer::CopyOf(key->second.view())};
  RAPPORT_ASSIGN_OR_RETURN(crypto::Bytes body, EncodeNotebookKey(message));
  std::vector<Outgoing> out;
  out.reserve(2);
  out.push_back(Make(MessageType::kNotebookKey, std::move(body)));
  out.push_back(std::move(vv));
  return out;
}

Result<std::vector<Outgoing>> SyncSession::OnNotebookKey(const Message& m) {
  if (kind_ != SessionKind::kJoiner || !introduced_ || paired_)
    return Violation("unexpected NotebookKey message");
  RAPPORT_ASSIGN_OR_RETURN(const NotebookKey message, DecodeNotebookKey(m.body));
  if (message.notebook != pairing_->notebook)
    return Violation("the key is for a different notebook than the invite");
  RAPPORT_ASSIGN_OR_RETURN(crypto::AeadKey key, crypto::AeadKey::FromBytes(message.key.view()));
  const Status joined =
      device_.CompleteJoin(pairing_->notebook, peer_, pairing_->inviter_role,
                           pairing_->inviter_static, pairing_->inviter_address, message.epoch, key);
  if (!joined) {
    failure_code_ = WireErrorCode::kInternal;
    return joined.as_unexpected();
  }
  paired_ = true;
  RAPPORT_ASSIGN_OR_RETURN(Outgoing vv, Begin(pairing_->notebook));
  return std::vector<Outgoing>{std::move(vv)};
}

Result<Outgoing> SyncSession::Begin(const core::NotebookId& notebook) {
  if (syncs_.contains(notebook)) return Violation("a notebook was offered twice");
  auto ours = device_.VersionVector(notebook);
  auto creator = device_.NotebookCreator(notebook);
  if (!ours || !creator) {
    failure_code_ = WireErrorCode::kInternal;
    return ours ? creator.as_unexpected() : ours.as_unexpected();
  }
  NotebookSync& sync = syncs_[notebook];
  sync.ours = std::move(*ours);
  sync.creator = *creator;
  order_.push_back(notebook);
  VersionVector vv{notebook, {}};
  for (const auto& [author, seq] : sync.ours) vv.entries.push_back({author, seq});
  RAPPORT_ASSIGN_OR_RETURN(crypto::Bytes body, EncodeVersionVector(vv));
  return Make(MessageType::kVersionVector, std::move(body));
}

SyncSession::NotebookSync* SyncSession::Find(const core::NotebookId& notebook) {
  const auto it = syncs_.find(notebook);
  return it == syncs_.end() ? nullptr : &it->second;
}

Result<std::vector<Outgoing>> SyncSession::OnVersionVector(const Message& m) {
  RAPPORT_ASSIGN_OR_RETURN(const VersionVector vv, DecodeVersionVector(m.body));
  NotebookSync* sync = Find(vv.notebook);
  if (sync == nullptr) return Violation("a version vector for a notebook not being synced");
  if (sync->peer_vector_known) return Violation("a second version vector for one notebook");
  sync->peer_vector_known = true;
  for (const auto& e : vv.entries) sync->peer_has[e.author] = e.highest_seq;
  return std::vector<Outgoing>{};
}

Result<std::vector<Outgoing>> SyncSession::OnEvents(const Message& m) {
  RAPPORT_ASSIGN_OR_RETURN(const Events events, DecodeEvents(m.body));
  NotebookSync* sync = Find(events.notebook);
  if (sync == nullptr) return Violation("events for a notebook not being synced");
  auto added = device_.AcceptBatch(events.notebook, events.events);
  if (!added) {
    failure_code_ = added.error().code == ErrorCode::kIo ? WireErrorCode::kInternal
                                                         : WireErrorCode::kRejectedEvent;
    return added.as_unexpected();
  }
  // The peer holds what it sent, and now so do we: neither is offered back.
  for (const crypto::Bytes& encoded : events.events) {
    const auto view = core::ParseEvent(encoded);
    if (!view) continue;  // cannot happen: AcceptBatch parsed every one
    auto& theirs = sync->peer_has[view->header.author];
    theirs = std::max(theirs, view->header.seq);
    auto& ours = sync->ours[view->header.author];
    ours = std::max(ours, view->header.seq);
  }
  counters_.events_received += *added;
  return std::vector<Outgoing>{};
}

Result<std::vector<Outgoing>> SyncSession::OnCaughtUp(const Message& m) {
  RAPPORT_ASSIGN_OR_RETURN(const sync::CaughtUp caught_up, DecodeCaughtUp(m.body));
  NotebookSync* sync = Find(caught_up.notebook);
  if (sync == nullptr || sync->peer_caught_up) return Violation("unexpected CaughtUp message");
  sync->peer_caught_up = true;
  return std::vector<Outgoing>{};
}

Result<std::optional<Outgoing>> SyncSession::NextBatch() {
  for (const core::NotebookId& nb : order_) {
    NotebookSync& sync = syncs_.at(nb);
    if (!sync.peer_vector_known) continue;
    // The creator's feed first: a receiver knows the other members only
    // from the creator's member.add events, and refuses the events of an
    // author it does not know as a member. (A device that joins a notebook
    // of three would otherwise be sent an earlier member's feed first
    // whenever that member's key sorts before the creator's.)
    if (const auto creator = sync.ours.find(sync.creator); creator != sync.ours.end()) {
      RAPPORT_ASSIGN_OR_RETURN(auto batch, NextBatchOf(nb, sync, creator->first, creator->second));
      if (batch) return batch;
    }
    for (const auto& [author, held] : sync.ours) {
      if (author == sync.creator) continue;
      RAPPORT_ASSIGN_OR_RETURN(auto batch, NextBatchOf(nb, sync, author, held));
      if (batch) return batch;
    }
    if (!sync.sent_caught_up) {
      sync.sent_caught_up = true;
      RAPPORT_ASSIGN_OR_RETURN(crypto::Bytes body, EncodeCaughtUp({nb}));
      return std::optional<Outgoing>(Make(MessageType::kCaughtUp, std::move(body)));
    }
  }
  return std::optional<Outgoing>();
}

Result<std::optional<Outgoing>> SyncSession::NextBatchOf(const core::NotebookId& nb,
                                                         NotebookSync& sync,
                                                         const core::AuthorId& author,
                                                         std::uint64_t held) {
  std::uint64_t& theirs = sync.peer_has[author];
  if (held <= theirs) return std::optional<Outgoing>();
  auto batch = device_.EventsAfter(nb, author, theirs, kMaxEventsPerBatch);
  if (!batch) {
    failure_code_ = WireErrorCode::kInternal;
    return batch.as_unexpected();
  }
  // Fill up to the body limit: events can be up to 256 KiB each.
  std::size_t size = kEventsBodyOverhead, take = 0;
  while (take < batch->size() &&
         size + kEventsPerEventOverhead + (*batch)[take].size() <= kMaxMessageBodySize) {
    size += kEventsPerEventOverhead + (*batch)[take].size();
    ++take;
  }
  if (take == 0) {
    // Our own feed changed under us (cannot normally happen); look again later.
    theirs = held;
    return std::optional<Outgoing>();
  }
  batch->resize(take);
  theirs += take;
  counters_.events_sent += take;
  RAPPORT_ASSIGN_OR_RETURN(crypto::Bytes body, EncodeEvents({nb, std::move(*batch)}));
  return std::optional<Outgoing>(Make(MessageType::kEvents, std::move(body), take));
}

Status SyncSession::Refresh() {
  for (const core::NotebookId& nb : order_) {
    auto ours = device_.VersionVector(nb);
    if (!ours) {
      failure_code_ = WireErrorCode::kInternal;
      return ours.as_unexpected();
    }
    syncs_.at(nb).ours = std::move(*ours);
  }
  return Ok();
}

bool SyncSession::CaughtUp() const {
  switch (kind_) {
    case SessionKind::kPeer:
      if (!hello_received_) return false;
      break;
    case SessionKind::kInviter:
    case SessionKind::kJoiner:
      if (!paired_) return false;
      break;
  }
  return std::all_of(syncs_.begin(), syncs_.end(), [](const auto& entry) {
    return entry.second.sent_caught_up && entry.second.peer_caught_up;
  });
}

}  // namespace rapport::sync
