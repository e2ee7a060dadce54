#include "lap/core/hex.h"

namespace lap::hex {

void append(std::string& out, std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  out.reserve(out.size() + 2 * bytes.size());
  for (uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
}

std::string encode(std::span<const uint8_t> bytes) {
  std::string out;
  append(out, bytes);
  return out;
}

bool decode(std::string_view text, std::span<uint8_t> out) {
  if (text.size() != 2 * out.size()) return false;
  auto lower = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
  for (size_t i = 0; i < out.size(); ++i) {
    const char hi = text[2 * i];
    const char lo = text[2 * i + 1];
    if (!lower(hi) || !lower(lo)) return false;
    out[i] = static_cast<uint8_t>(digit_value(hi) * 16 + digit_value(lo));
  }
  return true;
}

}  // namespace lap::hex
