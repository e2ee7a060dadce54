#include "lap/core/number_format.h"

namespace lap {

std::string grouped_nl(int64_t n) {
  // The magnitude as unsigned, so that INT64_MIN has one too.
  const uint64_t abs = n < 0 ? static_cast<uint64_t>(-(n + 1)) + 1 : static_cast<uint64_t>(n);
  const std::string digits = std::to_string(abs);
  std::string out = n < 0 ? "-" : "";
  const size_t size = digits.size();
  for (size_t i = 0; i < size; ++i) {
    if (i > 0 && (size - i) % 3 == 0) out.push_back('.');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace lap
