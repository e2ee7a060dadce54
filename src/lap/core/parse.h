// Integers from text, one implementation for the code base: ids in URLs, ports, counts in files,
// numbers in options.
//
// `parse_integer<T>` accepts exactly the decimal spelling of a value of T: digits, with one
// leading '-' only for a signed T; no sign '+', no spaces, nothing after the digits, nothing out of
// T's range. "12abc", " 12", "+12" and "" are refused (std::nullopt), never partly read.
#pragma once

#include <charconv>
#include <concepts>
#include <optional>
#include <string_view>

namespace lap {

// Integer types other than bool.
template <typename T>
concept Integer = std::integral<T> && !std::same_as<T, bool>;

template <Integer T>
constexpr std::optional<T> parse_integer(std::string_view text) noexcept {
  T value{};
  const auto [stop, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || stop != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace lap
