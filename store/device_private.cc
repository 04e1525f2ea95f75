// Private records: kept on this device only, sealed under a device key,
// never part of a feed and so never offered to a peer.
#include <algorithm>

#include "store/device_state.h"

namespace rapport::store {
namespace {

crypto::Bytes PrivateContext(const core::NotebookId& n, const core::PrivateId& id) {
  return SealContext("private", n.bytes, id.bytes);
}

// The record sealed in `sealed`; nothing if it fails its integrity check.
std::optional<core::Record> OpenPrivate(const crypto::AeadKey& key, const core::NotebookId& n,
                                        const core::PrivateId& id, crypto::ByteView sealed) {
  auto plain = crypto::OpenWithNonce(key, sealed, PrivateContext(n, id));
  if (!plain) return std::nullopt;
  auto record = core::DecodeRecord(*plain);
  crypto::Wipe(*plain);
  if (!record) return std::nullopt;
  return std::move(*record);
}

}  // namespace

Result<core::PrivateId> Device::AddPrivate(const core::NotebookId& notebook,
                                           core::RecordBody body) {
  RAPPORT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(s_->db));
  RAPPORT_ASSIGN_OR_RETURN(
      const core::PrivateId id,
      AddPrivateInTransaction(notebook, core::Record{s_->env.clock->NowMillis(), std::move(body)}));
  RAPPORT_RETURN_IF_ERROR(tx.Commit());
  return id;
}

Result<std::vector<core::PrivateId>> Device::AddPrivateRecords(const core::NotebookId& notebook,
                                                               std::vector<core::Record> records) {
  RAPPORT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(s_->db));
  std::vector<core::PrivateId> ids;
  ids.reserve(records.size());
  for (const core::Record& record : records) {
    RAPPORT_ASSIGN_OR_RETURN(const core::PrivateId id, AddPrivateInTransaction(notebook, record));
    ids.push_back(id);
  }
  RAPPORT_RETURN_IF_ERROR(tx.Commit());
  return ids;
}

Result<core::PrivateId> Device::AddPrivateInTransaction(const core::NotebookId& notebook,
                                                        const core::Record& record) {
  State& s = *s_;
  RAPPORT_RETURN_IF_ERROR(s.CurrentEpoch(notebook));  // the notebook exists
  RAPPORT_RETURN_IF_ERROR(core::CheckPrivateRecordRules(record, s.identity.role));
  const auto id = core::PrivateId::FromArray(s.env.rng->Draw<32>());
  // The plaintext encoding is wiped once sealed, as OpenPrivate wipes its own.
  crypto::Bytes plain = core::EncodeRecord(record);
  const crypto::Bytes sealed =
      crypto::SealWithRandomNonce(s.keys.private_, *s.env.rng, plain, PrivateContext(notebook, id));
  crypto::Wipe(plain);
  RAPPORT_ASSIGN_OR_RETURN(
      Statement * insert,
      s.statements.Get(
          "INSERT INTO private_records (id, notebook_id, sealed) VALUES (?1, ?2, ?3)"));
  ResetOnExit reset_on_exit(insert);
  insert->Bind(1, id.bytes).Bind(2, notebook.bytes).Bind(3, sealed);
  RAPPORT_RETURN_IF_ERROR(insert->Run());
  return id;
}

Result<PrivateRecords> Device::ListPrivate(const core::NotebookId& notebook) {
  State& s = *s_;
  RAPPORT_ASSIGN_OR_RETURN(
      Statement select,
      s.db.Prepare("SELECT id, sealed FROM private_records WHERE notebook_id = ?1 ORDER BY rowid"));
  select.Bind(1, notebook.bytes);
  PrivateRecords out;
  while (true) {
    RAPPORT_ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) break;
    const auto id = core::PrivateId::FromView(select.ColumnBlob(0));
    std::optional<core::Record> record;
    if (id) record = OpenPrivate(s.keys.private_, notebook, *id, select.ColumnBlob(1));
    if (!record) {
      ++out.damaged;
      continue;
    }
    out.entries.push_back({*id, std::move(*record)});
  }
  return out;
}

Result<core::EventId> Device::SharePrivate(const core::NotebookId& notebook,
                                           std::string_view id_prefix) {
  State& s = *s_;
  std::string prefix(id_prefix);
  std::transform(prefix.begin(), prefix.end(), prefix.begin(), ::tolower);
  if (prefix.empty() || prefix.find_first_not_of("0123456789abcdef") != std::string::npos)
    return Fail(ErrorCode::kInvalidArgument, "'" + std::string(id_prefix) + "' is not an entry id");
  // Read inside the transaction that removes the entry, so that two shares
  // of one entry at once cannot both publish it.
  RAPPORT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(s.db));
  RAPPORT_ASSIGN_OR_RETURN(PrivateRecords records, ListPrivate(notebook));
  std::vector<PrivateEntry*> matches;
  for (auto& e : records.entries)
    if (e.id.Hex().rfind(prefix, 0) == 0) matches.push_back(&e);
  if (matches.empty()) {
    RAPPORT_ASSIGN_OR_RETURN(const LoadedNotebook loaded, Load(notebook));
    for (const auto& j : loaded.state.journal) {
      const bool was_private =
          j.entry.shared_from && j.entry.shared_from->Hex().rfind(prefix, 0) == 0;
      if (was_private || j.id.Hex().rfind(prefix, 0) == 0)
        return Fail(ErrorCode::kFailedPrecondition, "entry " + j.id.Short() + " is already shared");
    }
    return Fail(ErrorCode::kNotFound, "no private journal entry has an id starting with " + prefix +
                                          " (see `rapport journal list`)");
  }
  if (matches.size() > 1)
    return Fail(ErrorCode::kAmbiguous,
                "several entries start with " + prefix + ": give more of the id");
  PrivateEntry& entry = *matches.front();
  auto* journal = std::get_if<core::JournalEntry>(&entry.record.body);
  if (journal == nullptr)
    return Fail(ErrorCode::kFailedPrecondition, "only journal entries can be shared");
  journal->shared_from = entry.id;

  RAPPORT_ASSIGN_OR_RETURN(const core::EventId id, AppendInTransaction(notebook, entry.record));
  {
    RAPPORT_ASSIGN_OR_RETURN(Statement remove,
                             s.db.Prepare("DELETE FROM private_records WHERE id = ?1"));
    remove.Bind(1, entry.id.bytes);
    RAPPORT_RETURN_IF_ERROR(remove.Run());
    if (s.db.Changes() != 1)
      return Fail(ErrorCode::kFailedPrecondition,
                  "entry " + entry.id.Short() + " is already shared");
  }
  RAPPORT_RETURN_IF_ERROR(tx.Commit());
  return id;
}

}  // namespace rapport::store
