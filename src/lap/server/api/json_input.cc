#include "lap/server/api/json_input.h"

#include <cstdint>
#include <limits>

#include <fmt/format.h>

namespace lap::server::api {

bool nesting_within(std::string_view body, int max_depth) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : body) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

nlohmann::json parse_body(std::string_view body) {
  if (!nesting_within(body)) return nlohmann::json(nlohmann::json::value_t::discarded);
  return nlohmann::json::parse(body, nullptr, false);
}

JsonInput::JsonInput(std::string_view body) {
  if (!nesting_within(body)) {
    root_ = nlohmann::json::object();
    problem("",
            fmt::format("the body nests arrays and objects deeper than {} levels", kMaxJsonDepth));
    return;
  }
  root_ = nlohmann::json::parse(body, nullptr, false);
  if (root_.is_discarded()) {
    root_ = nlohmann::json::object();
    problem("", "the body must be a JSON document");
  } else if (!root_.is_object()) {
    root_ = nlohmann::json::object();
    problem("", "the body must be a JSON object");
  }
}

void JsonInput::problem(std::string pointer, std::string rule) {
  problems_.push_back({std::move(pointer), std::move(rule)});
}

Response JsonInput::response() const {
  nlohmann::json list = nlohmann::json::array();
  std::string message;
  for (const auto& p : problems_) {
    list.push_back({{"pointer", p.pointer}, {"rule", p.rule}});
    if (!message.empty()) message += "; ";
    message += (p.pointer.empty() ? std::string("body") : p.pointer) + ": " + p.rule;
  }
  nlohmann::json body = {
      {"error", {{"code", "invalid"}, {"message", message}, {"problems", list}}}};
  return Response::json(422, body.dump());
}

const nlohmann::json* JsonInput::get(const nlohmann::json& object, std::string_view at,
                                     std::string_view key, bool required) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (required) problem(fmt::format("{}/{}", at, key), "is required");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> JsonInput::text(const nlohmann::json& object, std::string_view at,
                                           std::string_view key, bool required) {
  const auto* v = get(object, at, key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    problem(fmt::format("{}/{}", at, key), "must be a string");
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<int64_t> JsonInput::integer(const nlohmann::json& object, std::string_view at,
                                          std::string_view key, bool required) {
  const auto* v = get(object, at, key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number_integer()) {
    problem(fmt::format("{}/{}", at, key), "must be an integer");
    return std::nullopt;
  }
  // A number above 2^63 - 1 is held unsigned; get<int64_t> would wrap it.
  if (v->is_number_unsigned() &&
      v->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    problem(fmt::format("{}/{}", at, key), "is out of range");
    return std::nullopt;
  }
  return v->get<int64_t>();
}

std::optional<bool> JsonInput::boolean(const nlohmann::json& object, std::string_view at,
                                       std::string_view key, bool required) {
  const auto* v = get(object, at, key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    problem(fmt::format("{}/{}", at, key), "must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<Date> JsonInput::date(const nlohmann::json& object, std::string_view at,
                                    std::string_view key, bool required) {
  auto t = text(object, at, key, required);
  if (!t) return std::nullopt;
  auto d = Date::parse(*t);
  if (!d) {
    problem(fmt::format("{}/{}", at, key), "must be a date YYYY-MM-DD");
    return std::nullopt;
  }
  return *d;
}

std::optional<Month> JsonInput::month(const nlohmann::json& object, std::string_view at,
                                      std::string_view key, bool required) {
  auto t = text(object, at, key, required);
  if (!t) return std::nullopt;
  auto m = Month::parse(*t);
  if (!m) {
    problem(fmt::format("{}/{}", at, key), "must be a month YYYY-MM");
    return std::nullopt;
  }
  return *m;
}

std::optional<Money> JsonInput::cents(const nlohmann::json& object, std::string_view at,
                                      std::string_view key, bool required) {
  auto i = integer(object, at, key, required);
  if (!i) return std::nullopt;
  return Money::from_cents(*i);
}

std::optional<pact::Rate> JsonInput::percent(const nlohmann::json& object, std::string_view at,
                                             std::string_view key, bool required) {
  auto t = text(object, at, key, required);
  if (!t) return std::nullopt;
  auto r = pact::Rate::parse_percent(*t);
  if (!r) {
    problem(fmt::format("{}/{}", at, key),
            "must be a percentage as a decimal string, e.g. \"22.5\"");
    return std::nullopt;
  }
  return *r;
}

std::optional<Nis> JsonInput::nis(const nlohmann::json& object, std::string_view at,
                                  std::string_view key, bool required) {
  const auto* v = get(object, at, key, required);
  if (v == nullptr) return std::nullopt;
  std::optional<Nis> out;
  if (v->is_string()) {
    if (auto n = Nis::parse(v->get<std::string>())) out = *n;
  } else if (v->is_number_integer()) {
    // Checked as a 64-bit number: get<int> would wrap 4294978298 to 11002.
    const bool small = v->is_number_unsigned()
                           ? v->get<uint64_t>() <= 99'999
                           : v->get<int64_t>() >= 0 && v->get<int64_t>() <= 99'999;
    if (small) {
      if (auto n = Nis::from_int(static_cast<int>(v->get<int64_t>()))) out = *n;
    }
  }
  if (!out) problem(fmt::format("{}/{}", at, key), "must be a NIS code of 5 digits");
  return out;
}

std::optional<std::vector<std::string>> JsonInput::texts(const nlohmann::json& object,
                                                         std::string_view at, std::string_view key,
                                                         bool required) {
  const auto* v = get(object, at, key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_array()) {
    problem(fmt::format("{}/{}", at, key), "must be an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_string()) {
      problem(fmt::format("{}/{}/{}", at, key, i), "must be a string");
      continue;
    }
    out.push_back((*v)[i].get<std::string>());
  }
  return out;
}

}  // namespace lap::server::api
