#include "lap/server/client_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "lap/core/parse.h"

namespace lap::server {
namespace {

struct Address {
  std::array<uint8_t, 16> bytes{};
  bool v6 = false;
};

// Parses an IPv4 or IPv6 address; an IPv4-mapped IPv6 address becomes IPv4.
std::optional<Address> parse_address(std::string_view text) {
  const std::string s(text);
  Address a;
  if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) return a;
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1) {
    constexpr std::array<uint8_t, 12> kMapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(kMapped.begin(), kMapped.end(), a.bytes.begin())) {
      std::copy_n(a.bytes.begin() + 12, 4, a.bytes.begin());
      std::fill(a.bytes.begin() + 4, a.bytes.end(), 0);
      return a;
    }
    a.v6 = true;
    return a;
  }
  return std::nullopt;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// One node of X-Forwarded-For or a `for=` value: strips quotes, IPv6 brackets
// and a port ("[2001:db8::1]:4711" -> "2001:db8::1", "192.0.2.1:80" -> ...).
std::string_view node_address(std::string_view node) {
  node = trim(node);
  if (node.size() >= 2 && node.front() == '"' && node.back() == '"') {
    node = node.substr(1, node.size() - 2);
  }
  if (!node.empty() && node.front() == '[') {
    auto close = node.find(']');
    return close == std::string_view::npos ? std::string_view{} : node.substr(1, close - 1);
  }
  if (std::count(node.begin(), node.end(), ':') == 1) node = node.substr(0, node.find(':'));
  return node;
}

// Splits `text` at any of `separators`.
std::vector<std::string_view> split(std::string_view text, std::string_view separators) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find_first_of(separators, pos);
    if (end == std::string_view::npos) end = text.size();
    out.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

// The addresses a request was forwarded for, nearest proxy last.
std::vector<std::string_view> forwarded_chain(const Request& request) {
  std::vector<std::string_view> chain;
  for (const auto& [name, value] : request.headers) {
    if (name != "x-forwarded-for") continue;
    for (auto node : split(value, ","))
      chain.push_back(node_address(node));
  }
  if (!chain.empty()) return chain;
  for (const auto& [name, value] : request.headers) {
    if (name != "forwarded") continue;
    for (auto element : split(value, ",;")) {
      element = trim(element);
      if (element.size() < 4) continue;
      std::string lower(element.substr(0, 4));
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (lower == "for=") chain.push_back(node_address(element.substr(4)));
    }
  }
  return chain;
}

}  // namespace

Result<TrustedProxies> TrustedProxies::parse(std::string_view list) {
  TrustedProxies out;
  for (auto entry : split(list, ", \t")) {
    if (entry.empty()) continue;
    std::string_view address = entry;
    std::optional<int> prefix;
    if (auto slash = entry.find('/'); slash != std::string_view::npos) {
      address = entry.substr(0, slash);
      prefix = parse_integer<int>(entry.substr(slash + 1)).value_or(-1);
    }
    auto a = parse_address(address);
    const int max = a && a->v6 ? 128 : 32;
    if (!a || (prefix && (*prefix < 0 || *prefix > max))) {
      return make_error(ErrorCode::kInvalidArgument,
                        fmt::format("trusted proxies: '{}' is not an IPv4 or IPv6 address or "
                                    "network (e.g. 10.0.0.1, 10.0.0.0/8, fd00::/8)",
                                    entry));
    }
    out.nets_.push_back(Net{a->bytes, a->v6, prefix.value_or(max)});
  }
  return out;
}

bool TrustedProxies::contains(std::string_view address) const {
  auto a = parse_address(address);
  if (!a) return false;
  return std::any_of(nets_.begin(), nets_.end(), [&](const Net& n) {
    if (n.v6 != a->v6) return false;
    const int full = n.prefix / 8;
    if (!std::equal(n.bytes.begin(), n.bytes.begin() + full, a->bytes.begin())) return false;
    const int rest = n.prefix % 8;
    if (rest == 0) return true;
    const auto mask = static_cast<uint8_t>(0xFF << (8 - rest));
    return (n.bytes[full] & mask) == (a->bytes[full] & mask);
  });
}

std::string client_address(const Request& request, const TrustedProxies& trusted) {
  if (trusted.empty() || !trusted.contains(request.remote_address)) return request.remote_address;
  auto chain = forwarded_chain(request);
  // Walk from the nearest hop towards the client while the hops are trusted
  // proxies; the first other address is the client. Garbage ends the walk:
  // the last trusted hop is then the best we know.
  std::string_view nearest = request.remote_address;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (!parse_address(*it)) break;
    if (!trusted.contains(*it)) return std::string(*it);
    nearest = *it;
  }
  return std::string(nearest);
}

}  // namespace lap::server
