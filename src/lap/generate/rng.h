// Deterministic random numbers for the synthetic-data generator.
//
// The standard library's distributions are implementation-defined, so the same
// seed could give other data on another standard library. Everything here is
// specified bit for bit: xoshiro256** seeded through SplitMix64, and simple
// inversion or rejection methods for the distributions.
#pragma once

#include <cmath>
#include <cstdint>
#include <span>

namespace lap::generate {

inline uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Mixes a seed with stream identifiers into an independent seed.
inline uint64_t mix_seed(uint64_t seed, uint64_t a, uint64_t b = 0) {
  uint64_t s = seed ^ (a * 0xD1B54A32D192ED03ULL) ^ (b * 0x8CB92BA72F3D8DD7ULL);
  return splitmix64(s);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (auto& w : s_)
      w = splitmix64(seed);
  }

  uint64_t next() {
    uint64_t result = rotl(s_[1] * 5, 7) * 9;
    uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform integer in [lo, hi] (inclusive).
  int uniform_int(int lo, int hi) {
    uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
    return lo + static_cast<int>(next() % span);
  }
  bool bernoulli(double p) { return uniform() < p; }
  // Number of failures before the first success (mean (1-p)/p), capped.
  int geometric(double p, int cap = 1 << 20) {
    if (p >= 1.0) return 0;
    double u = uniform();
    double k = std::floor(std::log1p(-u) / std::log1p(-p));
    return k > cap ? cap : static_cast<int>(k);
  }
  // Standard normal (Box-Muller, one value per call).
  double normal() {
    double u1 = uniform();
    double u2 = uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  // Poisson by inversion for small means, normal approximation for large ones.
  int poisson(double mean) {
    if (mean <= 0) return 0;
    if (mean > 60) {
      double v = std::round(mean + std::sqrt(mean) * normal());
      return v < 0 ? 0 : static_cast<int>(v);
    }
    double l = std::exp(-mean);
    double p = uniform();
    int k = 0;
    double term = l;
    double cum = l;
    while (p > cum && k < 1000) {
      ++k;
      term *= mean / k;
      cum += term;
    }
    return k;
  }
  // Index drawn with probability proportional to weights (cumulative sums given).
  size_t pick_cumulative(std::span<const double> cumulative) {
    double x = uniform() * cumulative.back();
    size_t lo = 0;
    size_t hi = cumulative.size() - 1;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (cumulative[mid] > x) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace lap::generate
