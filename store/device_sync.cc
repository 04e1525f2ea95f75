// What pairing and sync need of a device: membership, the content key for a
// new member, and the feeds as version vectors and event ranges.
#include "store/device_state.h"

namespace rapport::store {

Result<core::EventId> Device::AddMember(const core::NotebookId& notebook,
                                        const core::AuthorId& member,
                                        const crypto::DhPublicKey& noise_key, core::Role role,
                                        const std::string& name) {
  return AppendShared(notebook, core::MemberAdded{member, noise_key, role, name});
}

Result<std::pair<std::uint32_t, crypto::AeadKey>> Device::NotebookKeyForPeer(
    const core::NotebookId& notebook) {
  RAPPORT_ASSIGN_OR_RETURN(const std::uint32_t epoch, s_->CurrentEpoch(notebook));
  const crypto::AeadKey* key = s_->EpochKey(notebook, epoch);
  if (key == nullptr)
    return Fail(ErrorCode::kCorruptData, "the notebook's key is missing or damaged");
  RAPPORT_ASSIGN_OR_RETURN(crypto::AeadKey copy, crypto::AeadKey::FromBytes(key->view()));
  return std::make_pair(epoch, std::move(copy));
}

Status Device::JoinNotebook(const core::NotebookId& notebook, const core::AuthorId& creator,
                            core::Role creator_role, std::uint32_t epoch,
                            const crypto::AeadKey& key) {
  RAPPORT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(s_->db));
  RAPPORT_RETURN_IF_ERROR(JoinInTransaction(notebook, creator, creator_role, epoch, key));
  return tx.Commit();
}

Status Device::JoinInTransaction(const core::NotebookId& notebook, const core::AuthorId& creator,
                                 core::Role creator_role, std::uint32_t epoch,
                                 const crypto::AeadKey& key) {
  State& s = *s_;
  {
    RAPPORT_ASSIGN_OR_RETURN(
        Statement insert,
        s.db.Prepare("INSERT INTO notebooks (id, creator, current_epoch) VALUES (?1, ?2, ?3)"));
    insert.Bind(1, notebook.bytes).Bind(2, creator.bytes).Bind(3, static_cast<std::int64_t>(epoch));
    auto inserted = insert.Run();
    if (!inserted && inserted.error().code == ErrorCode::kAlreadyExists)
      return Fail(ErrorCode::kAlreadyExists,
                  "this device already holds notebook " + notebook.Short());
    RAPPORT_RETURN_IF_ERROR(inserted);
  }
  RAPPORT_RETURN_IF_ERROR(s.StoreEpochKey(notebook, epoch, key));
  return s.UpsertMember(notebook, creator, creator_role, true);
}

Result<core::AuthorId> Device::NotebookCreator(const core::NotebookId& notebook) {
  RAPPORT_ASSIGN_OR_RETURN(Statement select,
                           s_->db.Prepare("SELECT creator FROM notebooks WHERE id = ?1"));
  select.Bind(1, notebook.bytes);
  RAPPORT_ASSIGN_OR_RETURN(const bool row, select.Step());
  if (!row) return Fail(ErrorCode::kNotFound, "unknown notebook " + notebook.Short());
  auto creator = core::AuthorId::FromView(select.ColumnBlob(0));
  if (!creator) return Fail(ErrorCode::kCorruptData, "a stored notebook's creator is damaged");
  return *creator;
}

Result<std::map<core::AuthorId, std::uint64_t>> Device::VersionVector(
    const core::NotebookId& notebook) {
  // One index probe per member, not a scan of every event (which made each
  // live push cost milliseconds per 10,000 events held): every stored
  // event's author is a member, as appending and accepting check and
  // EventLog::MaxLamport relies on too; members are never removed.
  RAPPORT_ASSIGN_OR_RETURN(
      Statement select,
      s_->db.Prepare("SELECT m.author, (SELECT e.seq FROM events e WHERE e.notebook_id = "
                     "m.notebook_id AND e.author = m.author ORDER BY e.seq DESC LIMIT 1) "
                     "FROM members m WHERE m.notebook_id = ?1"));
  select.Bind(1, notebook.bytes);
  std::map<core::AuthorId, std::uint64_t> out;
  while (true) {
    RAPPORT_ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) break;
    if (select.ColumnIsNull(1)) continue;  // a member with no events yet
    auto author = core::AuthorId::FromView(select.ColumnBlob(0));
    if (!author) return Fail(ErrorCode::kCorruptData, "a stored author key is damaged");
    out[*author] = static_cast<std::uint64_t>(select.ColumnInt(1));
  }
  return out;
}

Result<std::vector<crypto::Bytes>> Device::EventsAfter(const core::NotebookId& notebook,
                                                       const core::AuthorId& author,
                                                       std::uint64_t after_seq, std::size_t limit) {
  RAPPORT_ASSIGN_OR_RETURN(
      Statement select,
      s_->db.Prepare("SELECT encoded FROM events WHERE notebook_id = ?1 AND author = ?2 "
                     "AND seq > ?3 ORDER BY seq LIMIT ?4"));
  select.Bind(1, notebook.bytes)
      .Bind(2, author.bytes)
      .Bind(3, static_cast<std::int64_t>(after_seq))
      .Bind(4, static_cast<std::int64_t>(limit));
  std::vector<crypto::Bytes> out;
  while (true) {
    RAPPORT_ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) break;
    out.push_back(crypto::ToBytes(select.ColumnBlob(0)));
  }
  return out;
}

}  // namespace rapport::store
