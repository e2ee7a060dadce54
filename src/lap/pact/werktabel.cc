#include "lap/pact/werktabel.h"

#include <algorithm>

#include "lap/pact/largest_remainder.h"

namespace lap::pact {

std::string_view count_source_name(CountSource source) {
  return source == CountSource::kCountTable ? "count_table" : "linked_data";
}

Result<Counts> choose_counts(std::optional<Counts> count_table, std::optional<Counts> linked) {
  if (count_table) {
    count_table->source = CountSource::kCountTable;
    return *std::move(count_table);
  }
  if (linked) {
    linked->source = CountSource::kLinkedData;
    return *std::move(linked);
  }
  return make_error(ErrorCode::kNotFound,
                    "counts: neither an imported count table nor linked data is available");
}

const WerktabelRow* Werktabel::find(Nis nis) const {
  auto it = std::lower_bound(rows.begin(), rows.end(), nis,
                             [](const WerktabelRow& r, Nis n) { return r.nis < n; });
  return it != rows.end() && it->nis == nis ? &*it : nullptr;
}

int64_t baseline(const Rate& threshold, int64_t n) {
  return threshold.apply_half_up(n);
}

int64_t extra_engagement(Money m, Money amount) {
  if (amount.cents() <= 0 || m.cents() <= 0) return 0;
  return m.cents() / amount.cents();
}

Result<Werktabel> build_werktabel(const CallParameters& p, const VersionRef& version,
                                  const Counts& counts, const geo::Registry* registry) {
  Werktabel w;
  w.version = version;
  w.count_source = counts.source;
  w.budget = p.budget;
  w.amount_per_outflow = p.amount_per_outflow;
  w.threshold = p.threshold;
  std::map<Nis, int64_t> n = counts.by_nis;
  for (const auto& [nis, count] : n) {
    if (count < 0)
      return make_error(ErrorCode::kInvalidArgument,
                        "counts: negative count for " + nis.to_string());
    if (registry && !registry->exists_on(nis, p.counts_on))
      return make_error(
          ErrorCode::kInvalidArgument,
          "counts: " + nis.to_string() + " is not a municipality on " + p.counts_on.to_string());
  }
  if (registry) {
    for (const auto* m : registry->valid_on(p.counts_on)) {
      if (n.emplace(m->nis, 0).second) w.missing.push_back(m->nis);
    }
  }
  std::vector<int64_t> weights;
  weights.reserve(n.size());
  for (const auto& [nis, count] : n) {
    weights.push_back(count);
    w.total_n += count;
  }
  if (w.total_n <= 0)
    return make_error(ErrorCode::kInvalidArgument, "counts: the total count is zero");
  auto parts = largest_remainder(p.budget.cents(), weights);
  size_t i = 0;
  for (const auto& [nis, count] : n) {
    WerktabelRow r;
    r.nis = nis;
    if (registry) {
      if (const auto* m = registry->find(nis)) r.name = m->name;
    }
    r.n = count;
    r.m = Money::from_cents(parts[i++]);
    r.b = baseline(p.threshold, count);
    r.e = extra_engagement(r.m, p.amount_per_outflow);
    r.t = r.b + r.e;
    w.rows.push_back(std::move(r));
  }
  return w;
}

Result<WerktabelRow> commit_less(const WerktabelRow& row, int64_t engagement, Money amount) {
  if (engagement < 0 || engagement > row.e)
    return make_error(ErrorCode::kInvalidArgument, "engagement: must be between 0 and " +
                                                       std::to_string(row.e) + " for " +
                                                       row.nis.to_string());
  if (engagement == row.e) return row;  // the full engagement keeps M
  WerktabelRow r = row;
  r.e = engagement;
  r.t = r.b + r.e;
  r.m = amount * engagement;
  return r;
}

}  // namespace lap::pact
