// The load pipeline hands every row back exactly once, in the order added,
// with what opening it gave, however the rows fall into batches and however
// the helper threads and the calling thread share the work.
#include "store/load_pipeline.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <new>
#include <string>
#include <vector>

namespace rapport::store {
namespace {

constexpr std::uint64_t kFailEvery = 97;

// Rows whose encoded bytes spell their position, so that a result handed to
// the wrong row, or bytes copied wrongly, show.
class PipelineRun {
 public:
  explicit PipelineRun(std::chrono::microseconds open_delay = {}) : delay_(open_delay) {}

  void Run(std::uint64_t rows) {
    LoadPipeline pipeline(
        [this](const StoredEvent& e, const crypto::AeadKey* key, crypto::Bytes& scratch) {
          return Open(e, key, scratch);
        },
        [this](const StoredEvent& e, Result<core::DecodedEvent> r) { Use(e, std::move(r)); });
    for (std::uint64_t seq = 1; seq <= rows; ++seq) {
      const std::string text = "row " + std::to_string(seq);
      const crypto::Bytes encoded(text.begin(), text.end());
      const crypto::Bytes mac(32, static_cast<std::uint8_t>(seq));
      const crypto::Bytes id(32, 1), author(32, 2);
      pipeline.Add(StoredEvent{encoded, mac, id, author, seq, seq * 10}, nullptr);
    }
    pipeline.Finish();
  }

  std::vector<std::uint64_t> used_seqs;
  std::vector<std::uint64_t> failed_seqs;
  std::atomic<int> opened{0};

 private:
  Result<core::DecodedEvent> Open(const StoredEvent& e, const crypto::AeadKey* key,
                                  crypto::Bytes& scratch) {
    ++opened;
    if (delay_.count() > 0) std::this_thread::sleep_for(delay_);
    EXPECT_EQ(key, nullptr);
    scratch.assign(e.encoded.begin(), e.encoded.end());  // the scratch buffer is usable
    const std::string text(e.encoded.begin(), e.encoded.end());
    if (text != "row " + std::to_string(e.seq) || e.lamport != e.seq * 10 ||
        e.local_mac.size() != 32 || e.local_mac[0] != static_cast<std::uint8_t>(e.seq))
      return Fail(ErrorCode::kCorruptData, "row bytes were mixed up");
    if (e.seq % kFailEvery == 0)
      return Fail(ErrorCode::kCorruptData, "bad " + std::to_string(e.seq));
    core::DecodedEvent decoded;
    decoded.header.seq = e.seq;
    decoded.record.body = core::JournalEntry{text, std::nullopt, {}, std::nullopt};
    return decoded;
  }

  void Use(const StoredEvent& e, Result<core::DecodedEvent> r) {
    used_seqs.push_back(e.seq);
    if (!r) {
      EXPECT_EQ(r.error().message, "bad " + std::to_string(e.seq));
      failed_seqs.push_back(e.seq);
      return;
    }
    EXPECT_EQ(r->header.seq, e.seq);
    EXPECT_EQ(std::get<core::JournalEntry>(r->record.body).text, "row " + std::to_string(e.seq));
  }

  std::chrono::microseconds delay_;
};

void ExpectAllInOrder(const PipelineRun& run, std::uint64_t rows) {
  ASSERT_EQ(run.used_seqs.size(), rows);
  for (std::uint64_t i = 0; i < rows; ++i) ASSERT_EQ(run.used_seqs[i], i + 1);
  std::vector<std::uint64_t> expected_failures;
  for (std::uint64_t seq = kFailEvery; seq <= rows; seq += kFailEvery)
    expected_failures.push_back(seq);
  EXPECT_EQ(run.failed_seqs, expected_failures);
  EXPECT_EQ(run.opened.load(), static_cast<int>(rows));
}

TEST(LoadPipeline, NoRowsUsesNothing) {
  PipelineRun run;
  run.Run(0);
  ExpectAllInOrder(run, 0);
}

TEST(LoadPipeline, FewerRowsThanABatch) {
  PipelineRun run;
  run.Run(7);
  ExpectAllInOrder(run, 7);
}

TEST(LoadPipeline, ManyBatchesComeBackInOrderWithTheirOwnResults) {
  for (std::uint64_t rows : {511u, 512u, 513u, 1024u, 20000u}) {
    PipelineRun run;
    run.Run(rows);
    ExpectAllInOrder(run, rows);
  }
}

TEST(LoadPipeline, SlowOpeningKeepsTheOrder) {
  // Opening slower than reading: the queue fills and the calling thread
  // opens batches itself.
  PipelineRun run(std::chrono::microseconds(20));
  run.Run(5000);
  ExpectAllInOrder(run, 5000);
}

TEST(LoadPipeline, DestroyedWithoutFinishStopsCleanly) {
  int used = 0;
  {
    LoadPipeline pipeline(
        [](const StoredEvent&, const crypto::AeadKey*, crypto::Bytes&) {
          return Result<core::DecodedEvent>(core::DecodedEvent{});
        },
        [&](const StoredEvent&, Result<core::DecodedEvent>) { ++used; });
    const crypto::Bytes bytes(8, 0);
    for (std::uint64_t seq = 1; seq <= 3000; ++seq)
      pipeline.Add(StoredEvent{bytes, bytes, bytes, bytes, seq, seq}, nullptr);
  }  // as when the scan fails part-way
  EXPECT_LE(used, 3000);
}

TEST(LoadPipeline, AnExceptionWhileOpeningReachesTheCallingThread) {
  // On a helper thread it would otherwise end the process.
  constexpr std::uint64_t kThrowsAt = 2000;
  std::vector<std::uint64_t> used;
  auto run = [&] {
    LoadPipeline pipeline(
        [](const StoredEvent& e, const crypto::AeadKey*, crypto::Bytes&) {
          if (e.seq == kThrowsAt) throw std::bad_alloc();
          return Result<core::DecodedEvent>(core::DecodedEvent{});
        },
        [&](const StoredEvent& e, Result<core::DecodedEvent>) { used.push_back(e.seq); });
    const crypto::Bytes bytes(8, 0);
    for (std::uint64_t seq = 1; seq <= 5000; ++seq)
      pipeline.Add(StoredEvent{bytes, bytes, bytes, bytes, seq, seq}, nullptr);
    pipeline.Finish();
  };
  EXPECT_THROW(run(), std::bad_alloc);
  // Every row used came before the one that threw, in order.
  ASSERT_LT(used.size(), kThrowsAt);
  for (std::size_t i = 0; i < used.size(); ++i) EXPECT_EQ(used[i], i + 1);
}

}  // namespace
}  // namespace rapport::store
