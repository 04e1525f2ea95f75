#include "base/parallel.h"

#include <algorithm>
#include <thread>
#include <vector>

namespace rapport {

void ForEachRange(std::size_t n, std::size_t min_per_range,
                  const std::function<void(std::size_t, std::size_t)>& work) {
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t ranges =
      std::clamp<std::size_t>(n / std::max<std::size_t>(min_per_range, 1), 1, cores);
  const std::size_t step = (n + ranges - 1) / ranges;
  std::vector<std::jthread> helpers;
  for (std::size_t r = 1; r < ranges; ++r) {
    const std::size_t begin = r * step;
    if (begin >= n) break;
    helpers.emplace_back(work, begin, std::min(n, begin + step));
  }
  work(0, std::min(n, step));
}  // the helpers join here

}  // namespace rapport
