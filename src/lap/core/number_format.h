// Whole numbers for people in the Belgian (Dutch) notation: thousands separated
// by a dot, `1.234.567`. Money::to_string_nl writes its euros this way and the
// command line its counts, so amounts and counts read alike side by side.
#pragma once

#include <cstdint>
#include <string>

namespace lap {

// 1234567 -> `1.234.567`; -1234 -> `-1.234`.
std::string grouped_nl(int64_t n);

}  // namespace lap
