// Splitting an amount of cents in proportion to integer weights so that the
// parts add up to the amount exactly (the largest-remainder method, also
// called Hamilton's method).
//
// Each part first gets floor(total × w_i / Σw). The cents left over (fewer
// than the number of weights) go one each to the parts with the largest
// remainder (total × w_i mod Σw). Ties are broken deterministically: the larger
// weight first, then the lower index. Callers order their inputs by NIS code,
// so "lower index" means "lower NIS code".
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace lap::pact {

// Precondition: total >= 0, every weight >= 0. When all weights are zero
// every part is zero (and the parts do not sum to `total`; callers check).
std::vector<int64_t> largest_remainder(int64_t total, std::span<const int64_t> weights);

}  // namespace lap::pact
