// Loading a notebook on every core. This thread reads the rows from SQLite in
// fold order and applies them in that same order; in between, helper threads
// check, decrypt and decode batches of rows. When the helpers fall behind,
// this thread opens a batch itself, and it waits for a stalled one rather
// than read far ahead: the memory in flight stays a few batches.
// Internal to store/.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/notebook_state.h"
#include "crypto/aead.h"
#include "store/event_log.h"

namespace rapport::store {

class LoadPipeline {
 public:
  // Checks, decrypts and decodes one stored event with its epoch key (null
  // if the device does not hold it); `scratch` is a buffer it may reuse.
  // Runs on several threads at once.
  using Opener = std::function<Result<core::DecodedEvent>(
      const StoredEvent&, const crypto::AeadKey*, crypto::Bytes& scratch)>;
  // Takes each row and what opening it gave, on the thread that calls Add
  // and Finish, in the order added.
  using User = std::function<void(const StoredEvent&, Result<core::DecodedEvent>&&)>;

  LoadPipeline(Opener open, User use);
  ~LoadPipeline();  // stops and joins the helpers; rows not yet used are dropped
  LoadPipeline(const LoadPipeline&) = delete;
  LoadPipeline& operator=(const LoadPipeline&) = delete;

  // Copies `e` (its views die with the SQLite row). `key` must stay valid
  // until Finish or the destructor returns.
  void Add(const StoredEvent& e, const crypto::AeadKey* key);
  // Opens and uses every row added so far. If opening a row threw, Add or
  // Finish throws it on this thread, and no row from its batch on is used.
  void Finish();

 private:
  static constexpr std::size_t kBatchSize = 512;
  // Batches waiting for a helper before this thread opens one itself.
  static constexpr std::size_t kMaxWaiting = 4;

  struct Row {
    std::size_t offset;
    std::size_t encoded, mac, id, author;
    std::uint64_t seq, lamport;
    const crypto::AeadKey* key;
  };
  struct Batch {
    crypto::Bytes arena;  // every row's stored bytes, back to back
    std::vector<Row> rows;
    std::vector<std::optional<Result<core::DecodedEvent>>> results;
    crypto::Bytes scratch;
    bool taken = false;
    bool done = false;
    // What opening threw (out of memory, say). Thrown again on the thread
    // that uses the batch: an exception must not end the process from a helper.
    std::exception_ptr failure;
    StoredEvent View(const Row& row) const;
    void Open(const Opener& open);
    void Clear();  // keeps the buffers: fresh ones cost page faults every batch
  };

  void HelperLoop(std::stop_token stop);
  void Submit();
  // Uses every opened batch at the front of the queue, in order. `lock` is
  // held on entry and on return, released while using.
  void UseOpened(std::unique_lock<std::mutex>& lock);
  // The first batch no thread has taken yet, marked taken; null if none.
  Batch* TakeWaiting();
  void OpenTaken(Batch& batch, std::unique_lock<std::mutex>& lock);

  const Opener open_;
  const User use_;
  std::unique_ptr<Batch> filling_;

  std::mutex mutex_;
  std::condition_variable_any changed_;
  std::deque<std::unique_ptr<Batch>> queue_;   // submitted, in order; guarded by mutex_
  std::size_t waiting_ = 0;                    // in queue_ and not taken; guarded by mutex_
  std::vector<std::unique_ptr<Batch>> spare_;  // used, kept for reuse; guarded by mutex_
  std::vector<std::jthread> helpers_;          // last, so they stop before the rest goes
};

}  // namespace rapport::store
