// The JSON forms of a link run (docs/linking.md): the summary stored with the
// run (`link_run.summary_json`, also the body of `lap link --report`), the
// per-field explanation of a comparison (stored with each review item, and in
// the report's examples) and the quality against a ground truth. Levels and
// weights only: never an INSZ or a name.
//
// Numbers that are measurements (weights, seconds) are rounded to thousandths
// (`round3`) so the documents stay readable and stable.
#pragma once

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "lap/link/fellegi_sunter.h"
#include "lap/link/linkage.h"
#include "lap/link/quality.h"

namespace lap::link {

double round3(double x);

// [{"field", "level", "weight", "term_frequency"}, ...]
nlohmann::json explanation_json(const WeightExplanation& e);
// {"lambda", "fields": {field: {level: {"m", "u", "weight"}}}}
nlohmann::json model_json(const FellegiSunterModel& m);
// {"bin_bits", "bins": [{"from", "pairs"}, ...]}
nlohmann::json histogram_json(const Linker::Histogram& h);
// The figures of a resolved linker for data load `load`: records, identities,
// persons, thresholds, pairs, links, registrations, EM, the model, the blocking
// rules and the weight histogram (`weight_histogram`, left out when stored).
nlohmann::json link_summary_json(const Linker& linker, int64_t load);
// The options a run's decisions depend on (thresholds, blocking rules and
// caps, term frequencies, the competing margin), stored in its summary as
// `options`: an incremental run needs a base run with the same ones.
nlohmann::json options_json(const LinkOptions& o);
// The model and match prior stored in a run's summary (`model`), without the
// units; nullopt when the summary lacks a field or level of this version.
std::optional<LinkBase> base_model_from_summary(const nlohmann::json& summary);
// Precision, recall, F1, the missed pairs by cause and the worst examples.
nlohmann::json quality_json(const QualityReport& q);

}  // namespace lap::link
