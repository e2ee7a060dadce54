#include "lap/store/link_review.h"

#include <cmath>

#include <nlohmann/json.hpp>

namespace lap::store {

using Json = nlohmann::json;

namespace {

Json parse_summary(const LinkStore::LinkRun& run) {
  return Json::parse(run.summary_json, nullptr, false);
}

// Runs store the thresholds on the match log-odds and what they come to as
// weights (`lower_weight`, `upper_weight`); runs before that stored weights as
// `lower` and `upper`. The waterfall compares weights.
std::optional<LinkThresholds> thresholds_in(const Json& summary) {
  if (!summary.is_object() || !summary.contains("thresholds")) return std::nullopt;
  const Json& t = summary["thresholds"];
  for (const auto& [lo, hi] :
       {std::pair("lower_weight", "upper_weight"), std::pair("lower", "upper")}) {
    if (t.is_object() && t.contains(lo) && t.contains(hi) && t[lo].is_number() &&
        t[hi].is_number()) {
      return LinkThresholds{t[lo].get<double>(), t[hi].get<double>()};
    }
  }
  return std::nullopt;
}

// The prior the thresholds are relative to: the population prior of runs
// that store one (thresholds on the match log-odds), else log2(lambda /
// (1 - lambda)) of the stored model's share of matches.
std::optional<double> prior_in(const Json& summary) {
  if (summary.is_object() && summary.contains("thresholds") && summary["thresholds"].is_object() &&
      summary["thresholds"].contains("population_prior") &&
      summary["thresholds"]["population_prior"].is_number()) {
    return summary["thresholds"]["population_prior"].get<double>();
  }
  if (!summary.is_object() || !summary.contains("model")) return std::nullopt;
  const Json& model = summary["model"];
  if (!model.is_object() || !model.contains("lambda") || !model["lambda"].is_number()) {
    return std::nullopt;
  }
  const double lambda = model["lambda"].get<double>();
  if (!(lambda > 0 && lambda < 1)) return std::nullopt;
  return std::log2(lambda / (1 - lambda));
}

}  // namespace

std::optional<LinkThresholds> stored_thresholds(const LinkStore::LinkRun& run) {
  return thresholds_in(parse_summary(run));
}

std::optional<double> stored_prior(const LinkStore::LinkRun& run) {
  return prior_in(parse_summary(run));
}

ReviewWaterfall review_waterfall(const LinkStore::LinkReviewItem& item,
                                 const LinkStore::LinkRun& run) {
  ReviewWaterfall w;
  w.weight = item.weight;
  const Json summary = parse_summary(run);
  w.thresholds = thresholds_in(summary);
  w.prior = prior_in(summary);
  const Json levels = Json::parse(item.levels_json, nullptr, false);
  if (!levels.is_array()) return w;
  for (const Json& f : levels) {
    if (!f.is_object() || !f.contains("weight") || !f["weight"].is_number()) continue;
    WaterfallStep step;
    step.field = f.value("field", "");
    step.level = f.value("level", "");
    step.weight = f["weight"].get<double>();
    step.term_frequency = f.value("term_frequency", false);
    step.from = w.total;
    w.total += step.weight;
    step.to = w.total;
    w.steps.push_back(std::move(step));
  }
  return w;
}

std::string_view threshold_band(double weight, const LinkThresholds& t) {
  if (weight < t.lower) return "below_lower";
  if (weight >= t.upper) return "from_upper";
  return "between";
}

}  // namespace lap::store
