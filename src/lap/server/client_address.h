// The address of the client behind trusted reverse proxies.
//
// The socket's peer is the client unless it is one of the trusted proxies (a
// setting: `lap serve --trusted-proxy`, LAP_TRUSTED_PROXIES). Then the client
// is the nearest address in X-Forwarded-For (or, without it, in the `for=`
// parameters of Forwarded, RFC 7239) that is not itself a trusted proxy,
// read from the right: the entries further left were written by the client
// and prove nothing. Login throttling counts failures per client address.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/error.h"
#include "lap/server/router.h"

namespace lap::server {

class TrustedProxies {
 public:
  TrustedProxies() = default;
  // A comma- or space-separated list of IPv4/IPv6 addresses and networks
  // ("10.0.0.1, 192.168.0.0/16, ::1, fd00::/8"); kInvalidArgument naming the
  // entry that is neither.
  static Result<TrustedProxies> parse(std::string_view list);

  bool empty() const { return nets_.empty(); }
  // Whether the address (textual, IPv4 or IPv6; an IPv4-mapped IPv6 address
  // counts as its IPv4 address) lies in one of the networks.
  bool contains(std::string_view address) const;

 private:
  struct Net {
    std::array<uint8_t, 16> bytes{};
    bool v6 = false;
    int prefix = 0;
  };
  std::vector<Net> nets_;
};

// The client's address for `request` (see above); the peer address when no
// proxy is trusted.
std::string client_address(const Request& request, const TrustedProxies& trusted);

}  // namespace lap::server
