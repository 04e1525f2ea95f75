#include "core/review_scores.h"

#include <cassert>
#include <cmath>

namespace rapport::core {

std::optional<double> GasTScore(const std::vector<int>& levels) {
  if (levels.empty()) return std::nullopt;
  int sum = 0;
  for (int x : levels) {
    assert(x >= -2 && x <= 2);
    sum += x;
  }
  const double n = static_cast<double>(levels.size());
  return 50.0 + 10.0 * sum / std::sqrt(0.7 * n + 0.3 * n * n);
}

}  // namespace rapport::core
