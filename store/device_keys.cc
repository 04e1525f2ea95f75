// Notebook content keys, membership rows and the rejection log: the small
// tables that validation consults beside the events.
#include "core/codec.h"
#include "store/device_state.h"

namespace rapport::store {

namespace {
crypto::Bytes EpochContext(const core::NotebookId& n, std::uint32_t epoch) {
  core::Writer w;
  w.U32(epoch);
  return SealContext("epoch", n.bytes, w.bytes());
}
}  // namespace

crypto::Hash256 Device::State::LocalMac(const core::EventId& id, crypto::ByteView encoded) const {
  constexpr std::size_t kHeaderAndNonce = core::kEventHeaderSize + crypto::kAeadNonceSize;
  crypto::Blake2bHasher mac(crypto::kHash256Size, keys.local_mac.view());
  mac.Update(id.bytes);
  mac.Update(encoded.first(kHeaderAndNonce));
  mac.Update(encoded.last(crypto::kSignatureSize));
  crypto::Hash256 result;
  mac.FinalInto(result);
  return result;
}

Result<const crypto::AeadKey*> Device::State::FindEpochKey(const core::NotebookId& n,
                                                           std::uint32_t epoch) {
  const auto key = std::make_pair(n, epoch);
  if (auto it = epoch_keys.find(key); it != epoch_keys.end()) return &it->second;
  RAPPORT_ASSIGN_OR_RETURN(
      Statement * select,
      statements.Get("SELECT sealed_key FROM epoch_keys WHERE notebook_id = ?1 AND epoch = ?2"));
  ResetOnExit reset_on_exit(select);
  select->Bind(1, n.bytes).Bind(2, static_cast<std::int64_t>(epoch));
  RAPPORT_ASSIGN_OR_RETURN(const bool row, select->Step());
  if (!row) return nullptr;
  const auto damaged = [&] {
    return Fail(ErrorCode::kCorruptData, "the stored key of notebook " + n.Short() + " epoch " +
                                             std::to_string(epoch) + " is damaged");
  };
  auto opened =
      crypto::OpenSecretWithNonce(keys.epochs, select->ColumnBlob(0), EpochContext(n, epoch));
  if (!opened) return damaged();
  auto aead = crypto::AeadKey::FromBytes(opened->view());
  if (!aead) return damaged();
  return &epoch_keys.emplace(key, std::move(*aead)).first->second;
}

const crypto::AeadKey* Device::State::EpochKey(const core::NotebookId& n, std::uint32_t epoch) {
  auto key = FindEpochKey(n, epoch);
  return key ? *key : nullptr;
}

Status Device::State::StoreEpochKey(const core::NotebookId& n, std::uint32_t epoch,
                                    const crypto::AeadKey& key) {
  const crypto::Bytes sealed =
      crypto::SealWithRandomNonce(keys.epochs, *env.rng, key.view(), EpochContext(n, epoch));
  RAPPORT_ASSIGN_OR_RETURN(
      Statement insert,
      db.Prepare("INSERT INTO epoch_keys (notebook_id, epoch, sealed_key) VALUES (?1, ?2, ?3)"));
  insert.Bind(1, n.bytes).Bind(2, static_cast<std::int64_t>(epoch)).Bind(3, sealed);
  return insert.Run();
}

Result<std::uint32_t> Device::State::CurrentEpoch(const core::NotebookId& n) {
  RAPPORT_ASSIGN_OR_RETURN(Statement * select,
                           statements.Get("SELECT current_epoch FROM notebooks WHERE id = ?1"));
  ResetOnExit reset_on_exit(select);
  select->Bind(1, n.bytes);
  RAPPORT_ASSIGN_OR_RETURN(const bool row, select->Step());
  if (!row) return Fail(ErrorCode::kNotFound, "unknown notebook " + n.Short());
  return static_cast<std::uint32_t>(select->ColumnInt(0));
}

Status Device::State::UpsertMember(const core::NotebookId& n, const core::AuthorId& a,
                                   core::Role role, bool is_creator) {
  RAPPORT_ASSIGN_OR_RETURN(
      Statement insert,
      db.Prepare("INSERT OR IGNORE INTO members (notebook_id, author, role, is_creator) "
                 "VALUES (?1, ?2, ?3, ?4)"));
  insert.Bind(1, n.bytes)
      .Bind(2, a.bytes)
      .Bind(3, static_cast<std::int64_t>(role))
      .Bind(4, std::int64_t{is_creator ? 1 : 0});
  return insert.Run();
}

Status Device::State::RecordRejection(const core::SignedEvent& e, crypto::ByteView encoded,
                                      const Error& error) {
  RAPPORT_ASSIGN_OR_RETURN(
      Statement insert,
      db.Prepare("INSERT INTO rejected_events (notebook_id, author, seq, code, reason, encoded) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  insert.Bind(1, e.header.notebook.bytes)
      .Bind(2, e.header.author.bytes)
      .Bind(3, static_cast<std::int64_t>(e.header.seq))
      .Bind(4, static_cast<std::int64_t>(error.code))
      .Bind(5, error.message)
      .Bind(6, encoded);
  RAPPORT_RETURN_IF_ERROR(insert.Run());
  // A hostile peer could otherwise fill the disk with reports: keep the
  // newest kMaxRejectionsKept.
  RAPPORT_ASSIGN_OR_RETURN(
      Statement trim,
      db.Prepare(
          "DELETE FROM rejected_events WHERE id <= (SELECT MAX(id) FROM rejected_events) - ?1"));
  trim.Bind(1, static_cast<std::int64_t>(kMaxRejectionsKept));
  return trim.Run();
}

const crypto::AeadKey* StoreFeeds::EpochKey(const core::NotebookId& n, std::uint32_t epoch) {
  auto key = Noted(s_.FindEpochKey(n, epoch));
  return key ? *key : nullptr;
}

Result<std::optional<core::MemberInfo>> StoreFeeds::Member(const core::NotebookId& n,
                                                           const core::AuthorId& a) {
  return Noted(ReadMember(n, a));
}

Result<std::optional<core::MemberInfo>> StoreFeeds::ReadMember(const core::NotebookId& n,
                                                               const core::AuthorId& a) {
  RAPPORT_ASSIGN_OR_RETURN(
      Statement * select,
      s_.statements.Get(
          "SELECT role, is_creator FROM members WHERE notebook_id = ?1 AND author = ?2"));
  ResetOnExit reset_on_exit(select);
  select->Bind(1, n.bytes).Bind(2, a.bytes);
  RAPPORT_ASSIGN_OR_RETURN(const bool row, select->Step());
  if (!row) return std::optional<core::MemberInfo>();
  return std::optional<core::MemberInfo>(
      core::MemberInfo{static_cast<core::Role>(select->ColumnInt(0)), select->ColumnInt(1) != 0});
}

Result<std::optional<core::FeedHead>> StoreFeeds::Head(const core::NotebookId& n,
                                                       const core::AuthorId& a) {
  return Noted(s_.log.Head(n, a));
}

Result<std::optional<core::EventId>> StoreFeeds::IdAt(const core::NotebookId& n,
                                                      const core::AuthorId& a, std::uint64_t seq) {
  return Noted(s_.log.IdAt(n, a, seq));
}

Result<std::uint64_t> StoreFeeds::MaxLamport(const core::NotebookId& n) {
  return Noted(s_.log.MaxLamport(n));
}

Result<Result<core::Accepted>> JudgePeerEvent(Device::State& s, const core::SignedEvent& event,
                                              const core::VerifiedEvent* verified) {
  (void)s.feeds.TakeLocalFailure();  // one an earlier, unrelated read left
  Result<core::Accepted> verdict = verified != nullptr ? core::ValidateEvent(*verified, s.feeds)
                                                       : core::ValidateEvent(event, s.feeds);
  if (const auto local = s.feeds.TakeLocalFailure())
    return Fail(ErrorCode::kIo,
                "cannot check the other device's events against this device's own copy, so "
                "nothing was stored: " +
                    local->message);
  return verdict;
}

}  // namespace rapport::store
