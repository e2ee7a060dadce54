// Reading API request bodies: every problem is collected with the JSON pointer
// of the value and the rule it broke, and answered as one 422 response.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "lap/core/date.h"
#include "lap/core/money.h"
#include "lap/core/month.h"
#include "lap/core/nis.h"
#include "lap/pact/rate.h"
#include "lap/server/router.h"

namespace lap::server::api {

// The deepest nesting of arrays and objects a request body may have. Deeper
// bodies are refused before they are parsed: a parsed document is copied and
// freed recursively, and 100,000 levels overflow the stack.
inline constexpr int kMaxJsonDepth = 64;

// Whether `body` nests arrays and objects at most `max_depth` deep (a scan of
// the text, strings skipped; not a validation).
bool nesting_within(std::string_view body, int max_depth = kMaxJsonDepth);

// Parses a request body: the discarded value when it is not JSON or nests
// deeper than kMaxJsonDepth.
nlohmann::json parse_body(std::string_view body);

struct InputProblem {
  std::string pointer;  // "/members/1/nis"
  std::string rule;     // "must be a NIS code of 5 digits"
};

// Dutch for the people who see a refusal (docs/api.md, "Errors"): a rule
// ("is required" -> "is verplicht"; an English rule without a translation is
// returned as it is) and the field a pointer names ("/budget_cents" ->
// "Budget", "/members/1/nis" -> "NIS-code (nr. 2)"; an unknown key as it is).
std::string dutch_rule(std::string_view rule);
std::string dutch_field(std::string_view pointer);
// "Budget: is verplicht".
std::string dutch_problem(const InputProblem& p);
// The refusal of a rule of the Lokaal Activeringspact (lap/pact, shared with
// the CLI, in English) in Dutch: "the application is not valid:\n  plan: a plan
// of approach is required" -> "De aanvraag is niet geldig:\n  Plan: een plan van
// aanpak is verplicht". A message of another form, and a line without a
// translation, stay as they are.
std::string dutch_invalid(std::string_view message);

class JsonInput {
 public:
  // Parses `body`; a syntax error or a non-object is a problem at "".
  explicit JsonInput(std::string_view body);

  bool ok() const { return problems_.empty(); }
  const nlohmann::json& root() const { return root_; }
  void problem(std::string pointer, std::string rule);
  // 422 with every problem.
  Response response() const;

  // Each reads `object[key]` (pointer `at` + "/" + key). A missing or null
  // value is nullopt, and a problem when `required`.
  std::optional<std::string> text(const nlohmann::json& object, std::string_view at,
                                  std::string_view key, bool required);
  std::optional<int64_t> integer(const nlohmann::json& object, std::string_view at,
                                 std::string_view key, bool required);
  std::optional<bool> boolean(const nlohmann::json& object, std::string_view at,
                              std::string_view key, bool required);
  std::optional<Date> date(const nlohmann::json& object, std::string_view at, std::string_view key,
                           bool required);
  std::optional<Month> month(const nlohmann::json& object, std::string_view at,
                             std::string_view key, bool required);
  // Euro cents as an integer.
  std::optional<Money> cents(const nlohmann::json& object, std::string_view at,
                             std::string_view key, bool required);
  // A percentage as a decimal string, "22.5".
  std::optional<pact::Rate> percent(const nlohmann::json& object, std::string_view at,
                                    std::string_view key, bool required);
  std::optional<Nis> nis(const nlohmann::json& object, std::string_view at, std::string_view key,
                         bool required);
  // An array of strings.
  std::optional<std::vector<std::string>> texts(const nlohmann::json& object, std::string_view at,
                                                std::string_view key, bool required);

 private:
  const nlohmann::json* get(const nlohmann::json& object, std::string_view at, std::string_view key,
                            bool required);

  nlohmann::json root_;
  std::vector<InputProblem> problems_;
};

}  // namespace lap::server::api
