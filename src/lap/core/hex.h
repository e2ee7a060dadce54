// Hexadecimal text of bytes, one implementation for the code base: pseudonyms in URLs and in the
// database, key files, PostgreSQL's bytea text, percent-encoding in URLs.
//
// `encode` writes lower-case digits. `decode` reads exactly the canonical form `encode` writes
// (lower case, two digits a byte), so one value has one spelling in URLs and tables.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace lap::hex {

// 0-15 for 0-9, a-f and A-F; -1 for any other character.
constexpr int digit_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends two lower-case digits per byte to `out`.
void append(std::string& out, std::span<const uint8_t> bytes);
std::string encode(std::span<const uint8_t> bytes);

// Fills `out` from exactly 2 × out.size() lower-case digits; false (and `out` unspecified) for
// any other length or character.
bool decode(std::string_view text, std::span<uint8_t> out);

}  // namespace lap::hex
