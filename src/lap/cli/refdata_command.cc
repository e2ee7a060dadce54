// `lap refdata`: show the reference data (municipalities) compiled into lap.
#include <map>

#include <fmt/format.h>

#include "lap/cli/command.h"
#include "lap/geo/registry.h"

namespace lap::cli {

void register_refdata_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "refdata",
      "List the Flemish municipalities of the reference data valid on a date (default "
      "2024-12-31), as `;`-separated text, with a count per province.");
  auto date = std::make_shared<std::string>("2024-12-31");
  cmd->add_option("--on", *date, "reference date (YYYY-MM-DD)")->capture_default_str();
  cmd->callback([date] {
    set_command([date]() -> int {
      auto on = Date::parse(*date);
      if (!on) {
        fmt::print(stderr, "lap refdata: {}\n", on.error().message);
        return kExitUsage;
      }
      const auto& reg = geo::Registry::builtin();
      auto list = reg.valid_on(*on);
      fmt::print(
          "nis;name;province;arrondissement;centrumstad;regiegebied;referentieregio;"
          "population_2022\n");
      std::map<std::string, int> per_province;
      for (const auto* m : list) {
        per_province[m->province_name]++;
        fmt::print("{};{};{};{};{};{}{};{};{}\n", m->nis.to_string(), m->name, m->province_name,
                   m->arrondissement_name, m->centrumstad ? 1 : 0, m->regiegebied,
                   m->regiegebied_approximate ? " (approximate)" : "", m->referentieregio,
                   m->population_2022);
      }
      fmt::print(stderr, "{} municipalities on {}:", list.size(), on->to_string());
      for (const auto& [p, n] : per_province)
        fmt::print(stderr, " {} {},", p, n);
      fmt::print(stderr, "\n");
      return kExitOk;
    });
  });
}

}  // namespace lap::cli
