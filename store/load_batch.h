// Decoding stored events on both cores while loading a notebook: the rows
// come from SQLite on one thread, in fold order; each batch of them is
// checked and decrypted on every core at once, then applied in order.
// Internal to store/.
#pragma once

#include <functional>
#include <vector>

#include "core/notebook_state.h"
#include "store/event_log.h"

namespace rapport::store {

class LoadBatch {
 public:
  static constexpr std::size_t kCapacity = 2048;
  // Smaller batches are not worth a thread.
  static constexpr std::size_t kMinPerCore = 32;

  // Copies `e` (its views die with the SQLite row).
  void Add(const StoredEvent& e);
  bool full() const { return rows_.size() >= kCapacity; }
  bool empty() const { return rows_.empty(); }

  // Runs `decode` on every row, on every core (base/parallel.h); `decode`
  // must be safe to call from two threads at once. Calls `use` with each
  // row and its result in the order added, on this thread, then empties the batch.
  using Decoder = std::function<Result<core::DecodedEvent>(const StoredEvent&)>;
  using User = std::function<void(const StoredEvent&, Result<core::DecodedEvent>)>;
  void Drain(const Decoder& decode, const User& use);

 private:
  struct Row {
    std::size_t offset;
    std::size_t encoded, mac, id, author;
    std::uint64_t seq, lamport;
  };
  StoredEvent View(const Row& row) const;

  crypto::Bytes arena_;
  std::vector<Row> rows_;
};

}  // namespace rapport::store
