#include "lap/publish/block_protector.h"

#include <algorithm>
#include <bit>
#include <limits>
#include <set>
#include <tuple>

namespace lap::publish::detail {
namespace {

using measure::kRoleDenominator;
using measure::kRoleNumerator;
using measure::kRolePending;

int64_t area_weight(Level level) {
  switch (level) {
    case Level::kRegiegebied:
      return kRegiegebiedWeight;
    case Level::kProvince:
    case Level::kSizeClass:  // not published (areas.h)
    case Level::kCentrumsteden:
      return kProvinceWeight;
    case Level::kFlanders:
    case Level::kOcmw:
      break;
  }
  return kFlandersWeight;
}

}  // namespace

BlockProtector::BlockProtector(const measure::InnerBlock& b, const geo::Registry& registry,
                               const ProtectOptions& options)
    : block_(b),
      options_(options),
      n_(static_cast<int>(b.ocmws.size())),
      ns_(b.signatures()),
      nf_(b.figures()),
      width_(std::max(options.k - 1, 0)) {
  const auto nsu = static_cast<size_t>(ns_);
  const auto nfu = static_cast<size_t>(nf_);
  roles_.resize(nsu * nfu);
  // The headline figures (variant `all`) are dearer to hide than their parts.
  figure_weight_.resize(nfu);
  for (int f = 0; f < nf_; ++f)
    figure_weight_[static_cast<size_t>(f)] = b.variant(f) == "all" ? kHeadlineWeight : 1;
  for (int s = 0; s < ns_; ++s)
    for (int f = 0; f < nf_; ++f)
      roles_[static_cast<size_t>(s) * nfu + static_cast<size_t>(f)] = b.role(s, f);

  counts_.assign(static_cast<size_t>(n_) * nfu, Counts{});
  mass_.assign(static_cast<size_t>(n_) * nfu, 0);
  listed_.assign(static_cast<size_t>(n_), 0);
  std::vector<int64_t> total(nsu, 0);
  for (int x = 0; x < n_; ++x) {
    const auto row = b.row(static_cast<size_t>(x));
    for (int s = 0; s < ns_; ++s) {
      const int64_t c = row[static_cast<size_t>(s)];
      if (c == 0) continue;
      total[static_cast<size_t>(s)] += c;
      for (int f = 0; f < nf_; ++f) {
        const uint8_t r = roles_[static_cast<size_t>(s) * nfu + static_cast<size_t>(f)];
        if (r == 0) continue;
        const size_t i = static_cast<size_t>(x) * nfu + static_cast<size_t>(f);
        if ((r & kRoleNumerator) != 0) counts_[i].numerator += c;
        if ((r & kRolePending) != 0) counts_[i].pending += c;
        if ((r & kRoleDenominator) != 0) counts_[i].denominator += c;
        mass_[i] += c;
      }
    }
    for (int f = 0; f < nf_; ++f) {
      if (mass_[static_cast<size_t>(x) * nfu + static_cast<size_t>(f)] > 0) {
        listed_[static_cast<size_t>(x)] |= FigureMask{1} << f;
      }
    }
  }
  for (int s = 0; s < ns_; ++s)
    if (total[static_cast<size_t>(s)] > 0) present_.push_back(s);

  // The areas of the block's OCMWs.
  std::map<std::pair<Level, std::string>, int> index;
  parents_.resize(static_cast<size_t>(n_));
  province_.assign(static_cast<size_t>(n_), -1);
  for (int x = 0; x < n_; ++x) {
    for (Area& area : parents(registry.find(b.ocmws[static_cast<size_t>(x)]))) {
      const Level level = area.level;
      auto [it, inserted] =
          index.try_emplace({level, area.code}, static_cast<int>(aggregates_.size()));
      if (inserted) aggregates_.push_back({std::move(area), {}, area_weight(level)});
      aggregates_[static_cast<size_t>(it->second)].members.push_back(x);
      parents_[static_cast<size_t>(x)].push_back(it->second);
      if (level == Level::kProvince) province_[static_cast<size_t>(x)] = it->second;
    }
    std::sort(parents_[static_cast<size_t>(x)].begin(), parents_[static_cast<size_t>(x)].end());
  }
  const size_t na = aggregates_.size();
  aggregate_counts_.assign(na * nfu, Counts{});
  aggregate_mass_.assign(na * nfu, 0);
  aggregate_listed_.assign(na, 0);
  for (size_t a = 0; a < na; ++a) {
    for (int x : aggregates_[a].members) {
      for (int f = 0; f < nf_; ++f) {
        const size_t i = static_cast<size_t>(x) * nfu + static_cast<size_t>(f);
        aggregate_counts_[a * nfu + static_cast<size_t>(f)].add(counts_[i]);
        aggregate_mass_[a * nfu + static_cast<size_t>(f)] += mass_[i];
      }
      aggregate_listed_[a] |= listed_[static_cast<size_t>(x)];
    }
  }
  primary_.assign(static_cast<size_t>(n_), 0);
  suppressed_.assign(static_cast<size_t>(n_), 0);
  aggregate_primary_.assign(na, 0);
  aggregate_suppressed_.assign(na, 0);
}

void BlockProtector::collect_forms(std::vector<Form>& forms) {
  const auto nfu = static_cast<size_t>(nf_);
  auto add = [&](bool aggregate, int index, FigureMask listed, const Counts* counts,
                 FigureMask& primary) {
    for_bits(listed, [&](int f) {
      const uint8_t mask = sensitive(counts[f], options_.k);
      if (mask == 0) return;
      primary |= FigureMask{1} << f;
      for (int q = 0; q < kQuantities; ++q) {
        if ((mask & (1U << q)) != 0) {
          forms.push_back({aggregate, index, f, static_cast<Quantity>(q)});
        }
      }
    });
  };
  for (int x = 0; x < n_; ++x) {
    add(false, x, listed_[static_cast<size_t>(x)], &counts_[static_cast<size_t>(x) * nfu],
        primary_[static_cast<size_t>(x)]);
  }
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    add(true, static_cast<int>(a), aggregate_listed_[a], &aggregate_counts_[a * nfu],
        aggregate_primary_[a]);
  }
}

void BlockProtector::run() {
  if (options_.k <= 1) return;
  std::vector<Form> forms;
  collect_forms(forms);
  suppressed_ = primary_;
  aggregate_suppressed_ = aggregate_primary_;
  sensitive_ = static_cast<int64_t>(forms.size());
  if (forms.empty()) return;
  build_moves();
  for (const Form& form : forms)
    protect(form);
}

BlockProtector::Areas BlockProtector::areas_between(int y, int z) const {
  Areas out;
  const auto& py = parents_[static_cast<size_t>(y)];
  static const std::vector<int> kNone;
  const auto& pz = z >= 0 ? parents_[static_cast<size_t>(z)] : kNone;
  auto add = [&](int a, bool with_y) {
    if (with_y) out.with_y |= static_cast<uint8_t>(1U << out.size);
    out.index[out.size++] = static_cast<int16_t>(a);
  };
  for (int a : py)
    if (std::find(pz.begin(), pz.end(), a) == pz.end()) add(a, true);
  for (int a : pz)
    if (std::find(py.begin(), py.end(), a) == py.end()) add(a, false);
  return out;
}

int64_t BlockProtector::cost(FigureMask figures, int y, int z, const Areas& areas) const {
  const auto nfu = static_cast<size_t>(nf_);
  int64_t c = 0;
  auto ocmw = [&](int x) {
    for_bits(figures & ~suppressed_[static_cast<size_t>(x)], [&](int f) {
      c += kOcmwWeight * figure_weight_[static_cast<size_t>(f)] +
           std::min<int64_t>(mass_[static_cast<size_t>(x) * nfu + static_cast<size_t>(f)], 999);
    });
  };
  ocmw(y);
  if (z >= 0) ocmw(z);
  for (int i = 0; i < areas.size; ++i) {
    const auto au = static_cast<size_t>(areas.index[static_cast<size_t>(i)]);
    c += std::popcount(figures & ~aggregate_suppressed_[au]) * aggregates_[au].weight;
  }
  return c;
}

void BlockProtector::commit(FigureMask figures, int y, int z, Undo& u) {
  u.ocmws.emplace_back(y, suppressed_[static_cast<size_t>(y)]);
  suppressed_[static_cast<size_t>(y)] |= figures;
  if (z >= 0) {
    u.ocmws.emplace_back(z, suppressed_[static_cast<size_t>(z)]);
    suppressed_[static_cast<size_t>(z)] |= figures;
  }
  const Areas areas = areas_between(y, z);
  for (int i = 0; i < areas.size; ++i) {
    const int a = areas.index[static_cast<size_t>(i)];
    u.aggregates.emplace_back(a, aggregate_suppressed_[static_cast<size_t>(a)]);
    aggregate_suppressed_[static_cast<size_t>(a)] |= figures;
  }
}

void BlockProtector::undo(const Undo& u) {
  for (auto it = u.ocmws.rbegin(); it != u.ocmws.rend(); ++it)
    suppressed_[static_cast<size_t>(it->first)] = it->second;
  for (auto it = u.aggregates.rbegin(); it != u.aggregates.rend(); ++it)
    aggregate_suppressed_[static_cast<size_t>(it->first)] = it->second;
}

void BlockProtector::emit(std::vector<SuppressedCell>& out, std::vector<Loss>& loss) const {
  for (int f = 0; f < nf_; ++f) {
    const FigureMask bit = FigureMask{1} << f;
    const measure::Indicator indicator = block_.indicator(f);
    const std::string_view variant = block_.variant(f);
    auto it = std::find_if(loss.begin(), loss.end(), [&](const Loss& l) {
      return l.indicator == indicator && l.variant == variant;
    });
    if (it == loss.end()) {
      loss.push_back({indicator, std::string(variant), 0, 0, 0, 0, 0, 0});
      it = std::prev(loss.end());
    }
    auto cell = [&](Level level, const std::string& code, bool primary) {
      out.push_back({{indicator, std::string(variant), block_.period(f), level, code},
                     primary ? Suppression::kPrimary : Suppression::kSecondary});
    };
    for (int x = 0; x < n_; ++x) {
      const auto xu = static_cast<size_t>(x);
      if ((listed_[xu] & bit) == 0) continue;
      ++it->ocmw_cells;
      const bool primary = (primary_[xu] & bit) != 0;
      if (primary) ++it->ocmw_primary;
      if ((suppressed_[xu] & bit) == 0) continue;
      if (!primary) ++it->ocmw_secondary;
      cell(Level::kOcmw, block_.ocmws[xu].to_string(), primary);
    }
    for (size_t a = 0; a < aggregates_.size(); ++a) {
      if ((aggregate_listed_[a] & bit) == 0) continue;
      ++it->area_cells;
      const bool primary = (aggregate_primary_[a] & bit) != 0;
      if (primary) ++it->area_primary;
      if ((aggregate_suppressed_[a] & bit) == 0) continue;
      if (!primary) ++it->area_secondary;
      cell(aggregates_[a].area.level, aggregates_[a].area.code, primary);
    }
  }
}

}  // namespace lap::publish::detail
