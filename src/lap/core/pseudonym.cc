#include "lap/core/pseudonym.h"

#include "lap/core/hex.h"

namespace lap {

std::string pseudonym_hex(const Pseudonym& p) {
  return hex::encode(p);
}

std::optional<Pseudonym> pseudonym_from_hex(std::string_view hex) {
  Pseudonym out{};
  if (!hex::decode(hex, out)) return std::nullopt;
  return out;
}

}  // namespace lap
