// `lap generate`: write a synthetic delivery and print its calibration report.
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include <fmt/format.h>

#include "lap/cli/command.h"
#include "lap/generate/generator.h"

namespace lap::cli {

void register_generate_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "generate",
      "Generate a synthetic delivery (RMI entitlements, VDAB registrations, work months, "
      "activation measures, POD MI counts, identifier changes, ground truth) calibrated on "
      "observed Flemish figures, and print the calibration report.");
  struct Options {
    std::string scale = "tiny";
    uint64_t seed = 1;
    std::string from = "2019-01";
    std::string to = "2025-12";
    std::string out;
    bool strict = false;
  };
  auto opts = std::make_shared<Options>();
  cmd->add_option("--scale", opts->scale,
                  "tiny (2% of Flanders), flanders (observed Flemish volumes) or belgium "
                  "(11.8 million persons, for benchmarks)")
      ->check(CLI::IsMember({"tiny", "flanders", "belgium"}))
      ->capture_default_str();
  cmd->add_option("--seed", opts->seed, "random seed; the same seed gives the same files")
      ->capture_default_str();
  cmd->add_option("--from", opts->from, "first month of the data (YYYY-MM)")->capture_default_str();
  cmd->add_option("--to", opts->to, "last month of the data (YYYY-MM)")->capture_default_str();
  cmd->add_option("--out", opts->out, "output directory (created; files in it are overwritten)")
      ->required();
  cmd->add_flag("--check", opts->strict,
                "exit with code 3 when a calibration figure falls outside its tolerance");
  cmd->callback([opts] {
    set_command([opts]() -> int {
      generate::GenerateOptions o;
      o.scale = *generate::scale_from(opts->scale);
      o.seed = opts->seed;
      auto from = Month::parse(opts->from);
      auto to = Month::parse(opts->to);
      if (!from || !to) {
        fmt::print(stderr, "lap generate: {}\n", (!from ? from.error() : to.error()).message);
        return kExitUsage;
      }
      o.from = *from;
      o.to = *to;
      o.out_dir = opts->out;
      if (auto s = generate::validate(o); !s) {
        fmt::print(stderr, "lap generate: {}\n", s.error().message);
        return kExitUsage;
      }
      bool tty = isatty(STDERR_FILENO) != 0;
      auto started = std::chrono::steady_clock::now();
      auto progress = [&](int64_t persons) {
        if (!tty) return;
        double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        fmt::print(stderr, "\rpersons {:>10}  ({:.1f} s)", persons, s);
      };
      auto report = generate::generate(o, geo::Registry::builtin(), progress);
      if (tty) fmt::print(stderr, "\n");
      if (!report) {
        fmt::print(stderr, "lap generate: {}\n", report.error().message);
        return exit_code_for(report.error());
      }
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      const auto& r = report->rows;
      int64_t rows = r.rmi_entitlements + r.vdab_registrations + r.work_spans +
                     r.activation_measures + r.podmi_counts + r.identifier_changes + r.ground_truth;
      fmt::print("generated scale {} seed {} for {}..{} into {}\n", opts->scale, o.seed,
                 o.from.to_string(), o.to.to_string(), o.out_dir);
      fmt::print("persons simulated {}, with records {}\n", report->stats.persons,
                 report->stats.persons_written);
      fmt::print(
          "rows: rmi_entitlements {}, vdab_registrations {}, work_months {}, "
          "activation_measures {}, podmi_counts {}, identifier_changes {}, ground_truth {}\n",
          r.rmi_entitlements, r.vdab_registrations, r.work_spans, r.activation_measures,
          r.podmi_counts, r.identifier_changes, r.ground_truth);
      fmt::print("{} rows, {:.1f} MB in {:.1f} s ({:.0f} rows/s)\n\n", rows, r.bytes / 1e6, seconds,
                 seconds > 0 ? rows / seconds : 0.0);
      fmt::print("{}", generate::Calibration::report(report->calibration));
      bool all_within = true;
      for (const auto& m : report->calibration)
        all_within &= m.within();
      if (!all_within) {
        fmt::print("\nsome calibration figures fall outside their tolerance (marked NO){}\n",
                   o.scale == generate::Scale::kTiny
                       ? "; the tolerances are meant for --scale flanders, tiny samples are small"
                       : "");
        if (opts->strict) return kExitInvalidInput;
      }
      return kExitOk;
    });
  });
}

}  // namespace lap::cli
