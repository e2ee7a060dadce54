// The pseudonym of a person as bytes (domain.md §2): the 16 bytes of a
// `person_ref`, a keyed hash of an INSZ (link/pseudonym.h makes them). The one
// type every module uses for them: the linkage (`link::PersonRefBytes`), the
// measurement (`measure::PersonKey`), the store and the API. A plain array:
// no cost over the bytes, compared and ordered bytewise.
//
// Its text is 32 lower-case hex characters (`pseudonym_hex`), as tables and
// URLs hold it; `pseudonym_from_hex` reads exactly that form (lap/core/hex.h).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace lap {

using Pseudonym = std::array<uint8_t, 16>;

// 32 lower-case hex characters.
std::string pseudonym_hex(const Pseudonym& p);
// nullopt for anything but 32 lower-case hex characters.
std::optional<Pseudonym> pseudonym_from_hex(std::string_view hex);

// For unordered containers: the bytes of a keyed hash are uniform already, so
// the first eight are the hash.
struct PseudonymHash {
  size_t operator()(const Pseudonym& p) const noexcept {
    uint64_t h = 0;
    std::memcpy(&h, p.data(), sizeof h);
    return static_cast<size_t>(h);
  }
};

}  // namespace lap
