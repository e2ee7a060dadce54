// The protector against the independent audit (lap/audit): each relation
// between published figures, with a table that leaked before (the old rule
// protected one table at a time), and random linked tables.
#include "lap/publish/protect.h"

#include <iostream>
#include <random>
#include <tuple>

#include <gtest/gtest.h>

#include "lap/audit/audit.h"
#include "lap/measure/inner.h"
#include "lap/publish/publication.h"

namespace lap::publish {
namespace {

using measure::Family;
using measure::InnerBlock;
using measure::Period;

Month mon(std::string_view s) {
  return *Month::parse(s);
}

// Monthly signatures (measure/inner.h): (kind * 2 + registered) * 3 + outflow.
constexpr int kLL = 0;
constexpr int kEll = 1;
constexpr int kUkr = 2;
int leefloner(int kind, bool registered, int outflow = 0) {
  return (kind * 2 + (registered ? 1 : 0)) * 3 + outflow;
}
constexpr int kTwe = 18;
constexpr int kCat05 = 19;

// Five OCMWs of the regiegebied KINA and three of Zora Werkt! (province Antwerpen).
const std::vector<int> kKina = {11001, 11005, 11016, 11018, 11030};
const std::vector<int> kZora = {11004, 11007, 11013};

struct BlockBuilder {
  InnerBlock b;
  BlockBuilder(Family family, Period block) {
    b.family = family;
    b.block = block;
  }
  BlockBuilder& ocmw(int nis, std::vector<std::pair<int, int64_t>> cells) {
    b.ocmws.push_back(*Nis::from_int(nis));
    const auto n = static_cast<size_t>(b.signatures());
    const size_t at = b.counts.size();
    b.counts.resize(at + n, 0);
    b.keys.resize(at + n, 0);
    for (const auto& [sig, count] : cells)
      b.counts[at + static_cast<size_t>(sig)] += count;
    return *this;
  }
};

// A large OCMW: every monthly figure far from small.
std::vector<std::pair<int, int64_t>> large() {
  return {{leefloner(kLL, true, 0), 60},
          {leefloner(kLL, true, 1), 20},
          {leefloner(kLL, false, 0), 50},
          {leefloner(kLL, false, 1), 10},
          {leefloner(kEll, true, 0), 15},
          {leefloner(kEll, false, 0), 12},
          {leefloner(kUkr, true, 0), 30},
          {leefloner(kUkr, false, 1), 9},
          {kTwe, 25},
          {kCat05, 40}};
}

struct Protected {
  std::vector<InnerBlock> blocks;
  std::vector<measure::Figure> figures;
  Protection protection;
  std::vector<Loss> loss;
};

Protected protect_blocks(std::vector<InnerBlock> blocks, bool insiders = true) {
  Protected r;
  r.blocks = std::move(blocks);
  for (const auto& b : r.blocks)
    measure::append_figures(b, r.figures);
  ProtectOptions o;
  o.insiders = insiders;
  auto p = protect(r.blocks, geo::Registry::builtin(), o);
  EXPECT_TRUE(p) << p.error().message;
  r.protection = p->protection;
  r.loss = p->loss;
  return r;
}

audit::AuditReport audit_view(const Protected& r, const Protection& p, const View& view,
                              Month data_end = mon("2025-12")) {
  auto cells = roll_up(r.figures, geo::Registry::builtin());
  apply(cells, p, view);
  audit::AuditOptions o;
  o.data_end = data_end;
  o.view = view;
  auto report = audit::audit(r.figures, cells, geo::Registry::builtin(), o);
  EXPECT_TRUE(report) << report.error().message;
  for (const auto& e : report->errors)
    ADD_FAILURE() << "audit model error: " << e;
  for (size_t i = 0; i < report->findings.size() && i < 5; ++i) {
    const auto& f = report->findings[i];
    std::cerr << "  finding: " << measure::to_id(f.cell.indicator) << " " << f.cell.variant << " "
              << to_id(f.cell.level) << " " << f.cell.code << " " << to_id(f.quantity) << " = "
              << f.value << " in " << f.low << ".." << (f.high ? std::to_string(*f.high) : "")
              << (f.shown ? " (shown)" : "") << "\n";
  }
  return *report;
}

// Only the primary cells hidden: what a one-table-at-a-time rule without
// secondary suppression publishes.
Protection primary_only(const Protection& p) {
  std::vector<SuppressedCell> cells;
  for (const auto& c : p.cells())
    if (c.reason == Suppression::kPrimary) cells.push_back(c);
  return Protection(p.k(), cells);
}

bool hidden(const Protection& p, std::string_view variant, measure::Indicator indicator,
            Period period, int nis) {
  return p.lookup({indicator, std::string(variant), period, Level::kOcmw, std::to_string(nis)}) !=
         Suppression::kNone;
}

TEST(Protect, VariantsThatAddUp) {
  // 11001 has two ELL leefloners: reach ELL is primary, and reach all minus
  // reach LL would give it away.
  const Period may = Period::month(mon("2022-05"));
  BlockBuilder b(Family::kMonthly, may);
  for (int nis : kKina) {
    if (nis == 11001) {
      auto cells = large();
      std::erase_if(cells, [](const auto& c) { return c.first / 6 != kLL; });
      cells.push_back({leefloner(kEll, true), 1});
      cells.push_back({leefloner(kEll, false), 1});
      b.ocmw(nis, cells);
    } else {
      b.ocmw(nis, large());
    }
  }
  const Protected r = protect_blocks({b.b});
  const auto leaky = audit_view(r, primary_only(r.protection), View::public_view());
  EXPECT_FALSE(leaky.ok());
  EXPECT_TRUE(hidden(r.protection, "ELL", measure::Indicator::kReach, may, 11001));
  EXPECT_TRUE(hidden(r.protection, "LL", measure::Indicator::kReach, may, 11001) ||
              hidden(r.protection, "all", measure::Indicator::kReach, may, 11001));
  EXPECT_TRUE(audit_view(r, r.protection, View::public_view()).ok());
}

TEST(Protect, LevelsThatAddUpAndTheOwnersOfPartners) {
  // One OCMW with three TWE-OCMW participants: the regiegebied total gives it
  // away unless a partner hides too, and any one partner knows its own count.
  const Period may = Period::month(mon("2022-05"));
  BlockBuilder b(Family::kMonthly, may);
  for (int nis : kKina) {
    auto cells = large();
    if (nis == 11018) {
      for (auto& c : cells)
        if (c.first == kTwe) c.second = 3;
    }
    b.ocmw(nis, cells);
  }
  for (int nis : kZora)
    b.ocmw(nis, large());
  const Protected r = protect_blocks({b.b});
  EXPECT_FALSE(audit_view(r, primary_only(r.protection), View::public_view()).ok());
  EXPECT_TRUE(audit_view(r, r.protection, View::public_view()).ok());
  int partners = 0;
  for (int nis : kKina) {
    if (nis == 11018) continue;
    if (hidden(r.protection, "all", measure::Indicator::kTweActive, may, nis)) ++partners;
    EXPECT_TRUE(audit_view(r, r.protection, View::owner_view(*Nis::from_int(nis))).ok()) << nis;
  }
  EXPECT_GE(partners, 2);  // robust against either partner
  // Protected against the public only, a partner can undo it.
  const Protected public_only = protect_blocks({b.b}, false);
  bool leaks = false;
  for (int nis : kKina)
    leaks = leaks ||
            !audit_view(public_only, public_only.protection, View::owner_view(*Nis::from_int(nis)))
                 .ok();
  EXPECT_TRUE(leaks);
}

TEST(Protect, RangesThatNest) {
  // LAP results through each month of a three-month call: 11018's result is 3
  // through month 2 and 3 through month 1 and month 3 — sandwiched unless
  // the neighbours of the range are protected too.
  const Period call = Period::range(mon("2024-01"), mon("2024-03"));
  BlockBuilder b(Family::kLapResult, call);
  auto units = [](int64_t m0, int64_t m1, int64_t m2) {
    return std::vector<std::pair<int, int64_t>>{{0, m0}, {2, m1}, {4, m2}};
  };
  b.ocmw(11001, units(12, 9, 14));
  b.ocmw(11005, units(7, 8, 9));
  b.ocmw(11016, units(10, 6, 11));
  b.ocmw(11018, units(3, 0, 0));
  b.ocmw(11030, units(8, 7, 5));
  const Protected r = protect_blocks({b.b});
  EXPECT_FALSE(audit_view(r, primary_only(r.protection), View::public_view(), mon("2024-12")).ok());
  EXPECT_TRUE(audit_view(r, r.protection, View::public_view(), mon("2024-12")).ok());
  EXPECT_TRUE(
      audit_view(r, r.protection, View::owner_view(*Nis::from_int(11001)), mon("2024-12")).ok());
}

TEST(Protect, NothingSmallNothingHidden) {
  BlockBuilder b(Family::kMonthly, Period::month(mon("2022-05")));
  for (int nis : kKina)
    b.ocmw(nis, large());
  const Protected r = protect_blocks({b.b});
  EXPECT_TRUE(r.protection.cells().empty());
  for (const Loss& l : r.loss)
    EXPECT_EQ(l.ocmw_secondary, 0) << measure::to_id(l.indicator) << " " << l.variant;
}

TEST(Protect, KOfOneHidesNothing) {
  BlockBuilder b(Family::kMonthly, Period::month(mon("2022-05")));
  b.ocmw(11001, {{leefloner(kLL, true), 1}});
  std::vector<InnerBlock> blocks = {b.b};
  ProtectOptions o;
  o.k = 1;
  auto p = protect(blocks, geo::Registry::builtin(), o);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->protection.cells().empty());
}

// Random linked tables: small monthly blocks over two regiegebieden with many
// small counts, in a month where every kind of unit is possible (pending
// outflows need the data end within 14 months); the audit finds nothing for
// the public and every owner.
TEST(Protect, RandomLinkedTablesAreProtectedForEveryViewer) {
  std::mt19937 rng(20261205);
  for (int round = 0; round < 30; ++round) {
    BlockBuilder b(Family::kMonthly, Period::month(mon("2025-06")));
    std::vector<int> all = kKina;
    all.insert(all.end(), kZora.begin(), kZora.end());
    std::sort(all.begin(), all.end());
    for (int nis : all) {
      std::vector<std::pair<int, int64_t>> cells;
      const int scale = std::uniform_int_distribution<int>(0, 3)(rng) == 0 ? 40 : 4;
      for (int sig = 0; sig < 20; ++sig) {
        const int64_t n = std::uniform_int_distribution<int>(0, scale)(rng);
        if (std::uniform_int_distribution<int>(0, 2)(rng) == 0 && n > 0) cells.emplace_back(sig, n);
      }
      if (cells.empty()) cells.emplace_back(leefloner(kLL, true), 1);
      b.ocmw(nis, cells);
    }
    const Protected r = protect_blocks({b.b});
    EXPECT_TRUE(audit_view(r, r.protection, View::public_view()).ok()) << "round " << round;
    for (int nis : all) {
      EXPECT_TRUE(audit_view(r, r.protection, View::owner_view(*Nis::from_int(nis))).ok())
          << "round " << round << " owner " << nis;
    }
  }
}

// Blocks are protected in parallel: any number of threads gives the same
// pattern, losses and counts as one.
TEST(Protect, TheThreadsDoNotChangeTheResult) {
  std::mt19937 rng(20261207);
  std::vector<measure::InnerBlock> blocks;
  std::vector<int> all = kKina;
  all.insert(all.end(), kZora.begin(), kZora.end());
  std::sort(all.begin(), all.end());
  for (const char* month : {"2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"}) {
    BlockBuilder b(Family::kMonthly, Period::month(mon(month)));
    for (int nis : all) {
      std::vector<std::pair<int, int64_t>> cells;
      for (int sig = 0; sig < 20; ++sig) {
        const int64_t n = std::uniform_int_distribution<int>(0, 6)(rng);
        if (n > 0) cells.emplace_back(sig, n);
      }
      b.ocmw(nis, cells);
    }
    blocks.push_back(b.b);
  }
  auto run = [&](int threads) {
    ProtectOptions o;
    o.threads = threads;
    auto p = protect(blocks, geo::Registry::builtin(), o);
    EXPECT_TRUE(p.has_value());
    return std::move(*p);
  };
  const ProtectResult one = run(1);
  ASSERT_FALSE(one.protection.cells().empty());
  for (int threads : {2, 3, 8}) {
    const ProtectResult many = run(threads);
    ASSERT_EQ(one.protection.cells().size(), many.protection.cells().size()) << threads;
    for (size_t i = 0; i < one.protection.cells().size(); ++i) {
      EXPECT_TRUE(one.protection.cells()[i].cell == many.protection.cells()[i].cell);
      EXPECT_EQ(one.protection.cells()[i].reason, many.protection.cells()[i].reason);
    }
    ASSERT_EQ(one.loss.size(), many.loss.size());
    for (size_t i = 0; i < one.loss.size(); ++i) {
      EXPECT_EQ(
          std::tie(one.loss[i].indicator, one.loss[i].variant, one.loss[i].ocmw_cells,
                   one.loss[i].ocmw_primary, one.loss[i].ocmw_secondary, one.loss[i].area_cells,
                   one.loss[i].area_primary, one.loss[i].area_secondary),
          std::tie(many.loss[i].indicator, many.loss[i].variant, many.loss[i].ocmw_cells,
                   many.loss[i].ocmw_primary, many.loss[i].ocmw_secondary, many.loss[i].area_cells,
                   many.loss[i].area_primary, many.loss[i].area_secondary));
    }
    EXPECT_EQ(one.sensitive_counts, many.sensitive_counts);
    EXPECT_EQ(one.witnesses, many.witnesses);
  }
}

// Random LAP calls: cumulative results of small municipalities, every owner.
TEST(Protect, RandomNestedRangesAreProtectedForEveryViewer) {
  std::mt19937 rng(4242);
  for (int round = 0; round < 20; ++round) {
    BlockBuilder b(Family::kLapResult, Period::range(mon("2024-12"), mon("2025-05")));
    std::vector<int> all = kKina;
    all.insert(all.end(), kZora.begin(), kZora.end());
    std::sort(all.begin(), all.end());
    for (int nis : all) {
      std::vector<std::pair<int, int64_t>> cells;
      for (int sig = 0; sig < 12; ++sig) {
        // Data end 2025-06: confirmed starts up to 2025-04, pending ones from 2025-04.
        const int month = sig / 2;
        if ((sig % 2 == 0 && month > 4) || (sig % 2 == 1 && month < 4)) continue;
        const int64_t n = std::uniform_int_distribution<int>(0, 3)(rng);
        if (n > 0 && std::uniform_int_distribution<int>(0, 1)(rng) == 0) cells.emplace_back(sig, n);
      }
      if (cells.empty()) cells.emplace_back(0, 1);
      b.ocmw(nis, cells);
    }
    const Protected r = protect_blocks({b.b});
    EXPECT_TRUE(audit_view(r, r.protection, View::public_view(), mon("2025-06")).ok())
        << "round " << round;
    for (int nis : all) {
      EXPECT_TRUE(
          audit_view(r, r.protection, View::owner_view(*Nis::from_int(nis)), mon("2025-06")).ok())
          << "round " << round << " owner " << nis;
    }
  }
}

// The case figures of the dashboard (lap/cases/case_figures.h): handovers,
// transmissions (with pending ones, in no denominator) and leefloners with an
// action, each a block of its own, for a month that is the data end (every
// kind of transmission possible) and one before it.
TEST(Protect, RandomCaseFiguresAreProtectedForEveryViewer) {
  std::mt19937 rng(20261206);
  const std::vector<std::pair<Family, int>> families = {
      {Family::kCaseHandovers, 2}, {Family::kCaseTransmissions, 3}, {Family::kCaseActions, 2}};
  bool leaks = false;  // primary suppression alone is not enough somewhere
  for (int round = 0; round < 10; ++round) {
    for (const Month month : {mon("2026-11"), mon("2026-12")}) {
      std::vector<InnerBlock> blocks;
      for (const auto& [family, signatures] : families) {
        BlockBuilder b(family, Period::month(month));
        std::vector<int> all = kKina;
        all.insert(all.end(), kZora.begin(), kZora.end());
        std::sort(all.begin(), all.end());
        for (int nis : all) {
          std::vector<std::pair<int, int64_t>> cells;
          const int scale = std::uniform_int_distribution<int>(0, 3)(rng) == 0 ? 30 : 4;
          for (int sig = 0; sig < signatures; ++sig) {
            // Pending transmissions only in the data end's month.
            if (family == Family::kCaseTransmissions && sig == 2 && month != mon("2026-12"))
              continue;
            const int64_t n = std::uniform_int_distribution<int>(0, scale)(rng);
            if (n > 0) cells.emplace_back(sig, n);
          }
          if (cells.empty()) cells.emplace_back(1, 1);
          b.ocmw(nis, cells);
        }
        blocks.push_back(b.b);
      }
      const Protected r = protect_blocks(blocks);
      leaks = leaks ||
              !audit_view(r, primary_only(r.protection), View::public_view(), mon("2026-12")).ok();
      EXPECT_TRUE(audit_view(r, r.protection, View::public_view(), mon("2026-12")).ok())
          << "round " << round;
      for (int nis : kKina) {
        EXPECT_TRUE(
            audit_view(r, r.protection, View::owner_view(*Nis::from_int(nis)), mon("2026-12")).ok())
            << "round " << round << " owner " << nis;
      }
    }
  }
  EXPECT_TRUE(leaks);
}

// A half year and its two quarters hold the same trajectories: a small first
// quarter is the half year minus the second quarter, unless the protection
// hides one of those too.
TEST(Protect, AHalfYearAndItsQuartersAreProtectedTogether) {
  const Period h1 = Period::half_year(mon("2024-01"));
  // TWE-OCMW exits (measure/inner.h): at work at end+3 as an employee, and in
  // the twelve months after; the second quarter's codes from 96 on.
  constexpr int kEmployee = 32 + 8;
  BlockBuilder b(Family::kTweExit, h1);
  for (int nis : kKina) {
    if (nis == 11001) {
      b.ocmw(nis, {{kEmployee, 2}, {96 + kEmployee, 10}, {96, 8}});
    } else {
      b.ocmw(nis, {{kEmployee, 12}, {0, 9}, {96 + kEmployee, 11}, {96, 7}});
    }
  }
  const Protected r = protect_blocks({b.b});
  EXPECT_TRUE(hidden(r.protection, "work_end3", measure::Indicator::kTweExit,
                     Period::quarter(mon("2024-01")), 11001));
  EXPECT_FALSE(audit_view(r, primary_only(r.protection), View::public_view()).ok());
  EXPECT_TRUE(audit_view(r, r.protection, View::public_view()).ok());
  for (int nis : kKina)
    EXPECT_TRUE(audit_view(r, r.protection, View::owner_view(*Nis::from_int(nis))).ok()) << nis;
}

// Random half-year blocks of every family that has them (the monthly
// indicators over a half year, and the quarterly ones with their two
// quarters), with a data end that decides every outcome; the audit finds
// nothing for the public and every owner.
TEST(Protect, RandomHalfYearsAreProtectedForEveryViewer) {
  std::mt19937 rng(20261207);
  const Period h1 = Period::half_year(mon("2024-01"));
  // The signatures a decided outcome allows (measure/inner.h).
  const std::vector<std::pair<Family, std::vector<int>>> families = {
      {Family::kHalfYear, {0, 1, 2, 3, 4, 5, 6, 7}},
      {Family::kTweExit, {0, 8, 40, 42, 72, 74, 96, 104, 136, 138, 168, 170}},
      {Family::kWijkWerken, {0, 1, 4, 5, 8, 9, 12, 13}},
      {Family::kSeThroughput, {0, 1, 3, 4, 6, 7, 9, 10}},
      {Family::kCat05Outflow, {1, 2, 4, 5, 6, 8, 9, 10, 17, 18}},
  };
  std::vector<int> all = kKina;
  all.insert(all.end(), kZora.begin(), kZora.end());
  std::sort(all.begin(), all.end());
  for (int round = 0; round < 8; ++round) {
    std::vector<InnerBlock> blocks;
    for (const auto& [family, signatures] : families) {
      BlockBuilder b(family, h1);
      for (int nis : all) {
        std::vector<std::pair<int, int64_t>> cells;
        const int scale = std::uniform_int_distribution<int>(0, 3)(rng) == 0 ? 30 : 4;
        for (int sig : signatures) {
          const int64_t n = std::uniform_int_distribution<int>(0, scale)(rng);
          if (n > 0 && std::uniform_int_distribution<int>(0, 1)(rng) == 0)
            cells.emplace_back(sig, n);
        }
        if (cells.empty()) cells.emplace_back(signatures.front(), 1);
        b.ocmw(nis, cells);
      }
      blocks.push_back(b.b);
    }
    const Protected r = protect_blocks(blocks);
    EXPECT_TRUE(audit_view(r, r.protection, View::public_view()).ok()) << "round " << round;
    for (int nis : all) {
      EXPECT_TRUE(audit_view(r, r.protection, View::owner_view(*Nis::from_int(nis))).ok())
          << "round " << round << " owner " << nis;
    }
  }
}

TEST(Protection, LookupAndOrder) {
  const Period may = Period::month(mon("2022-05"));
  Protection p(
      5,
      {{{measure::Indicator::kReach, "LL", may, Level::kOcmw, "11002"}, Suppression::kSecondary},
       {{measure::Indicator::kReach, "ELL", may, Level::kOcmw, "11002"}, Suppression::kPrimary}});
  EXPECT_EQ(p.cells().front().cell.variant, "ELL");
  EXPECT_EQ(p.lookup({measure::Indicator::kReach, "LL", may, Level::kOcmw, "11002"}),
            Suppression::kSecondary);
  EXPECT_EQ(p.lookup({measure::Indicator::kReach, "all", may, Level::kOcmw, "11002"}),
            Suppression::kNone);
}

}  // namespace
}  // namespace lap::publish
