// Measurement facts straight from a delivery directory, without a database:
// for `lap measure --from-files` and the benchmarks at `belgium` scale.
#pragma once

#include <string>

#include "lap/core/date.h"
#include "lap/core/error.h"
#include "lap/geo/registry.h"
#include "lap/link/pseudonym.h"
#include "lap/store/store.h"

namespace lap::ingest {

// Reads rmi_entitlements, vdab_registrations, work_months, activation_measures
// and identifier_changes from `dir` (a missing file is an empty source),
// validating every row as `lap import` does, and passes the facts to `sink`
// keyed by the pseudonym of their INSZ under `pseudonymiser` — the keys an
// import with the same key would store. VDAB rows without a valid INSZ are
// skipped. Problems in the files give kInvalidArgument listing the first
// `max_errors` of them (the sink may have received facts by then); unreadable
// files kIo.
Status read_delivery_facts(const std::string& dir, const geo::Registry& registry,
                           const link::Pseudonymiser& pseudonymiser, Date today,
                           store::FactSink& sink, size_t max_errors = 20);

}  // namespace lap::ingest
