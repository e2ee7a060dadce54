// The client address behind trusted reverse proxies.
#include "lap/server/client_address.h"

#include <gtest/gtest.h>

namespace lap::server {
namespace {

Request from(std::string peer, Headers headers = {}) {
  Request r;
  r.remote_address = std::move(peer);
  r.headers = std::move(headers);
  return r;
}

TrustedProxies proxies(std::string_view list) {
  auto p = TrustedProxies::parse(list);
  EXPECT_TRUE(p) << p.error().message;
  return p ? *p : TrustedProxies{};
}

TEST(TrustedProxies, AddressesAndNetworks) {
  auto p = proxies("10.0.0.5, 192.168.0.0/16 fd00::/8,::1");
  EXPECT_TRUE(p.contains("10.0.0.5"));
  EXPECT_FALSE(p.contains("10.0.0.6"));
  EXPECT_TRUE(p.contains("192.168.44.1"));
  EXPECT_FALSE(p.contains("192.169.0.1"));
  EXPECT_TRUE(p.contains("fd12:3456::1"));
  EXPECT_FALSE(p.contains("fe80::1"));
  EXPECT_TRUE(p.contains("::1"));
  EXPECT_TRUE(p.contains("::ffff:10.0.0.5"));  // IPv4-mapped
  EXPECT_FALSE(p.contains("not an address"));
  EXPECT_TRUE(proxies("10.0.0.0/12").contains("10.15.255.255"));
  EXPECT_FALSE(proxies("10.0.0.0/12").contains("10.16.0.0"));
  for (std::string_view bad :
       {"10.0.0.0/33", "fd00::/129", "10.0.0.300", "proxy.example", "10.0.0.0/x", "10.0.0.0/"}) {
    auto r = TrustedProxies::parse(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().message.find(bad), std::string::npos);
  }
  EXPECT_TRUE(proxies("").empty());
}

TEST(ClientAddress, ThePeerUnlessItIsATrustedProxy) {
  const Headers forwarded = {{"x-forwarded-for", "203.0.113.7"}};
  // No proxy trusted: a client cannot choose its address by sending the header.
  EXPECT_EQ(client_address(from("198.51.100.1", forwarded), {}), "198.51.100.1");
  EXPECT_EQ(client_address(from("198.51.100.1", forwarded), proxies("10.0.0.5")), "198.51.100.1");
  EXPECT_EQ(client_address(from("10.0.0.5", forwarded), proxies("10.0.0.5")), "203.0.113.7");
  EXPECT_EQ(client_address(from("10.0.0.5"), proxies("10.0.0.5")), "10.0.0.5");
}

TEST(ClientAddress, TheNearestUntrustedHopFromTheRight) {
  auto p = proxies("10.0.0.0/8");
  // The client wrote "1.2.3.4" itself; the proxies appended what they saw.
  EXPECT_EQ(client_address(from("10.0.0.5", {{"x-forwarded-for",
                                              "1.2.3.4, 203.0.113.7, "
                                              "10.1.1.1"}}),
                           p),
            "203.0.113.7");
  // Several header lines are one list.
  EXPECT_EQ(client_address(from("10.0.0.5", {{"x-forwarded-for", "1.2.3.4"},
                                             {"x-forwarded-for", "203.0.113.8"}}),
                           p),
            "203.0.113.8");
  // Garbage ends the walk at the last trusted hop.
  EXPECT_EQ(client_address(from("10.0.0.5", {{"x-forwarded-for", "evil, 10.2.2.2"}}), p),
            "10.2.2.2");
  EXPECT_EQ(client_address(from("10.0.0.5", {{"x-forwarded-for", "10.3.3.3, 10.2.2.2"}}), p),
            "10.3.3.3");
}

TEST(ClientAddress, ForwardedHeaderOfRfc7239) {
  auto p = proxies("10.0.0.5");
  EXPECT_EQ(client_address(
                from("10.0.0.5", {{"forwarded", "for=192.0.2.60;proto=https;by=10.0.0.5"}}), p),
            "192.0.2.60");
  EXPECT_EQ(
      client_address(from("10.0.0.5", {{"forwarded", R"(For="[2001:db8:cafe::17]:4711")"}}), p),
      "2001:db8:cafe::17");
  EXPECT_EQ(
      client_address(from("10.0.0.5", {{"forwarded", "for=192.0.2.43, for=198.51.100.17"}}), p),
      "198.51.100.17");
  // X-Forwarded-For wins when both are present.
  EXPECT_EQ(client_address(from("10.0.0.5", {{"forwarded", "for=192.0.2.43"},
                                             {"x-forwarded-for", "198.51.100.9:5000"}}),
                           p),
            "198.51.100.9");
}

}  // namespace
}  // namespace lap::server
