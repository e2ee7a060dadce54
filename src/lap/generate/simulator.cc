#include "lap/generate/simulator.h"

#include <algorithm>
#include <array>

#include "lap/generate/career.h"
#include "lap/generate/names.h"

namespace lap::generate {
namespace {

using career::Career;
using formats::EntitlementKind;

constexpr std::array<double, kOriginCount> kLeefloonOrigins = {0.42, 0.20, 0.05, 0.08,
                                                               0.12, 0.13, 0.0};
constexpr std::array<double, kOriginCount> kJobseekerOrigins = {0.72, 0.09, 0.04, 0.06,
                                                                0.04, 0.05, 0.0};
constexpr std::array<double, kOriginCount> kGeneralOrigins = {0.86, 0.04, 0.03, 0.03,
                                                              0.02, 0.02, 0.0};
// Shares of the age bands 18-24, 25-34, 35-44, 45-54, 55-64 at entry.
constexpr std::array<double, 5> kLeefloonAges = {0.30, 0.27, 0.20, 0.14, 0.09};
constexpr std::array<double, 5> kJobseekerAges = {0.20, 0.27, 0.22, 0.19, 0.12};
constexpr std::array<double, 5> kUkrainianAges = {0.12, 0.25, 0.27, 0.20, 0.16};

template <size_t N>
size_t pick(const std::array<double, N>& shares, Rng& rng) {
  double u = rng.uniform();
  for (size_t i = 0; i < N; ++i) {
    if (u < shares[i]) return i;
    u -= shares[i];
  }
  return N - 1;
}

int age_from(const std::array<double, 5>& bands, Rng& rng) {
  static constexpr int kLow[] = {18, 25, 35, 45, 55};
  static constexpr int kHigh[] = {24, 34, 44, 54, 64};
  size_t b = pick(bands, rng);
  return rng.uniform_int(kLow[b], kHigh[b]);
}

// The stream of the addresses: one per person, apart from the person's own.
constexpr uint64_t kAddressStream = 0xAD;

// Turns a person's month-level career into dated source records.
class Recorder {
 public:
  Recorder(const World& world, uint64_t seed, InszAllocator& alloc, int64_t& next_client)
      : world_(world), seed_(seed), alloc_(alloc), next_client_(next_client) {}

  // Returns false when the person has nothing in the data window.
  bool build(Career& c, Origin origin, Sex sex, int age, Month entry, bool ukrainian,
             PersonRecords& out) {
    Month from = world_.from();
    Month to = world_.to();
    bool any = false;
    for (const auto& e : c.ll)
      any |= e.last >= from;
    for (const auto& e : c.reg)
      any |= e.last >= from;
    for (const auto& e : c.work)
      any |= e.last >= from && e.first <= to;
    for (const auto& e : c.meas)
      any |= e.last >= from;
    if (!any) return false;
    Rng& rng = c.rng;
    out.clear();
    const geo::Municipality& home = *world_.municipalities()[static_cast<size_t>(c.muni)].ref;
    out.residence = home.nis;
    // Identity.
    Date birth = entry.first_day() - (age * 365 + rng.uniform_int(0, 364));
    if (birth.year() < 1930) birth = *Date::from_ymd(1930, 6, 1);
    const NameBook& names = NameBook::builtin();
    out.identity.sex = sex;
    out.identity.birth_date = birth;
    out.identity.last_name = std::string(names.last_name(origin, rng));
    out.identity.first_name = std::string(names.first_name(origin, sex, rng));
    out.identity.postcode = home.postcode;
    // Addresses draw from a stream of their own: every other record of a seed is the same as
    // without them.
    Rng address_rng(mix_seed(seed_, kAddressStream, static_cast<uint64_t>(out.person_id)));
    Address address = random_address(address_rng);
    out.identity.street = std::move(address.street);
    out.identity.house_number = std::move(address.house_number);
    bool newcomer = origin == Origin::kMiddleEast || origin == Origin::kAfrican ||
                    origin == Origin::kEasternEuropean;
    Date data_end = to.last_day();
    if ((ukrainian && rng.bernoulli(0.75)) || (!ukrainian && newcomer && rng.bernoulli(0.25))) {
      Insz bis = alloc_.bis(birth, sex, rng.bernoulli(0.5), rng.bernoulli(0.08), rng);
      Date change = ukrainian ? entry.first_day() + rng.uniform_int(60, 300)
                              : entry.first_day() + rng.uniform_int(-720, 240);
      if ((!ukrainian || rng.bernoulli(0.8)) && change <= data_end) {
        out.former_bis = bis;
        out.id_change = change;
        out.insz = alloc_.national(birth, sex, rng);
      } else {
        out.insz = bis;
      }
    } else {
      out.insz = alloc_.national(birth, sex, rng);
    }
    out.identity.insz = out.insz.digits();
    // When every sequence of a day is taken the allocator moves to the next day.
    if (auto d = out.insz.birth_date(); d && *d != birth) out.identity.birth_date = *d;
    // Entitlements, split at the 2025 mergers and at a change of INSZ.
    for (const auto& e : c.ll) {
      if (e.last < from) continue;
      const geo::Municipality& m = *world_.municipalities()[static_cast<size_t>(e.muni)].ref;
      EntitlementRecord r;
      r.kind = e.kind;
      r.ukrainian = e.ukrainian;
      r.gpmi = e.gpmi;
      r.exemption = e.exemption;
      r.start = start_date(e.first, rng);
      r.end = end_date(e.last, r.start, rng);
      if (!clamp_to_existence(m, r.start, r.end)) continue;
      add_entitlement(m, r, out);
    }
    // VDAB: one client number, rarely a duplicate one for later registrations.
    std::sort(c.reg.begin(), c.reg.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    Month last_end = from - 1000;
    for (const auto& e : c.reg) {
      if (e.last < from) {
        last_end = std::max(last_end, e.last);
        continue;
      }
      RegistrationRecord r;
      r.category = e.category;
      r.start = start_date(e.first, rng);
      r.end = end_date(e.last, r.start, rng);
      if (r.category == formats::VdabCategory::kCat05) {
        const geo::Municipality& m = *world_.municipalities()[static_cast<size_t>(e.muni)].ref;
        if (!clamp_to_existence(m, r.start, r.end)) continue;
        r.ocmw = code_on(m, r.start);
      }
      if (out.vdab_clients.empty() || (e.first > last_end + 6 && rng.bernoulli(0.01))) {
        VdabClient client;
        client.client_id = next_client_++;
        int other = world_.municipalities()[rng.pick_cumulative(world_.cumulative_population())]
                        .ref->postcode;
        client.identity = vdab_identity(out, origin, r.start, other, rates_, rng);
        vdab_address(client.identity, out.identity, rates_, address_rng);
        out.vdab_clients.push_back(std::move(client));
      }
      r.client_index = static_cast<int>(out.vdab_clients.size()) - 1;
      last_end = std::max(last_end, e.last);
      out.registrations.push_back(r);
    }
    add_work(c, out);
    for (const auto& e : c.meas) {
      if (e.last < from) continue;
      const geo::Municipality& m = *world_.municipalities()[static_cast<size_t>(e.muni)].ref;
      MeasureRecord r;
      r.measure = e.measure;
      r.start = start_date(e.first, rng);
      r.end = end_date(e.last, r.start, rng);
      if (!clamp_to_existence(m, r.start, r.end)) continue;
      r.organiser = code_on(m, r.start);
      r.new_inflow = e.new_inflow;
      out.measures.push_back(r);
    }
    return true;
  }

 private:
  // Municipalities created by the mergers of 1 January 2019 have no code before
  // that day in the reference data: a record that starts earlier starts then (as
  // the new OCMW took over the files). False when nothing remains.
  static bool clamp_to_existence(const geo::Municipality& m, Date& start,
                                 const std::optional<Date>& end) {
    if (start < m.valid_from) start = m.valid_from;
    return !end || *end >= start;
  }

  // The code of `m` on `d`, following a merger.
  static Nis code_on(const geo::Municipality& m, Date d) {
    if (m.valid_to && d > *m.valid_to) return m.successor.value();
    return m.nis;
  }

  Date start_date(Month m, Rng& rng) const {
    if (rng.bernoulli(0.4)) return m.first_day();
    return m.first_day() + rng.uniform_int(0, m.last_day() - m.first_day());
  }

  std::optional<Date> end_date(Month m, Date start, Rng& rng) const {
    if (m >= world_.to()) return std::nullopt;
    if (rng.bernoulli(0.4)) return m.last_day();
    Date lo = std::max(start, m.first_day());
    return lo + rng.uniform_int(0, m.last_day() - lo);
  }

  void add_entitlement(const geo::Municipality& m, EntitlementRecord r, PersonRecords& out) {
    // The OCMW of a merged municipality closes its files on the day of the merger and the new
    // one takes them over the next day — in the data only when that day falls within it (a
    // delivery never holds an entitlement starting after its data end).
    if (m.valid_to && (!r.end || *r.end > *m.valid_to)) {
      if (r.start > *m.valid_to) {
        r.ocmw = m.successor.value();
        split_on_id_change(r, out);
        return;
      }
      EntitlementRecord before = r;
      before.ocmw = m.nis;
      before.end = *m.valid_to;
      split_on_id_change(before, out);
      if (*m.valid_to < world_.to().last_day()) {
        r.ocmw = m.successor.value();
        r.start = *m.valid_to + 1;
        split_on_id_change(r, out);
      }
      return;
    }
    r.ocmw = m.nis;
    split_on_id_change(r, out);
  }

  // Records carry the INSZ in force; a period that spans the change is split.
  void split_on_id_change(EntitlementRecord r, PersonRecords& out) {
    if (out.id_change && r.start < *out.id_change && (!r.end || *r.end >= *out.id_change)) {
      EntitlementRecord before = r;
      before.end = *out.id_change - 1;
      out.entitlements.push_back(before);
      r.start = *out.id_change;
    }
    out.entitlements.push_back(r);
  }

  void add_work(Career& c, PersonRecords& out) {
    Month from = world_.from();
    Month to = world_.to();
    auto& w = c.work;
    std::sort(w.begin(), w.end(), [](const auto& a, const auto& b) {
      if (a.type != b.type) return a.type < b.type;
      if (a.employer != b.employer) return a.employer < b.employer;
      return a.first < b.first;
    });
    std::optional<Month> change;
    if (out.id_change) change = Month::of(*out.id_change);
    auto push = [&](WorkSpan s) {
      s.first = std::max(s.first, from);
      s.last = std::min(s.last, to);
      if (s.last < s.first) return;
      if (change && s.first < *change && s.last >= *change) {
        out.work.push_back({s.first, *change - 1, s.type, s.employer});
        s.first = *change;
      }
      out.work.push_back(s);
    };
    std::optional<WorkSpan> cur;
    for (const auto& e : w) {
      if (cur && cur->type == e.type && cur->employer == e.employer && e.first <= cur->last + 1) {
        cur->last = std::max(cur->last, e.last);
        continue;
      }
      if (cur) push(*cur);
      cur = WorkSpan{e.first, e.last, e.type, e.employer};
    }
    if (cur) push(*cur);
  }

  const World& world_;
  uint64_t seed_;
  InszAllocator& alloc_;
  int64_t& next_client_;
  IdentityErrorRates rates_;
};

// The monthly inflow into leefloon (from `b0` to `to`) that reproduces the observed stock: the
// expected leefloon months k months after a first spell starts (with re-entries) are estimated on
// the model itself, then each month's inflow tops the stock carried from earlier inflows up to the
// observed one.
std::vector<double> leefloon_inflow(const World& world, const BehaviourParams& params,
                                    uint64_t seed, Month b0, Month to) {
  const int horizon = (to - b0) + 1;
  std::vector<double> kernel(static_cast<size_t>(horizon), 0.0);
  constexpr int kKernelPersons = 20000;
  std::vector<char> on(static_cast<size_t>(horizon));
  for (int i = 0; i < kKernelPersons; ++i) {
    Rng pick_rng(mix_seed(seed, 0xCE, static_cast<uint64_t>(i)));
    int muni = static_cast<int>(pick_rng.pick_cumulative(world.cumulative_leefloon()));
    Career c(world, params, mix_seed(seed, 0xCF, static_cast<uint64_t>(i)), muni, to);
    c.leefloon(b0, EntitlementKind::kLL, 0);
    std::fill(on.begin(), on.end(), 0);
    for (const auto& e : c.ll) {
      if (e.kind != EntitlementKind::kLL) continue;
      for (Month m = e.first; m <= e.last; ++m)
        on[static_cast<size_t>(m - b0)] = 1;
    }
    for (int k = 0; k < horizon; ++k)
      kernel[static_cast<size_t>(k)] += on[static_cast<size_t>(k)];
  }
  for (double& k : kernel)
    k /= kKernelPersons;

  std::vector<double> inflow(static_cast<size_t>(horizon), 0.0);
  for (int t = 0; t < horizon; ++t) {
    double stock = World::flemish_leefloon_stock(b0 + t) * world.factor();
    double carried = 0;
    for (int u = 0; u < t; ++u) {
      carried += inflow[static_cast<size_t>(u)] * kernel[static_cast<size_t>(t - u)];
    }
    inflow[static_cast<size_t>(t)] = std::max(0.0, (stock - carried) / kernel[0]);
  }
  return inflow;
}

}  // namespace

Simulator::Simulator(const World& world, uint64_t seed, BehaviourParams params)
    : world_(world), seed_(seed), params_(params) {}

SimulationStats Simulator::run(PersonSink& sink, const std::function<void(int64_t)>& progress) {
  SimulationStats stats;
  const Month b0 = world_.burn_in_start();
  const Month to = world_.to();
  const int horizon = (to - b0) + 1;
  const auto& munis = world_.municipalities();
  InszAllocator alloc(to.last_day());
  int64_t next_client = 10000001;
  Recorder recorder(world_, seed_, alloc, next_client);
  PersonRecords rec;
  Rng flow(mix_seed(seed_, 0xF1));

  auto finish = [&](Career& c, Origin origin, Sex sex, int age, Month entry, bool ukrainian) {
    ++stats.persons;
    rec.person_id = stats.persons;
    if (recorder.build(c, origin, sex, age, entry, ukrainian, rec)) {
      ++stats.persons_written;
      sink.add(rec);
    }
    if (progress && stats.persons % 65536 == 0) progress(stats.persons);
  };
  auto person_seed = [&](uint64_t segment) {
    return mix_seed(seed_, segment, static_cast<uint64_t>(stats.persons + 1));
  };

  // 1. Leefloon: the monthly inflow that reproduces the observed stock.
  const std::vector<double> inflow = leefloon_inflow(world_, params_, seed_, b0, to);
  for (int t = 0; t < horizon; ++t) {
    Month m = b0 + t;
    for (size_t i = 0; i < munis.size(); ++i) {
      double mean = inflow[static_cast<size_t>(t)] * munis[i].leefloon_weight;
      for (auto [kind, share] :
           {std::pair{EntitlementKind::kLL, 1.0}, std::pair{EntitlementKind::kELL, 0.03},
            std::pair{EntitlementKind::kMH, 0.07}}) {
        int n = flow.poisson(mean * share);
        for (int j = 0; j < n; ++j) {
          Career c(world_, params_, person_seed(1), static_cast<int>(i), to);
          Origin origin = static_cast<Origin>(pick(kLeefloonOrigins, c.rng));
          Sex sex = c.rng.bernoulli(0.52) ? Sex::kFemale : Sex::kMale;
          int age = age_from(kLeefloonAges, c.rng);
          c.leefloon(m, kind, 0);
          finish(c, origin, sex, age, m, false);
        }
      }
    }
  }
  // 2. Displaced Ukrainians with equivalent leefloon, from March 2022.
  for (Month m = b0; m <= to; ++m) {
    double arrivals = World::flemish_ukrainian_arrivals(m) * world_.factor();
    if (arrivals <= 0) continue;
    for (size_t i = 0; i < munis.size(); ++i) {
      int n = flow.poisson(arrivals * munis[i].ukrainian_weight);
      for (int j = 0; j < n; ++j) {
        Career c(world_, params_, person_seed(2), static_cast<int>(i), to);
        Sex sex = c.rng.bernoulli(0.7) ? Sex::kFemale : Sex::kMale;
        int age = age_from(kUkrainianAges, c.rng);
        c.ukrainian(m);
        finish(c, Origin::kUkrainian, sex, age, m, true);
      }
    }
  }
  // 3. VDAB job seekers outside the leefloon: a steady inflow.
  double js_mean = params_.js_short_share * params_.js_short_mean +
                   (1 - params_.js_short_share) * params_.js_long_mean;
  double js_inflow = params_.js_stock * world_.factor() / js_mean;
  for (Month m = world_.from() - 48; m <= to; ++m) {
    for (size_t i = 0; i < munis.size(); ++i) {
      int n = flow.poisson(js_inflow * munis[i].jobseeker_weight);
      for (int j = 0; j < n; ++j) {
        Career c(world_, params_, person_seed(3), static_cast<int>(i), to);
        Origin origin = static_cast<Origin>(pick(kJobseekerOrigins, c.rng));
        Sex sex = c.rng.bernoulli(0.48) ? Sex::kFemale : Sex::kMale;
        int age = age_from(kJobseekerAges, c.rng);
        c.jobseeker(m, 0);
        finish(c, origin, sex, age, m, false);
      }
    }
  }
  // 4. Belgium scale: the rest of the population, with its work history.
  if (world_.scale() == Scale::kBelgium) {
    constexpr int64_t kBelgium = 11800000;
    Rng where(mix_seed(seed_, 0xB4));
    while (stats.persons < kBelgium) {
      int muni = static_cast<int>(where.pick_cumulative(world_.cumulative_population()));
      Career c(world_, params_, person_seed(4), muni, to);
      Origin origin = static_cast<Origin>(pick(kGeneralOrigins, c.rng));
      Sex sex = c.rng.bernoulli(0.5) ? Sex::kFemale : Sex::kMale;
      int age = c.rng.uniform_int(15, 64);
      Month start = world_.from() - 24 + c.rng.uniform_int(0, 24);
      if (age < 20) start = world_.from() + c.rng.uniform_int(0, to - world_.from());
      if (c.rng.bernoulli(0.8)) c.market(start, 0.02, career::kMaxDepth);
      finish(c, origin, sex, age, start, false);
    }
  }
  if (progress) progress(stats.persons);
  return stats;
}

}  // namespace lap::generate
