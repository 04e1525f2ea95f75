#include "store/load_pipeline.h"

#include <algorithm>
#include <system_error>

#include "crypto/secret_buffer.h"

namespace rapport::store {

LoadPipeline::LoadPipeline(Opener open, User use)
    : open_(std::move(open)), use_(std::move(use)), filling_(std::make_unique<Batch>()) {
  const unsigned cores = std::thread::hardware_concurrency();
  for (unsigned i = 1; i < cores; ++i) {
    try {
      helpers_.emplace_back([this](std::stop_token stop) { HelperLoop(stop); });
    } catch (const std::system_error&) {
      break;  // no more threads to be had: this thread does the rest
    }
  }
}

LoadPipeline::~LoadPipeline() {
  // Stop them all before joining any, so none opens rows that will be dropped.
  for (auto& helper : helpers_) helper.request_stop();
  helpers_.clear();
}

StoredEvent LoadPipeline::Batch::View(const Row& row) const {
  const crypto::ByteView all(arena);
  std::size_t at = row.offset;
  auto take = [&](std::size_t n) {
    const crypto::ByteView v = all.subspan(at, n);
    at += n;
    return v;
  };
  StoredEvent e;
  e.encoded = take(row.encoded);
  e.local_mac = take(row.mac);
  e.id = take(row.id);
  e.author = take(row.author);
  e.seq = row.seq;
  e.lamport = row.lamport;
  return e;
}

void LoadPipeline::Batch::Open(const Opener& open) {
  results.resize(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i)
    results[i].emplace(open(View(rows[i]), rows[i].key, scratch));
  crypto::Wipe(scratch);  // the last plaintext opened; each open wipes the one before
}

void LoadPipeline::Batch::Clear() {
  arena.clear();
  rows.clear();
  results.clear();
  taken = false;
  done = false;
  failure = nullptr;
}

void LoadPipeline::Add(const StoredEvent& e, const crypto::AeadKey* key) {
  Batch& b = *filling_;
  // Sized from the first row, but never from a damaged one's length.
  if (b.rows.empty())
    b.arena.reserve(kBatchSize * (std::min(e.encoded.size(), core::kMaxEncodedEventSize) + 128));
  b.rows.push_back(Row{b.arena.size(), e.encoded.size(), e.local_mac.size(), e.id.size(),
                       e.author.size(), e.seq, e.lamport, key});
  for (crypto::ByteView part : {e.encoded, e.local_mac, e.id, e.author})
    crypto::Append(b.arena, part);
  if (b.rows.size() >= kBatchSize) Submit();
}

void LoadPipeline::Submit() {
  std::unique_lock lock(mutex_);
  queue_.push_back(std::move(filling_));
  if (spare_.empty()) {
    filling_ = std::make_unique<Batch>();
  } else {
    filling_ = std::move(spare_.back());
    spare_.pop_back();
  }
  ++waiting_;
  changed_.notify_one();
  UseOpened(lock);
  // Helpers behind (or none at all): open one here rather than read on.
  const std::size_t limit = helpers_.empty() ? 0 : kMaxWaiting;
  while (waiting_ > limit) {
    if (Batch* batch = TakeWaiting()) OpenTaken(*batch, lock);
    UseOpened(lock);
  }
  // A helper stalled on the front batch: wait for it rather than let opened
  // batches pile up behind it.
  while (queue_.size() > kMaxWaiting + helpers_.size() + 1) {
    if (Batch* batch = TakeWaiting()) {
      OpenTaken(*batch, lock);
    } else {
      changed_.wait(lock, [this] { return queue_.front()->done; });
    }
    UseOpened(lock);
  }
}

void LoadPipeline::Finish() {
  if (!filling_->rows.empty()) Submit();
  std::unique_lock lock(mutex_);
  while (!queue_.empty()) {
    UseOpened(lock);
    if (queue_.empty()) break;
    if (Batch* batch = TakeWaiting()) {
      OpenTaken(*batch, lock);
    } else {
      changed_.wait(lock, [this] { return queue_.front()->done; });
    }
  }
}

void LoadPipeline::UseOpened(std::unique_lock<std::mutex>& lock) {
  while (!queue_.empty() && queue_.front()->done) {
    std::unique_ptr<Batch> batch = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    if (batch->failure) std::rethrow_exception(batch->failure);
    for (std::size_t i = 0; i < batch->rows.size(); ++i)
      use_(batch->View(batch->rows[i]), std::move(*batch->results[i]));
    batch->Clear();  // outside the lock: it frees what the results left
    lock.lock();
    spare_.push_back(std::move(batch));
  }
}

LoadPipeline::Batch* LoadPipeline::TakeWaiting() {
  for (auto& batch : queue_) {
    if (!batch->taken) {
      batch->taken = true;
      --waiting_;
      return batch.get();
    }
  }
  return nullptr;
}

void LoadPipeline::OpenTaken(Batch& batch, std::unique_lock<std::mutex>& lock) {
  // The batch stays in queue_ while opened, but only its taker touches it
  // until `done` is set under the lock.
  lock.unlock();
  try {
    batch.Open(open_);
  } catch (...) {
    batch.failure = std::current_exception();
  }
  lock.lock();
  batch.done = true;
  changed_.notify_all();
}

void LoadPipeline::HelperLoop(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, stop, [this] { return waiting_ > 0; });
    if (stop.stop_requested()) return;
    if (Batch* batch = TakeWaiting()) OpenTaken(*batch, lock);
  }
}

}  // namespace rapport::store
