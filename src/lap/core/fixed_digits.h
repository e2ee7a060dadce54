// Zero-padded decimal digits written by hand, for the formatting that runs for
// every row of an import (dates, months, INSZ): much cheaper than fmt there.
#pragma once

#include <concepts>

namespace lap {

// Writes the last `width` decimal digits of `value` to out[0..width), zero-padded.
template <std::unsigned_integral T>
constexpr void put_fixed_digits(char* out, T value, int width) {
  for (int i = width - 1; i >= 0; --i, value /= 10)
    out[i] = static_cast<char>('0' + value % 10);
}

}  // namespace lap
