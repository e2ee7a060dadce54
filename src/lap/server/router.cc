#include "lap/server/router.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "lap/core/hex.h"

namespace lap::server {

namespace {}  // namespace

std::optional<std::string_view> Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::query_param(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::string_view Request::param(std::string_view name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string_view{} : std::string_view{it->second};
}

Response Response::json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Response::problem(int status, std::string_view code, std::string_view message) {
  return json(status, fmt::format(R"({{"error":{{"code":"{}","message":"{}"}}}})",
                                  json_escape(code), json_escape(message)));
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      int hi = hex::digit_value(text[i + 1]);
      int lo = hex::digit_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>((hi << 4) | lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return std::nullopt;
    out.push_back(c);
  }
  return out;
}

bool valid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const unsigned c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    // Lead byte: the number of continuation bytes, the smallest code point
    // that needs them, and the lead byte's payload bits.
    int extra = 3;
    unsigned min = 0x10000;
    unsigned cp = c & 0x07;
    if ((c & 0xE0) == 0xC0) {
      extra = 1;
      min = 0x80;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      min = 0x800;
      cp = c & 0x0F;
    } else if ((c & 0xF8) != 0xF0) {
      return false;
    }
    if (end - p <= extra) return false;
    for (int i = 1; i <= extra; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    p += extra + 1;
  }
  return true;
}

std::optional<std::vector<std::string>> split_path(std::string_view path) {
  std::vector<std::string> segments;
  std::size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    std::size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    auto decoded = percent_decode(path.substr(pos, end - pos), false);
    if (!decoded) return std::nullopt;
    segments.push_back(std::move(*decoded));
    pos = end;
  }
  return segments;
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t pos = 0;
  while (pos <= query.size()) {
    std::size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    std::string_view item = query.substr(pos, end - pos);
    if (!item.empty()) {
      std::size_t eq = item.find('=');
      std::string_view key = item.substr(0, eq);
      std::string_view value =
          eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1);
      out.emplace_back(percent_decode(key, true).value_or(std::string(key)),
                       percent_decode(value, true).value_or(std::string(value)));
    }
    pos = end + 1;
  }
  return out;
}

void set_target(Request& request, std::string_view target) {
  const std::size_t q = target.find('?');
  request.path = std::string(target.substr(0, q));
  request.query.clear();
  if (q != std::string_view::npos) request.query = parse_query(target.substr(q + 1));
}

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

std::string_view status_reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

void Router::add(std::string_view method, std::string_view pattern, Handler handler) {
  if (method.empty() || !pattern.starts_with('/')) {
    throw std::invalid_argument(fmt::format("route {} {}: malformed", method, pattern));
  }
  Route route{std::string(method), std::string(pattern), {}, 0, std::move(handler)};
  std::size_t pos = 1;
  while (pos <= pattern.size() && pattern.size() > 1) {
    std::size_t end = pattern.find('/', pos);
    if (end == std::string_view::npos) end = pattern.size();
    std::string_view seg = pattern.substr(pos, end - pos);
    if (seg.empty()) {
      throw std::invalid_argument(fmt::format("route {} {}: empty segment", method, pattern));
    }
    if (seg.starts_with('{')) {
      if (!seg.ends_with('}') || seg.size() < 3) {
        throw std::invalid_argument(fmt::format("route {} {}: bad parameter", method, pattern));
      }
      route.segments.push_back({std::string(seg.substr(1, seg.size() - 2)), true});
    } else {
      route.segments.push_back({std::string(seg), false});
      ++route.literals;
    }
    pos = end + 1;
  }
  for (const auto& r : routes_) {
    if (r.method == route.method && r.pattern == route.pattern) {
      throw std::invalid_argument(fmt::format("route {} {}: registered twice", method, pattern));
    }
  }
  routes_.push_back(std::move(route));
}

void Router::set_fallback(Handler handler) {
  fallback_ = std::move(handler);
}

void Router::use(Middleware middleware) {
  middleware_.push_back(std::move(middleware));
}

std::vector<RouteInfo> Router::routes() const {
  std::vector<RouteInfo> out;
  out.reserve(routes_.size());
  for (const auto& r : routes_)
    out.push_back({r.method, r.pattern});
  return out;
}

std::vector<RouteInfo> Router::route_infos() const {
  auto out = routes();
  out.push_back({"GET", std::string(kFallbackPattern)});
  out.push_back({"-", std::string(kNotFoundPattern)});
  out.push_back({"-", std::string(kMethodNotAllowedPattern)});
  out.push_back({"-", std::string(kRejectedPattern)});
  return out;
}

Response Router::run(const Handler& handler, const Request& request,
                     RequestContext& context) const {
  if (middleware_.empty()) return handler(request, context);
  // Builds the chain from the innermost middleware outwards.
  std::vector<Handler> chain(middleware_.size() + 1);
  chain.back() = handler;
  for (std::size_t i = middleware_.size(); i-- > 0;) {
    const Middleware& mw = middleware_[i];
    const Handler& next = chain[i + 1];
    chain[i] = [&mw, &next](const Request& req, RequestContext& ctx) { return mw(req, ctx, next); };
  }
  return chain.front()(request, context);
}

Response Router::dispatch(Request& request, RequestContext& context) const {
  const std::size_t n = routes_.size();
  auto segments = split_path(request.path);
  if (!segments) {
    context.route_index = n + 1;
    context.route_pattern = kNotFoundPattern;
    return Response::problem(400, "bad_request", "The path has an invalid percent escape.");
  }
  const bool utf8 = std::all_of(segments->begin(), segments->end(),
                                [](const std::string& seg) { return valid_utf8(seg); }) &&
                    std::all_of(request.query.begin(), request.query.end(), [](const auto& kv) {
                      return valid_utf8(kv.first) && valid_utf8(kv.second);
                    });
  if (!utf8) {
    context.route_index = n + 1;
    context.route_pattern = kNotFoundPattern;
    return Response::problem(400, "bad_request", "The path or query is not valid UTF-8.");
  }
  const bool is_head = request.method == "HEAD";
  const Route* best = nullptr;       // matching path and method
  const Route* best_head = nullptr;  // GET route answering a HEAD request
  std::vector<std::string> allowed;
  for (const auto& r : routes_) {
    if (r.segments.size() != segments->size()) continue;
    bool match = true;
    for (std::size_t i = 0; i < segments->size() && match; ++i) {
      match = r.segments[i].is_param || r.segments[i].text == (*segments)[i];
    }
    if (!match) continue;
    if (std::find(allowed.begin(), allowed.end(), r.method) == allowed.end()) {
      allowed.push_back(r.method);
    }
    if (r.method == request.method && (best == nullptr || r.literals > best->literals)) best = &r;
    if (is_head && r.method == "GET" &&
        (best_head == nullptr || r.literals > best_head->literals)) {
      best_head = &r;
    }
  }
  if (best == nullptr) best = best_head;
  if (best != nullptr) {
    context.route_index = static_cast<std::size_t>(best - routes_.data());
    context.route_pattern = best->pattern;
    request.params.clear();
    for (std::size_t i = 0; i < segments->size(); ++i) {
      if (best->segments[i].is_param) request.params[best->segments[i].text] = (*segments)[i];
    }
    return run(best->handler, request, context);
  }
  if (!allowed.empty()) {
    context.route_index = n + 2;
    context.route_pattern = kMethodNotAllowedPattern;
    if (std::find(allowed.begin(), allowed.end(), "GET") != allowed.end()) {
      allowed.emplace_back("HEAD");
    }
    std::sort(allowed.begin(), allowed.end());
    std::string allow = fmt::format("{}", fmt::join(allowed, ", "));
    auto response = Response::problem(405, "method_not_allowed",
                                      fmt::format("This resource allows only {}.", allow));
    response.headers.emplace_back("allow", std::move(allow));
    return response;
  }
  if (fallback_ && (request.method == "GET" || is_head)) {
    context.route_index = n;
    context.route_pattern = kFallbackPattern;
    return run(fallback_, request, context);
  }
  context.route_index = n + 1;
  context.route_pattern = kNotFoundPattern;
  return Response::problem(404, "not_found", "There is nothing at this address.");
}

}  // namespace lap::server
