#include "lap/link/app/link_run.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "lap/core/parse.h"
#include "lap/formats/csv_reader.h"
#include "lap/link/app/link_json.h"

namespace lap::link {
namespace {

using LinkClock = std::chrono::steady_clock;

double seconds_since(LinkClock::time_point t) {
  return std::chrono::duration<double>(LinkClock::now() - t).count();
}

// CPU seconds of the process (all threads).
double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

Sex sex_of(char c) {
  if (c == 'M') return Sex::kMale;
  if (c == 'F') return Sex::kFemale;
  return Sex::kUnknown;
}

// Feeds the store's identity rows to the linker.
class LinkerSink final : public store::Store::LinkInputSink {
 public:
  explicit LinkerSink(Linker& linker) : linker_(linker) {}
  void ocmw(const store::Store::LinkIdentity& r) override {
    auto ref = pseudonym_from_hex(r.person_ref);
    if (!ref) {
      ++malformed_;
      return;
    }
    linker_.add(OcmwRecord{.person = *ref, .identity = identity(r), .fresh = r.fresh});
  }
  void vdab(const store::Store::LinkIdentity& r) override {
    VdabRecord v;
    v.row_id = r.row_id;
    v.client_id = static_cast<uint64_t>(r.vdab_client_id);
    if (!r.person_ref.empty()) v.person = pseudonym_from_hex(r.person_ref);
    v.identity = identity(r);
    v.fresh = r.fresh;
    linker_.add(v);
  }
  void identifier_change(std::string_view old_ref, std::string_view new_ref, bool fresh) override {
    auto a = pseudonym_from_hex(old_ref);
    auto b = pseudonym_from_hex(new_ref);
    if (a && b) linker_.add_identifier_change(*a, *b, fresh);
  }
  void retired_ocmw(std::string_view person_ref) override {
    if (auto ref = pseudonym_from_hex(person_ref)) linker_.add_changed_person(*ref);
  }
  void retired_vdab(int64_t client_id) override {
    linker_.add_changed_client(static_cast<uint64_t>(client_id));
  }
  int64_t malformed() const { return malformed_; }

 private:
  static IdentityText identity(const store::Store::LinkIdentity& r) {
    return IdentityText{.insz = r.insz,
                        .last_name = r.last_name,
                        .first_name = r.first_name,
                        .birth_date = r.birth_date,
                        .sex = sex_of(r.sex),
                        .postcode = r.postcode,
                        .street = r.street,
                        .house_number = r.house_number};
  }
  Linker& linker_;
  int64_t malformed_ = 0;
};

// The identities of the load (what changed since `since`) and the reviewers'
// decisions into the linker.
Status read_into_linker(store::Store& store, int64_t load, std::optional<int64_t> since,
                        Linker& linker) {
  LinkerSink sink(linker);
  if (auto s = store.read_link_input(load, since, sink); !s) return s;
  auto decisions = store.link_decisions();
  if (!decisions) return std::unexpected(decisions.error());
  for (const auto& d : *decisions) {
    if (auto ref = pseudonym_from_hex(d.ocmw_ref)) {
      linker.add_decision(*ref, static_cast<uint64_t>(d.vdab_client_id), d.match);
    }
  }
  return {};
}

// The four passes, timed.
void run_passes(Linker& linker, LinkRunSeconds& seconds, LinkRunCpuSeconds& cpu) {
  const double cpu_start = process_cpu_seconds();
  double cpu_mark = cpu_start;
  auto pass = [&](void (Linker::*step)(), double& wall, double& cpu_phase) {
    const auto t = LinkClock::now();
    (linker.*step)();
    const double now = process_cpu_seconds();
    cpu_phase = now - cpu_mark;
    cpu_mark = now;
    wall = seconds_since(t);
  };
  pass(&Linker::normalise, seconds.normalise, cpu.normalise);
  pass(&Linker::block, seconds.blocking, cpu.blocking);
  pass(&Linker::score, seconds.scoring, cpu.scoring);
  pass(&Linker::resolve, seconds.resolve, cpu.resolve);
  cpu.total = cpu_mark - cpu_start;
}

// The base of an incremental run of `request` with `options`: the latest link
// run, its model and units; nullopt with the reason when the run must be full.
struct BaseChoice {
  std::optional<LinkBase> base;
  int64_t run_id = 0, load = 0;
  std::string full_because;
};
Result<BaseChoice> choose_base(store::Store& store, const LinkRunRequest& request,
                               const LinkOptions& options) {
  BaseChoice choice;
  if (request.full) {
    choice.full_because = "asked (--full)";
    return choice;
  }
  auto latest = store.latest_link_run(std::nullopt);
  if (!latest) return std::unexpected(latest.error());
  if (!*latest) {
    choice.full_because = "no earlier link run";
    return choice;
  }
  const store::Store::LinkRun& run = **latest;
  if (run.load_id > request.load) {
    choice.full_because = fmt::format("the latest link run ({}) is of a later load", run.run_id);
    return choice;
  }
  const auto summary = nlohmann::json::parse(run.summary_json, nullptr, false);
  if (summary.is_discarded() || !summary.contains("options") ||
      summary["options"] != options_json(options)) {
    choice.full_because =
        fmt::format("link run {} was made with other options or by an earlier version", run.run_id);
    return choice;
  }
  auto base = base_model_from_summary(summary);
  if (!base) {
    choice.full_because = fmt::format("link run {} stored no model", run.run_id);
    return choice;
  }
  auto units = store.link_units(run.run_id);
  if (!units) return std::unexpected(units.error());
  base->units.reserve(units->size());
  for (const auto& u : *units) {
    if (auto ref = pseudonym_from_hex(u.ocmw_ref)) {
      base->units.emplace_back(*ref, static_cast<uint64_t>(u.vdab_client_id));
    }
  }
  choice.base = std::move(base);
  choice.run_id = run.run_id;
  choice.load = run.load_id;
  return choice;
}

// The record links and the review queue of a resolved linker, as stored.
Result<int64_t> save_run(store::Store& store, const Linker& linker, int64_t load,
                         const nlohmann::json& summary) {
  std::vector<store::Store::RecordLink> links;
  links.reserve(linker.overrides().size());
  for (const auto& o : linker.overrides()) {
    links.push_back({.registration_id = o.row_id,
                     .resolved_ref = pseudonym_hex(o.person),
                     .method = std::string(link_method_name(o.method)),
                     .weight = o.weight});
  }
  std::vector<store::Store::LinkReviewItem> review;
  review.reserve(linker.review().size());
  for (const auto& r : linker.review()) {
    auto e = linker.explain(r.person, r.client);
    store::Store::LinkReviewItem item;
    item.ocmw_ref = pseudonym_hex(linker.person_ref(r.person));
    item.vdab_client_id = static_cast<int64_t>(linker.client_id(r.client));
    item.weight = r.weight;
    item.reason = std::string(review_reason_name(r.reason));
    item.levels_json = e ? explanation_json(*e).dump() : "[]";
    review.push_back(std::move(item));
  }
  std::vector<store::Store::LinkUnit> units;
  for (const auto& [ref, client] : linker.unit_refs()) {
    units.push_back(
        {.ocmw_ref = pseudonym_hex(ref), .vdab_client_id = static_cast<int64_t>(client)});
  }
  nlohmann::json stored_summary = summary;
  stored_summary.erase("weight_histogram");
  store::Store::LinkRun run;
  run.load_id = load;
  run.summary_json = stored_summary.dump();
  return store.save_link_run(run, links, review, units);
}

nlohmann::json basis_json(const LinkRunResult& r) {
  nlohmann::json basis = {{"mode", r.base_run ? "incremental" : "full"}};
  if (r.base_run) {
    basis["base_run"] = *r.base_run;
    basis["changed"] = {{"ocmw_persons", r.counts.changed_persons},
                        {"vdab_clients", r.counts.changed_clients}};
    basis["carried_pairs"] = r.counts.carried_units;
  } else {
    basis["because"] = r.full_because;
  }
  return basis;
}

}  // namespace

Result<LinkRunResult> run_linkage(store::Store& store, const Pseudonymiser& pseudonymiser,
                                  const LinkRunRequest& request) {
  LinkRunResult result;
  result.load = request.load;
  LinkOptions options;
  options.thresholds = request.thresholds;
  options.threads = request.threads > 0
                        ? request.threads
                        : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  options.today = request.today;
  if (!request.blocking.empty()) options.blocking.rules = request.blocking;
  if (request.max_weak_block_pairs > 0) {
    options.blocking.max_weak_block_pairs = request.max_weak_block_pairs;
  }
  result.threads = options.threads;
  Linker linker(options, pseudonymiser);

  auto t = LinkClock::now();
  auto choice = choose_base(store, request, options);
  if (!choice) return std::unexpected(choice.error());
  std::optional<int64_t> since;
  if (choice->base) {
    linker.set_base(std::move(*choice->base));
    result.base_run = choice->run_id;
    since = choice->load;
  }
  result.full_because = choice->full_because;
  if (auto s = read_into_linker(store, request.load, since, linker); !s) {
    return std::unexpected(s.error());
  }
  result.seconds.read = seconds_since(t);

  run_passes(linker, result.seconds, result.cpu_seconds);
  result.counts = linker.counts();
  result.summary = link_summary_json(linker, request.load);
  result.summary["basis"] = basis_json(result);

  t = LinkClock::now();
  auto run_id = save_run(store, linker, request.load, result.summary);
  if (!run_id) return std::unexpected(run_id.error());
  result.run_id = *run_id;
  result.seconds.write = seconds_since(t);

  if (!request.ground_truth.empty()) {
    t = LinkClock::now();
    auto truth = read_ground_truth(request.ground_truth, pseudonymiser);
    if (!truth) return std::unexpected(truth.error());
    result.quality = evaluate(linker, *truth, 10);
    result.seconds.quality = seconds_since(t);
  }
  return result;
}

Result<GroundTruth> read_ground_truth(const std::string& path, const Pseudonymiser& pseudonymiser) {
  GroundTruth truth;
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
    const auto id = parse_integer<uint64_t>(r.fields[id_col]);
    std::string_view kind = r.fields[kind_col];
    std::string_view value = r.fields[value_col];
    const auto client = kind == "VDAB_CLIENT" ? parse_integer<uint64_t>(value) : std::nullopt;
    if (!id || (kind == "VDAB_CLIENT" && !client)) {
      problem =
          fmt::format("{}:{}: person_id and a VDAB client number are whole numbers", path, r.line);
      return false;
    }
    if (kind == "INSZ") {
      truth.add_person_ref(pseudonymiser.person_ref_bytes(value), *id);
    } else if (kind == "VDAB_CLIENT") {
      truth.add_client(*client, *id);
    }
    return true;
  });
  if (!s) return std::unexpected(s.error());
  if (!problem.empty()) return make_error(ErrorCode::kInvalidArgument, problem);
  return truth;
}

}  // namespace lap::link
