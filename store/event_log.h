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
};

class EventLog {
 public:
  explicit EventLog(StatementCache& statements) : statements_(statements) {}

  Result<std::optional<core::FeedHead>> Head(const core::NotebookId& n, const core::AuthorId& a);
  Result<std::optional<core::EventId>> IdAt(const core::NotebookId& n, const core::AuthorId& a,
                                            std::uint64_t seq);
  // The highest Lamport clock held for the notebook (0 if none).
  Result<std::uint64_t> MaxLamport(const core::NotebookId& n);
  Result<std::int64_t> Count(const core::NotebookId& n);
  Status Insert(const core::EventHeader& header, const core::EventId& id,
                crypto::ByteView encoded, const crypto::Hash256& local_mac);
  // Calls `visit` for every event of the notebook in fold order
  // (Lamport, author, seq); stops early if `visit` returns an error.
  Status ForEach(const core::NotebookId& n, const std::function<Status(const StoredEvent&)>& visit);
  struct OwnedEvent {
    bool found = false;
    crypto::Bytes encoded;
    crypto::Bytes local_mac;
    crypto::Bytes id;
  };
  // The stored event of `author` at `seq`; `found` is false if not held.
  Result<OwnedEvent> StoredAt(const core::NotebookId& n,
                                                 const core::AuthorId& a, std::uint64_t seq);

 private:
  StatementCache& statements_;
};

}  // namespace rapport::store
