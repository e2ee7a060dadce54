// Linker::score (linkage.h): the comparison levels of every candidate pair as
// a dense pattern index, u from a deterministic sample of random profile
// pairs, m and the match prior from pairs the data label themselves
// (estimate_m_from_labels), and the weight of every pair with the
// term-frequency adjustment of exact name agreement.
#include <algorithm>
#include <atomic>
#include <cassert>
#include <cmath>

#include "lap/link/linkage.h"

namespace lap::link {
namespace {

// Level counts of the identity fields, for a dense pattern index.
std::array<uint32_t, kFieldCount> level_sizes() {
  std::array<uint32_t, kFieldCount> s{};
  auto fields = identity_fields();
  for (size_t f = 0; f < s.size(); ++f)
    s[f] = static_cast<uint32_t>(fields[f].levels.size());
  return s;
}

uint32_t pattern_index(const PairLevels& p, const std::array<uint32_t, kFieldCount>& sizes) {
  uint32_t idx = 0;
  for (size_t f = 0; f < sizes.size(); ++f)
    idx = idx * sizes[f] + p.level[f];
  return idx;
}

std::array<uint8_t, kFieldCount> pattern_levels(uint32_t idx,
                                                const std::array<uint32_t, kFieldCount>& sizes) {
  std::array<uint8_t, kFieldCount> out{};
  for (size_t f = sizes.size(); f-- > 0;) {
    out[f] = static_cast<uint8_t>(idx % sizes[f]);
    idx /= sizes[f];
  }
  return out;
}

// The per-thread counts of every agreement pattern, summed into one table.
PatternCounts sum_pattern_counts(const std::vector<std::vector<uint64_t>>& per_thread,
                                 uint32_t patterns,
                                 const std::array<uint32_t, kFieldCount>& sizes) {
  PatternCounts counts(kFieldCount);
  for (uint32_t idx = 0; idx < patterns; ++idx) {
    uint64_t n = 0;
    for (const auto& c : per_thread)
      n += c[idx];
    if (n > 0) counts.add(pattern_levels(idx, sizes), n);
  }
  return counts;
}

uint64_t splitmix(uint64_t z) {
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

constexpr uint32_t kSwappedBit = 0x8000'0000;
constexpr auto kLast = static_cast<size_t>(Field::kLastName);
constexpr auto kFirst = static_cast<size_t>(Field::kFirstName);

}  // namespace

PatternCounts Linker::pattern_counts(
    size_t n, const std::function<std::pair<uint32_t, uint32_t>(size_t)>& pair_at) const {
  const auto sizes = level_sizes();
  uint32_t patterns = 1;
  for (uint32_t s : sizes)
    patterns *= s;
  const auto threads = static_cast<size_t>(options_.threads);
  std::vector<std::vector<uint64_t>> local(threads, std::vector<uint64_t>(patterns, 0));
  std::atomic<size_t> slot{0};
  run_parallel(n, [&](size_t b, size_t e) {
    std::vector<uint64_t>& counts = local[slot.fetch_add(1) % threads];
    for (size_t i = b; i < e; ++i) {
      auto [l, r] = pair_at(i);
      ++counts[pattern_index(levels(l, r), sizes)];
    }
  });
  return sum_pattern_counts(local, patterns, sizes);
}

PatternCounts Linker::random_pair_counts() const {
  // The i-th pair from i alone (splitmix64), so chunking cannot change it.
  return pattern_counts(options_.u_sample, [this](size_t i) {
    return std::pair(static_cast<uint32_t>(splitmix(0x5EEDULL + 2 * i) % left_.size()),
                     static_cast<uint32_t>(splitmix(0x5EEDULL + 2 * i + 1) % right_.size()));
  });
}

PairLevels Linker::levels(uint32_t left, uint32_t right) const {
  PairLevels p = compare_records(left_rec_[left], right_rec_[right]);
  // Numbers of one person (a BIS number and the national number replacing
  // it) are the same INSZ.
  if (right_[right].root >= 0 && right_[right].root == left_[left].root) {
    p.level[static_cast<size_t>(Field::kInsz)] = static_cast<uint8_t>(InszLevel::kEqual);
  }
  return p;
}

std::array<double, kFieldCount> Linker::tf_u(const PairLevels& p, uint32_t right) const {
  std::array<double, kFieldCount> out{};
  if (!options_.term_frequencies || p.names_swapped) return out;
  const Profile& rp = right_[right];
  auto u = [&](size_t f, double factor) {
    return std::clamp(u_exact_[f] * factor, options_.em.min_probability, 1.0);
  };
  if (p.level[kLast] == 0) out[kLast] = u(kLast, rp.tf_last);
  if (p.level[kFirst] == 0) out[kFirst] = u(kFirst, rp.tf_first);
  return out;
}

void Linker::score() {
  const auto sizes = level_sizes();
  uint32_t patterns = 1;
  for (uint32_t s : sizes)
    patterns *= s;
  assert(patterns < kSwappedBit);

  // Levels of every pair, as a dense pattern index, and the pattern counts.
  std::vector<uint32_t> pattern(pairs_.size());
  const auto threads = static_cast<size_t>(options_.threads);
  std::vector<std::vector<uint64_t>> local(threads, std::vector<uint64_t>(patterns, 0));
  std::atomic<size_t> next_slot{0};
  run_parallel(pairs_.size(), [&](size_t b, size_t e) {
    std::vector<uint64_t>& counts = local[next_slot.fetch_add(1) % threads];
    for (size_t i = b; i < e; ++i) {
      PairLevels p = levels(pairs_[i].left, pairs_[i].right);
      uint32_t idx = pattern_index(p, sizes);
      ++counts[idx];
      pattern[i] = idx | (p.names_swapped ? kSwappedBit : 0);
    }
  });
  PatternCounts counts = sum_pattern_counts(local, patterns, sizes);
  local.clear();

  // u from random pairs (nearly all non-matches, unlike the candidate pairs,
  // where blocking makes agreement common), m by EM with u fixed in sessions
  // (linkage_model.cc), then monotone weights and the prior.
  if (base_) {  // incremental: the base run's model and prior
    model_ = base_->model;
    match_share_ = base_->match_share;
  } else {
    estimate_model(counts);
  }
  for (size_t f = 0; f < kFieldCount; ++f)
    u_exact_[f] = model_.u(static_cast<int>(f), 0);

  // Weights: of the pattern, plus the term-frequency adjustment of exact names.
  std::vector<float> pattern_weight(patterns);
  for (uint32_t idx = 0; idx < patterns; ++idx)
    pattern_weight[idx] = static_cast<float>(model_.weight(pattern_levels(idx, sizes)));
  std::vector<float> tf_last(right_.size(), 0), tf_first(right_.size(), 0);
  if (options_.term_frequencies) {
    for (size_t r = 0; r < right_.size(); ++r) {
      auto adjust = [&](size_t f, double factor) {
        double u = std::clamp(u_exact_[f] * factor, options_.em.min_probability, 1.0);
        return static_cast<float>(std::log2(u_exact_[f] / u));
      };
      tf_last[r] = adjust(kLast, right_[r].tf_last);
      tf_first[r] = adjust(kFirst, right_[r].tf_first);
    }
  }
  const uint32_t last_exact_stride = [&] {
    uint32_t s = 1;
    for (size_t f = kLast + 1; f < kFieldCount; ++f)
      s *= sizes[f];
    return s;
  }();
  const uint32_t first_exact_stride = last_exact_stride / sizes[kFirst];
  weights_.resize(pairs_.size());
  run_parallel(pairs_.size(), [&](size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) {
      uint32_t pi = pattern[i];
      uint32_t idx = pi & ~kSwappedBit;
      float w = pattern_weight[idx];
      if ((pi & kSwappedBit) == 0) {
        if ((idx / last_exact_stride) % sizes[kLast] == 0) w += tf_last[pairs_[i].right];
        if ((idx / first_exact_stride) % sizes[kFirst] == 0) w += tf_first[pairs_[i].right];
      }
      weights_[i] = w;
    }
  });
}

}  // namespace lap::link
