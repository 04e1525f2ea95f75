#include "store/event_log.h"

namespace rapport::store {

Result<std::optional<core::FeedHead>> EventLog::Head(const core::NotebookId& n,
                                                     const core::AuthorId& a) {
  RAPPORT_ASSIGN_OR_RETURN(
      Statement * s, statements_.Get("SELECT seq, id, lamport FROM events WHERE notebook_id = ?1 "
                                     "AND author = ?2 ORDER BY seq DESC LIMIT 1"));
  ResetOnExit reset_on_exit(s);
  s->Bind(1, n.bytes).Bind(2, a.bytes);
  RAPPORT_ASSIGN_OR_RETURN(const bool row, s->Step());
  if (!row) return std::optional<core::FeedHead>();
  core::FeedHead head;
  head.seq = static_cast<std::uint64_t>(s->ColumnInt(0));
  auto id = core::EventId::FromView(s->ColumnBlob(1));
  if (!id) return Fail(ErrorCode::kCorruptData, "a stored event id is damaged");
  head.id = *id;
  head.lamport = static_cast<std::uint64_t>(s->ColumnInt(2));
  return std::optional<core::FeedHead>(head);
}

Result<std::optional<core::EventId>> EventLog::IdAt(const core::NotebookId& n,
                                                    const core::AuthorId& a, std::uint64_t seq) {
  RAPPORT_ASSIGN_OR_RETURN(
      Statement * s,
      statements_.Get("SELECT id FROM events WHERE notebook_id = ?1 AND author = ?2 AND seq = ?3"));
  ResetOnExit reset_on_exit(s);
  s->Bind(1, n.bytes).Bind(2, a.bytes).Bind(3, static_cast<std::int64_t>(seq));
  RAPPORT_ASSIGN_OR_RETURN(const bool row, s->Step());
  if (!row) return std::optional<core::EventId>();
  auto id = core::EventId::FromView(s->ColumnBlob(0));
  if (!id) return Fail(ErrorCode::kCorruptData, "a stored event id is damaged");
  return std::optional<core::EventId>(*id);
}

Result<std::uint64_t> EventLog::MaxLamport(const core::NotebookId& n) {
  RAPPORT_ASSIGN_OR_RETURN(
      Statement * s,
      // Clocks grow along each feed, so the notebook's highest clock is the
      // highest of its members' last events: one index probe per member.
      statements_.Get("SELECT COALESCE(MAX((SELECT lamport FROM events e WHERE e.notebook_id = "
                      "m.notebook_id AND e.author = m.author ORDER BY seq DESC LIMIT 1)), 0) "
                      "FROM members m WHERE m.notebook_id = ?1"));
  ResetOnExit reset_on_exit(s);
  s->Bind(1, n.bytes);
  RAPPORT_ASSIGN_OR_RETURN(const bool row, s->Step());
  if (!row) return std::uint64_t{0};
  return static_cast<std::uint64_t>(s->ColumnInt(0));
}

Result<std::int64_t> EventLog::Count(const core::NotebookId& n) {
  RAPPORT_ASSIGN_OR_RETURN(
      Statement * s,
      // Each feed holds seq 1..head without gaps (validation admits nothing
      // else), so the count is the sum of the heads: one index probe per
      // member, where COUNT(*) would read every page of the notebook.
      // TOTAL, unlike SUM, cannot fail on overflow: a damaged seq column
      // gives a wrong count, never an error.
      statements_.Get("SELECT CAST(MAX(0, MIN(total, 9.0e18)) AS INTEGER) FROM (SELECT "
                      "TOTAL((SELECT seq FROM events e WHERE e.notebook_id = m.notebook_id AND "
                      "e.author = m.author ORDER BY seq DESC LIMIT 1)) AS total FROM members m "
                      "WHERE m.notebook_id = ?1)"));
  ResetOnExit reset_on_exit(s);
  s->Bind(1, n.bytes);
  RAPPORT_ASSIGN_OR_RETURN(const bool row, s->Step());
  return row ? s->ColumnInt(0) : 0;
}

Status EventLog::Insert(const core::EventHeader& header, const core::EventId& id,
                        crypto::ByteView encoded, const crypto::Hash256& local_mac) {
  RAPPORT_ASSIGN_OR_RETURN(
      Statement * s,
      statements_.Get(
          "INSERT INTO events (notebook_id, author, seq, lamport, id, encoded, local_mac) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  ResetOnExit reset_on_exit(s);
  s->Bind(1, header.notebook.bytes)
      .Bind(2, header.author.bytes)
      .Bind(3, static_cast<std::int64_t>(header.seq))
      .Bind(4, static_cast<std::int64_t>(header.lamport))
      .Bind(5, id.bytes)
      .Bind(6, encoded)
      .Bind(7, local_mac);
  return s->Run();
}

Status EventLog::ForEach(const core::NotebookId& n,
                         const std::function<Status(const StoredEvent&)>& visit) {
  // Every stored event's author is a member (validation guarantees it).
  std::vector<crypto::Bytes> authors;
  {
    RAPPORT_ASSIGN_OR_RETURN(
        Statement * members,
        statements_.Get("SELECT author FROM members WHERE notebook_id = ?1 ORDER BY author"));
    ResetOnExit reset_on_exit(members);
    members->Bind(1, n.bytes);
    while (true) {
      RAPPORT_ASSIGN_OR_RETURN(const bool row, members->Step());
      if (!row) break;
      authors.push_back(crypto::ToBytes(members->ColumnBlob(0)));
    }
  }
  // One cursor per feed, each positioned on its next event.
  std::vector<Statement> feeds;
  std::vector<bool> live;
  for (const auto& author : authors) {
    RAPPORT_ASSIGN_OR_RETURN(Statement feed,
                             db_.Prepare("SELECT encoded, local_mac, id, seq, lamport FROM events "
                                         "WHERE notebook_id = ?1 AND author = ?2 ORDER BY seq"));
    feed.Bind(1, n.bytes).Bind(2, author);
    RAPPORT_ASSIGN_OR_RETURN(const bool row, feed.Step());
    feeds.push_back(std::move(feed));
    live.push_back(row);
  }
  while (true) {
    // The feed whose next event comes first; ties on the clock go to the
    // smaller author key, which is the order `authors` is in.
    std::size_t best = feeds.size();
    for (std::size_t i = 0; i < feeds.size(); ++i) {
      if (live[i] && (best == feeds.size() || feeds[i].ColumnInt(4) < feeds[best].ColumnInt(4)))
        best = i;
    }
    if (best == feeds.size()) break;
    Statement& f = feeds[best];
    RAPPORT_RETURN_IF_ERROR(visit(StoredEvent{
        f.ColumnBlob(0), f.ColumnBlob(1), f.ColumnBlob(2), authors[best],
        static_cast<std::uint64_t>(f.ColumnInt(3)), static_cast<std::uint64_t>(f.ColumnInt(4))}));
    RAPPORT_ASSIGN_OR_RETURN(const bool row, f.Step());
    live[best] = row;
  }
  return Ok();
}

Result<EventLog::OwnedEvent> EventLog::StoredAt(const core::NotebookId& n, const core::AuthorId& a,
                                                std::uint64_t seq) {
  RAPPORT_ASSIGN_OR_RETURN(Statement * s,
                           statements_.Get("SELECT encoded, local_mac, id, lamport FROM events "
                                           "WHERE notebook_id = ?1 AND author = ?2 AND seq = ?3"));
  ResetOnExit reset_on_exit(s);
  s->Bind(1, n.bytes).Bind(2, a.bytes).Bind(3, static_cast<std::int64_t>(seq));
  RAPPORT_ASSIGN_OR_RETURN(const bool row, s->Step());
  OwnedEvent out;
  if (!row) return out;
  out.found = true;
  out.encoded = crypto::ToBytes(s->ColumnBlob(0));
  out.local_mac = crypto::ToBytes(s->ColumnBlob(1));
  out.id = crypto::ToBytes(s->ColumnBlob(2));
  out.lamport = static_cast<std::uint64_t>(s->ColumnInt(3));
  return out;
}

}  // namespace rapport::store
