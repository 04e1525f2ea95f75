#include "base/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace rapport {
namespace {

// Every index in [0, n) is visited exactly once, whatever n and the minimum.
TEST(ForEachRange, CoversEveryIndexExactlyOnce) {
  for (const std::size_t n : {0u, 1u, 2u, 31u, 63u, 64u, 65u, 1000u, 4097u}) {
    for (const std::size_t min : {0u, 1u, 16u, 64u}) {
      std::vector<std::atomic<int>> visits(n);
      ForEachRange(n, min, [&](std::size_t begin, std::size_t end) {
        EXPECT_LE(begin, end);
        for (std::size_t i = begin; i < end; ++i) visits[i]++;
      });
      for (std::size_t i = 0; i < n; ++i)
        ASSERT_EQ(visits[i].load(), 1) << "n=" << n << " min=" << min << " i=" << i;
    }
  }
}

TEST(ForEachRange, ASmallBatchStaysOnTheCallingThread) {
  const auto caller = std::this_thread::get_id();
  int calls = 0;
  ForEachRange(10, 16, [&](std::size_t begin, std::size_t end) {
    ++calls;
    EXPECT_EQ(std::this_thread::get_id(), caller);
    EXPECT_EQ(begin, 0u);
    EXPECT_EQ(end, 10u);
  });
  EXPECT_EQ(calls, 1);
}

TEST(ForEachRange, ALargeBatchUsesEveryCore) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  std::mutex m;
  std::set<std::thread::id> threads;
  ForEachRange(1000 * cores, 16, [&](std::size_t, std::size_t) {
    std::lock_guard lock(m);
    threads.insert(std::this_thread::get_id());
  });
  EXPECT_EQ(threads.size(), cores);
}

}  // namespace
}  // namespace rapport
