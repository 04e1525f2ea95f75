#include "store/load_batch.h"

#include <optional>

#include "base/parallel.h"

namespace rapport::store {

void LoadBatch::Add(const StoredEvent& e) {
  Row row{arena_.size(), e.encoded.size(), e.local_mac.size(), e.id.size(), e.author.size(),
          e.seq,         e.lamport};
  for (crypto::ByteView part : {e.encoded, e.local_mac, e.id, e.author})
    crypto::Append(arena_, part);
  rows_.push_back(row);
}

StoredEvent LoadBatch::View(const Row& row) const {
  const crypto::ByteView all(arena_);
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

void LoadBatch::Drain(const Decoder& decode, const User& use) {
  const std::size_t n = rows_.size();
  std::vector<std::optional<Result<core::DecodedEvent>>> results(n);
  ForEachRange(n, kMinPerCore, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) results[i].emplace(decode(View(rows_[i])));
  });
  for (std::size_t i = 0; i < n; ++i) use(View(rows_[i]), std::move(*results[i]));
  rows_.clear();
  arena_.clear();
}

}  // namespace rapport::store
