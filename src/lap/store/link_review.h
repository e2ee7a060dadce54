// The explanation of one review item of the linkage (docs/linking.md) as a
// waterfall: from 0, each field's weight added in turn (the running total
// after every field), the final weight against the thresholds of its run and
// the prior, both read from the run's summary. Read by `lap link --review` and
// the API's review queue, so both explain an item the same way. Levels and
// weights only: the stored items hold no INSZ or names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/store/link_store.h"

namespace lap::store {

struct LinkThresholds {
  double lower = 0;  // below: not linked
  double upper = 0;  // at or above: a link candidate
};

struct WaterfallStep {
  std::string field;            // insz, last_name, first_name, birth_date, sex, postcode
  std::string level;            // e.g. exact, variant, missing
  double weight = 0;            // this field's contribution (bits)
  double from = 0;              // the running total before it
  double to = 0;                // and after it
  bool term_frequency = false;  // u scaled by the name's frequency
};

struct ReviewWaterfall {
  std::vector<WaterfallStep> steps;
  double total = 0;                          // the sum of the steps
  double weight = 0;                         // the item's stored weight
  std::optional<double> prior;               // log2 of the prior odds; not part of the weight
  std::optional<LinkThresholds> thresholds;  // as the run stored them
};

// The waterfall of `item` of `run`. Fields missing from its levels are left
// out; a malformed document gives no steps (the stored weight remains).
ReviewWaterfall review_waterfall(const LinkStore::LinkReviewItem& item,
                                 const LinkStore::LinkRun& run);
// The thresholds and the prior a run stored in its summary (nullopt when not).
std::optional<LinkThresholds> stored_thresholds(const LinkStore::LinkRun& run);
std::optional<double> stored_prior(const LinkStore::LinkRun& run);

// Where a weight lies: "below_lower", "between" or "from_upper".
std::string_view threshold_band(double weight, const LinkThresholds& t);

}  // namespace lap::store
