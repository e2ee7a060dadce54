// Small helpers for month bitsets: a person's months are bits 0..n-1 of an
// array of 64-bit words (bit i = the i-th month of the timeline). All ranges
// are inclusive and clipped to [0, n); out-of-range bits read as zero.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>

namespace lap::measure::bits {

// Largest supported number of words per person (1024 months, 85 years); the
// engine keeps per-person scratch words on the stack.
inline constexpr int kMaxWords = 16;

inline bool test(const uint64_t* w, int n, int i) {
  return i >= 0 && i < n && ((w[i >> 6] >> (i & 63)) & 1U) != 0;
}

inline void set(uint64_t* w, int i) {
  w[i >> 6] |= uint64_t{1} << (i & 63);
}

// Mask of bits lo..hi inside one word (0 <= lo <= hi <= 63).
inline uint64_t word_mask(int lo, int hi) {
  const uint64_t upper = hi == 63 ? ~uint64_t{0} : (uint64_t{1} << (hi + 1)) - 1;
  return upper & (~uint64_t{0} << lo);
}

// Calls f(word_index, mask) for every word touched by bits lo..hi (clipped).
template <typename F>
inline void for_range(int n, int lo, int hi, F&& f) {
  lo = std::max(lo, 0);
  hi = std::min(hi, n - 1);
  if (lo > hi) return;
  const int wlo = lo >> 6;
  const int whi = hi >> 6;
  for (int k = wlo; k <= whi; ++k) {
    const int a = k == wlo ? (lo & 63) : 0;
    const int b = k == whi ? (hi & 63) : 63;
    f(k, word_mask(a, b));
  }
}

inline void set_range(uint64_t* w, int n, int lo, int hi) {
  for_range(n, lo, hi, [w](int k, uint64_t m) { w[k] |= m; });
}

inline bool any(const uint64_t* w, int n, int lo, int hi) {
  bool found = false;
  for_range(n, lo, hi, [&](int k, uint64_t m) { found = found || (w[k] & m) != 0; });
  return found;
}

inline int count(const uint64_t* w, int n, int lo, int hi) {
  int c = 0;
  for_range(n, lo, hi, [&](int k, uint64_t m) { c += std::popcount(w[k] & m); });
  return c;
}

// Index of the lowest set bit among `words` words, or -1.
inline int first_set(const uint64_t* w, int words) {
  for (int k = 0; k < words; ++k) {
    if (w[k] != 0) return k * 64 + std::countr_zero(w[k]);
  }
  return -1;
}

// dst bit i = src bit i + s (shift towards lower months), s in 0..63.
inline void shift_down(const uint64_t* src, int words, int s, uint64_t* dst) {
  for (int k = 0; k < words; ++k) {
    uint64_t v = s == 0 ? src[k] : src[k] >> s;
    if (s != 0 && k + 1 < words) v |= src[k + 1] << (64 - s);
    dst[k] = v;
  }
}

// dst bit i = src bit i - s (shift towards later months), s in 0..63.
inline void shift_up(const uint64_t* src, int words, int s, uint64_t* dst) {
  for (int k = words - 1; k >= 0; --k) {
    uint64_t v = s == 0 ? src[k] : src[k] << s;
    if (s != 0 && k > 0) v |= src[k - 1] >> (64 - s);
    dst[k] = v;
  }
}

}  // namespace lap::measure::bits
