#include "lap/pact/largest_remainder.h"

#include <algorithm>
#include <numeric>

#include "lap/pact/int128.h"

namespace lap::pact {

using detail::Int128;

std::vector<int64_t> largest_remainder(int64_t total, std::span<const int64_t> weights) {
  std::vector<int64_t> parts(weights.size(), 0);
  Int128 sum = 0;
  for (int64_t w : weights)
    sum += w;
  if (sum <= 0 || total <= 0) return parts;
  std::vector<Int128> remainder(weights.size());
  int64_t given = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    Int128 product = Int128(total) * weights[i];
    parts[i] = static_cast<int64_t>(product / sum);
    remainder[i] = product % sum;
    given += parts[i];
  }
  int64_t left = total - given;  // 0 <= left < number of weights
  std::vector<size_t> order(weights.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (remainder[a] != remainder[b]) return remainder[a] > remainder[b];
    if (weights[a] != weights[b]) return weights[a] > weights[b];
    return a < b;
  });
  for (size_t k = 0; k < order.size() && left > 0; ++k, --left)
    ++parts[order[k]];
  return parts;
}

}  // namespace lap::pact
