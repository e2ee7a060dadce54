// Fellegi-Sunter scoring of record pairs (issue 5).
//
// Each pair has a level per field (compare.h). For a field at level l,
//   m = P(level l | the records are the same person),
//   u = P(level l | they are not),
// and the pair's match weight is the sum over fields of log2(m/u); a field at
// its missing level contributes 0 (missing is treated as uninformative).
// The prior lambda (share of matches among the candidate pairs) is kept
// apart: probability() turns a weight into a match probability with it.
//
// m, u and lambda are estimated by EM on the candidate pairs themselves
// (estimate_em), on the pairs compressed to distinct level patterns with their
// counts, so an iteration costs the number of patterns, not of pairs.
//
// Term frequencies: agreement on a common value ("Peeters") is weaker evidence
// than on a rare one. For an exact agreement on value v the u of that field is
// replaced by u_v = max(frequency(v), min_u), the chance that a random other
// record has v too; a rarer name weighs more.
//
// A model is a plain value; not thread-safe while being estimated, safe to
// share read-only afterwards.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lap/link/compare.h"

namespace lap::link {

inline constexpr int kMaxFields = 8;

// Distinct level patterns with how many pairs have each.
class PatternCounts {
 public:
  explicit PatternCounts(int field_count) : fields_(field_count) {}
  void add(std::span<const uint8_t> levels, uint64_t count = 1);
  int field_count() const { return fields_; }
  uint64_t total() const { return total_; }

  struct Pattern {
    std::array<uint8_t, kMaxFields> levels{};
    uint64_t count = 0;
  };
  // In order of first appearance.
  const std::vector<Pattern>& patterns() const { return patterns_; }

 private:
  int fields_;
  uint64_t total_ = 0;
  std::vector<Pattern> patterns_;
  std::unordered_map<uint64_t, size_t> index_;
};

// Frequencies of values of one field (e.g. folded family names).
class TermFrequencies {
 public:
  void add(std::string_view value, uint64_t count = 1);
  // Share of the values equal to `value`; 0 when never seen.
  double frequency(std::string_view value) const;
  uint64_t total() const { return total_; }

 private:
  std::unordered_map<uint64_t, uint64_t> counts_;
  uint64_t total_ = 0;
};

struct EmOptions {
  int max_iterations = 200;
  // Converged when no parameter (lambda, any m or u) moves more than this.
  double tolerance = 1e-6;
  // Probabilities are kept in [min_probability, 1 - ...] so no log2(m/u) is infinite.
  double min_probability = 1e-6;
  // Keep u as set (e.g. estimated from random pairs) and estimate m and lambda only.
  bool fixed_u = false;
};

struct EmResult {
  int iterations = 0;
  bool converged = false;
  double log_likelihood = 0;  // natural log, of the pattern counts
};

// One field's share of a pair's weight.
struct FieldContribution {
  std::string_view field;
  std::string_view level;
  int level_index = 0;
  double m = 0;
  double u = 0;       // the u used (term-frequency adjusted when that flag is set)
  double weight = 0;  // log2(m/u); 0 for a missing level
  bool term_frequency_adjusted = false;
};

struct WeightExplanation {
  double weight = 0;        // sum of the field weights
  double prior_weight = 0;  // log2(lambda / (1 - lambda)), not part of `weight`
  double probability = 0;   // match probability with the prior
  std::vector<FieldContribution> fields;
  // One line per field: "last_name exact +9.12 (m=0.950 u=0.00180, tf)".
  std::string to_string() const;
};

class FellegiSunterModel {
 public:
  // Starting values: lambda 0.1; per field m puts 0.9 on the best level and
  // spreads the rest decreasingly; u is uniform over the non-missing levels
  // until initialise_u_from() replaces it by the observed level shares.
  explicit FellegiSunterModel(std::span<const FieldSpec> fields);

  int field_count() const { return static_cast<int>(fields_.size()); }
  const FieldSpec& field(int f) const { return fields_[static_cast<size_t>(f)]; }
  double m(int f, int level) const { return m_[idx(f, level)]; }
  double u(int f, int level) const { return u_[idx(f, level)]; }
  double lambda() const { return lambda_; }
  // Sets one field's probabilities (one per level; the missing level's value is ignored).
  void set_m(int f, std::span<const double> m);
  void set_u(int f, std::span<const double> u);
  void set_lambda(double lambda) { lambda_ = lambda; }

  // u of every field := the share of each level among all pairs (nearly all
  // candidate pairs are non-matches, so this is a good start for EM).
  void initialise_u_from(const PatternCounts& patterns);
  // u from a sample of random pairs of which the share `match_share` are
  // matches (with the current m): the matches' levels are taken out,
  // u_l = (share_l - match_share * m_l) / (1 - match_share), at least half a
  // pair of the sample. Matters on small sources, where a random pair is a
  // match often enough to make exact agreement look common.
  void initialise_u_without_matches(const PatternCounts& random, double match_share);

  // Makes every field's level weights non-increasing from the best level to
  // the worst (a worse level never weighs more than a better one): adjacent
  // levels that violate the order are pooled (pool-adjacent-violators on m
  // and u), and within a pool m is redistributed in proportion to u so each
  // level gets the pool's weight and m still sums to what it did. Returns the
  // number of levels whose weight changed.
  int make_monotone();
  // The match prior by EM with m and u held: the mean posterior match
  // probability of the patterns.
  void estimate_lambda(const PatternCounts& patterns, int iterations = 100);

  // log2(m/u) of one level; 0 for the missing level.
  double level_weight(int f, int level) const;
  // The match weight of a pair. `tf_u`, when not empty, holds per field the
  // term-frequency u of the agreed value (<= 0: no adjustment); it is used
  // only when the field is at level 0 (exact agreement).
  double weight(std::span<const uint8_t> levels, std::span<const double> tf_u = {}) const;
  WeightExplanation explain(std::span<const uint8_t> levels,
                            std::span<const double> tf_u = {}) const;
  double probability(double weight) const;

  // Term-frequency u for a value of frequency `frequency` (see above).
  double tf_u(double frequency) const;

 private:
  size_t idx(int f, int level) const {
    return static_cast<size_t>(f) * kMaxLevels + static_cast<size_t>(level);
  }
  static constexpr int kMaxLevels = 8;
  std::vector<FieldSpec> fields_;
  std::vector<double> m_, u_;
  double lambda_ = 0.1;
  double min_probability_ = 1e-6;

  friend EmResult estimate_em(FellegiSunterModel& model, const PatternCounts& patterns,
                              const EmOptions& options);
};

// Runs EM from the model's current values (call initialise_u_from first
// unless u is known). Returns how it went; the model holds the estimates.
EmResult estimate_em(FellegiSunterModel& model, const PatternCounts& patterns,
                     const EmOptions& options = {});

}  // namespace lap::link
