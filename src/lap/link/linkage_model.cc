// Linker::estimate_model (linkage.h): the Fellegi-Sunter model of a linkage.
//
// u (the chance of each level between two different people) comes from a
// sample of random identity pairs (Linker::random_pair_counts): nearly all are
// non-matches, unlike the candidate pairs, where blocking makes agreement on
// the blocking fields common.
//
// m (the chance of each level for one person) comes from EM with u held, in
// SESSIONS, as in Splink's training: each session takes pairs that agree on
// some fields and estimates m only for the OTHER fields, so no field is
// estimated on pairs chosen for agreeing on it. The blocked sessions take a
// sample of whole blocks of one rule (sample_blocks, ~300,000 pairs), not the
// candidate pairs: those were chosen by rules that also hold the birth year or
// the postcode, so their non-matches agree on those more than random pairs do
// and EM with a random-pair u calls them matches (the blocking artefact; plain
// EM on all candidates does the same). A field's m is the mean over the
// sessions that estimate it:
//   names_phonetic  blocks of the same-sounding names  -> INSZ, birth date, postcode,
//                   address (not sex: the given name tells it)
//   birth_date      blocks of one complete birth date  -> INSZ, names, sex, postcode, address
//   insz_equal      the candidate pairs with the same INSZ -> names, postcode, address (not
//                   the birth date and sex: the INSZ carries them, so pairs chosen
//                   for an equal INSZ have them equal too)
// A session with fewer than kMinSessionPairs pairs is skipped, and so is a
// field observed (not missing) in fewer of its pairs; a field no session
// estimates keeps the starting values, and the linkage says so in its
// warnings (the INSZ when VDAB records none, for instance).
//
// The random sample holds matches too: on a small source (FEBRL: 3,000 of 6
// million pairs) often enough to make exact agreement look common. So after
// a first estimate the match share of all pairs (the prior times the
// candidate pairs, over all pairs) is taken out of u and m is estimated again
// (FellegiSunterModel::initialise_u_without_matches).
//
// Then the weights are made monotone per field (FellegiSunterModel::
// make_monotone) and the match prior is estimated with m and u held.
#include <array>
#include <cmath>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "lap/link/linkage.h"

namespace lap::link {
namespace {

constexpr uint64_t kMinSessionPairs = 100;
constexpr auto kInsz = static_cast<size_t>(Field::kInsz);
constexpr auto kLastName = static_cast<size_t>(Field::kLastName);
constexpr auto kFirstName = static_cast<size_t>(Field::kFirstName);
constexpr auto kBirth = static_cast<size_t>(Field::kBirthDate);
constexpr auto kVariant = static_cast<uint8_t>(NameLevel::kVariant);

// A training session: its pairs (a sample of one blocking rule's blocks, or
// the candidate pairs that `keep` accepts) and the fields it estimates.
struct Session {
  std::string_view name;
  std::optional<BlockingRule> rule;
  bool (*keep)(const PatternCounts::Pattern& p);
  std::array<bool, kFieldCount> estimate;  // insz, last, first, birth, sex, postcode, address
};

// Pairs per blocked session: enough for the rare levels, cheap on `flanders`.
constexpr uint64_t kSessionPairs = 300'000;

const Session kSessions[] = {
    // Same-sounding names; sex is left out (a given name tells it).
    {"names_phonetic",
     BlockingRule::kNamesPhonetic,
     nullptr,
     {true, false, false, true, false, true, true}},
    {"birth_date", BlockingRule::kBirthDate, nullptr, {true, true, true, false, true, true, true}},
    {"insz_equal",
     std::nullopt,
     [](const PatternCounts::Pattern& p) {
       return p.levels[kInsz] == static_cast<uint8_t>(InszLevel::kEqual);
     },
     {false, true, true, false, false, true, true}},
};

}  // namespace

double Linker::population_prior() const {
  const double p = match_share_ > 0 ? match_share_ : model_.lambda();
  return std::log2(p / (1 - p));
}

Thresholds Linker::weight_thresholds() const {
  const double prior = population_prior();
  return {.lower = options_.thresholds.lower - prior, .upper = options_.thresholds.upper - prior};
}

void Linker::estimate_model(const PatternCounts& counts) {
  model_ = FellegiSunterModel(identity_fields());
  sessions_.clear();
  if (options_.u_sample == 0 || left_.empty() || right_.empty()) {
    model_.initialise_u_from(counts);
    em_ = estimate_em(model_, counts, options_.em);
    warnings_.push_back(
        "u and m estimated by plain EM on the candidate pairs (no random sample): weights may "
        "follow the blocking rules");
  } else {
    // Once with u as sampled; then, when the matches are a noticeable share
    // of all pairs (a small source), again with u cleared of them.
    const PatternCounts random = random_pair_counts();
    model_.initialise_u_from(random);
    estimate_m_in_sessions(counts, false);
    model_.estimate_lambda(counts);
    const double matches = model_.lambda() * static_cast<double>(counts.total());
    const double all_pairs = static_cast<double>(left_.size()) * static_cast<double>(right_.size());
    match_share_ = std::min(matches / all_pairs, 0.5);
    if (match_share_ > 1e-5) {
      model_.initialise_u_without_matches(random, match_share_);
      model_.set_lambda(0.1);
    }
    estimate_m_in_sessions(counts, true);
  }
  monotone_levels_ = model_.make_monotone();
  model_.estimate_lambda(counts);
  const double all_pairs = static_cast<double>(left_.size()) * static_cast<double>(right_.size());
  if (all_pairs > 0) {
    match_share_ = std::min(model_.lambda() * static_cast<double>(counts.total()) / all_pairs, 0.5);
  }
}

void Linker::estimate_m_in_sessions(const PatternCounts& counts, bool final) {
  FellegiSunterModel start(identity_fields());  // m at its starting values
  for (int f = 0; f < start.field_count(); ++f) {
    std::vector<double> u(start.field(f).levels.size());
    for (size_t l = 0; l < u.size(); ++l)
      u[l] = model_.u(f, static_cast<int>(l));
    start.set_u(f, u);
  }
  sessions_.clear();
  std::array<std::array<double, 8>, kFieldCount> sum{};
  std::array<int, kFieldCount> estimated{};
  em_ = EmResult{.converged = true};
  for (const Session& session : kSessions) {
    PatternCounts source(kFieldCount);
    if (session.rule) {
      const std::vector<CandidatePair> pairs =
          sample_blocks(*session.rule, left_keys_, right_keys_,
                        options_.blocking.cap(*session.rule), kSessionPairs);
      source = pattern_counts(
          pairs.size(), [&pairs](size_t i) { return std::pair(pairs[i].left, pairs[i].right); });
    }
    PatternCounts kept(kFieldCount);
    std::array<uint64_t, kFieldCount> observed{};  // pairs with the field not missing
    for (const auto& p : (session.rule ? source : counts).patterns()) {
      if (session.keep != nullptr && !session.keep(p)) continue;
      auto levels = p.levels;
      for (size_t f = 0; f < kFieldCount; ++f) {
        const auto missing = static_cast<uint8_t>(start.field(static_cast<int>(f)).missing_level);
        if (!session.estimate[f]) levels[f] = missing;
        if (levels[f] != missing) observed[f] += p.count;
      }
      kept.add(std::span(levels.data(), kFieldCount), p.count);
    }
    SessionStats stats{.name = session.name, .pairs = kept.total()};
    if (kept.total() >= kMinSessionPairs) {
      FellegiSunterModel m = start;
      m.set_lambda(0.1);
      EmOptions em = options_.em;
      em.fixed_u = true;
      EmResult r = estimate_em(m, kept, em);
      stats.used = true;
      stats.iterations = r.iterations;
      stats.converged = r.converged;
      stats.lambda = m.lambda();
      em_.iterations += r.iterations;
      em_.converged = em_.converged && r.converged;
      for (size_t f = 0; f < kFieldCount; ++f) {
        if (observed[f] < kMinSessionPairs) continue;
        ++estimated[f];
        for (size_t l = 0; l < m.field(static_cast<int>(f)).levels.size(); ++l)
          sum[f][l] += m.m(static_cast<int>(f), static_cast<int>(l));
      }
    }
    sessions_.push_back(stats);
  }
  for (size_t f = 0; f < kFieldCount; ++f) {
    const FieldSpec& spec = start.field(static_cast<int>(f));
    if (estimated[f] == 0) {
      if (final)
        warnings_.push_back(fmt::format(
            "m of {} kept its starting values: no training session had {} pairs to estimate it",
            spec.name, kMinSessionPairs));
      continue;
    }
    std::vector<double> values(spec.levels.size());
    for (size_t l = 0; l < values.size(); ++l)
      values[l] = sum[f][l] / estimated[f];
    model_.set_m(static_cast<int>(f), values);
  }
}

}  // namespace lap::link
