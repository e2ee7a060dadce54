// Exact wide integer arithmetic for the LAP computations.
//
// Budgets times counts can exceed 64 bits in extreme (test) inputs, so products
// are formed in 128 bits. `__extension__` keeps -Wpedantic quiet about the GCC
// built-in type. Internal to lap::pact; not part of its public API.
#pragma once

#include <cstdint>

namespace lap::pact::detail {

__extension__ using Int128 = __int128;

// Floor division for a positive divisor (rounds towards minus infinity).
constexpr Int128 floor_div(Int128 a, Int128 b) {
  Int128 q = a / b;
  if ((a % b != 0) && (a < 0)) --q;
  return q;
}

// a / b rounded half up (towards plus infinity on exact halves), b > 0.
constexpr Int128 div_half_up(Int128 a, Int128 b) {
  return floor_div(2 * a + b, 2 * b);
}

}  // namespace lap::pact::detail
