#include "lap/server/router.h"

#include <stdexcept>

#include <gtest/gtest.h>

namespace lap::server {
namespace {

Handler answer(std::string text) {
  return [text = std::move(text)](const Request& r, RequestContext&) {
    std::string body = text;
    for (const auto& [k, v] : r.params)
      body += "|" + k + "=" + v;
    return Response::json(200, body);
  };
}

Response call(const Router& router, std::string method, std::string path,
              RequestContext* out = nullptr) {
  Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  RequestContext context;
  auto response = router.dispatch(request, context);
  if (out != nullptr) *out = context;
  return response;
}

TEST(Router, MatchesLiteralsAndParameters) {
  Router router;
  router.add("GET", "/healthz", answer("health"));
  router.add("GET", "/api/v1/calls/{id}", answer("call"));
  router.add("GET", "/api/v1/calls/{id}/versions/{version}", answer("version"));
  EXPECT_EQ(call(router, "GET", "/healthz").body, "health");
  RequestContext context;
  auto r = call(router, "GET", "/api/v1/calls/lap-2024", &context);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "call|id=lap-2024");
  EXPECT_EQ(context.route_pattern, "/api/v1/calls/{id}");
  EXPECT_EQ(context.route_index, 1U);
  EXPECT_EQ(call(router, "GET", "/api/v1/calls/a%20b/versions/3").body, "version|id=a b|version=3");
}

TEST(Router, LiteralSegmentsWinOverParameters) {
  Router router;
  router.add("GET", "/calls/{id}", answer("param"));
  router.add("GET", "/calls/new", answer("literal"));
  EXPECT_EQ(call(router, "GET", "/calls/new").body, "literal");
  EXPECT_EQ(call(router, "GET", "/calls/x").body, "param|id=x");
}

TEST(Router, UnknownPathIsA404Problem) {
  Router router;
  router.add("GET", "/healthz", answer("health"));
  RequestContext context;
  auto r = call(router, "GET", "/nope", &context);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body,
            R"({"error":{"code":"not_found","message":"There is nothing at this address."}})");
  EXPECT_EQ(context.route_pattern, Router::kNotFoundPattern);
  // A parameter matches exactly one non-empty segment.
  router.add("GET", "/calls/{id}", answer("call"));
  EXPECT_EQ(call(router, "GET", "/calls").status, 404);
  EXPECT_EQ(call(router, "GET", "/calls/a/b").status, 404);
}

TEST(Router, WrongMethodIsA405WithAllow) {
  Router router;
  router.add("GET", "/api/v1/calls/{id}", answer("get"));
  router.add("PUT", "/api/v1/calls/{id}", answer("put"));
  RequestContext context;
  auto r = call(router, "DELETE", "/api/v1/calls/7", &context);
  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1U);
  EXPECT_EQ(r.headers[0].first, "allow");
  EXPECT_EQ(r.headers[0].second, "GET, HEAD, PUT");
  EXPECT_NE(r.body.find(R"("code":"method_not_allowed")"), std::string::npos);
  EXPECT_EQ(context.route_pattern, Router::kMethodNotAllowedPattern);
}

TEST(Router, HeadUsesTheGetRoute) {
  Router router;
  router.add("GET", "/healthz", answer("health"));
  EXPECT_EQ(call(router, "HEAD", "/healthz").status, 200);
}

TEST(Router, FallbackOnlyForGetAndHead) {
  Router router;
  router.add("GET", "/healthz", answer("health"));
  router.set_fallback(answer("static"));
  RequestContext context;
  EXPECT_EQ(call(router, "GET", "/index.html", &context).body, "static");
  EXPECT_EQ(context.route_pattern, Router::kFallbackPattern);
  EXPECT_EQ(call(router, "POST", "/index.html").status, 404);
}

TEST(Router, BadEscapeIsA400) {
  Router router;
  router.add("GET", "/calls/{id}", answer("call"));
  EXPECT_EQ(call(router, "GET", "/calls/%zz").status, 400);
  EXPECT_EQ(call(router, "GET", "/calls/%00").status, 400);
}

// Regression: invalid UTF-8 in a query parameter gave a 500 (the value ended
// up in a JSON answer, which cannot hold it).
TEST(Router, InvalidUtf8InAPathOrQueryIsA400) {
  Router router;
  router.add("GET", "/calls/{id}", answer("call"));
  EXPECT_EQ(call(router, "GET", "/calls/%ff").status, 400);
  EXPECT_EQ(call(router, "GET", "/calls/caf%C3%A9").status, 200);
  Request request;
  request.method = "GET";
  request.path = "/calls/1";
  request.query = parse_query("nis=%C0%AF&x=1");  // an overlong '/'
  RequestContext context;
  EXPECT_EQ(router.dispatch(request, context).status, 400);
  request.query = parse_query("naam=Ren%C3%A9e");
  EXPECT_EQ(router.dispatch(request, context).status, 200);

  EXPECT_TRUE(valid_utf8("gewoon tekst"));
  EXPECT_TRUE(valid_utf8("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));  // é € 😀
  EXPECT_FALSE(valid_utf8("\xFF"));
  EXPECT_FALSE(valid_utf8("\xC3"));              // cut short
  EXPECT_FALSE(valid_utf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(valid_utf8("\xE2\x28\xA1"));      // bad continuation
}

TEST(Router, MiddlewareWrapsHandlersInOrder) {
  Router router;
  router.add("GET", "/x", answer("x"));
  router.use([](const Request& r, RequestContext& c, const Handler& next) {
    auto response = next(r, c);
    response.body = "outer(" + response.body + ")";
    return response;
  });
  router.use([](const Request& r, RequestContext& c, const Handler& next) {
    if (r.header("authorization") == std::nullopt) {
      return Response::problem(401, "unauthenticated", "Log in first.");
    }
    return next(r, c);
  });
  EXPECT_EQ(call(router, "GET", "/x").status, 401);
  Request request;
  request.method = "GET";
  request.path = "/x";
  request.headers.emplace_back("authorization", "yes");
  RequestContext context;
  EXPECT_EQ(router.dispatch(request, context).body, "outer(x)");
}

TEST(Router, RouteTableIsEnumerable) {
  Router router;
  router.add("GET", "/healthz", answer(""));
  router.add("POST", "/api/v1/calls", answer(""));
  auto routes = router.routes();
  ASSERT_EQ(routes.size(), 2U);
  EXPECT_EQ(routes[1].method, "POST");
  EXPECT_EQ(routes[1].pattern, "/api/v1/calls");
  EXPECT_EQ(router.route_infos().size(), 6U);
}

TEST(Router, RefusesMalformedAndDuplicatePatterns) {
  Router router;
  EXPECT_THROW(router.add("GET", "healthz", answer("")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a//b", answer("")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/{}", answer("")), std::invalid_argument);
  router.add("GET", "/a", answer(""));
  EXPECT_THROW(router.add("GET", "/a", answer("")), std::invalid_argument);
}

TEST(Target, SplitsPathAndQuery) {
  Request r;
  r.query = {{"stale", "1"}};
  set_target(r, "/api/v1/flanders?period=2024-Q1&x=%C3%A9?");
  EXPECT_EQ(r.path, "/api/v1/flanders");
  ASSERT_EQ(r.query.size(), 2U);
  EXPECT_EQ(r.query_param("period"), "2024-Q1");
  EXPECT_EQ(r.query_param("x"), "\xc3\xa9?");
  set_target(r, "/a%20b");
  EXPECT_EQ(r.path, "/a%20b");  // the path is decoded by the router
  EXPECT_TRUE(r.query.empty());
}

TEST(Query, ParsesAndDecodes) {
  auto q = parse_query("month=2024-01&name=a+b%21&flag&=x");
  ASSERT_EQ(q.size(), 4U);
  EXPECT_EQ(q[0], (std::pair<std::string, std::string>{"month", "2024-01"}));
  EXPECT_EQ(q[1].second, "a b!");
  EXPECT_EQ(q[2].first, "flag");
  EXPECT_EQ(q[2].second, "");
  Request r;
  r.query = q;
  EXPECT_EQ(r.query_param("name"), "a b!");
  EXPECT_EQ(r.query_param("absent"), std::nullopt);
}

TEST(Problem, EscapesTheMessage) {
  auto r = Response::problem(400, "bad", "quote \" and \n");
  EXPECT_EQ(r.body, R"({"error":{"code":"bad","message":"quote \" and \n"}})");
}

}  // namespace
}  // namespace lap::server
