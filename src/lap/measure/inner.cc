#include "lap/measure/inner.h"

#include <array>

namespace lap::measure {
namespace {

struct Slot {
  Indicator indicator;
  std::string_view variant;
};

constexpr std::array<Slot, 8> kMonthlySlots{{
    {Indicator::kReach, "all"},
    {Indicator::kReach, "LL"},
    {Indicator::kReach, "ELL"},
    {Indicator::kReachIndicative, "all"},
    {Indicator::kOutflowRate, "all"},
    {Indicator::kOutflowRate, "vdab"},
    {Indicator::kTweActive, "all"},
    {Indicator::kUkrainianReach, "all"},
}};
constexpr std::array<Slot, 6> kHalfYearSlots{{
    {Indicator::kReach, "all"},
    {Indicator::kReach, "LL"},
    {Indicator::kReach, "ELL"},
    {Indicator::kReachIndicative, "all"},
    {Indicator::kTweActive, "all"},
    {Indicator::kUkrainianReach, "all"},
}};
constexpr std::array<Slot, 1> kCat05Slots{{{Indicator::kCat05Outflow, "all"}}};
constexpr std::array<Slot, 5> kTweSlots{{
    {Indicator::kTweExit, "work_end3"},
    {Indicator::kTweExit, "work_any12"},
    {Indicator::kTweExit, "durable"},
    {Indicator::kTweExit, "employee_end3"},
    {Indicator::kTweExit, "self_end3"},
}};
constexpr std::array<Slot, 2> kWijkSlots{{
    {Indicator::kWijkWerken, "work_any3"},
    {Indicator::kWijkWerken, "learning"},
}};
constexpr std::array<Slot, 1> kHandoverSlots{{{Indicator::kHandoverLeadTime, "all"}}};
constexpr std::array<Slot, 1> kTransmissionSlots{{{Indicator::kTransmissionsInTime, "all"}}};
constexpr std::array<Slot, 1> kActionSlots{{{Indicator::kLeeflonersWithAction, "all"}}};
constexpr std::array<Slot, 2> kSeSlots{{
    {Indicator::kSeThroughput, "lde"},
    {Indicator::kSeThroughput, "collectief_maatwerk"},
}};

std::span<const Slot> slots(Family f) {
  switch (f) {
    case Family::kMonthly:
      return kMonthlySlots;
    case Family::kHalfYear:
      return kHalfYearSlots;
    case Family::kCat05Outflow:
      return kCat05Slots;
    case Family::kTweExit:
      return kTweSlots;
    case Family::kWijkWerken:
      return kWijkSlots;
    case Family::kSeThroughput:
      return kSeSlots;
    case Family::kCaseHandovers:
      return kHandoverSlots;
    case Family::kCaseTransmissions:
      return kTransmissionSlots;
    case Family::kCaseActions:
      return kActionSlots;
    case Family::kLapResult:
      break;
  }
  return {};
}

// Numerator, pending or neither, for a figure with an outcome: the rest of
// the denominator when `outcome` is 0.
uint8_t outcome_role(bool numerator, bool pending) {
  return kRoleDenominator | (numerator ? kRoleNumerator : 0) | (pending ? kRolePending : 0);
}

uint8_t monthly_role(int sig, int figure) {
  if (sig == 18) {  // active in TWE-OCMW: the numerators of twe_active and reach_indicative
    return figure == 3 || figure == 6 ? kRoleNumerator : 0;
  }
  if (sig == 19) return figure == 3 ? kRoleNumerator : 0;  // a category-05 registration
  const int kind = sig / 6;  // 0 LL, 1 ELL, 2 ELL with the ukrainian flag
  const bool reg = (sig / 3) % 2 == 1;
  const int outflow = sig % 3;  // 0 none, 1 confirmed, 2 pending
  switch (figure) {
    case 0:
      return outcome_role(reg, false);
    case 1:
      return kind == 0 ? outcome_role(reg, false) : 0;
    case 2:
      return kind != 0 ? outcome_role(reg, false) : 0;
    case 3:
    case 6:
      return kRoleDenominator;
    case 4:
      return outcome_role(outflow == 1, outflow == 2);
    case 5:
      return reg ? outcome_role(outflow == 1, outflow == 2) : 0;
    case 7:
      return kind == 2 ? outcome_role(reg, false) : 0;
    default:
      return 0;
  }
}

uint8_t twe_role(int sig, int figure) {
  const int at3 = sig / 32;  // 0 none, 1 employee, 2 self
  const bool open3 = (sig & 16) != 0;
  const bool any12 = (sig & 8) != 0;
  const bool open12 = (sig & 4) != 0;
  const bool durable = (sig & 2) != 0;
  const bool durable_open = (sig & 1) != 0;
  switch (figure) {
    case 0:
      return outcome_role(at3 != 0, at3 == 0 && open3);
    case 1:
      return outcome_role(any12, !any12 && open12);
    case 2:
      return outcome_role(durable, !durable && durable_open);
    case 3:
      return outcome_role(at3 == 1, at3 != 1 && open3);
    case 4:
      return outcome_role(at3 == 2, at3 != 2 && open3);
    default:
      return 0;
  }
}

uint8_t half_year_role(int sig, int figure) {
  if (sig == 6) return figure == 3 || figure == 4 ? kRoleNumerator : 0;  // active in TWE-OCMW
  if (sig == 7) return figure == 3 ? kRoleNumerator : 0;  // a category-05 registration
  const int kind = sig / 2;  // 0 LL, 1 ELL, 2 ELL with the ukrainian flag
  const bool reg = sig % 2 == 1;
  switch (figure) {
    case 0:
      return outcome_role(reg, false);
    case 1:
      return kind == 0 ? outcome_role(reg, false) : 0;
    case 2:
      return kind != 0 ? outcome_role(reg, false) : 0;
    case 3:
    case 4:
      return kRoleDenominator;
    case 5:
      return kind == 2 ? outcome_role(reg, false) : 0;
    default:
      return 0;
  }
}

// The families whose block is a half year of two quarters (inner.h).
bool quarterly(Family f) {
  return f == Family::kCat05Outflow || f == Family::kTweExit || f == Family::kWijkWerken ||
         f == Family::kSeThroughput;
}

// A quarterly family's codes per quarter (S of inner.h).
int quarter_codes(Family f) {
  switch (f) {
    case Family::kTweExit:
      return 96;
    case Family::kWijkWerken:
      return 8;
    case Family::kSeThroughput:
      return 6;
    default:
      return 0;
  }
}

// The role of a trajectory's code (without its quarter) in figure `slot` of a period.
uint8_t quarter_code_role(Family f, int code, int slot) {
  switch (f) {
    case Family::kTweExit:
      return twe_role(code, slot);
    case Family::kWijkWerken:
      if (slot == 0) return outcome_role((code & 4) != 0, (code & 4) == 0 && (code & 2) != 0);
      return outcome_role((code & 1) != 0, false);
    case Family::kSeThroughput:
      if (code / 3 != slot) return 0;
      return outcome_role(code % 3 == 1, code % 3 == 2);
    default:
      return 0;
  }
}

// The role of a cat05_outflow unit in part 0 (first quarter), 1 (second) or 2
// (the half year).
uint8_t cat05_role(int sig, int part) {
  const int a = (sig % 16) / 4 - 1;
  const int b = sig % 4 - 1;
  const bool not_in_half = sig >= 16;
  const int r = part == 0 ? a : part == 1 ? b : a >= 0 ? a : not_in_half ? -1 : b;
  if (r < 0) return 0;
  return outcome_role(r == 1, r == 2);
}

// Which of the periods of a quarterly block figure `figure` belongs to: 0 the
// first quarter, 1 the second, 2 the half year.
int quarterly_part(const InnerBlock& b, int figure, int per_period) {
  if (b.block.kind == Period::Kind::kHalfYear) return figure / per_period;
  return (b.block.first.index() / 3) % 2;
}

}  // namespace

std::string_view to_id(Family f) {
  switch (f) {
    case Family::kMonthly:
      return "monthly";
    case Family::kHalfYear:
      return "half_year";
    case Family::kCat05Outflow:
      return "cat05_outflow";
    case Family::kTweExit:
      return "twe_exit";
    case Family::kWijkWerken:
      return "wijk_werken";
    case Family::kSeThroughput:
      return "se_throughput";
    case Family::kLapResult:
      return "lap_result";
    case Family::kCaseHandovers:
      return "case_handovers";
    case Family::kCaseTransmissions:
      return "case_transmissions";
    case Family::kCaseActions:
      return "case_actions";
  }
  return "?";
}

int InnerBlock::signatures() const {
  switch (family) {
    case Family::kMonthly:
      return 20;
    case Family::kHalfYear:
      return 8;
    case Family::kCat05Outflow:
      return 32;
    case Family::kTweExit:
    case Family::kWijkWerken:
    case Family::kSeThroughput:
      return 2 * quarter_codes(family);
    case Family::kLapResult:
      return 2 * figures();
    case Family::kCaseHandovers:
    case Family::kCaseActions:
      return 2;
    case Family::kCaseTransmissions:
      return 3;
  }
  return 0;
}

int InnerBlock::figures() const {
  if (family == Family::kLapResult) return block.last - block.first + 1;
  const int per_period = static_cast<int>(slots(family).size());
  if (quarterly(family) && block.kind == Period::Kind::kHalfYear) return 3 * per_period;
  return per_period;
}

Indicator InnerBlock::indicator(int figure) const {
  if (family == Family::kLapResult) return Indicator::kLapResult;
  const auto all = slots(family);
  return all[static_cast<size_t>(figure) % all.size()].indicator;
}

std::string_view InnerBlock::variant(int figure) const {
  if (family == Family::kLapResult) return "all";
  const auto all = slots(family);
  return all[static_cast<size_t>(figure) % all.size()].variant;
}

Period InnerBlock::period(int figure) const {
  if (family == Family::kLapResult) return Period::range(block.first, block.first + figure);
  if (quarterly(family) && block.kind == Period::Kind::kHalfYear) {
    const int part = figure / static_cast<int>(slots(family).size());
    if (part < 2) return Period::quarter(block.first + 3 * part);
  }
  return block;
}

uint8_t InnerBlock::role(int sig, int figure) const {
  switch (family) {
    case Family::kMonthly:
      return monthly_role(sig, figure);
    case Family::kHalfYear:
      return half_year_role(sig, figure);
    case Family::kCat05Outflow:
      return cat05_role(sig, quarterly_part(*this, figure, 1));
    case Family::kTweExit:
    case Family::kWijkWerken:
    case Family::kSeThroughput: {
      const int per_period = static_cast<int>(slots(family).size());
      const int part = quarterly_part(*this, figure, per_period);
      const int codes = quarter_codes(family);
      if (part < 2 && sig / codes != part) return 0;
      return quarter_code_role(family, sig % codes, figure % per_period);
    }
    case Family::kLapResult:
      // The results through `figure` hold the outflows starting up to it.
      if (sig / 2 > figure) return 0;
      return sig % 2 == 0 ? kRoleNumerator : kRolePending;
    case Family::kCaseHandovers:
    case Family::kCaseActions:
      return outcome_role(sig == 1, false);
    case Family::kCaseTransmissions:
      // A pending transmission is in no denominator: the share is of those decided.
      return sig == 2 ? kRolePending : outcome_role(sig == 1, false);
  }
  return 0;
}

void append_figures(const InnerBlock& b, std::vector<Figure>& out) {
  const int n_sig = b.signatures();
  const int n_fig = b.figures();
  // The role table once per block.
  std::vector<uint8_t> roles(static_cast<size_t>(n_sig) * static_cast<size_t>(n_fig));
  for (int s = 0; s < n_sig; ++s)
    for (int f = 0; f < n_fig; ++f)
      roles[static_cast<size_t>(s) * static_cast<size_t>(n_fig) + static_cast<size_t>(f)] =
          b.role(s, f);
  for (size_t x = 0; x < b.ocmws.size(); ++x) {
    const auto row = b.row(x);
    for (int f = 0; f < n_fig; ++f) {
      Figure fig{b.indicator(f), b.variant(f), b.period(f), b.ocmws[x], 0, 0, 0};
      for (int s = 0; s < n_sig; ++s) {
        const int64_t c = row[static_cast<size_t>(s)];
        if (c == 0) continue;
        const uint8_t r =
            roles[static_cast<size_t>(s) * static_cast<size_t>(n_fig) + static_cast<size_t>(f)];
        if ((r & kRoleNumerator) != 0) fig.numerator += c;
        if ((r & kRolePending) != 0) fig.pending += c;
        if ((r & kRoleDenominator) != 0) fig.denominator += c;
      }
      if (fig.numerator != 0 || fig.denominator != 0 || fig.pending != 0) out.push_back(fig);
    }
  }
}

}  // namespace lap::measure
