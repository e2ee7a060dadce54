// `lap link`: identity resolution of a data load (docs/linking.md): every VDAB
// registration linked to one pseudonymous person, stored as a link run the
// measurement uses; `--review` lists the clerical review queue (each item as
// a waterfall of its field weights, lap/store/link_review.h), `--decide`
// records a reviewer's decision for the next run; `--ground-truth` measures
// the quality against a synthetic delivery's ground_truth.csv. The linking
// itself is the use case of lap/link/app/link_run.h; this file chooses the
// load and the key, and prints.
//
// Never prints INSZ numbers or names: persons appear as pseudonyms, VDAB
// clients as client numbers, comparisons as levels and weights.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "lap/cli/command.h"
#include "lap/cli/database_option.h"
#include "lap/core/parse.h"
#include "lap/link/app/link_json.h"
#include "lap/link/app/link_run.h"
#include "lap/store/link_review.h"
#include "lap/store/store.h"

namespace lap::cli {
namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

struct LinkArgs {
  std::string db = default_database();
  int64_t load = 0;
  std::string ground_truth;
  std::string report;
  int threads = 0;
  std::vector<std::string> blocking;
  uint64_t max_weak_block_pairs = 0;
  double lower = link::LinkOptions{}.thresholds.lower;
  double upper = link::LinkOptions{}.thresholds.upper;
  bool review = false;
  bool full = false;
  std::vector<std::string> decide;
  std::string reviewer;
};

// The key of the database: $LAP_PSEUDONYM_KEY or the key file beside it
// (never created here: without it the imported pseudonyms cannot be matched).
Result<link::PseudonymKey> database_key(const std::string& db) {
  const std::string path = key_file_for(db);
  const char* env = std::getenv(link::kPseudonymKeyEnv);
  std::error_code ec;
  if ((env == nullptr || *env == '\0') && !std::filesystem::exists(path, ec)) {
    return make_error(ErrorCode::kFailedPrecondition,
                      fmt::format("no pseudonym key ({} or ${}): the key the data were imported "
                                  "with is needed",
                                  path, link::kPseudonymKeyEnv));
  }
  return link::load_or_create_key(path);
}

std::string_view review_reason_text(std::string_view reason) {
  if (reason == "between_thresholds") return "between the thresholds";
  if (reason == "competing") return "competing: another OCMW person within 4 bits";
  if (reason == "guard") return "refused by the guard (conflicting INSZ or birth date)";
  return reason;
}

// A text bar of one character per bit (rounded, at most 24): `+` up, `-` down.
std::string weight_bar(double weight) {
  const auto n = static_cast<size_t>(std::min(24.0, std::round(std::abs(weight))));
  return std::string(n, weight < 0 ? '-' : '+');
}

// One review item as a waterfall: from 0, each field's contribution with the
// running total, then the weight against the thresholds and the reason.
void print_review_item(const store::LinkStore::LinkReviewItem& it,
                       const store::ReviewWaterfall& w) {
  fmt::print("\nitem {}  weight {:+.2f}  {}\n  OCMW person {}  VDAB client {}\n", it.review_id,
             it.weight, it.reason, it.ocmw_ref, it.vdab_client_id);
  if (w.prior)
    fmt::print(
        "  prior {:+.2f} (log-odds that two random identities are one person; not part "
        "of the weight)\n",
        *w.prior);
  fmt::print("    {:<11} {:<15} {:>7} {:>8}\n", "field", "level", "weight", "total");
  fmt::print("    {:<35} {:+8.2f}\n", "start", 0.0);
  for (const auto& s : w.steps) {
    const std::string bar = weight_bar(s.weight);
    fmt::print("    {:<11} {:<15} {:+7.2f} {:+8.2f}{}{}\n", s.field, s.level, s.weight, s.to,
               bar.empty() ? "" : "  ", bar);
  }
  if (const auto& t = w.thresholds) {
    const std::string_view band = store::threshold_band(it.weight, *t);
    const std::string_view where = band == "below_lower"  ? "below the lower threshold"
                                   : band == "from_upper" ? "at or above the upper threshold"
                                                          : "between the thresholds";
    fmt::print(
        "  weight {:+.2f}: {} (lower {:+.2f}, upper {:+.2f}, thresholds of the run as "
        "weights)\n",
        it.weight, where, t->lower, t->upper);
  } else {
    fmt::print("  weight {:+.2f} (the run stored no thresholds)\n", it.weight);
  }
  fmt::print("  reason: {}\n", review_reason_text(it.reason));
}

int run_review(const LinkArgs& a, store::LinkStore& store) {
  auto run = store.latest_link_run(std::nullopt);
  if (!run) {
    fmt::print(stderr, "lap link: {}\n", run.error().message);
    return exit_code_for(run.error());
  }
  if (!*run) {
    fmt::print(stderr, "lap link: no link run yet (lap link --db {})\n", store::display_url(a.db));
    return kExitPrecondition;
  }
  if (!a.decide.empty()) {
    if (a.reviewer.empty()) {
      fmt::print(stderr, "lap link: --decide needs --reviewer NAME\n");
      return kExitUsage;
    }
    for (const std::string& d : a.decide) {
      auto eq = d.find('=');
      std::string id_text = d.substr(0, eq);
      std::string what = eq == std::string::npos ? "" : d.substr(eq + 1);
      const auto id = parse_integer<int64_t>(id_text);
      if (!id || (what != "match" && what != "nonmatch")) {
        fmt::print(stderr, "lap link: --decide takes ITEM=match or ITEM=nonmatch, got '{}'\n", d);
        return kExitUsage;
      }
      if (auto s = store.decide_link(*id, what == "match", a.reviewer); !s) {
        fmt::print(stderr, "lap link: {}\n", s.error().message);
        return exit_code_for(s.error());
      }
      fmt::print("review item {}: {} (by {}); the next lap link uses it\n", *id, what, a.reviewer);
    }
    return kExitOk;
  }
  auto items = store.link_review((*run)->run_id, true);
  if (!items) {
    fmt::print(stderr, "lap link: {}\n", items.error().message);
    return exit_code_for(items.error());
  }
  fmt::print("review queue of link run {} (data load {}): {} open item(s)\n", (*run)->run_id,
             (*run)->load_id, items->size());
  for (const auto& it : *items)
    print_review_item(it, store::review_waterfall(it, **run));
  if (!items->empty()) {
    fmt::print("\ndecide with: lap link --db {} --decide ITEM=match|nonmatch --reviewer NAME\n",
               a.db);
  }
  return kExitOk;
}

void print_link_result(const link::LinkRunResult& r) {
  const link::LinkCounts& c = r.counts;
  const link::LinkRunSeconds& s = r.seconds;
  fmt::print("link run {} stored for data load {}\n", r.run_id, r.load);
  if (r.base_run) {
    fmt::print(
        "incremental on link run {}: {} OCMW persons and {} VDAB clients changed, {} pairs of "
        "the others compared again with its model (lap link --full relinks everything)\n",
        *r.base_run, grouped(c.changed_persons), grouped(c.changed_clients),
        grouped(c.carried_units));
  } else if (!r.full_because.empty()) {
    fmt::print("full: {}\n", r.full_because);
  }
  fmt::print("records     {:>12} OCMW ({} identities, {} persons)\n", grouped(c.ocmw_records),
             grouped(c.ocmw_profiles), grouped(c.ocmw_persons));
  fmt::print("            {:>12} VDAB ({} identities, {} clients)\n", grouped(c.vdab_records),
             grouped(c.vdab_profiles), grouped(c.vdab_clients));
  fmt::print("pairs       {:>12} compared: {} linked, {} in review, {} rejected\n",
             grouped(c.pairs_compared), grouped(c.pairs_linked), grouped(c.pairs_review),
             grouped(c.pairs_rejected));
  fmt::print(
      "links       {:>12} clients linked to an OCMW person: {} same INSZ, {} "
      "probabilistic, {} reviewed\n",
      grouped(c.links_deterministic + c.links_probabilistic + c.links_reviewed),
      grouped(c.links_deterministic), grouped(c.links_probabilistic), grouped(c.links_reviewed));
  fmt::print("review      {:>12} items ({} refused by the guard, {} competing)\n",
             grouped(c.review_items), grouped(c.refused_by_guard), grouped(c.competing));
  fmt::print(
      "registrations {:>10} given another person than imported ({} clients without a "
      "usable INSZ got a surrogate; {} joined another client)\n",
      grouped(c.overrides), grouped(c.surrogate_clients), grouped(c.clients_merged));
  fmt::print(
      "seconds     read {:.2f}, link {:.2f} (normalise {:.2f}, blocking {:.2f}, scoring "
      "{:.2f}, resolve {:.2f}; {:.2f} CPU seconds, {} threads), write {:.2f}\n",
      s.read, s.link(), s.normalise, s.blocking, s.scoring, s.resolve,
      link::round3(r.cpu_seconds.total), r.threads, s.write);
  if (const auto& q = r.quality) {
    fmt::print(
        "quality     precision {:.5f}, recall {:.5f}, F1 {:.5f} ({} false matches, {} "
        "missed of {} true pairs; guard violations {})\n",
        q->precision, q->recall, q->f1, grouped(q->false_matches), grouped(q->missed_matches),
        grouped(q->true_pairs), q->guard_violations);
    if (q->incremental) {
      fmt::print(
          "            blocking pair completeness: not measured by an incremental run (lap link "
          "--full)\n");
    } else {
      fmt::print("            blocking pair completeness {:.5f} ({} true pairs never compared)\n",
                 q->pair_completeness, grouped(q->missed_not_compared));
    }
    fmt::print("            VDAB clients joined to another client: {} ({} wrongly)\n",
               grouped(q->clients_merged), grouped(q->clients_merged_wrongly));
    if (q->persons_without_truth > 0) {
      fmt::print("            {} OCMW persons are not in the ground truth (another key?)\n",
                 grouped(q->persons_without_truth));
    }
  }
  fmt::print("peak memory {:.0f} MB\n", peak_rss_mb());
  for (const auto& w : r.summary.value("warnings", Json::array())) {
    fmt::print(stderr, "lap link: WARNING: {}\n", w.get<std::string>());
  }
}

// `--report`: the run's summary with its timings, memory and quality.
int write_link_report(const std::string& path, const link::LinkRunResult& r, double wall) {
  using link::round3;
  Json report = r.summary;
  report["run_id"] = r.run_id;
  const link::LinkRunSeconds& s = r.seconds;
  report["seconds"] = {{"total", round3(s.link())},
                       {"normalise", round3(s.normalise)},
                       {"blocking", round3(s.blocking)},
                       {"scoring", round3(s.scoring)},
                       {"resolve", round3(s.resolve)},
                       {"read_db", round3(s.read)},
                       {"write_db", round3(s.write)},
                       {"quality", round3(s.quality)},
                       {"wall", round3(wall)}};
  const link::LinkRunCpuSeconds& cpu = r.cpu_seconds;
  report["cpu_seconds"] = {{"normalise", round3(cpu.normalise)},
                           {"blocking", round3(cpu.blocking)},
                           {"scoring", round3(cpu.scoring)},
                           {"resolve", round3(cpu.resolve)},
                           {"total", round3(cpu.total)}};
  report["threads"] = r.threads;
  report["peak_rss_mb"] = std::round(peak_rss_mb());
  if (r.quality) report["quality"] = link::quality_json(*r.quality);
  std::ofstream out(path);
  out << report.dump(2) << '\n';
  if (!out) {
    fmt::print(stderr, "lap link: {}: cannot write the report\n", path);
    return kExitIo;
  }
  return kExitOk;
}

int run_link(const LinkArgs& a, store::Store& store) {
  const auto started = Clock::now();
  int64_t load = a.load;
  if (load == 0) {
    auto current = store.current_load();
    if (!current) {
      fmt::print(stderr, "lap link: {}\n", current.error().message);
      return exit_code_for(current.error());
    }
    if (*current == 0) {
      fmt::print(stderr, "lap link: {}: no data loads yet (lap import DIR)\n",
                 store::display_url(a.db));
      return kExitPrecondition;
    }
    load = *current;
  }
  auto key = database_key(a.db);
  if (!key) {
    fmt::print(stderr, "lap link: {}\n", key.error().message);
    return exit_code_for(key.error());
  }
  std::vector<link::BlockingRule> rules;
  for (const std::string& name : a.blocking) {
    auto rule = link::parse_blocking_rule(name);
    if (!rule) {
      std::vector<std::string_view> known;
      for (link::BlockingRule r : link::kAllBlockingRules)
        known.push_back(link::blocking_rule_name(r));
      fmt::print(stderr, "lap link: --blocking: unknown rule '{}'; the rules are {}\n", name,
                 fmt::join(known, ", "));
      return kExitUsage;
    }
    rules.push_back(*rule);
  }
  const link::Pseudonymiser pseudonymiser(*key);
  auto result = link::run_linkage(store, pseudonymiser,
                                  {.load = load,
                                   .thresholds = {.lower = a.lower, .upper = a.upper},
                                   .threads = a.threads,
                                   .today = today_local(),
                                   .ground_truth = a.ground_truth,
                                   .blocking = rules,
                                   .max_weak_block_pairs = a.max_weak_block_pairs,
                                   .full = a.full});
  if (!result) {
    fmt::print(stderr, "lap link: {}\n", result.error().message);
    return exit_code_for(result.error());
  }
  print_link_result(*result);
  if (a.report.empty()) return kExitOk;
  return write_link_report(a.report, *result,
                           std::chrono::duration<double>(Clock::now() - started).count());
}

}  // namespace

int link_load(const std::string& db, store::Store& store, int64_t load) {
  LinkArgs args;
  args.db = db;
  args.load = load;
  return run_link(args, store);
}

void register_link_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "link",
      "Identity resolution: link every VDAB registration to one pseudonymous person (same INSZ, "
      "BIS -> national number changes, and a Fellegi-Sunter comparison of names, birth date, "
      "sex and postcode), store the result as a link run of the data load (the measurement "
      "uses it), and put doubtful pairs in a review queue. Prints no INSZ or names.");
  auto a = std::make_shared<LinkArgs>();
  cmd->add_option(
         "--db", a->db,
         "the database: an SQLite file or a postgresql:// URL (default: $LAP_DB, else lap.sqlite)")
      ->capture_default_str();
  cmd->add_option("--load", a->load, "the data load to link (default: the latest)");
  cmd->add_option("--ground-truth", a->ground_truth,
                  "a synthetic delivery's ground_truth.csv: report precision, recall and F1");
  cmd->add_option("--report", a->report, "write the run's figures as JSON to this file");
  cmd->add_option("--threads", a->threads, "threads for the comparison (default: all cores)");
  cmd->add_option("--blocking", a->blocking,
                  "the blocking rules, in order (default: docs/linking.md); names as in the "
                  "report's blocking section")
      ->delimiter(',');
  cmd->add_option("--max-weak-block-pairs", a->max_weak_block_pairs,
                  "skip a block of a rule without a birth date (postcode_name, names_phonetic, "
                  "...) with more pairs than this (default: docs/linking.md)");
  cmd->add_option(
         "--lower", a->lower,
         "lower threshold on the match log-odds in bits (weight + the log-odds that two random "
         "identities are one person): below it pairs are not linked")
      ->capture_default_str();
  cmd->add_option("--upper", a->upper,
                  "upper threshold on the match log-odds in bits (weight + the log-odds that two "
                  "random identities are one person): from it pairs are linked")
      ->capture_default_str();
  cmd->add_flag("--full", a->full,
                "link every record and estimate the model again, instead of only what changed "
                "since the latest link run (docs/linking.md)");
  cmd->add_flag("--review", a->review,
                "list the open items of the review queue of the latest link run (no linking)");
  cmd->add_option("--decide", a->decide,
                  "with --review: record a decision ITEM=match or ITEM=nonmatch (repeatable); "
                  "the next lap link uses it");
  cmd->add_option("--reviewer", a->reviewer, "the reviewer's name, recorded with --decide");
  cmd->callback([a] {
    set_command([a]() -> int {
      auto store = store::open_store(a->db, store::OpenMode::kMustExist);
      if (!store) {
        fmt::print(stderr, "lap link: {}\n", store.error().message);
        return store.error().code == ErrorCode::kNotFound ? kExitIo : exit_code_for(store.error());
      }
      if (auto s = (*store)->migrate(); !s) {
        fmt::print(stderr, "lap link: {}\n", s.error().message);
        return exit_code_for(s.error());
      }
      if (a->review || !a->decide.empty()) return run_review(*a, **store);
      if (a->lower > a->upper) {
        fmt::print(stderr, "lap link: --lower must not exceed --upper\n");
        return kExitUsage;
      }
      return run_link(*a, **store);
    });
  });
}

}  // namespace lap::cli
