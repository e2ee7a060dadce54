#include "lap/link/fellegi_sunter.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <functional>

#include <fmt/format.h>

namespace lap::link {

void PatternCounts::add(std::span<const uint8_t> levels, uint64_t count) {
  assert(static_cast<int>(levels.size()) == fields_);
  uint64_t key = 0;
  for (int f = 0; f < fields_; ++f)
    key |= uint64_t{levels[static_cast<size_t>(f)]} << (8 * f);
  auto [it, inserted] = index_.try_emplace(key, patterns_.size());
  if (inserted) {
    Pattern p;
    std::copy(levels.begin(), levels.end(), p.levels.begin());
    patterns_.push_back(p);
  }
  patterns_[it->second].count += count;
  total_ += count;
}

void TermFrequencies::add(std::string_view value, uint64_t count) {
  counts_[std::hash<std::string_view>()(value)] += count;
  total_ += count;
}

double TermFrequencies::frequency(std::string_view value) const {
  if (total_ == 0) return 0;
  auto it = counts_.find(std::hash<std::string_view>()(value));
  return it == counts_.end() ? 0.0 : static_cast<double>(it->second) / static_cast<double>(total_);
}

std::string WeightExplanation::to_string() const {
  std::string out = fmt::format("weight {:+.2f} (prior {:+.2f}, probability {:.4f})\n", weight,
                                prior_weight, probability);
  for (const auto& c : fields) {
    out += fmt::format("  {} {} {:+.2f} (m={:.3f} u={:.5f}{})\n", c.field, c.level, c.weight, c.m,
                       c.u, c.term_frequency_adjusted ? ", tf" : "");
  }
  return out;
}

FellegiSunterModel::FellegiSunterModel(std::span<const FieldSpec> fields)
    : fields_(fields.begin(), fields.end()),
      m_(fields.size() * kMaxLevels, 0.0),
      u_(fields.size() * kMaxLevels, 0.0) {
  assert(fields.size() <= static_cast<size_t>(kMaxFields));
  for (int f = 0; f < field_count(); ++f) {
    int n = static_cast<int>(field(f).levels.size());
    assert(n <= kMaxLevels);
    int informative = n - (field(f).missing_level >= 0 ? 1 : 0);
    // m: 0.9 on the best level, the rest decreasing (k-1, k-2, ... 1 shares).
    double rest_total = informative * (informative - 1) / 2.0;
    for (int l = 0, rank = 0; l < n; ++l) {
      if (l == field(f).missing_level) continue;
      m_[idx(f, l)] = informative == 1 ? 1.0
                      : rank == 0      ? 0.9
                                       : 0.1 * (informative - rank) / rest_total;
      u_[idx(f, l)] = 1.0 / informative;
      ++rank;
    }
  }
}

void FellegiSunterModel::set_m(int f, std::span<const double> m) {
  for (size_t l = 0; l < m.size() && l < kMaxLevels; ++l)
    m_[idx(f, static_cast<int>(l))] = m[l];
}

void FellegiSunterModel::set_u(int f, std::span<const double> u) {
  for (size_t l = 0; l < u.size() && l < kMaxLevels; ++l)
    u_[idx(f, static_cast<int>(l))] = u[l];
}

void FellegiSunterModel::initialise_u_from(const PatternCounts& patterns) {
  for (int f = 0; f < field_count(); ++f) {
    std::array<double, kMaxLevels> counts{};
    double total = 0;
    for (const auto& p : patterns.patterns()) {
      int l = p.levels[static_cast<size_t>(f)];
      if (l == field(f).missing_level) continue;
      counts[static_cast<size_t>(l)] += static_cast<double>(p.count);
      total += static_cast<double>(p.count);
    }
    if (total == 0) continue;
    for (int l = 0; l < static_cast<int>(field(f).levels.size()); ++l) {
      if (l == field(f).missing_level) continue;
      u_[idx(f, l)] = std::max(counts[static_cast<size_t>(l)] / total, min_probability_);
    }
  }
}

int FellegiSunterModel::make_monotone() {
  int changed = 0;
  for (int f = 0; f < field_count(); ++f) {
    struct Pool {
      double m = 0, u = 0;
      std::vector<int> levels;
      double ratio() const { return m / u; }
    };
    std::vector<Pool> pools;
    for (int l = 0; l < static_cast<int>(field(f).levels.size()); ++l) {
      if (l == field(f).missing_level) continue;
      pools.push_back({m(f, l), u(f, l), {l}});
      while (pools.size() >= 2 && pools.back().ratio() > pools[pools.size() - 2].ratio()) {
        Pool last = std::move(pools.back());
        pools.pop_back();
        pools.back().m += last.m;
        pools.back().u += last.u;
        pools.back().levels.insert(pools.back().levels.end(), last.levels.begin(),
                                   last.levels.end());
      }
    }
    for (const Pool& p : pools) {
      if (p.levels.size() < 2) continue;
      for (int l : p.levels) {
        double mm = p.m * u(f, l) / p.u;
        if (std::abs(std::log2(mm / u(f, l)) - std::log2(m(f, l) / u(f, l))) > 1e-9) ++changed;
        m_[idx(f, l)] = mm;
      }
    }
  }
  return changed;
}

void FellegiSunterModel::estimate_lambda(const PatternCounts& patterns, int iterations) {
  if (patterns.total() == 0) return;
  std::vector<double> odds;  // m/u product of each pattern
  for (const auto& p : patterns.patterns())
    odds.push_back(std::exp2(weight(p.levels)));
  for (int it = 0; it < iterations; ++it) {
    double matches = 0;
    for (size_t i = 0; i < odds.size(); ++i) {
      double pm = lambda_ * odds[i];
      double g = std::isinf(pm) ? 1.0 : pm / (pm + (1 - lambda_));
      matches += g * static_cast<double>(patterns.patterns()[i].count);
    }
    double next = std::clamp(matches / static_cast<double>(patterns.total()), min_probability_,
                             1 - min_probability_);
    bool done = std::abs(next - lambda_) < 1e-9;
    lambda_ = next;
    if (done) break;
  }
}

void FellegiSunterModel::initialise_u_without_matches(const PatternCounts& random,
                                                      double match_share) {
  for (int f = 0; f < field_count(); ++f) {
    std::array<double, kMaxLevels> counts{};
    double total = 0;
    for (const auto& p : random.patterns()) {
      int l = p.levels[static_cast<size_t>(f)];
      if (l == field(f).missing_level) continue;
      counts[static_cast<size_t>(l)] += static_cast<double>(p.count);
      total += static_cast<double>(p.count);
    }
    if (total == 0) continue;
    const double floor = std::max(0.5 / total, min_probability_);
    double sum = 0;
    const int n = static_cast<int>(field(f).levels.size());
    for (int l = 0; l < n; ++l) {
      if (l == field(f).missing_level) continue;
      double share = counts[static_cast<size_t>(l)] / total;
      double v = (share - match_share * m(f, l)) / (1 - match_share);
      u_[idx(f, l)] = std::max(v, floor);
      sum += u_[idx(f, l)];
    }
    for (int l = 0; l < n; ++l) {
      if (l != field(f).missing_level) u_[idx(f, l)] /= sum;
    }
  }
}

double FellegiSunterModel::level_weight(int f, int level) const {
  if (level == field(f).missing_level) return 0;
  return std::log2(m(f, level) / u(f, level));
}

double FellegiSunterModel::tf_u(double frequency) const {
  return std::max(frequency, min_probability_);
}

double FellegiSunterModel::weight(std::span<const uint8_t> levels,
                                  std::span<const double> tf_u) const {
  double w = 0;
  for (int f = 0; f < field_count(); ++f) {
    int l = levels[static_cast<size_t>(f)];
    if (l == field(f).missing_level) continue;
    double uu = u(f, l);
    if (l == 0 && static_cast<size_t>(f) < tf_u.size() && tf_u[static_cast<size_t>(f)] > 0) {
      uu = tf_u[static_cast<size_t>(f)];
    }
    w += std::log2(m(f, l) / uu);
  }
  return w;
}

WeightExplanation FellegiSunterModel::explain(std::span<const uint8_t> levels,
                                              std::span<const double> tf_u) const {
  WeightExplanation e;
  e.prior_weight = std::log2(lambda_ / (1 - lambda_));
  for (int f = 0; f < field_count(); ++f) {
    int l = levels[static_cast<size_t>(f)];
    FieldContribution c;
    c.field = field(f).name;
    c.level = field(f).levels[static_cast<size_t>(l)];
    c.level_index = l;
    c.m = m(f, l);
    c.u = u(f, l);
    if (l != field(f).missing_level) {
      if (l == 0 && static_cast<size_t>(f) < tf_u.size() && tf_u[static_cast<size_t>(f)] > 0) {
        c.u = tf_u[static_cast<size_t>(f)];
        c.term_frequency_adjusted = true;
      }
      c.weight = std::log2(c.m / c.u);
    }
    e.weight += c.weight;
    e.fields.push_back(c);
  }
  e.probability = probability(e.weight);
  return e;
}

double FellegiSunterModel::probability(double weight) const {
  double odds = std::exp2(weight) * lambda_ / (1 - lambda_);
  return std::isinf(odds) ? 1.0 : odds / (1 + odds);
}

EmResult estimate_em(FellegiSunterModel& model, const PatternCounts& patterns,
                     const EmOptions& options) {
  EmResult result;
  const int fields = model.field_count();
  const double lo = options.min_probability;
  model.min_probability_ = lo;
  const auto& pats = patterns.patterns();
  std::vector<double> new_m(model.m_.size()), new_u(model.u_.size());
  for (result.iterations = 1; result.iterations <= options.max_iterations; ++result.iterations) {
    // E-step: the posterior match probability of each pattern, accumulated
    // into expected level counts among matches and non-matches.
    std::fill(new_m.begin(), new_m.end(), 0.0);
    std::fill(new_u.begin(), new_u.end(), 0.0);
    double matches = 0, total = 0, log_likelihood = 0;
    for (const auto& p : pats) {
      double pm = model.lambda_, pu = 1 - model.lambda_;
      for (int f = 0; f < fields; ++f) {
        int l = p.levels[static_cast<size_t>(f)];
        if (l == model.field(f).missing_level) continue;
        pm *= model.m(f, l);
        pu *= model.u(f, l);
      }
      double c = static_cast<double>(p.count);
      double g = pm / (pm + pu);
      log_likelihood += c * std::log(pm + pu);
      matches += c * g;
      total += c;
      for (int f = 0; f < fields; ++f) {
        int l = p.levels[static_cast<size_t>(f)];
        if (l == model.field(f).missing_level) continue;
        new_m[model.idx(f, l)] += c * g;
        new_u[model.idx(f, l)] += c * (1 - g);
      }
    }
    result.log_likelihood = log_likelihood;
    if (total == 0) break;
    // M-step: normalise per field over its non-missing levels, clamp.
    double change = 0;
    auto normalise = [&](std::vector<double>& v, std::vector<double>& target) {
      for (int f = 0; f < fields; ++f) {
        double sum = 0;
        int n = static_cast<int>(model.field(f).levels.size());
        for (int l = 0; l < n; ++l) {
          if (l != model.field(f).missing_level) sum += v[model.idx(f, l)];
        }
        if (sum <= 0) continue;
        for (int l = 0; l < n; ++l) {
          if (l == model.field(f).missing_level) continue;
          double x = std::clamp(v[model.idx(f, l)] / sum, lo, 1 - lo);
          change = std::max(change, std::abs(x - target[model.idx(f, l)]));
          target[model.idx(f, l)] = x;
        }
      }
    };
    normalise(new_m, model.m_);
    if (!options.fixed_u) normalise(new_u, model.u_);
    double lambda = std::clamp(matches / total, lo, 1 - lo);
    change = std::max(change, std::abs(lambda - model.lambda_));
    model.lambda_ = lambda;
    if (change < options.tolerance) {
      result.converged = true;
      break;
    }
  }
  result.iterations = std::min(result.iterations, options.max_iterations);
  return result;
}

}  // namespace lap::link
