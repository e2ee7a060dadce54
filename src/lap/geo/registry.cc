#include "lap/geo/registry.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <set>

#include <fmt/format.h>

#include "lap/core/parse.h"
#include "lap/formats/csv_reader.h"

namespace lap::embedded {
std::string municipalities_csv();  // generated from data/municipalities.csv
}  // namespace lap::embedded

namespace lap::geo {

namespace {

constexpr std::array<std::string_view, 15> kColumns = {
    "nis",        "name",        "arrondissement_nis", "arrondissement",      "province_nis",
    "province",   "centrumstad", "regiegebied",        "regiegebied_quality", "referentieregio",
    "valid_from", "valid_to",    "successor_nis",      "population_2022",     "postcode"};

Result<int> parse_int(std::string_view s) {
  auto v = parse_integer<int>(s);
  if (!v) return make_error(ErrorCode::kInvalidArgument, fmt::format("'{}' is not an integer", s));
  return *v;
}

}  // namespace

Result<Registry> Registry::parse(std::string_view csv_text, std::string_view source) {
  Registry reg;
  std::vector<std::string> problems;
  bool header = true;
  formats::CsvReader reader;
  auto status = reader.read_string(csv_text, source, [&](const formats::CsvRecord& r) {
    auto problem = [&](size_t col, const std::string& rule) {
      problems.push_back(fmt::format("{}:{}:{}: [{}] {}", source, r.line, r.column_of(col),
                                     kColumns[std::min(col, kColumns.size() - 1)], rule));
    };
    if (header) {
      header = false;
      if (r.fields.size() != kColumns.size() ||
          !std::equal(kColumns.begin(), kColumns.end(), r.fields.begin())) {
        problems.push_back(
            fmt::format("{}:{}:1: header must be {}", source, r.line, fmt::join(kColumns, ";")));
        return false;
      }
      return true;
    }
    if (r.fields.size() != kColumns.size()) {
      problems.push_back(fmt::format("{}:{}:1: expected {} fields, found {}", source, r.line,
                                     kColumns.size(), r.fields.size()));
      return problems.size() < 50;
    }
    const auto& f = r.fields;
    Municipality m;
    auto nis_field = [&](size_t col, Nis& out) {
      auto n = Nis::parse(f[col]);
      if (!n) return problem(col, n.error().message), false;
      out = *n;
      return true;
    };
    auto date_field = [&](size_t col) -> std::optional<Date> {
      auto d = Date::parse(f[col]);
      if (!d) return problem(col, d.error().message), std::nullopt;
      return *d;
    };
    nis_field(0, m.nis);
    m.name = f[1];
    if (m.name.empty()) problem(1, "name is required");
    nis_field(2, m.arrondissement);
    m.arrondissement_name = f[3];
    nis_field(4, m.province);
    m.province_name = f[5];
    if (f[6] != "0" && f[6] != "1") problem(6, "centrumstad must be 0 or 1");
    m.centrumstad = f[6] == "1";
    m.regiegebied = f[7];
    if (f[8] != "" && f[8] != "stated" && f[8] != "approximate") {
      problem(8, "regiegebied_quality must be stated, approximate or empty");
    }
    if (m.regiegebied.empty() != f[8].empty()) {
      problem(8, "regiegebied_quality is set exactly when regiegebied is");
    }
    m.regiegebied_approximate = f[8] == "approximate";
    m.referentieregio = f[9];
    if (auto d = date_field(10)) m.valid_from = *d;
    if (!f[11].empty()) m.valid_to = date_field(11);
    if (!f[12].empty()) {
      Nis s;
      if (nis_field(12, s)) m.successor = s;
    }
    if (m.valid_to.has_value() != m.successor.has_value()) {
      problem(12, "successor_nis is required exactly when valid_to is set");
    }
    if (m.valid_to && *m.valid_to < m.valid_from) problem(11, "valid_to lies before valid_from");
    if (auto p = parse_int(f[13]); p && *p > 0) {
      m.population_2022 = *p;
    } else {
      problem(13, "population_2022 must be a positive integer");
    }
    if (auto p = parse_int(f[14]); p && *p >= 1000 && *p <= 9999) {
      m.postcode = *p;
    } else {
      problem(14, "postcode must be 4 digits 1000-9999");
    }
    if (m.nis.valid() && reg.index_.contains(m.nis)) problem(0, "NIS code listed twice");
    reg.index_.emplace(m.nis, reg.rows_.size());
    reg.rows_.push_back(std::move(m));
    return problems.size() < 50;
  });
  if (!status) return std::unexpected(status.error());
  // Cross-row rules: successors exist and take over the day after.
  for (const auto& m : reg.rows_) {
    if (!m.successor) continue;
    const Municipality* s = reg.find(*m.successor);
    if (s == nullptr || !s->valid_on(*m.valid_to + 1)) {
      problems.push_back(
          fmt::format("{}: municipality {} has successor {} which does not exist on {}", source,
                      m.nis.to_string(), m.successor->to_string(), (*m.valid_to + 1).to_string()));
    }
  }
  if (!problems.empty()) {
    return make_error(ErrorCode::kInvalidArgument, fmt::format("{}", fmt::join(problems, "\n")));
  }
  std::sort(reg.rows_.begin(), reg.rows_.end(),
            [](const Municipality& a, const Municipality& b) { return a.nis < b.nis; });
  reg.index_.clear();
  for (size_t i = 0; i < reg.rows_.size(); ++i)
    reg.index_.emplace(reg.rows_[i].nis, i);
  return reg;
}

std::span<const SizeClass> size_classes() {
  static constexpr SizeClass kClasses[] = {
      {1, "Gemeenten met minder dan 10.000 inwoners", 0, 10000},
      {2, "Gemeenten met 10.000 tot 15.000 inwoners", 10000, 15000},
      {3, "Gemeenten met 15.000 tot 20.000 inwoners", 15000, 20000},
      {4, "Gemeenten met 20.000 tot 30.000 inwoners", 20000, 30000},
      {5, "Gemeenten met 30.000 inwoners of meer (geen centrumstad)", 30000, 0},
  };
  return kClasses;
}

std::optional<SizeClass> size_class(const Municipality& m) {
  if (m.centrumstad || m.population_2022 <= 0) return std::nullopt;
  for (const SizeClass& c : size_classes()) {
    if (m.population_2022 >= c.lower && (c.upper == 0 || m.population_2022 < c.upper)) return c;
  }
  return std::nullopt;
}

const Registry& Registry::builtin() {
  static const Registry kRegistry = [] {
    auto r = parse(embedded::municipalities_csv(), "data/municipalities.csv");
    if (!r) {
      // The compiled-in data is part of the program: a failure here is a build defect.
      fmt::print(stderr, "internal error: built-in reference data is invalid:\n{}\n",
                 r.error().message);
      std::abort();
    }
    return std::move(*r);
  }();
  return kRegistry;
}

const Municipality* Registry::find(Nis nis) const {
  auto it = index_.find(nis);
  return it == index_.end() ? nullptr : &rows_[it->second];
}

bool Registry::exists_on(Nis nis, Date date) const {
  const Municipality* m = find(nis);
  return m != nullptr && m->valid_on(date);
}

std::vector<const Municipality*> Registry::valid_on(Date date) const {
  std::vector<const Municipality*> out;
  for (const auto& m : rows_) {
    if (m.valid_on(date)) out.push_back(&m);
  }
  return out;
}

std::optional<Nis> Registry::current_on(Nis nis, Date date) const {
  const Municipality* m = find(nis);
  for (int hops = 0; m != nullptr && hops < 10; ++hops) {
    if (m->valid_on(date)) return m->nis;
    if (date < m->valid_from || !m->successor) return std::nullopt;
    m = find(*m->successor);
  }
  return std::nullopt;
}

std::vector<Nis> Registry::predecessors(Nis nis) const {
  std::vector<Nis> out;
  for (const auto& m : rows_) {
    if (m.successor && *m.successor == nis) out.push_back(m.nis);
  }
  return out;
}

std::map<Nis, std::vector<Nis>> Registry::territories_on(Date on, Date then) const {
  std::map<Nis, std::vector<Nis>> out;
  for (const auto& m : rows_) {
    if (!m.valid_on(then)) continue;
    if (auto owner = current_on(m.nis, on)) out[*owner].push_back(m.nis);
  }
  for (auto& [owner, parts] : out)
    std::sort(parts.begin(), parts.end());
  return out;
}

}  // namespace lap::geo
