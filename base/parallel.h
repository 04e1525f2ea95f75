// Splitting independent work over the machine's cores: the costly checks of
// a batch of events (signatures, decryption) run on every core at once.
#pragma once

#include <cstddef>
#include <functional>

namespace rapport {

// Calls work(begin, end) on disjoint ranges that together cover [0, n), one
// range per core (this thread takes the first), and returns when all are
// done. Ranges are at least `min_per_range` long, so a small batch stays on
// this thread. `work` must be safe to run on several threads at once.
void ForEachRange(std::size_t n, std::size_t min_per_range,
                  const std::function<void(std::size_t begin, std::size_t end)>& work);

}  // namespace rapport
