// The events table: the signed feeds of every notebook this device holds.
// Implements core::KnownFeeds for validation. Statements are prepared once.
// Not thread-safe; lives inside a Device.
#pragma once

#include <functional>
#include <map>
#include <optional>

#include "core/validator.h"
#include "crypto/hash.h"
#include "store/database.h"
#include "store/statement_cache.h"

namespace rapport::store {

struct StoredEvent {
  crypto::ByteView encoded;  // valid only during the callback
  crypto::ByteView local_mac;
  crypto::ByteView id;
  // The plaintext index columns, which must agree with the header.
  crypto::ByteView author;
  std::uint64_t seq = 0;
  std::uint64_t lamport = 0;
};

class EventLog {
 public:
  EventLog(Database& db, StatementCache& statements) : db_(db), statements_(statements) {}

  Result<std::optional<core::FeedHead>> Head(const core::NotebookId& n, const core::AuthorId& a);
  Result<std::optional<core::EventId>> IdAt(const core::NotebookId& n, const core::AuthorId& a,
                                            std::uint64_t seq);
  // The highest Lamport clock held for the notebook (0 if none).
  Result<std::uint64_t> MaxLamport(const core::NotebookId& n);
  // How many events the notebook holds, from its feeds' heads (cheap).
  Result<std::int64_t> Count(const core::NotebookId& n);
  Status Insert(const core::EventHeader& header, const core::EventId& id, crypto::ByteView encoded,
                const crypto::Hash256& local_mac);
  // Calls `visit` for every event of the notebook in fold order (Lamport,
  // author, seq); stops early if `visit` returns an error. Each feed is read
  // in seq order, where its clock grows, and the feeds are merged: so no
  // index in fold order is needed, which would cost every append a write.
  Status ForEach(const core::NotebookId& n, const std::function<Status(const StoredEvent&)>& visit);
  struct OwnedEvent {
    bool found = false;
    crypto::Bytes encoded;
    crypto::Bytes local_mac;
    crypto::Bytes id;
    std::uint64_t lamport = 0;
  };
  // The stored event of `author` at `seq`; `found` is false if not held.
  Result<OwnedEvent> StoredAt(const core::NotebookId& n, const core::AuthorId& a,
                              std::uint64_t seq);

 private:
  Database& db_;
  StatementCache& statements_;
};

}  // namespace rapport::store
