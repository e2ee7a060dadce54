// The werktabel of a call (domain.md §4 rules 1-3): per municipality the count N,
// the drawing right M (trekkingsrecht), the baseline B, the extra engagement E
// and the target T.
//
//   N_i  leefloners (LL + ELL) on the call's reference date, from an imported
//        POD MI count table or from linked data; the table wins (choose_counts).
//   M_i  budget × N_i / ΣN in cents, split by largest remainder (see
//        largest_remainder.h: ties go to the larger N, then the lower NIS), so
//        ΣM = budget exactly.
//   B_i  threshold × N_i rounded half up (exact rational arithmetic).
//   E_i  ⌊M_i / amount⌋.
//   T_i  B_i + E_i.
// A municipality may commit to fewer than E_i extra outflows; then its M_i
// becomes E_i × amount (commit_less).
//
// Pure; the optional registry only checks the codes and fills in names.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/error.h"
#include "lap/core/money.h"
#include "lap/core/nis.h"
#include "lap/geo/registry.h"
#include "lap/pact/call.h"

namespace lap::pact {

enum class CountSource {
  kCountTable,  // an imported POD MI count table
  kLinkedData,  // counted from the linked RMI data
};
std::string_view count_source_name(CountSource source);  // `count_table` / `linked_data`

struct Counts {
  CountSource source = CountSource::kCountTable;
  std::map<Nis, int64_t> by_nis;  // N per municipality
};

// domain.md §4 rule 1: the imported count table wins when both exist. An error when
// neither exists.
Result<Counts> choose_counts(std::optional<Counts> count_table, std::optional<Counts> linked);

struct WerktabelRow {
  Nis nis;
  std::string name;  // empty without a registry
  int64_t n = 0;
  Money m;
  int64_t b = 0;
  int64_t e = 0;
  int64_t t = 0;
};

struct Werktabel {
  VersionRef version;
  CountSource count_source = CountSource::kCountTable;
  Money budget;
  Money amount_per_outflow;
  Rate threshold;
  int64_t total_n = 0;
  std::vector<WerktabelRow> rows;  // ordered by NIS code
  // Municipalities valid on the reference date that the counts did not list;
  // they are in `rows` with N = 0 (only filled when a registry is given).
  std::vector<Nis> missing;

  const WerktabelRow* find(Nis nis) const;
};

// B = threshold × n rounded half up.
int64_t baseline(const Rate& threshold, int64_t n);
// E = ⌊m / amount⌋ (0 when amount <= 0).
int64_t extra_engagement(Money m, Money amount);

// Builds the werktabel. Errors: a negative count, ΣN = 0, and (with a
// registry) a code that is not a municipality on `p.counts_on`. With a
// registry, every municipality valid on `p.counts_on` gets a row.
Result<Werktabel> build_werktabel(const CallParameters& p, const VersionRef& version,
                                  const Counts& counts, const geo::Registry* registry = nullptr);

// A municipality commits to `engagement` (0..E) extra outflows: E and T follow,
// and M becomes engagement × amount.
Result<WerktabelRow> commit_less(const WerktabelRow& row, int64_t engagement, Money amount);

}  // namespace lap::pact
