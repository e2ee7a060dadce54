// `lap link`: identity resolution of a data load (docs/linking.md): every VDAB
// registration linked to one pseudonymous person, stored as a link run the
// measurement uses; `--review` lists the clerical review queue, `--decide`
// records a reviewer's decision for the next run; `--ground-truth` measures
// the quality against a synthetic delivery's ground_truth.csv.
//
// Never prints INSZ numbers or names: persons appear as pseudonyms, VDAB
// clients as client numbers, comparisons as levels and weights.
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lap/cli/command.h"
#include "lap/cli/database_option.h"
#include "lap/formats/csv_reader.h"
#include "lap/link/linkage.h"
#include "lap/link/quality.h"
#include "lap/store/store.h"

namespace lap::cli {
namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// CPU seconds of the process (all threads): comparable on a shared machine.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

double round3(double x) {
  return std::round(x * 1000) / 1000;
}

struct LinkArgs {
  std::string db = default_database();
  int64_t load = 0;
  std::string ground_truth;
  std::string report;
  int threads = 0;
  double lower = link::LinkOptions{}.thresholds.lower;
  double upper = link::LinkOptions{}.thresholds.upper;
  bool review = false;
  std::vector<std::string> decide;
  std::string reviewer;
};

Sex sex_of(char c) {
  if (c == 'M') return Sex::kMale;
  if (c == 'F') return Sex::kFemale;
  return Sex::kUnknown;
}

// Feeds the store's identity rows to the linker.
class LinkerSink final : public store::Store::LinkInputSink {
 public:
  explicit LinkerSink(link::Linker& linker) : linker_(linker) {}
  void ocmw(const store::Store::LinkIdentity& r) override {
    auto ref = link::ref_from_hex(r.person_ref);
    if (!ref) {
      ++malformed_;
      return;
    }
    linker_.add(link::OcmwRecord{.person = *ref, .identity = identity(r)});
  }
  void vdab(const store::Store::LinkIdentity& r) override {
    link::VdabRecord v;
    v.row_id = r.row_id;
    v.client_id = static_cast<uint64_t>(r.vdab_client_id);
    if (!r.person_ref.empty()) v.person = link::ref_from_hex(r.person_ref);
    v.identity = identity(r);
    linker_.add(v);
  }
  void identifier_change(std::string_view old_ref, std::string_view new_ref) override {
    auto a = link::ref_from_hex(old_ref);
    auto b = link::ref_from_hex(new_ref);
    if (a && b) linker_.add_identifier_change(*a, *b);
  }
  int64_t malformed() const { return malformed_; }

 private:
  static link::IdentityText identity(const store::Store::LinkIdentity& r) {
    return link::IdentityText{.insz = r.insz,
                              .last_name = r.last_name,
                              .first_name = r.first_name,
                              .birth_date = r.birth_date,
                              .sex = sex_of(r.sex),
                              .postcode = r.postcode};
  }
  link::Linker& linker_;
  int64_t malformed_ = 0;
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

Result<link::GroundTruth> read_ground_truth(const std::string& path,
                                            const link::Pseudonymiser& pseudonymiser) {
  link::GroundTruth truth;
  formats::CsvReader reader;
  bool header = true;
  size_t id_col = 0, kind_col = 1, value_col = 2;
  std::string problem;
  auto s = reader.read_file(path, [&](const formats::CsvRecord& r) {
    if (header) {
      header = false;
      for (size_t i = 0; i < r.fields.size(); ++i) {
        if (r.fields[i] == "person_id") id_col = i;
        if (r.fields[i] == "identifier_kind") kind_col = i;
        if (r.fields[i] == "identifier") value_col = i;
      }
      return true;
    }
    if (r.fields.size() <= std::max({id_col, kind_col, value_col})) {
      problem = fmt::format("{}:{}: too few fields", path, r.line);
      return false;
    }
    uint64_t id = std::strtoull(std::string(r.fields[id_col]).c_str(), nullptr, 10);
    std::string_view kind = r.fields[kind_col];
    std::string_view value = r.fields[value_col];
    if (kind == "INSZ") {
      truth.add_person_ref(pseudonymiser.person_ref_bytes(value), id);
    } else if (kind == "VDAB_CLIENT") {
      truth.add_client(std::strtoull(std::string(value).c_str(), nullptr, 10), id);
    }
    return true;
  });
  if (!s) return std::unexpected(s.error());
  if (!problem.empty()) return make_error(ErrorCode::kInvalidArgument, problem);
  return truth;
}

Json explanation_json(const link::WeightExplanation& e) {
  Json fields = Json::array();
  for (const auto& f : e.fields) {
    fields.push_back({{"field", f.field},
                      {"level", f.level},
                      {"weight", round3(f.weight)},
                      {"term_frequency", f.term_frequency_adjusted}});
  }
  return fields;
}

Json model_json(const link::FellegiSunterModel& m) {
  Json fields = Json::object();
  for (int f = 0; f < m.field_count(); ++f) {
    Json levels = Json::object();
    for (int l = 0; l < static_cast<int>(m.field(f).levels.size()); ++l) {
      if (l == m.field(f).missing_level) continue;
      levels[std::string(m.field(f).levels[static_cast<size_t>(l)])] = {
          {"m", m.m(f, l)}, {"u", m.u(f, l)}, {"weight", round3(m.level_weight(f, l))}};
    }
    fields[std::string(m.field(f).name)] = levels;
  }
  return {{"lambda", m.lambda()}, {"fields", fields}};
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
      char* end = nullptr;
      int64_t id = std::strtoll(id_text.c_str(), &end, 10);
      if (id_text.empty() || *end != '\0' || (what != "match" && what != "nonmatch")) {
        fmt::print(stderr, "lap link: --decide takes ITEM=match or ITEM=nonmatch, got '{}'\n", d);
        return kExitUsage;
      }
      if (auto s = store.decide_link(id, what == "match", a.reviewer); !s) {
        fmt::print(stderr, "lap link: {}\n", s.error().message);
        return exit_code_for(s.error());
      }
      fmt::print("review item {}: {} (by {}); the next lap link uses it\n", id, what, a.reviewer);
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
  for (const auto& it : *items) {
    fmt::print("\nitem {}  weight {:+.2f}  {}\n  OCMW person {}  VDAB client {}\n", it.review_id,
               it.weight, it.reason, it.ocmw_ref, it.vdab_client_id);
    auto levels = Json::parse(it.levels_json, nullptr, false);
    if (levels.is_array()) {
      for (const auto& f : levels) {
        fmt::print("    {:<11} {:<15} {:+7.2f}\n", f.value("field", ""), f.value("level", ""),
                   f.value("weight", 0.0));
      }
    }
  }
  if (!items->empty()) {
    fmt::print("\ndecide with: lap link --db {} --decide ITEM=match|nonmatch --reviewer NAME\n",
               a.db);
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
  const link::Pseudonymiser pseudonymiser(*key);

  link::LinkOptions options;
  options.thresholds = {.lower = a.lower, .upper = a.upper};
  options.threads = a.threads > 0
                        ? a.threads
                        : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  options.today = today_local();
  link::Linker linker(options, pseudonymiser);

  // Read.
  auto t = Clock::now();
  LinkerSink sink(linker);
  if (auto s = store.read_link_input(load, sink); !s) {
    fmt::print(stderr, "lap link: {}\n", s.error().message);
    return exit_code_for(s.error());
  }
  auto decisions = store.link_decisions();
  if (!decisions) {
    fmt::print(stderr, "lap link: {}\n", decisions.error().message);
    return exit_code_for(decisions.error());
  }
  for (const auto& d : *decisions) {
    if (auto ref = link::ref_from_hex(d.ocmw_ref)) {
      linker.add_decision(*ref, static_cast<uint64_t>(d.vdab_client_id), d.match);
    }
  }
  const double read_s = seconds_since(t);

  // Link.
  const double cpu_start = cpu_seconds();
  double cpu_mark = cpu_start;
  Json cpu = Json::object();
  auto cpu_phase = [&](const char* name) {
    double now = cpu_seconds();
    cpu[name] = round3(now - cpu_mark);
    cpu_mark = now;
  };
  t = Clock::now();
  linker.normalise();
  cpu_phase("normalise");
  const double normalise_s = seconds_since(t);
  t = Clock::now();
  linker.block();
  cpu_phase("blocking");
  const double blocking_s = seconds_since(t);
  t = Clock::now();
  linker.score();
  cpu_phase("scoring");
  const double scoring_s = seconds_since(t);
  t = Clock::now();
  linker.resolve();
  cpu_phase("resolve");
  cpu["total"] = round3(cpu_seconds() - cpu_start);
  const double resolve_s = seconds_since(t);
  const double link_s = normalise_s + blocking_s + scoring_s + resolve_s;

  const auto& c = linker.counts();
  Json summary = {
      {"load", load},
      {"records", {{"ocmw", c.ocmw_records}, {"vdab", c.vdab_records}}},
      {"identities", {{"ocmw", c.ocmw_profiles}, {"vdab", c.vdab_profiles}}},
      {"persons", {{"ocmw", c.ocmw_persons}, {"vdab_clients", c.vdab_clients}}},
      {"identifier_changes", c.identifier_changes},
      {"thresholds", {{"lower", options.thresholds.lower}, {"upper", options.thresholds.upper}}},
      {"pairs",
       {{"compared", c.pairs_compared},
        {"linked", c.pairs_linked},
        {"review", c.pairs_review},
        {"rejected", c.pairs_rejected},
        {"added_by_pseudonym", c.deterministic_pairs_added}}},
      {"links",
       {{"deterministic", c.links_deterministic},
        {"probabilistic", c.links_probabilistic},
        {"reviewed", c.links_reviewed},
        {"review_items", c.review_items},
        {"refused_by_guard", c.refused_by_guard},
        {"competing", c.competing},
        {"decisions_applied", c.decisions_applied}}},
      {"registrations",
       {{"resolved_differently", c.overrides}, {"surrogate_clients", c.surrogate_clients}}},
      {"em", {{"iterations", linker.em().iterations}, {"converged", linker.em().converged}}},
      {"model", model_json(linker.model())}};
  Json rules = Json::array();
  for (const auto& r : linker.blocking_stats()) {
    rules.push_back({{"rule", link::blocking_rule_name(r.rule)},
                     {"blocks", r.blocks},
                     {"pairs", r.pairs},
                     {"duplicates", r.duplicates},
                     {"capped_blocks", r.capped_blocks},
                     {"capped_pairs", r.capped_pairs}});
  }
  summary["blocking"] = rules;
  auto hist = linker.histogram();
  Json bins = Json::array();
  for (size_t i = 0; i < hist.counts.size(); ++i) {
    bins.push_back(
        {{"from", hist.from + static_cast<double>(i) * hist.bin_bits}, {"pairs", hist.counts[i]}});
  }
  summary["weight_histogram"] = {{"bin_bits", hist.bin_bits}, {"bins", bins}};

  // Write.
  t = Clock::now();
  std::vector<store::Store::RecordLink> links;
  links.reserve(linker.overrides().size());
  for (const auto& o : linker.overrides()) {
    links.push_back({.registration_id = o.row_id,
                     .resolved_ref = link::ref_hex(o.person),
                     .method = std::string(link::link_method_name(o.method)),
                     .weight = o.weight});
  }
  std::vector<store::Store::LinkReviewItem> review;
  review.reserve(linker.review().size());
  for (const auto& r : linker.review()) {
    auto e = linker.explain(r.person, r.client);
    store::Store::LinkReviewItem item;
    item.ocmw_ref = link::ref_hex(linker.person_ref(r.person));
    item.vdab_client_id = static_cast<int64_t>(linker.client_id(r.client));
    item.weight = r.weight;
    item.reason = std::string(link::review_reason_name(r.reason));
    item.levels_json = e ? explanation_json(*e).dump() : "[]";
    review.push_back(std::move(item));
  }
  Json stored_summary = summary;
  stored_summary.erase("weight_histogram");
  store::Store::LinkRun run;
  run.load_id = load;
  run.summary_json = stored_summary.dump();
  auto run_id = store.save_link_run(run, links, review);
  if (!run_id) {
    fmt::print(stderr, "lap link: {}\n", run_id.error().message);
    return exit_code_for(run_id.error());
  }
  const double write_s = seconds_since(t);

  // Quality.
  std::optional<link::QualityReport> quality;
  double quality_s = 0;
  if (!a.ground_truth.empty()) {
    t = Clock::now();
    auto truth = read_ground_truth(a.ground_truth, pseudonymiser);
    if (!truth) {
      fmt::print(stderr, "lap link: {}\n", truth.error().message);
      return exit_code_for(truth.error());
    }
    quality = link::evaluate(linker, *truth, 10);
    quality_s = seconds_since(t);
  }

  fmt::print("link run {} stored for data load {}\n", *run_id, load);
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
      "usable INSZ got a surrogate)\n",
      grouped(c.overrides), grouped(c.surrogate_clients));
  fmt::print(
      "seconds     read {:.2f}, link {:.2f} (normalise {:.2f}, blocking {:.2f}, scoring "
      "{:.2f}, resolve {:.2f}; {:.2f} CPU seconds, {} threads), write {:.2f}\n",
      read_s, link_s, normalise_s, blocking_s, scoring_s, resolve_s, cpu["total"].get<double>(),
      options.threads, write_s);
  if (quality) {
    fmt::print(
        "quality     precision {:.5f}, recall {:.5f}, F1 {:.5f} ({} false matches, {} "
        "missed of {} true pairs; guard violations {})\n",
        quality->precision, quality->recall, quality->f1, grouped(quality->false_matches),
        grouped(quality->missed_matches), grouped(quality->true_pairs), quality->guard_violations);
    if (quality->persons_without_truth > 0) {
      fmt::print("            {} OCMW persons are not in the ground truth (another key?)\n",
                 grouped(quality->persons_without_truth));
    }
  }
  fmt::print("peak memory {:.0f} MB\n", peak_rss_mb());

  if (!a.report.empty()) {
    Json report = summary;
    report["run_id"] = *run_id;
    report["seconds"] = {{"total", round3(link_s)},
                         {"normalise", round3(normalise_s)},
                         {"blocking", round3(blocking_s)},
                         {"scoring", round3(scoring_s)},
                         {"resolve", round3(resolve_s)},
                         {"read_db", round3(read_s)},
                         {"write_db", round3(write_s)},
                         {"quality", round3(quality_s)},
                         {"wall", round3(seconds_since(started))}};
    report["cpu_seconds"] = cpu;
    report["threads"] = options.threads;
    report["peak_rss_mb"] = std::round(peak_rss_mb());
    if (quality) {
      auto examples = [](const std::vector<link::FalseMatch>& list, bool with_method) {
        Json out = Json::array();
        for (const auto& f : list) {
          Json item = {{"vdab_client", f.client_id},
                       {"client_true_person", f.client_truth},
                       {"ocmw_true_person", f.ocmw_truth},
                       {"weight", std::isnan(f.weight) ? Json(nullptr) : Json(round3(f.weight))}};
          if (with_method) item["method"] = link::link_method_name(f.method);
          if (f.explanation) item["fields"] = explanation_json(*f.explanation);
          out.push_back(item);
        }
        return out;
      };
      Json worst = examples(quality->worst_false_matches, true);
      report["quality"] = {{"precision", quality->precision},
                           {"recall", quality->recall},
                           {"f1", quality->f1},
                           {"true_pairs", quality->true_pairs},
                           {"predicted_pairs", quality->predicted_pairs},
                           {"true_positives", quality->true_positives},
                           {"false_matches", quality->false_matches},
                           {"missed_matches", quality->missed_matches},
                           {"missed",
                            {{"not_compared", quality->missed_not_compared},
                             {"below_lower", quality->missed_below_lower},
                             {"in_review", quality->missed_in_review},
                             {"other", quality->missed_other}}},
                           {"guard_violations", quality->guard_violations},
                           {"persons_without_truth", quality->persons_without_truth},
                           {"clients_without_truth", quality->clients_without_truth},
                           {"worst_false_matches", worst},
                           {"best_missed_matches", examples(quality->best_missed_matches, false)}};
    }
    std::ofstream out(a.report);
    out << report.dump(2) << '\n';
    if (!out) {
      fmt::print(stderr, "lap link: {}: cannot write the report\n", a.report);
      return kExitIo;
    }
  }
  return kExitOk;
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
  cmd->add_option("--lower", a->lower, "lower threshold in bits: below it pairs are not linked")
      ->capture_default_str();
  cmd->add_option("--upper", a->upper, "upper threshold in bits: from it pairs are linked")
      ->capture_default_str();
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
