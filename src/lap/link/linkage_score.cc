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

constexpr uint16_t kSwappedBit = 0x8000;
constexpr auto kLast = static_cast<size_t>(Field::kLastName);
constexpr auto kFirst = static_cast<size_t>(Field::kFirstName);

}  // namespace

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
  std::vector<uint16_t> pattern(pairs_.size());
  const auto threads = static_cast<size_t>(options_.threads);
  std::vector<std::vector<uint64_t>> local(threads, std::vector<uint64_t>(patterns, 0));
  std::atomic<size_t> next_slot{0};
  run_parallel(pairs_.size(), [&](size_t b, size_t e) {
    std::vector<uint64_t>& counts = local[next_slot.fetch_add(1) % threads];
    for (size_t i = b; i < e; ++i) {
      PairLevels p = levels(pairs_[i].left, pairs_[i].right);
      uint32_t idx = pattern_index(p, sizes);
      ++counts[idx];
      pattern[i] = static_cast<uint16_t>(idx | (p.names_swapped ? kSwappedBit : 0));
    }
  });
  PatternCounts counts = sum_pattern_counts(local, patterns, sizes);
  local.clear();

  // u from random pairs (nearly all non-matches, unlike the candidate pairs,
  // where blocking makes agreement common), m and the prior by EM on the
  // candidate pairs with u fixed.
  model_ = FellegiSunterModel(identity_fields());
  if (options_.u_sample > 0 && !left_.empty() && !right_.empty()) {
    std::vector<std::vector<uint64_t>> sampled(threads, std::vector<uint64_t>(patterns, 0));
    const size_t n = options_.u_sample;
    std::atomic<size_t> slot{0};
    run_parallel(n, [&](size_t b, size_t e) {
      size_t t = slot.fetch_add(1) % threads;
      std::vector<uint64_t>& counts_t = sampled[t];
      uint64_t state = 0x5EEDULL + b;  // splitmix64: the same sample for the same input
      auto next = [&state] {
        uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
      };
      for (size_t i = b; i < e; ++i) {
        auto l = static_cast<uint32_t>(next() % left_.size());
        auto r = static_cast<uint32_t>(next() % right_.size());
        ++counts_t[pattern_index(levels(l, r), sizes)];
      }
    });
    PatternCounts random = sum_pattern_counts(sampled, patterns, sizes);
    model_.initialise_u_from(random);
    estimate_m_from_labels(counts, sizes);
    if (options_.em_refine) {
      EmOptions em = options_.em;
      em.fixed_u = true;
      em_ = estimate_em(model_, counts, em);
    }
  } else {
    model_.initialise_u_from(counts);
    em_ = estimate_em(model_, counts, options_.em);
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
      uint16_t pi = pattern[i];
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

void Linker::estimate_m_from_labels(const PatternCounts& counts,
                                    const std::array<uint32_t, kFieldCount>& sizes) {
  // Labels from the data itself: the fields other than the INSZ among pairs
  // with the same valid INSZ; the INSZ among pairs whose names agree (at
  // least as variants) and whose birth dates are equal.
  std::array<std::array<double, 8>, kFieldCount> m{};
  const auto insz = static_cast<size_t>(Field::kInsz);
  const auto birth = static_cast<size_t>(Field::kBirthDate);
  double labelled = 0;
  for (const auto& p : counts.patterns()) {
    auto c = static_cast<double>(p.count);
    if (p.levels[insz] == static_cast<uint8_t>(InszLevel::kEqual)) {
      labelled += c;
      for (size_t f = 0; f < kFieldCount; ++f) {
        if (f != insz) m[f][p.levels[f]] += c;
      }
    }
    if (p.levels[kLast] <= static_cast<uint8_t>(NameLevel::kVariant) &&
        p.levels[kFirst] <= static_cast<uint8_t>(NameLevel::kVariant) &&
        p.levels[birth] == static_cast<uint8_t>(DateLevel::kExact)) {
      m[insz][p.levels[insz]] += c;
    }
  }
  for (size_t f = 0; f < kFieldCount; ++f) {
    const FieldSpec& spec = model_.field(static_cast<int>(f));
    double total = 0;
    for (uint32_t l = 0; l < sizes[f]; ++l) {
      if (static_cast<int>(l) != spec.missing_level) total += m[f][l];
    }
    if (total <= 0) continue;  // keep the starting values
    std::vector<double> values(sizes[f], 0.0);
    const double levels = spec.missing_level >= 0 ? sizes[f] - 1.0 : sizes[f];
    for (uint32_t l = 0; l < sizes[f]; ++l) {
      if (static_cast<int>(l) == spec.missing_level) continue;
      values[l] = (m[f][l] + 0.5) / (total + 0.5 * levels);  // add-one-half smoothing
    }
    model_.set_m(static_cast<int>(f), values);
  }
  if (counts.total() > 0) {
    model_.set_lambda(std::clamp(labelled / static_cast<double>(counts.total()), 1e-6, 0.5));
  }
}

}  // namespace lap::link
