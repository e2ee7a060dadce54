#include "lap/pact/consortium.h"

#include <algorithm>
#include <map>
#include <set>

namespace lap::pact {

std::string_view consortium_settlement_name(ConsortiumSettlement s) {
  return s == ConsortiumSettlement::kJoint ? "joint" : "individual";
}

Problems validate_consortium(const Consortium& c, const CallParameters& p,
                             const geo::Registry& registry) {
  Problems out;
  if (!p.consortia_allowed) out.push_back({"consortium", "this call does not allow consortia"});
  if (c.id.empty()) out.push_back({"id", "must not be empty"});
  if (c.members.size() < 2) out.push_back({"members", "a consortium needs at least two members"});
  std::set<Nis> seen;
  std::set<std::string> regions;
  for (Nis nis : c.members) {
    if (!seen.insert(nis).second) out.push_back({"members", nis.to_string() + " is listed twice"});
    const auto* m = registry.find(nis);
    if (!m || !m->valid_on(p.counts_on)) {
      out.push_back(
          {"members", nis.to_string() + " is not a municipality on " + p.counts_on.to_string()});
      continue;
    }
    if (m->referentieregio.empty()) {
      out.push_back({"members", nis.to_string() + " has no known referentieregio"});
      continue;
    }
    regions.insert(m->referentieregio);
  }
  if (regions.size() > 1) {
    std::string list;
    for (const auto& r : regions)
      list += (list.empty() ? "" : ", ") + r;
    out.push_back({"members", "all members must lie in one referentieregio (found " + list + ")"});
  }
  return out;
}

SettlementUnit unit_of(const RedistributionRow& row) {
  SettlementUnit u;
  u.id = row.nis.to_string();
  u.kind = UnitKind::kMunicipality;
  u.members = {row.nis};
  u.result_codes = {row.nis};
  u.n = row.n;
  u.m = row.m;
  u.b = row.b;
  u.e = row.e;
  u.t = row.t;
  return u;
}

Result<std::vector<SettlementUnit>> build_units(const Redistribution& participants,
                                                std::span<const Consortium> consortia,
                                                const CallParameters& p,
                                                const geo::Registry& registry) {
  std::map<Nis, std::string> joint_of;  // member -> consortium id (joint only)
  std::set<Nis> in_consortium;
  std::set<std::string> ids;
  for (const auto& c : consortia) {
    auto problems = validate_consortium(c, p, registry);
    if (!problems.empty())
      return make_error(ErrorCode::kInvalidArgument,
                        "consortium " + c.id + ": " + problems.front().to_string());
    if (!ids.insert(c.id).second)
      return make_error(ErrorCode::kAlreadyExists, "consortium " + c.id + ": id used twice");
    for (Nis nis : c.members) {
      if (!participants.find(nis))
        return make_error(ErrorCode::kFailedPrecondition,
                          "consortium " + c.id + ": " + nis.to_string() + " is not a participant");
      if (!in_consortium.insert(nis).second)
        return make_error(ErrorCode::kAlreadyExists, "consortium " + c.id + ": " + nis.to_string() +
                                                         " is already in another consortium");
      if (c.settlement == ConsortiumSettlement::kJoint) joint_of[nis] = c.id;
    }
  }
  std::vector<SettlementUnit> units;
  std::map<std::string, size_t> joint_index;
  for (const auto& row : participants.rows) {
    auto it = joint_of.find(row.nis);
    if (it == joint_of.end()) {
      units.push_back(unit_of(row));
      continue;
    }
    auto [pos, fresh] = joint_index.emplace(it->second, units.size());
    if (fresh) {
      SettlementUnit u;
      u.id = it->second;
      u.kind = UnitKind::kJointConsortium;
      units.push_back(u);
    }
    auto& u = units[pos->second];
    u.members.push_back(row.nis);
    u.result_codes.push_back(row.nis);
    u.n += row.n;
    u.m += row.m;
    u.b += row.b;
    u.e += row.e;
    u.t += row.t;
  }
  return units;
}

}  // namespace lap::pact
