#include "lap/link/quality.h"

#include <algorithm>
#include <cmath>

namespace lap::link {

void GroundTruth::add_person_ref(const PersonRefBytes& ref, uint64_t person_id) {
  refs_[ref] = person_id;
}

void GroundTruth::add_client(uint64_t client_id, uint64_t person_id) {
  clients_[client_id] = person_id;
}

std::optional<uint64_t> GroundTruth::person_of_ref(const PersonRefBytes& ref) const {
  auto it = refs_.find(ref);
  if (it == refs_.end()) return std::nullopt;
  return it->second;
}

std::optional<uint64_t> GroundTruth::person_of_client(uint64_t client_id) const {
  auto it = clients_.find(client_id);
  if (it == clients_.end()) return std::nullopt;
  return it->second;
}

namespace {

// Per rule: the true (person, client) pairs with an identity pair in one block.
std::vector<RuleCompleteness> rule_completeness(
    const Linker& linker, std::span<const std::pair<uint32_t, uint32_t>> true_units) {
  std::vector<RuleCompleteness> out;
  const auto& used = linker.options().blocking.rules;
  for (BlockingRule rule : kAllBlockingRules) {
    RuleCompleteness rc{.rule = rule,
                        .used = std::find(used.begin(), used.end(), rule) != used.end()};
    for (const auto& [person, client] : true_units) {
      bool together = false;
      for (uint32_t l : linker.person_profiles(person)) {
        for (uint32_t r : linker.client_profiles(client)) {
          together = together || share_block(rule, linker.ocmw_keys()[l], linker.vdab_keys()[r]);
        }
      }
      if (together) ++rc.true_pairs;
    }
    rc.completeness = true_units.empty() ? 1.0
                                         : static_cast<double>(rc.true_pairs) /
                                               static_cast<double>(true_units.size());
    rc.block_pairs = block_pairs(rule, linker.ocmw_keys(), linker.vdab_keys(),
                                 linker.options().blocking.cap(rule));
    out.push_back(rc);
  }
  return out;
}

// The blocking pair completeness per rule and the VDAB clients joined to
// another client, against the ground truth.
void blocking_and_clusters(const Linker& linker, const std::vector<uint32_t>& true_person,
                           const std::vector<uint64_t>& client_truth, QualityReport& q) {
  constexpr uint32_t kNoPerson = UINT32_MAX;
  std::vector<std::pair<uint32_t, uint32_t>> true_units;
  for (uint32_t c = 0; c < linker.client_count(); ++c) {
    if (true_person[c] != kNoPerson) true_units.emplace_back(true_person[c], c);
  }
  q.rules = rule_completeness(linker, true_units);
  for (uint32_t c = 0; c < linker.client_count(); ++c) {
    const uint32_t first = linker.client_cluster(c);
    if (first == c) continue;
    ++q.clients_merged;
    if (client_truth[c] != client_truth[first]) ++q.clients_merged_wrongly;
  }
}

}  // namespace

QualityReport evaluate(const Linker& linker, const GroundTruth& truth, size_t worst) {
  QualityReport q;
  constexpr uint64_t kNone = UINT64_MAX;
  std::vector<uint64_t> person_truth(linker.person_count(), kNone);
  std::unordered_map<uint64_t, uint32_t> person_of_truth;
  for (uint32_t p = 0; p < linker.person_count(); ++p) {
    auto t = truth.person_of_ref(linker.person_ref(p));
    if (!t) {
      ++q.persons_without_truth;
      continue;
    }
    person_truth[p] = *t;
    person_of_truth.emplace(*t, p);
  }
  constexpr uint32_t kNoPerson = UINT32_MAX;
  std::vector<uint32_t> true_person(linker.client_count(), kNoPerson);
  std::vector<uint64_t> client_truth(linker.client_count(), kNone);
  for (uint32_t c = 0; c < linker.client_count(); ++c) {
    auto t = truth.person_of_client(linker.client_id(c));
    if (!t) {
      ++q.clients_without_truth;
      continue;
    }
    client_truth[c] = *t;
    if (auto it = person_of_truth.find(*t); it != person_of_truth.end()) {
      true_person[c] = it->second;
      ++q.true_pairs;
    }
  }

  std::vector<uint32_t> linked(linker.client_count(), kNoPerson);
  std::vector<const UnitLink*> false_links;
  for (const UnitLink& l : linker.links()) {
    ++q.predicted_pairs;
    linked[l.client] = l.person;
    if (true_person[l.client] == l.person) {
      ++q.true_positives;
    } else {
      ++q.false_matches;
      false_links.push_back(&l);
    }
    if (linker.guard_conflict(l.person, l.client)) ++q.guard_violations;
  }

  // Missed pairs and why.
  std::vector<std::pair<uint32_t, uint32_t>> missed;
  for (uint32_t c = 0; c < linker.client_count(); ++c) {
    if (true_person[c] != kNoPerson && linked[c] != true_person[c]) {
      missed.emplace_back(true_person[c], c);
    }
  }
  q.missed_matches = missed.size();
  std::vector<double> w = linker.best_weights(missed);
  std::unordered_map<uint64_t, bool> in_review;
  for (const ReviewItem& r : linker.review())
    in_review[(uint64_t{r.person} << 32) | r.client] = true;
  for (size_t i = 0; i < missed.size(); ++i) {
    uint64_t key = (uint64_t{missed[i].first} << 32) | missed[i].second;
    if (in_review.contains(key)) {
      ++q.missed_in_review;
    } else if (std::isnan(w[i])) {
      ++q.missed_not_compared;
      if (q.not_compared_clients.size() < worst) {
        q.not_compared_clients.push_back(linker.client_id(missed[i].second));
      }
    } else if (w[i] < linker.weight_thresholds().lower) {
      ++q.missed_below_lower;
    } else {
      ++q.missed_other;
    }
  }

  std::vector<size_t> order;
  for (size_t i = 0; i < missed.size(); ++i) {
    if (!std::isnan(w[i])) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return w[a] > w[b]; });
  for (size_t k = 0; k < order.size() && k < worst; ++k) {
    const auto& [person, client] = missed[order[k]];
    FalseMatch f;
    f.client_id = linker.client_id(client);
    f.client_truth = client_truth[client];
    f.ocmw_truth = person_truth[person];
    f.weight = w[order[k]];
    f.explanation = linker.explain(person, client);
    q.best_missed_matches.push_back(std::move(f));
  }

  blocking_and_clusters(linker, true_person, client_truth, q);

  auto ratio = [](uint64_t a, uint64_t b) {
    return b == 0 ? 1.0 : static_cast<double>(a) / static_cast<double>(b);
  };
  q.precision = ratio(q.true_positives, q.predicted_pairs);
  q.recall = ratio(q.true_positives, q.true_pairs);
  q.incremental = linker.incremental();
  q.pair_completeness =
      q.incremental ? std::nan("") : ratio(q.true_pairs - q.missed_not_compared, q.true_pairs);
  q.f1 = q.precision + q.recall > 0 ? 2 * q.precision * q.recall / (q.precision + q.recall) : 0;

  std::sort(false_links.begin(), false_links.end(), [](const UnitLink* a, const UnitLink* b) {
    double wa = std::isnan(a->weight) ? 1e9 : a->weight;
    double wb = std::isnan(b->weight) ? 1e9 : b->weight;
    return wa > wb;
  });
  for (size_t i = 0; i < false_links.size() && i < worst; ++i) {
    const UnitLink& l = *false_links[i];
    FalseMatch f;
    f.client_id = linker.client_id(l.client);
    f.client_truth = client_truth[l.client];
    f.ocmw_truth = person_truth[l.person];
    f.weight = l.weight;
    f.method = l.method;
    f.explanation = linker.explain(l.person, l.client);
    q.worst_false_matches.push_back(std::move(f));
  }
  return q;
}

}  // namespace lap::link
