// Notebooks on a device: creating, appending to this device's feed,
// accepting a peer's events, and loading the state back.
#include <algorithm>

#include "core/state_rules.h"
#include "store/device_state.h"
#include "store/load_pipeline.h"

namespace rapport::store {
namespace {

// The content key a stored event names in its header; null if the event is
// too damaged to name one or this device does not hold it.
const crypto::AeadKey* KeyNamedBy(Device::State& s, crypto::ByteView encoded) {
  auto event = core::ParseEvent(encoded);
  return event ? s.EpochKey(event->header.notebook, event->header.epoch) : nullptr;
}

// Checks one stored event, read from `notebook`'s rows, for its local MAC and
// index entry, decrypts it with `key` (from KeyNamedBy) into `body`, and
// decodes it. Reads `s` only, so it is safe on several threads at once.
Result<core::DecodedEvent> OpenStored(const Device::State& s, const core::NotebookId& notebook,
                                      const StoredEvent& stored, const crypto::AeadKey* key,
                                      crypto::Bytes& body) {
  const auto id = core::EventId::FromView(stored.id);
  auto event = core::ParseEvent(stored.encoded);
  if (!id || !event ||
      !crypto::ConstantTimeEqual(s.LocalMac(*id, stored.encoded), stored.local_mac))
    return Fail(ErrorCode::kCorruptData, "failed its integrity check (the stored bytes changed)");
  // The MAC does not cover the row's notebook column: a row moved from
  // another notebook would otherwise open with that notebook's key.
  if (event->header.notebook != notebook || event->header.seq != stored.seq ||
      event->header.lamport != stored.lamport ||
      !crypto::ConstantTimeEqual(event->header.author.bytes, stored.author))
    return Fail(ErrorCode::kCorruptData, "failed its integrity check (its index entry changed)");
  if (key == nullptr) return Fail(ErrorCode::kCorruptData, "its notebook key is missing");
  if (!core::OpenEventBodyInto(*event, *key, body))
    return Fail(ErrorCode::kCorruptData, "failed its integrity check (the body does not decrypt)");
  RAPPORT_ASSIGN_OR_RETURN(core::Record record, core::DecodeRecord(body));
  return core::DecodedEvent{*id, event->header, std::move(record)};
}

Result<core::DecodedEvent> ReadStored(Device::State& s, const core::NotebookId& notebook,
                                      const StoredEvent& stored) {
  crypto::Bytes body;
  return OpenStored(s, notebook, stored, KeyNamedBy(s, stored.encoded), body);
}

// Reads author and seq from a damaged event's plaintext header, if possible.
LoadProblem ProblemFor(crypto::ByteView encoded, const std::string& reason) {
  LoadProblem p;
  p.reason = reason;
  if (encoded.size() >= core::kEventHeaderSize) {
    core::Reader r(encoded.subspan(1 + core::kNotebookIdSize));
    r.Raw(p.author.bytes);
    r.U64(p.seq);
  }
  return p;
}

}  // namespace

Result<core::NotebookId> Device::CreateNotebook(const std::string& title) {
  State& s = *s_;
  // An identity made by an older Rapport may hold a name the rule for new
  // text refuses, and there is no renaming: it is made safe, not refused.
  core::Record genesis{
      s.env.clock->NowMillis(),
      core::NotebookCreated{title, core::MakeTerminalSafe(s.identity.name, core::TextLines::kOne),
                            s.identity.role}};
  RAPPORT_RETURN_IF_ERROR(core::ValidateRecordFields(genesis));
  const auto id = core::NotebookId::FromArray(s.env.rng->Draw<core::kNotebookIdSize>());
  const crypto::AeadKey content_key = crypto::AeadKey::Generate(*s.env.rng);

  RAPPORT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(s.db));
  {
    RAPPORT_ASSIGN_OR_RETURN(
        Statement insert,
        s.db.Prepare("INSERT INTO notebooks (id, creator, current_epoch) VALUES (?1, ?2, 0)"));
    insert.Bind(1, id.bytes).Bind(2, s.identity.id.bytes);
    RAPPORT_RETURN_IF_ERROR(insert.Run());
  }
  RAPPORT_RETURN_IF_ERROR(s.StoreEpochKey(id, 0, content_key));
  RAPPORT_RETURN_IF_ERROR(s.UpsertMember(id, s.identity.id, s.identity.role, true));
  RAPPORT_RETURN_IF_ERROR(AppendInTransaction(id, std::move(genesis)));
  RAPPORT_RETURN_IF_ERROR(tx.Commit());
  return id;
}

Result<std::vector<NotebookSummary>> Device::ListNotebooks() {
  State& s = *s_;
  std::vector<std::pair<core::NotebookId, core::AuthorId>> rows;
  {
    RAPPORT_ASSIGN_OR_RETURN(Statement select,
                             s.db.Prepare("SELECT id, creator FROM notebooks ORDER BY rowid"));
    while (true) {
      RAPPORT_ASSIGN_OR_RETURN(const bool row, select.Step());
      if (!row) break;
      auto id = core::NotebookId::FromView(select.ColumnBlob(0));
      auto creator = core::AuthorId::FromView(select.ColumnBlob(1));
      if (!id || !creator) return Fail(ErrorCode::kCorruptData, "a stored notebook id is damaged");
      rows.emplace_back(*id, *creator);
    }
  }
  std::vector<NotebookSummary> out;
  for (const auto& [id, creator] : rows) {
    NotebookSummary summary;
    summary.id = id;
    summary.title = "(title unreadable)";
    RAPPORT_ASSIGN_OR_RETURN(const auto genesis, s.log.StoredAt(id, creator, 1));
    if (genesis.found) {
      auto decoded = ReadStored(s, id,
                                StoredEvent{genesis.encoded, genesis.local_mac, genesis.id,
                                            creator.bytes, 1, genesis.lamport});
      if (decoded) {
        if (auto* created = std::get_if<core::NotebookCreated>(&decoded->record.body))
          summary.title = created->title;
      }
    }
    RAPPORT_ASSIGN_OR_RETURN(summary.events, s.log.Count(id));
    RAPPORT_ASSIGN_OR_RETURN(
        Statement count,
        s.db.Prepare("SELECT COUNT(*) FROM private_records WHERE notebook_id = ?1"));
    count.Bind(1, id.bytes);
    RAPPORT_ASSIGN_OR_RETURN(const bool row, count.Step());
    summary.private_records = row ? count.ColumnInt(0) : 0;
    out.push_back(std::move(summary));
  }
  return out;
}

Result<std::optional<std::string>> Device::MemberName(const core::NotebookId& notebook,
                                                      const core::AuthorId& member) {
  State& s = *s_;
  RAPPORT_ASSIGN_OR_RETURN(Statement select,
                           s.db.Prepare("SELECT creator FROM notebooks WHERE id = ?1"));
  select.Bind(1, notebook.bytes);
  RAPPORT_ASSIGN_OR_RETURN(const bool row, select.Step());
  if (!row) return std::optional<std::string>();
  const auto creator = core::AuthorId::FromView(select.ColumnBlob(0));
  if (!creator) return Fail(ErrorCode::kCorruptData, "a stored notebook's creator is damaged");
  // Members are added by the creator on pairing, near the start of its feed:
  // read it in order until the one that names `member`.
  for (std::uint64_t seq = 1;; ++seq) {
    RAPPORT_ASSIGN_OR_RETURN(const auto stored, s.log.StoredAt(notebook, *creator, seq));
    if (!stored.found) return std::optional<std::string>();
    auto decoded = ReadStored(s, notebook,
                              StoredEvent{stored.encoded, stored.local_mac, stored.id,
                                          creator->bytes, seq, stored.lamport});
    if (!decoded) continue;  // damaged: Load reports it; the name may be further on
    if (const auto* created = std::get_if<core::NotebookCreated>(&decoded->record.body)) {
      if (member == *creator) return std::optional(created->creator_name);
    } else if (const auto* added = std::get_if<core::MemberAdded>(&decoded->record.body)) {
      if (added->member == member) return std::optional(added->name);
    }
  }
}

Result<core::NotebookId> Device::ResolveNotebook(const std::optional<std::string>& selector) {
  RAPPORT_ASSIGN_OR_RETURN(const auto notebooks, ListNotebooks());
  if (notebooks.empty())
    return Fail(ErrorCode::kNotFound,
                "there is no notebook yet: create one with `rapport notebook create TITLE`");
  if (!selector) {
    if (notebooks.size() == 1) return notebooks.front().id;
    return Fail(
        ErrorCode::kAmbiguous,
        "there are several notebooks: choose one with --notebook (see `rapport notebook list`)");
  }
  std::vector<core::NotebookId> matches;
  for (const auto& n : notebooks)
    if (n.title == *selector) matches.push_back(n.id);
  if (matches.empty()) {
    std::string prefix = *selector;
    std::transform(prefix.begin(), prefix.end(), prefix.begin(), ::tolower);
    for (const auto& n : notebooks)
      if (!prefix.empty() && n.id.Hex().rfind(prefix, 0) == 0) matches.push_back(n.id);
  }
  if (matches.empty())
    return Fail(ErrorCode::kNotFound,
                "no notebook matches '" + *selector + "' (see `rapport notebook list`)");
  if (matches.size() > 1)
    return Fail(ErrorCode::kAmbiguous,
                "'" + *selector + "' matches several notebooks: give more of the id");
  return matches.front();
}

Result<core::EventId> Device::AppendShared(const core::NotebookId& notebook,
                                           core::RecordBody body) {
  State& s = *s_;
  RAPPORT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(s.db));
  RAPPORT_ASSIGN_OR_RETURN(
      const core::EventId id,
      AppendInTransaction(notebook, core::Record{s.env.clock->NowMillis(), std::move(body)}));
  RAPPORT_RETURN_IF_ERROR(tx.Commit());
  return id;
}

struct Device::FeedPosition {
  const crypto::AeadKey* key = nullptr;
  core::MemberInfo member;
  core::EventHeader next;  // the header of the next event, but for its body
};

Result<std::vector<core::EventId>> Device::AppendSharedRecords(const core::NotebookId& notebook,
                                                               std::vector<core::Record> records) {
  RAPPORT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(s_->db));
  RAPPORT_ASSIGN_OR_RETURN(FeedPosition position, NextFeedPosition(notebook));
  std::vector<core::EventId> ids;
  ids.reserve(records.size());
  for (core::Record& record : records) {
    RAPPORT_ASSIGN_OR_RETURN(const core::EventId id, AppendAt(position, std::move(record)));
    ids.push_back(id);
  }
  RAPPORT_RETURN_IF_ERROR(tx.Commit());
  return ids;
}

Result<core::EventId> Device::AppendInTransaction(const core::NotebookId& notebook,
                                                  core::Record record) {
  RAPPORT_ASSIGN_OR_RETURN(FeedPosition position, NextFeedPosition(notebook));
  return AppendAt(position, std::move(record));
}

Result<Device::FeedPosition> Device::NextFeedPosition(const core::NotebookId& notebook) {
  State& s = *s_;
  FeedPosition position;
  RAPPORT_ASSIGN_OR_RETURN(const std::uint32_t epoch, s.CurrentEpoch(notebook));
  position.key = s.EpochKey(notebook, epoch);
  if (position.key == nullptr)
    return Fail(ErrorCode::kCorruptData, "the notebook's key is missing or damaged");
  RAPPORT_ASSIGN_OR_RETURN(auto member, s.feeds.Member(notebook, s.identity.id));
  if (!member) return Fail(ErrorCode::kNotMember, "this device is not a member of the notebook");
  position.member = *member;
  RAPPORT_ASSIGN_OR_RETURN(const auto head, s.log.Head(notebook, s.identity.id));
  RAPPORT_ASSIGN_OR_RETURN(const std::uint64_t max_lamport, s.log.MaxLamport(notebook));

  core::EventHeader& header = position.next;
  header.notebook = notebook;
  header.author = s.identity.id;
  header.seq = head ? head->seq + 1 : 1;
  header.lamport = max_lamport + 1;
  header.prev = head ? head->id : core::EventId{};
  header.epoch = epoch;
  return position;
}

Result<core::EventId> Device::AppendAt(FeedPosition& position, core::Record record) {
  State& s = *s_;
  const core::EventHeader& header = position.next;
  RAPPORT_RETURN_IF_ERROR(
      core::CheckRecordRules(record, header, position.member, core::TextRules::kNewlyWritten));
  if (core::ChecksState(record.body)) {
    // Read inside the transaction, so the state checked is the one appended to.
    RAPPORT_ASSIGN_OR_RETURN(const LoadedNotebook loaded, Load(header.notebook));
    RAPPORT_RETURN_IF_ERROR(
        core::CheckAgainstState(loaded.state, record, s.identity.id, position.member.role));
  }

  crypto::Bytes plain = core::EncodeRecord(record);
  const core::SignedEvent event =
      core::SealEvent(header, plain, *position.key, s.signing, *s.env.rng);
  crypto::Wipe(plain);  // the record's plaintext encoding, no longer needed
  const crypto::Bytes encoded = event.Encode();
  const core::EventId id = event.Id();
  RAPPORT_RETURN_IF_ERROR(s.log.Insert(event.header, id, encoded, s.LocalMac(id, encoded)));
  if (auto* added = std::get_if<core::MemberAdded>(&record.body))
    RAPPORT_RETURN_IF_ERROR(s.UpsertMember(header.notebook, added->member, added->role, false));
  // This event now heads the feed and holds the notebook's highest clock.
  position.next.seq += 1;
  position.next.lamport += 1;
  position.next.prev = id;
  return id;
}

Result<core::Accepted> Device::Accept(crypto::ByteView encoded) {
  State& s = *s_;
  RAPPORT_ASSIGN_OR_RETURN(const core::SignedEvent event, core::DecodeEvent(encoded));
  RAPPORT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(s.db));
  RAPPORT_ASSIGN_OR_RETURN(auto verdict, JudgePeerEvent(s, event, nullptr));
  if (!verdict) {
    if (verdict.error().code != ErrorCode::kNotFound) {
      // The report is kept; nothing else changes.
      RAPPORT_RETURN_IF_ERROR(s.RecordRejection(event, encoded, verdict.error()));
      RAPPORT_RETURN_IF_ERROR(tx.Commit());
    }
    return verdict;
  }
  if (verdict->duplicate) return verdict;
  RAPPORT_RETURN_IF_ERROR(
      s.log.Insert(event.header, verdict->id, encoded, s.LocalMac(verdict->id, encoded)));
  if (auto* added = std::get_if<core::MemberAdded>(&verdict->record.body))
    RAPPORT_RETURN_IF_ERROR(
        s.UpsertMember(event.header.notebook, added->member, added->role, false));
  RAPPORT_RETURN_IF_ERROR(tx.Commit());
  return verdict;
}

// Sizing the state up front saves copies; beyond this many events it grows.
constexpr std::size_t kMaxReserve = std::size_t{1} << 20;

Result<LoadedNotebook> Device::Load(const core::NotebookId& notebook) {
  State& s = *s_;
  // The members, then each one's feed: one snapshot for all of them, or a
  // commit in between (a new member and their events) would show a state
  // the notebook never had.
  RAPPORT_ASSIGN_OR_RETURN(const ReadTransaction snapshot, ReadTransaction::Begin(s.db));
  LoadedNotebook out;
  core::Fold fold(notebook);
  // Only a hint, from columns a damaged file could have changed: bounded,
  // and a failure to count is no reason not to load.
  if (const auto count = s.log.Count(notebook); count && *count > 0)
    fold.Reserve(std::min<std::size_t>(static_cast<std::size_t>(*count), kMaxReserve));
  LoadPipeline pipeline(
      [&s, &notebook](const StoredEvent& stored, const crypto::AeadKey* key,
                      crypto::Bytes& scratch) {
        return OpenStored(s, notebook, stored, key, scratch);
      },
      [&](const StoredEvent& stored, Result<core::DecodedEvent>&& decoded) {
        if (decoded) {
          fold.Apply(decoded->id, decoded->header, std::move(decoded->record));
        } else {
          out.problems.push_back(ProblemFor(stored.encoded, decoded.error().message));
        }
      });
  const MappedReads mapped(s.db);  // the scan reads every page of the notebook
  // Keys are looked up here, on this thread: the cache is not shared. Most
  // events name the same epoch as the one before.
  std::optional<std::uint32_t> last_epoch;
  const crypto::AeadKey* last_key = nullptr;
  RAPPORT_RETURN_IF_ERROR(s.log.ForEach(notebook, [&](const StoredEvent& stored) -> Status {
    // The key of the notebook loaded: OpenStored refuses an event whose
    // header names another.
    const std::optional<std::uint32_t> epoch = core::PeekEpoch(stored.encoded);
    if (epoch && (epoch != last_epoch || last_key == nullptr)) {  // a failed lookup is tried again
      last_epoch = epoch;
      last_key = s.EpochKey(notebook, *epoch);
    }
    pipeline.Add(stored, epoch ? last_key : nullptr);
    return Ok();
  }));
  pipeline.Finish();
  out.state = fold.Take();
  return out;
}

Result<std::vector<HistoryRow>> Device::History(const core::NotebookId& notebook) {
  State& s = *s_;
  // One snapshot, as for Load.
  RAPPORT_ASSIGN_OR_RETURN(const ReadTransaction snapshot, ReadTransaction::Begin(s.db));
  std::vector<HistoryRow> rows;
  RAPPORT_RETURN_IF_ERROR(s.log.ForEach(notebook, [&](const StoredEvent& stored) -> Status {
    HistoryRow row;
    row.type = "?";
    auto decoded = ReadStored(s, notebook, stored);
    auto event = core::DecodeEvent(stored.encoded);
    if (event) {
      row.id = event->Id();
      row.author = event->header.author;
      row.seq = event->header.seq;
      row.lamport = event->header.lamport;
    } else {
      const LoadProblem p = ProblemFor(stored.encoded, "");
      row.author = p.author;
      row.seq = p.seq;
    }
    if (decoded) {
      row.time_ms = decoded->record.time_ms;
      row.type = std::string(core::RecordTypeName(decoded->record.body));
      row.verified = event->VerifySignature();
      if (!row.verified) row.problem = "signature does not verify";
    } else {
      row.problem = decoded.error().message;
    }
    rows.push_back(std::move(row));
    return Ok();
  }));
  return rows;
}

Result<ReadTransaction> Device::ReadSnapshot() { return ReadTransaction::Begin(s_->db); }

Result<std::vector<Rejection>> Device::Rejections(const core::NotebookId& notebook) {
  RAPPORT_ASSIGN_OR_RETURN(
      Statement select,
      s_->db.Prepare("SELECT author, seq, code, reason FROM rejected_events WHERE notebook_id = ?1 "
                     "ORDER BY id"));
  select.Bind(1, notebook.bytes);
  std::vector<Rejection> out;
  while (true) {
    RAPPORT_ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) break;
    Rejection r;
    if (auto author = core::AuthorId::FromView(select.ColumnBlob(0))) r.author = *author;
    r.seq = select.ColumnInt(1);
    r.code = static_cast<ErrorCode>(select.ColumnInt(2));
    r.reason = select.ColumnText(3);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace rapport::store
