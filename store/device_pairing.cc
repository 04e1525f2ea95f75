// Pairing and peers: invites, pinned peer keys and addresses, and accepting
// a peer's batch of events all or nothing. docs/protocol.md, "Pairing".
#include "base/parallel.h"
#include "store/device_state.h"

namespace rapport::store {
namespace {

// An Ed25519 verification takes about 50 µs: fewer than this many
// signatures are not worth a thread.
constexpr std::size_t kMinSignaturesPerCore = 16;

crypto::Bytes InviteContext(const core::NotebookId& n) { return SealContext("invite", n.bytes); }
crypto::Bytes AddressContext(const core::AuthorId& a) { return SealContext("peer", a.bytes); }

// The pinned peers: all of them, or the one with `only` as identity.
Result<std::vector<PeerInfo>> ReadPeers(Device::State& s, const core::AuthorId* only) {
  RAPPORT_ASSIGN_OR_RETURN(
      Statement select,
      s.db.Prepare(only
                       ? "SELECT identity, noise_key, sealed_address FROM peers WHERE identity = ?1"
                       : "SELECT identity, noise_key, sealed_address FROM peers"));
  if (only) select.Bind(1, only->bytes);
  std::vector<PeerInfo> out;
  while (true) {
    RAPPORT_ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) break;
    auto identity = core::AuthorId::FromView(select.ColumnBlob(0));
    const auto key = select.ColumnBlob(1);
    if (!identity || key.size() != crypto::kDhPublicKeySize)
      return Fail(ErrorCode::kCorruptData, "a stored peer is damaged");
    PeerInfo peer;
    peer.identity = *identity;
    std::copy(key.begin(), key.end(), peer.noise_key.begin());
    if (!select.ColumnBlob(2).empty()) {
      auto address =
          crypto::OpenWithNonce(s.keys.profile, select.ColumnBlob(2), AddressContext(*identity));
      if (!address) return Fail(ErrorCode::kCorruptData, "a stored peer address is damaged");
      peer.address.assign(address->begin(), address->end());
    }
    out.push_back(std::move(peer));
  }
  return out;
}

}  // namespace

const crypto::DhKeyPair& Device::noise_keys() const { return s_->noise; }

Result<crypto::SecretBuffer> Device::CreateInvite(const core::NotebookId& notebook,
                                                  std::int64_t expires_ms) {
  State& s = *s_;
  RAPPORT_ASSIGN_OR_RETURN(const auto me, s.feeds.Member(notebook, s.identity.id));
  if (!me || !me->is_creator)
    return Fail(ErrorCode::kPermissionDenied,
                "only the device that created this notebook can invite someone to it");
  crypto::SecretBuffer psk(kInvitePskSize);
  s.env.rng->Fill(psk.span());
  const crypto::Bytes sealed =
      crypto::SealWithRandomNonce(s.keys.epochs, *s.env.rng, psk.view(), InviteContext(notebook));
  RAPPORT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(s.db));
  RAPPORT_RETURN_IF_ERROR(s.db.Exec("DELETE FROM invites"));
  RAPPORT_ASSIGN_OR_RETURN(
      Statement insert,
      s.db.Prepare(
          "INSERT INTO invites (notebook_id, sealed_psk, expires_ms) VALUES (?1, ?2, ?3)"));
  insert.Bind(1, notebook.bytes).Bind(2, sealed).Bind(3, expires_ms);
  RAPPORT_RETURN_IF_ERROR(insert.Run());
  RAPPORT_RETURN_IF_ERROR(tx.Commit());
  return psk;
}

Result<std::optional<PendingInvite>> Device::PendingInviteNow() {
  State& s = *s_;
  RAPPORT_ASSIGN_OR_RETURN(
      Statement select,
      s.db.Prepare(
          "SELECT notebook_id, sealed_psk, expires_ms FROM invites ORDER BY id DESC LIMIT 1"));
  RAPPORT_ASSIGN_OR_RETURN(const bool row, select.Step());
  if (!row) return std::optional<PendingInvite>();
  auto notebook = core::NotebookId::FromView(select.ColumnBlob(0));
  if (!notebook) return Fail(ErrorCode::kCorruptData, "a stored invite is damaged");
  // Opened straight into secure memory: no ordinary copy to wipe, on any path.
  auto psk =
      crypto::OpenSecretWithNonce(s.keys.epochs, select.ColumnBlob(1), InviteContext(*notebook));
  if (!psk || psk->size() != kInvitePskSize)
    return Fail(ErrorCode::kCorruptData, "a stored invite failed its integrity check");
  PendingInvite out{*notebook, std::move(*psk), select.ColumnInt(2),
                    crypto::Bytes(select.ColumnBlob(1).begin(), select.ColumnBlob(1).end())};
  return std::optional<PendingInvite>(std::move(out));
}

Result<core::EventId> Device::CompleteInvite(const core::NotebookId& notebook,
                                             crypto::ByteView invite, const core::AuthorId& joiner,
                                             const crypto::DhPublicKey& noise_key, core::Role role,
                                             const std::string& name) {
  State& s = *s_;
  RAPPORT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(s.db));
  RAPPORT_ASSIGN_OR_RETURN(
      Statement remove,
      s.db.Prepare("DELETE FROM invites WHERE notebook_id = ?1 AND sealed_psk = ?2 AND "
                   "expires_ms > ?3"));
  remove.Bind(1, notebook.bytes).Bind(2, invite).Bind(3, s.env.clock->NowMillis());
  RAPPORT_RETURN_IF_ERROR(remove.Run());
  if (s.db.Changes() == 0)
    return Fail(ErrorCode::kNotFound, "the invite was already used, replaced or has expired");
  RAPPORT_ASSIGN_OR_RETURN(
      const core::EventId id,
      AppendInTransaction(
          notebook,
          core::Record{s.env.clock->NowMillis(),
                       core::MemberAdded{joiner, noise_key, role,
                                         // the joiner's, perhaps from an older Rapport
                                         core::MakeTerminalSafe(name, core::TextLines::kOne)}}));
  RAPPORT_ASSIGN_OR_RETURN(Statement pin,
                           s.db.Prepare("INSERT INTO peers (identity, noise_key) VALUES (?1, ?2) "
                                        "ON CONFLICT (identity) DO NOTHING"));
  pin.Bind(1, joiner.bytes).Bind(2, noise_key);
  RAPPORT_RETURN_IF_ERROR(pin.Run());
  RAPPORT_ASSIGN_OR_RETURN(const auto pinned, FindPeer(joiner));
  if (!pinned || !crypto::ConstantTimeEqual(pinned->noise_key, noise_key))
    return Fail(ErrorCode::kAuthenticationFailed,
                "this identity was paired before with a different device key");
  RAPPORT_RETURN_IF_ERROR(tx.Commit());
  return id;
}

Status Device::CompleteJoin(const core::NotebookId& notebook, const core::AuthorId& inviter,
                            core::Role inviter_role, const crypto::DhPublicKey& inviter_noise_key,
                            const std::string& address, std::uint32_t epoch,
                            const crypto::AeadKey& key) {
  State& s = *s_;
  RAPPORT_ASSIGN_OR_RETURN(const auto known, FindPeer(inviter));
  if (known && !crypto::ConstantTimeEqual(known->noise_key, inviter_noise_key))
    return Fail(ErrorCode::kAuthenticationFailed,
                "this identity was paired before with a different device key");
  RAPPORT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(s.db));
  RAPPORT_RETURN_IF_ERROR(JoinInTransaction(notebook, inviter, inviter_role, epoch, key));
  // This device is a member from now on, even before the inviter's member.add
  // event arrives: an interrupted first sync then resumes with `rapport sync`.
  RAPPORT_RETURN_IF_ERROR(s.UpsertMember(notebook, s.identity.id, s.identity.role, false));
  if (!known) {
    RAPPORT_ASSIGN_OR_RETURN(
        Statement pin, s.db.Prepare("INSERT INTO peers (identity, noise_key) VALUES (?1, ?2)"));
    pin.Bind(1, inviter.bytes).Bind(2, inviter_noise_key);
    RAPPORT_RETURN_IF_ERROR(pin.Run());
  }
  RAPPORT_RETURN_IF_ERROR(RememberPeerAddress(inviter, address));
  return tx.Commit();
}

Result<std::optional<PeerInfo>> Device::FindPeer(const core::AuthorId& identity) {
  RAPPORT_ASSIGN_OR_RETURN(auto peers, ReadPeers(*s_, &identity));
  if (peers.empty()) return std::optional<PeerInfo>();
  return std::optional<PeerInfo>(std::move(peers.front()));
}

Result<std::vector<PeerInfo>> Device::ListPeers() { return ReadPeers(*s_, nullptr); }

Status Device::RememberPeerAddress(const core::AuthorId& identity, const std::string& address) {
  State& s = *s_;
  const crypto::Bytes sealed = crypto::SealWithRandomNonce(
      s.keys.profile, *s.env.rng, crypto::AsBytes(address), AddressContext(identity));
  RAPPORT_ASSIGN_OR_RETURN(
      Statement update, s.db.Prepare("UPDATE peers SET sealed_address = ?2 WHERE identity = ?1"));
  update.Bind(1, identity.bytes).Bind(2, sealed);
  return update.Run();
}

Result<std::vector<core::NotebookId>> Device::NotebooksSharedWith(const core::AuthorId& peer) {
  State& s = *s_;
  RAPPORT_ASSIGN_OR_RETURN(
      Statement select,
      s.db.Prepare("SELECT mine.notebook_id FROM members AS mine JOIN members AS theirs "
                   "ON mine.notebook_id = theirs.notebook_id "
                   "WHERE mine.author = ?1 AND theirs.author = ?2 ORDER BY mine.notebook_id"));
  select.Bind(1, s.identity.id.bytes).Bind(2, peer.bytes);
  std::vector<core::NotebookId> out;
  while (true) {
    RAPPORT_ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) break;
    auto id = core::NotebookId::FromView(select.ColumnBlob(0));
    if (!id) return Fail(ErrorCode::kCorruptData, "a stored notebook id is damaged");
    out.push_back(*id);
  }
  return out;
}

const std::filesystem::path& Device::database_file() const { return s_->db.path(); }

Result<std::int64_t> Device::DataVersion() {
  RAPPORT_ASSIGN_OR_RETURN(Statement pragma, s_->db.Prepare("PRAGMA data_version"));
  RAPPORT_ASSIGN_OR_RETURN(const bool row, pragma.Step());
  if (!row) return Fail(ErrorCode::kIo, "cannot read the database's change counter");
  return pragma.ColumnInt(0);
}

Result<std::size_t> Device::AcceptBatch(const core::NotebookId& notebook,
                                        const std::vector<crypto::Bytes>& events) {
  State& s = *s_;
  // Signatures are the costly part of accepting: verify them all on every
  // core first, before taking the write lock; the checks that depend on
  // what is stored then run in order.
  std::vector<core::SignedEvent> decoded;
  decoded.reserve(events.size());
  for (const crypto::Bytes& encoded : events) {
    auto event = core::DecodeEvent(encoded);
    if (!event) return event.as_unexpected();
    decoded.push_back(std::move(*event));
  }
  std::vector<std::optional<core::VerifiedEvent>> verified(decoded.size());
  ForEachRange(decoded.size(), kMinSignaturesPerCore, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) verified[i] = core::VerifiedEvent::Verify(decoded[i]);
  });

  std::size_t added = 0;
  std::optional<std::pair<core::SignedEvent, Error>> rejected;
  {
    RAPPORT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(s.db));
    for (std::size_t i = 0; i < decoded.size(); ++i) {
      const core::SignedEvent& event = decoded[i];
      const crypto::Bytes& encoded = events[i];
      if (event.header.notebook != notebook) {
        rejected.emplace(event, Error(ErrorCode::kProtocol,
                                      "an event of another notebook arrived in this one's batch"));
        break;
      }
      // An event whose signature failed goes through the full check, which
      // names the first reason it is refused. A local failure returns here:
      // the batch rolls back and nothing is held against the peer.
      RAPPORT_ASSIGN_OR_RETURN(auto verdict,
                               JudgePeerEvent(s, event, verified[i] ? &*verified[i] : nullptr));
      if (!verdict) {
        rejected.emplace(event, verdict.error());
        break;
      }
      if (verdict->duplicate) continue;
      RAPPORT_RETURN_IF_ERROR(
          s.log.Insert(event.header, verdict->id, encoded, s.LocalMac(verdict->id, encoded)));
      if (auto* member = std::get_if<core::MemberAdded>(&verdict->record.body))
        RAPPORT_RETURN_IF_ERROR(s.UpsertMember(notebook, member->member, member->role, false));
      ++added;
    }
    if (!rejected) {
      RAPPORT_RETURN_IF_ERROR(tx.Commit());
      return added;
    }
  }  // the transaction rolls back: nothing of the batch is kept
  const auto& [event, error] = *rejected;
  RAPPORT_ASSIGN_OR_RETURN(Transaction report, Transaction::Begin(s.db));
  RAPPORT_RETURN_IF_ERROR(s.RecordRejection(event, event.Encode(), error));
  RAPPORT_RETURN_IF_ERROR(report.Commit());
  return Fail(error.code, error.message);
}

}  // namespace rapport::store
