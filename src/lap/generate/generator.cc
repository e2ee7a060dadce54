#include "lap/generate/generator.h"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace lap::generate {
namespace {

class FanOut : public PersonSink {
 public:
  FanOut(PersonSink* a, PersonSink* b) : a_(a), b_(b) {}
  void add(const PersonRecords& p) override {
    if (a_ != nullptr) a_->add(p);
    if (b_ != nullptr) b_->add(p);
  }

 private:
  PersonSink* a_;
  PersonSink* b_;
};

}  // namespace

Status validate(const GenerateOptions& o) {
  if (o.to < o.from) {
    return make_error(
        ErrorCode::kInvalidArgument,
        fmt::format("--to {} lies before --from {}", o.to.to_string(), o.from.to_string()));
  }
  if (o.from < *Month::from_ym(2010, 1) || o.to > *Month::from_ym(2030, 12)) {
    return make_error(
        ErrorCode::kInvalidArgument,
        "the generator models the period 2010-01..2030-12; choose --from/--to inside it");
  }
  return {};
}

Result<GenerateReport> generate(const GenerateOptions& options, const geo::Registry& registry,
                                const std::function<void(int64_t)>& progress) {
  if (auto s = validate(options); !s) return std::unexpected(s.error());
  World world(registry, options.scale, options.seed, options.from, options.to);
  Calibration calibration(world);
  std::unique_ptr<DeliveryWriter> writer;
  if (!options.out_dir.empty()) {
    auto w = DeliveryWriter::open(options.out_dir, world, registry);
    if (!w) return std::unexpected(w.error());
    writer = std::move(*w);
  }
  FanOut sink(writer.get(), &calibration);
  Simulator simulator(world, options.seed);
  GenerateReport report;
  report.stats = simulator.run(sink, progress);
  if (writer) {
    auto rows = writer->finish();
    if (!rows) return std::unexpected(rows.error());
    report.rows = *rows;
  }
  report.calibration = calibration.metrics();
  if (!options.out_dir.empty()) {
    if (auto s = write_manifest(options.out_dir, options, report); !s)
      return std::unexpected(s.error());
  }
  return report;
}

Status write_manifest(const std::string& dir, const GenerateOptions& options,
                      const GenerateReport& report) {
  nlohmann::ordered_json j;
  j["generator"] = "lap generate";
  j["scale"] = std::string(to_string(options.scale));
  j["seed"] = options.seed;
  j["from"] = options.from.to_string();
  j["to"] = options.to.to_string();
  j["persons_simulated"] = report.stats.persons;
  j["persons_written"] = report.stats.persons_written;
  const auto& r = report.rows;
  j["rows"] = {{"rmi_entitlements.csv", r.rmi_entitlements},
               {"vdab_registrations.csv", r.vdab_registrations},
               {"work_months.csv", r.work_spans},
               {"activation_measures.csv", r.activation_measures},
               {"podmi_counts.csv", r.podmi_counts},
               {"identifier_changes.csv", r.identifier_changes},
               {"ground_truth.csv", r.ground_truth}};
  auto& cal = j["calibration"] = nlohmann::ordered_json::array();
  for (const auto& m : report.calibration) {
    cal.push_back({{"key", m.key},
                   {"value", m.value},
                   {"target", m.target},
                   {"tolerance", m.tolerance},
                   {"available", m.available},
                   {"within", m.within()},
                   {"definition", m.description},
                   {"source", m.source}});
  }
  std::string path = (std::filesystem::path(dir) / "manifest.json").string();
  std::ofstream out(path);
  out << j.dump(2) << "\n";
  if (!out) return make_error(ErrorCode::kIo, fmt::format("{}: cannot write", path));
  return {};
}

}  // namespace lap::generate
