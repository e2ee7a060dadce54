#include "lap/link/app/link_json.h"

#include <cmath>
#include <string>
#include <vector>

namespace lap::link {

using Json = nlohmann::json;

double round3(double x) {
  return std::round(x * 1000) / 1000;
}

Json explanation_json(const WeightExplanation& e) {
  Json fields = Json::array();
  for (const auto& f : e.fields) {
    fields.push_back({{"field", f.field},
                      {"level", f.level},
                      {"weight", round3(f.weight)},
                      {"term_frequency", f.term_frequency_adjusted}});
  }
  return fields;
}

Json model_json(const FellegiSunterModel& m) {
  Json fields = Json::object();
  for (int f = 0; f < m.field_count(); ++f) {
    Json levels = Json::object();
    for (int l = 0; l < static_cast<int>(m.field(f).levels.size()); ++l) {
      if (l == m.field(f).missing_level) continue;
      levels[std::string(m.field(f).levels[static_cast<size_t>(l)])] = {
          {"m", m.m(f, l)}, {"u", m.u(f, l)}, {"weight", round3(m.level_weight(f, l))}};
    }
    fields[std::string(m.field(f).name)] = levels;
  }
  return {{"lambda", m.lambda()}, {"fields", fields}};
}

std::optional<LinkBase> base_model_from_summary(const Json& summary) {
  const auto model = summary.find("model");
  if (model == summary.end() || !model->contains("fields") || !model->contains("lambda") ||
      !model->contains("match_share_of_all_pairs")) {
    return std::nullopt;
  }
  LinkBase base;
  FellegiSunterModel& m = base.model;
  const Json& fields = (*model)["fields"];
  for (int f = 0; f < m.field_count(); ++f) {
    const FieldSpec& spec = m.field(f);
    auto stored = fields.find(std::string(spec.name));
    if (stored == fields.end()) return std::nullopt;
    std::vector<double> mv(spec.levels.size(), 1.0), uv(spec.levels.size(), 1.0);
    for (int l = 0; l < static_cast<int>(spec.levels.size()); ++l) {
      if (l == spec.missing_level) continue;
      auto level = stored->find(std::string(spec.levels[static_cast<size_t>(l)]));
      if (level == stored->end() || !level->contains("m") || !level->contains("u")) {
        return std::nullopt;
      }
      mv[static_cast<size_t>(l)] = (*level)["m"].get<double>();
      uv[static_cast<size_t>(l)] = (*level)["u"].get<double>();
    }
    m.set_m(f, mv);
    m.set_u(f, uv);
  }
  m.set_lambda((*model)["lambda"].get<double>());
  base.match_share = (*model)["match_share_of_all_pairs"].get<double>();
  return base;
}

Json options_json(const LinkOptions& o) {
  Json rules = Json::array();
  for (BlockingRule r : o.blocking.rules)
    rules.push_back(blocking_rule_name(r));
  return {{"lower", o.thresholds.lower},
          {"upper", o.thresholds.upper},
          {"blocking", rules},
          {"max_block_pairs", o.blocking.max_block_pairs},
          {"max_weak_block_pairs", o.blocking.max_weak_block_pairs},
          {"term_frequencies", o.term_frequencies},
          {"competing_margin", o.competing_margin}};
}

Json histogram_json(const Linker::Histogram& h) {
  Json bins = Json::array();
  for (size_t i = 0; i < h.counts.size(); ++i) {
    bins.push_back(
        {{"from", h.from + static_cast<double>(i) * h.bin_bits}, {"pairs", h.counts[i]}});
  }
  return {{"bin_bits", h.bin_bits}, {"bins", bins}};
}

Json link_summary_json(const Linker& linker, int64_t load) {
  const auto& c = linker.counts();
  const Thresholds& t = linker.options().thresholds;
  const Thresholds w = linker.weight_thresholds();
  Json summary = {
      {"load", load},
      {"records", {{"ocmw", c.ocmw_records}, {"vdab", c.vdab_records}}},
      {"identities", {{"ocmw", c.ocmw_profiles}, {"vdab", c.vdab_profiles}}},
      {"persons", {{"ocmw", c.ocmw_persons}, {"vdab_clients", c.vdab_clients}}},
      {"identifier_changes", c.identifier_changes},
      {"thresholds",
       {{"lower", t.lower},
        {"upper", t.upper},
        {"lower_weight", round3(w.lower)},
        {"upper_weight", round3(w.upper)},
        {"population_prior", round3(linker.population_prior())}}},
      {"pairs",
       {{"compared", c.pairs_compared},
        {"linked", c.pairs_linked},
        {"review", c.pairs_review},
        {"rejected", c.pairs_rejected},
        {"added_by_pseudonym", c.deterministic_pairs_added}}},
      {"links",
       {{"deterministic", c.links_deterministic},
        {"probabilistic", c.links_probabilistic},
        {"reviewed", c.links_reviewed},
        {"review_items", c.review_items},
        {"refused_by_guard", c.refused_by_guard},
        {"competing", c.competing},
        {"decisions_applied", c.decisions_applied}}},
      {"registrations",
       {{"resolved_differently", c.overrides},
        {"surrogate_clients", c.surrogate_clients},
        {"clients_merged", c.clients_merged}}},
      {"options", options_json(linker.options())},
      {"em", {{"iterations", linker.em().iterations}, {"converged", linker.em().converged}}},
      {"model", model_json(linker.model())}};
  Json rules = Json::array();
  for (const auto& r : linker.blocking_stats()) {
    rules.push_back({{"rule", blocking_rule_name(r.rule)},
                     {"blocks", r.blocks},
                     {"pairs", r.pairs},
                     {"duplicates", r.duplicates},
                     {"capped_blocks", r.capped_blocks},
                     {"capped_pairs", r.capped_pairs}});
  }
  summary["blocking"] = rules;
  Json sessions = Json::array();
  for (const auto& t : linker.sessions()) {
    sessions.push_back({{"session", t.name},
                        {"pairs", t.pairs},
                        {"used", t.used},
                        {"iterations", t.iterations},
                        {"converged", t.converged},
                        {"lambda", t.lambda}});
  }
  summary["model"]["training_sessions"] = sessions;
  summary["model"]["monotone_levels_pooled"] = linker.monotone_levels();
  summary["model"]["match_share_of_all_pairs"] = linker.match_share();
  summary["warnings"] = linker.warnings();
  summary["weight_histogram"] = histogram_json(linker.histogram());
  return summary;
}

namespace {

Json false_match_examples(const std::vector<FalseMatch>& list, bool with_method) {
  Json out = Json::array();
  for (const auto& f : list) {
    Json item = {{"vdab_client", f.client_id},
                 {"client_true_person", f.client_truth},
                 {"ocmw_true_person", f.ocmw_truth},
                 {"weight", std::isnan(f.weight) ? Json(nullptr) : Json(round3(f.weight))}};
    if (with_method) item["method"] = link_method_name(f.method);
    if (f.explanation) item["fields"] = explanation_json(*f.explanation);
    out.push_back(item);
  }
  return out;
}

Json rule_completeness_json(const std::vector<RuleCompleteness>& rules) {
  Json out = Json::array();
  for (const auto& r : rules) {
    out.push_back({{"rule", blocking_rule_name(r.rule)},
                   {"used", r.used},
                   {"true_pairs", r.true_pairs},
                   {"pair_completeness", r.completeness},
                   {"block_pairs", r.block_pairs}});
  }
  return out;
}

}  // namespace

Json quality_json(const QualityReport& q) {
  return {{"precision", q.precision},
          {"recall", q.recall},
          {"f1", q.f1},
          {"true_pairs", q.true_pairs},
          {"predicted_pairs", q.predicted_pairs},
          {"true_positives", q.true_positives},
          {"false_matches", q.false_matches},
          {"missed_matches", q.missed_matches},
          {"missed",
           {{"not_compared", q.missed_not_compared},
            {"below_lower", q.missed_below_lower},
            {"in_review", q.missed_in_review},
            {"other", q.missed_other}}},
          {"pair_completeness", q.incremental ? Json(nullptr) : Json(q.pair_completeness)},
          {"not_compared_clients", q.not_compared_clients},
          {"clients_merged", q.clients_merged},
          {"clients_merged_wrongly", q.clients_merged_wrongly},
          {"blocking_rules", rule_completeness_json(q.rules)},
          {"guard_violations", q.guard_violations},
          {"persons_without_truth", q.persons_without_truth},
          {"clients_without_truth", q.clients_without_truth},
          {"worst_false_matches", false_match_examples(q.worst_false_matches, true)},
          {"best_missed_matches", false_match_examples(q.best_missed_matches, false)}};
}

}  // namespace lap::link
