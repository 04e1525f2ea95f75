// Private records: kept on this device only, sealed under a device key,
// never part of a feed and so never offered to a peer.
#include <algorithm>

#include "store/device_state.h"

namespace rapport::store {
namespace {

crypto::Bytes PrivateContext(const core::NotebookId& n, const core::PrivateId& id) {
  return SealContext("private", n.bytes, id.bytes);
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
  const crypto::Bytes sealed = crypto::SealWithRandomNonce(
      s.keys.private_, *s.env.rng, core::EncodeRecord(record), PrivateContext(notebook, id));
  RAPPORT_ASSIGN_OR_RETURN(
      Statement * insert,
      s.statements.Get(
          "INSERT INTO private_records (id, notebook_id, sealed) VALUES (?1, ?2, ?3)"));
  ResetOnExit reset_on_exit(insert);
  insert->Bind(1, id.bytes).Bind(2, notebook.bytes).Bind(3, sealed);
  RAPPORT_RETURN_IF_ERROR(insert->Run());
  return id;
}

Result<std::vector<PrivateEntry>> Device::ListPrivate(const core::NotebookId& notebook) {
  State& s = *s_;
  RAPPORT_ASSIGN_OR_RETURN(
      Statement select,
      s.db.Prepare("SELECT id, sealed FROM private_records WHERE notebook_id = ?1 ORDER BY rowid"));
  select.Bind(1, notebook.bytes);
  std::vector<PrivateEntry> out;
  while (true) {
    RAPPORT_ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) break;
    auto id = core::PrivateId::FromView(select.ColumnBlob(0));
    if (!id) return Fail(ErrorCode::kCorruptData, "a private record's id is damaged");
    auto plain =
        crypto::OpenWithNonce(s.keys.private_, select.ColumnBlob(1), PrivateContext(notebook, *id));
    if (!plain)
      return Fail(ErrorCode::kCorruptData,
                  "private record " + id->Short() + " failed its integrity check");
    RAPPORT_ASSIGN_OR_RETURN(core::Record record, core::DecodeRecord(*plain));
    out.push_back({*id, std::move(record)});
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
  RAPPORT_ASSIGN_OR_RETURN(auto entries, ListPrivate(notebook));
  std::vector<PrivateEntry*> matches;
  for (auto& e : entries)
    if (e.id.Hex().rfind(prefix, 0) == 0) matches.push_back(&e);
  if (matches.empty()) {
    RAPPORT_ASSIGN_OR_RETURN(const LoadedNotebook loaded, Load(notebook));
    for (const auto& j : loaded.state.journal)
      if (j.id.Hex().rfind(prefix, 0) == 0)
        return Fail(ErrorCode::kFailedPrecondition, "entry " + j.id.Short() + " is already shared");
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

  RAPPORT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(s.db));
  RAPPORT_ASSIGN_OR_RETURN(const core::EventId id, AppendInTransaction(notebook, entry.record));
  {
    RAPPORT_ASSIGN_OR_RETURN(Statement remove,
                             s.db.Prepare("DELETE FROM private_records WHERE id = ?1"));
    remove.Bind(1, entry.id.bytes);
    RAPPORT_RETURN_IF_ERROR(remove.Run());
  }
  RAPPORT_RETURN_IF_ERROR(tx.Commit());
  return id;
}

}  // namespace rapport::store
