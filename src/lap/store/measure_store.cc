#include "lap/store/measure_store.h"

#include <algorithm>
#include <tuple>

namespace lap::store {

void sort_figures(std::vector<StoredFigure>& figures) {
  auto before = [](const StoredFigure& a, const StoredFigure& b) {
    return std::tie(a.indicator, a.variant, a.period, a.nis) <
           std::tie(b.indicator, b.variant, b.period, b.nis);
  };
  if (!std::is_sorted(figures.begin(), figures.end(), before)) {
    std::stable_sort(figures.begin(), figures.end(), before);
  }
}

std::vector<measure::Figure> engine_figures(std::span<const StoredFigure> stored,
                                            std::set<std::string, std::less<>>& variants) {
  std::vector<measure::Figure> out;
  out.reserve(stored.size());
  for (const StoredFigure& s : stored) {
    auto indicator = measure::indicator_from_id(s.indicator);
    auto period = measure::Period::parse(s.period);
    auto nis = Nis::from_int(s.nis);
    if (!indicator || !period || !nis) continue;  // transitions are no figures of the engine
    out.push_back({*indicator, *variants.insert(s.variant).first, *period, *nis, s.numerator,
                   s.denominator, s.pending});
  }
  return out;
}

}  // namespace lap::store
