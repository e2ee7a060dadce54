#include "lap/formats/reader_support.h"

#include <algorithm>

#include <fmt/format.h>

namespace lap::formats::internal {

std::string opt_date(const std::optional<Date>& d) {
  return d ? d->to_string() : std::string();
}

std::string_view flag_text(bool b) {
  return b ? "1" : "0";
}

std::string validity(const geo::Municipality& m) {
  if (!m.valid_to) return fmt::format("from {}", m.valid_from.to_string());
  std::string s = fmt::format("{}..{}", m.valid_from.to_string(), m.valid_to->to_string());
  if (m.successor) s += fmt::format(", then {}", m.successor->to_string());
  return s;
}

void check_exists_on(Fields& f, size_t column, const geo::Registry& registry, Nis nis, Date date,
                     std::string_view date_column) {
  if (registry.exists_on(nis, date)) return;
  const geo::Municipality* m = registry.find(nis);
  f.problem(column, fmt::format("municipality {} does not exist on {} {} (valid {})",
                                nis.to_string(), date_column, date.to_string(),
                                m != nullptr ? validity(*m) : std::string("never")));
}

void check_period(Fields& f, size_t end_column, const std::optional<Date>& start,
                  const std::optional<Date>& end) {
  if (start && end && *end < *start) f.problem(end_column, "end_date lies before start_date");
}

void DuplicateCheck::report(const std::string& file, Problems& problems) {
  std::sort(seen_.begin(), seen_.end());
  for (size_t i = 1, first = 0; i < seen_.size(); ++i) {
    if (seen_[i].first != seen_[first].first) {
      first = i;
      continue;
    }
    problems.add(
        make_problem(file, seen_[i].second, 1, "",
                     fmt::format("duplicate of the row on line {} (a file is a set of facts)",
                                 seen_[first].second)));
  }
  seen_.clear();
  seen_.shrink_to_fit();
}

void finish_file(const Input& input, DuplicateCheck& duplicates, Problems& problems,
                 size_t first_problem) {
  duplicates.report(input.name, problems);
  problems.sort_from(first_problem);
}

}  // namespace lap::formats::internal
