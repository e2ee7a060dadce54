#include "lap/pact/redistribution.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <utility>

#include "lap/pact/largest_remainder.h"

namespace lap::pact {

Redistribution without_pool(Redistribution r, Money amount) {
  r.pool = Money();
  r.rounds = 0;
  r.allocated = Money();
  for (auto& row : r.rows) {
    row.m = row.m_before;
    row.received = Money();
    row.at_cap = false;
    if (!row.reduced_commitment) row.e = extra_engagement(row.m, amount);
    row.t = row.b + row.e;
    r.allocated += row.m;
  }
  r.unallocated = r.budget - r.allocated;
  return r;
}

const RedistributionRow* Redistribution::find(Nis nis) const {
  auto it = std::lower_bound(rows.begin(), rows.end(), nis,
                             [](const RedistributionRow& r, Nis n) { return r.nis < n; });
  return it != rows.end() && it->nis == nis ? &*it : nullptr;
}

Result<Redistribution> redistribute(const Werktabel& werktabel,
                                    std::span<const Participation> participants, bool cap_enabled) {
  const Money amount = werktabel.amount_per_outflow;
  Redistribution out;
  out.version = werktabel.version;
  out.budget = werktabel.budget;

  std::map<Nis, std::optional<int64_t>> wanted;
  for (const auto& p : participants) {
    if (!werktabel.find(p.nis))
      return make_error(ErrorCode::kNotFound,
                        "participants: " + p.nis.to_string() + " is not in the werktabel");
    if (!wanted.emplace(p.nis, p.engagement).second)
      return make_error(ErrorCode::kAlreadyExists,
                        "participants: " + p.nis.to_string() + " is listed twice");
  }

  Money pool;
  for (const auto& row : werktabel.rows) {
    auto it = wanted.find(row.nis);
    if (it == wanted.end()) {
      pool += row.m;
      continue;
    }
    WerktabelRow committed = row;
    bool reduced = false;
    if (it->second) {
      auto c = commit_less(row, *it->second, amount);
      if (!c) return std::unexpected(c.error());
      reduced = *it->second < row.e;
      committed = *c;
      pool += row.m - committed.m;
    }
    RedistributionRow r;
    r.nis = row.nis;
    r.n = row.n;
    r.b = row.b;
    r.m_before = committed.m;
    r.m = committed.m;
    r.e = committed.e;
    r.reduced_commitment = reduced;
    if (cap_enabled) r.cap = amount * std::max<int64_t>(0, row.n - row.b);
    out.rows.push_back(r);
  }
  out.pool = pool;

  // Room left under the cap for each participant that can receive.
  auto room = [&](const RedistributionRow& r) -> int64_t {
    if (r.reduced_commitment) return 0;
    if (!r.cap) return INT64_MAX;
    return std::max<int64_t>(0, r.cap->cents() - r.m.cents());
  };
  int64_t left = pool.cents();
  while (left > 0) {
    std::vector<size_t> active;
    std::vector<int64_t> weights;
    for (size_t i = 0; i < out.rows.size(); ++i) {
      if (out.rows[i].n > 0 && room(out.rows[i]) > 0) {
        active.push_back(i);
        weights.push_back(out.rows[i].n);
      }
    }
    if (active.empty()) break;
    ++out.rounds;
    auto shares = largest_remainder(left, weights);
    int64_t excess = 0;
    for (size_t k = 0; k < active.size(); ++k) {
      auto& r = out.rows[active[k]];
      int64_t give = std::min(shares[k], room(r));
      excess += shares[k] - give;
      r.received += Money::from_cents(give);
      r.m += Money::from_cents(give);
    }
    left = excess;
  }
  for (auto& r : out.rows) {
    if (r.cap && !r.reduced_commitment && r.m >= *r.cap) r.at_cap = true;
    if (!r.reduced_commitment) r.e = extra_engagement(r.m, amount);
    r.t = r.b + r.e;
    out.allocated += r.m;
  }
  out.unallocated = Money::from_cents(left);
  return out;
}

}  // namespace lap::pact
