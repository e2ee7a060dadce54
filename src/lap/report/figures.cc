#include "lap/report/figures.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lap/formats/csv_reader.h"

namespace lap::report {

std::string_view dutch_name(measure::Indicator indicator) {
  using measure::Indicator;
  switch (indicator) {
    case Indicator::kReach:
      return "Bereik";
    case Indicator::kReachIndicative:
      return "Indicatief bereik";
    case Indicator::kLapResult:
      return "LAP-resultaat";
    case Indicator::kOutflowRate:
      return "Duurzame uitstroom naar werk";
    case Indicator::kCat05Outflow:
      return "Uitstroom na instroom categorie 05";
    case Indicator::kTweActive:
      return "TWE-OCMW actief";
    case Indicator::kTweExit:
      return "TWE-OCMW uitstroom";
    case Indicator::kWijkWerken:
      return "Wijk-werken";
    case Indicator::kSeThroughput:
      return "Doorstroom sociale economie";
    case Indicator::kUkrainianReach:
      return "Bereik Oekraïners";
    case Indicator::kHandoverLeadTime:
      return "Warme overdrachten en hun doorlooptijd";
    case Indicator::kTransmissionsInTime:
      return "Doormeldingen tijdig beantwoord";
    case Indicator::kLeeflonersWithAction:
      return "Leefloners met een afgesproken actie";
  }
  return "?";
}

std::string_view dutch_name(publish::Level level) {
  using publish::Level;
  switch (level) {
    case Level::kOcmw:
      return "OCMW";
    case Level::kRegiegebied:
      return "regiegebied";
    case Level::kProvince:
      return "provincie";
    case Level::kSizeClass:
      return "vergelijkbare gemeenten";
    case Level::kCentrumsteden:
      return "centrumsteden";
    case Level::kFlanders:
      return "Vlaams Gewest";
  }
  return "?";
}

std::string_view dutch_name(measure::Position position) {
  switch (position) {
    case measure::Position::kWorkEmp:
      return "werknemer";
    case measure::Position::kWorkSelf:
      return "zelfstandige";
    case measure::Position::kRmi:
      return "leefloon of andere maatschappelijke hulp";
    case measure::Position::kActivation:
      return "activering (TWE-OCMW, LDE, collectief maatwerk)";
    case measure::Position::kJobseeker:
      return "werkzoekende bij VDAB";
    case measure::Position::kOther:
      break;
  }
  return "anders";
}

std::string suppression_reason_nl(publish::Suppression s, int k) {
  switch (s) {
    case publish::Suppression::kPrimary:
      return fmt::format("minder dan {} personen", k);
    case publish::Suppression::kSecondary:
      return "afgeschermd om een klein aantal elders te beschermen";
    case publish::Suppression::kNone:
      break;
  }
  return {};
}

std::string percentage_nl(int64_t numerator, int64_t denominator) {
  if (denominator == 0) return {};
  // Rounded half away from zero on the tenths, in integers.
  const int64_t tenths_x2 = 2000 * numerator / denominator;
  const int64_t tenths = (tenths_x2 + (tenths_x2 >= 0 ? 1 : -1)) / 2;
  const int64_t whole = tenths / 10;
  const int64_t frac = tenths % 10 < 0 ? -(tenths % 10) : tenths % 10;
  return fmt::format("{}{},{}", tenths < 0 && whole == 0 ? "-" : "", whole, frac);
}

std::string figures_csv(std::span<const publish::PublishedFigure> figures, int k) {
  std::string out = "\xEF\xBB\xBF";
  out +=
      "indicator;naam;variant;periode;niveau;code;gebied;teller;lopend;noemer;percentage;"
      "afgeschermd;reden\r\n";
  for (const auto& f : figures) {
    const bool hide = f.suppressed();
    out += fmt::format("{};{};{};{};{};{};{};{};{};{};{};{};{}\r\n", measure::to_id(f.indicator),
                       formats::csv_text(dutch_name(f.indicator)), f.variant, f.period.to_string(),
                       dutch_name(f.area.level), formats::csv_text(f.area.code),
                       formats::csv_text(f.area.name), hide ? "" : std::to_string(f.numerator),
                       hide ? "" : std::to_string(f.pending),
                       hide ? "" : std::to_string(f.denominator),
                       hide ? "" : percentage_nl(f.numerator, f.denominator), hide ? "ja" : "nee",
                       suppression_reason_nl(f.suppression, k));
  }
  return out;
}

std::string figures_json(const RunInfo& run, std::span<const publish::PublishedFigure> figures,
                         std::span<const publish::SeenTransitions> transitions) {
  nlohmann::json j;
  j["run"] = {{"run_id", run.run_id},
              {"load_id", run.load_id},
              {"data_end", run.data_end},
              {"view", run.view},
              {"k", run.k},
              {"exclude_art60", run.exclude_art60}};
  auto& arr = j["figures"] = nlohmann::json::array();
  for (const auto& f : figures) {
    nlohmann::json x = {{"indicator", measure::to_id(f.indicator)},
                        {"variant", f.variant},
                        {"period", f.period.to_string()},
                        {"level", publish::to_id(f.area.level)},
                        {"code", f.area.code},
                        {"name", f.area.name},
                        {"suppressed", f.suppressed()}};
    if (f.suppressed()) {
      x["suppression"] = publish::to_id(f.suppression);
      x["numerator"] = nullptr;
      x["pending"] = nullptr;
      x["denominator"] = nullptr;
    } else {
      x["suppression"] = nullptr;
      x["numerator"] = f.numerator;
      x["pending"] = f.pending;
      x["denominator"] = f.denominator;
    }
    arr.push_back(std::move(x));
  }
  auto& tr = j["transitions"] = nlohmann::json::array();
  for (const auto& t : transitions) {
    // A hidden cell or row total is null (publish/transitions.h).
    auto matrix = [](const publish::SeenTransitionMatrix& m) {
      nlohmann::json rows = nlohmann::json::object();
      for (const auto& r : m.rows) {
        nlohmann::json row = nlohmann::json::object();
        for (int b = 0; b < measure::kPositionCount; ++b) {
          const auto& n = r.cells[static_cast<size_t>(b)];
          row[std::string(measure::to_id(static_cast<measure::Position>(b)))] =
              n ? nlohmann::json(*n) : nlohmann::json(nullptr);
        }
        rows[std::string(measure::to_id(r.from))] = std::move(row);
      }
      return rows;
    };
    nlohmann::json x = {{"from", t.from.to_string()}, {"to", t.to.to_string()}};
    x["flanders"] = matrix(t.flanders);
    nlohmann::json per = nlohmann::json::object();
    for (const auto& m : t.per_ocmw)
      per[m.ocmw.to_string()] = matrix(m);
    x["per_ocmw"] = std::move(per);
    tr.push_back(std::move(x));
  }
  return j.dump(1) + "\n";
}

std::string loss_json(std::span<const publish::Loss> loss) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& l : loss) {
    out.push_back({{"indicator", measure::to_id(l.indicator)},
                   {"variant", l.variant},
                   {"ocmw_cells", l.ocmw_cells},
                   {"ocmw_primary", l.ocmw_primary},
                   {"ocmw_secondary", l.ocmw_secondary},
                   {"area_cells", l.area_cells},
                   {"area_primary", l.area_primary},
                   {"area_secondary", l.area_secondary}});
  }
  return out.dump();
}

Status write_file(const std::string& path, std::string_view text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return make_error(ErrorCode::kIo, fmt::format("{}: cannot write", tmp));
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out.flush()) return make_error(ErrorCode::kIo, fmt::format("{}: cannot write", tmp));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return make_error(ErrorCode::kIo, fmt::format("{}: cannot write: {}", path, ec.message()));
  }
  return {};
}

}  // namespace lap::report
