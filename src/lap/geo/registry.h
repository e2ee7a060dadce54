// Reference data: the Flemish municipalities (gemeenten) and their OCMWs.
//
// 300 municipalities from 2019 to 2024, 285 from 1 January 2025 after the
// mergers; each row knows its arrondissement, province, centrumstad flag,
// regiegebied sociale economie en werk (where known), referentieregio and the
// dates it is valid, plus its successor after a merger. Loaded from
// `data/municipalities.csv` (compiled into the binary) and validated on load.
// Immutable after construction; safe to share between threads.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/error.h"
#include "lap/core/nis.h"

namespace lap::geo {

struct Municipality {
  Nis nis;
  std::string name;
  Nis arrondissement;
  std::string arrondissement_name;
  Nis province;
  std::string province_name;
  bool centrumstad = false;
  std::string regiegebied;  // empty when not known
  bool regiegebied_approximate = false;
  std::string referentieregio;  // empty when not known
  Date valid_from;
  std::optional<Date> valid_to;  // nullopt = still valid
  std::optional<Nis> successor;  // set when valid_to is set
  int population_2022 = 0;
  int postcode = 0;

  bool valid_on(Date d) const { return valid_from <= d && (!valid_to || d <= *valid_to); }
};

// A group of comparable municipalities (docs/indicators.md, "Vergelijkbare
// gemeenten"): like the Divosa benchmark groups Dutch municipalities, a size
// class by number of inhabitants (population_2022). The 13 centrumsteden are a
// group of their own (the centrumsteden level), so they have no size class.
struct SizeClass {
  int id = 0;             // 1..5
  std::string_view name;  // Dutch, e.g. "Gemeenten met 10.000 tot 15.000 inwoners"
  int lower = 0;          // inhabitants, inclusive
  int upper = 0;          // exclusive; 0 = no upper bound
};
// The five classes, smallest first.
std::span<const SizeClass> size_classes();
// The class of `m`: nullopt for a centrumstad or an unknown population.
std::optional<SizeClass> size_class(const Municipality& m);

class Registry {
 public:
  // Parses and validates the municipalities CSV. `source` names the file in messages.
  static Result<Registry> parse(std::string_view csv_text, std::string_view source);
  // The reference data compiled into this binary (parsed once, on first use).
  static const Registry& builtin();

  const std::vector<Municipality>& all() const { return rows_; }
  const Municipality* find(Nis nis) const;
  // True when `nis` is a known municipality that exists on `date`.
  bool exists_on(Nis nis, Date date) const;
  // The municipalities that exist on `date`, ordered by NIS code.
  std::vector<const Municipality*> valid_on(Date date) const;
  // The municipality `nis` belongs to on `date`, following mergers (11007
  // Borsbeek on 2025-03-01 is 11002 Antwerpen). Returns `nis` itself when it
  // still exists, nullopt when unknown or not yet created on `date`.
  std::optional<Nis> current_on(Nis nis, Date date) const;
  // Codes that merged into `nis` (its predecessors), empty for most.
  std::vector<Nis> predecessors(Nis nis) const;
  // Every municipality of `on` with the municipalities of `then` whose
  // territory is part of it (each list ordered by NIS code): on 2025-03-01
  // Antwerpen (11002) is the Antwerpen and Borsbeek (11007) of 2024-12-31, on
  // 2024-06-30 only Antwerpen.
  std::map<Nis, std::vector<Nis>> territories_on(Date on, Date then) const;

 private:
  std::vector<Municipality> rows_;
  std::unordered_map<Nis, size_t> index_;
};

}  // namespace lap::geo
