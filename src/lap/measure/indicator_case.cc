#include "lap/measure/indicator_case.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "lap/core/date.h"
#include "lap/measure/indicators.h"
#include "lap/measure/timeline.h"

namespace lap::measure::cases {

namespace {

using Tokens = std::vector<std::string_view>;

// Splits a line into words; `#` starts a comment.
Tokens case_tokens(std::string_view line) {
  if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
  Tokens out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
      ++i;
    const size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
      ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

// Thrown by the readers below with the message for the current line.
struct CaseError {
  std::string message;
};

template <typename T>
T case_value(std::optional<T> v, std::string_view what, std::string_view token) {
  if (!v) throw CaseError{fmt::format("'{}' is not {}", token, what)};
  return *v;
}
template <typename T>
T case_value(Result<T> v, std::string_view what, std::string_view token) {
  if (!v) throw CaseError{fmt::format("'{}' is not {}", token, what)};
  return *v;
}

int64_t case_count(std::string_view token) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
  if (ec != std::errc{} || end != token.data() + token.size() || v < 0)
    throw CaseError{fmt::format("'{}' is not a count", token)};
  return v;
}
Month case_month(std::string_view t) {
  return case_value(Month::parse(t), "a month (YYYY-MM)", t);
}
Date case_date(std::string_view t) {
  return case_value(Date::parse(t), "a date (YYYY-MM-DD)", t);
}
std::optional<Date> case_end(std::string_view t) {
  if (t == "-") return std::nullopt;
  return case_date(t);
}
Nis case_nis(std::string_view t) {
  return case_value(Nis::parse(t), "a NIS code", t);
}
Position case_position(std::string_view t) {
  for (int i = 0; i < kPositionCount; ++i) {
    if (to_id(static_cast<Position>(i)) == t) return static_cast<Position>(i);
  }
  throw CaseError{fmt::format("'{}' is not a position (WORK_EMP, ..., OTHER)", t)};
}

// Persons are named in the file (`p1`, `anna`); each name gets a key in order of appearance.
class PersonNames {
 public:
  PersonKey operator()(std::string_view name) {
    auto it = names_.find(std::string(name));
    if (it == names_.end()) it = names_.emplace(std::string(name), names_.size() + 1).first;
    PersonKey k{};
    k[14] = static_cast<uint8_t>(it->second >> 8);
    k[15] = static_cast<uint8_t>(it->second);
    return k;
  }

 private:
  std::map<std::string, size_t> names_;
};

void expect_size(const Tokens& t, size_t lo, size_t hi, std::string_view usage) {
  if (t.size() < lo || t.size() > hi) throw CaseError{fmt::format("usage: {}", usage)};
}

// `rmi P NIS KIND START END [ukrainian]`
EntitlementFact read_rmi(const Tokens& t, PersonNames& names) {
  expect_size(t, 6, 7, "rmi PERSON NIS LL|ELL|MH START END|- [ukrainian]");
  if (t.size() == 7 && t[6] != "ukrainian") throw CaseError{"the 7th word must be 'ukrainian'"};
  return EntitlementFact{names(t[1]),
                         case_nis(t[2]),
                         case_value(formats::entitlement_kind_from(t[3]), "LL, ELL or MH", t[3]),
                         t.size() == 7,
                         case_date(t[4]),
                         case_end(t[5])};
}

// `vdab P CATEGORY START END [NIS]`
RegistrationFact read_vdab(const Tokens& t, PersonNames& names) {
  expect_size(t, 5, 6, "vdab PERSON CATEGORY START END|- [NIS]");
  return RegistrationFact{names(t[1]),
                          case_value(formats::vdab_category_from(t[2]), "a VDAB category", t[2]),
                          t.size() == 6 ? std::optional<Nis>(case_nis(t[5])) : std::nullopt,
                          case_date(t[3]), case_end(t[4])};
}

// `work P FIRST LAST EMP EMPLOYER` or `work P FIRST LAST SELF`
WorkFact read_work(const Tokens& t, PersonNames& names) {
  expect_size(t, 5, 6, "work PERSON FIRST LAST EMP EMPLOYER | SELF");
  const WorkType type = case_value(formats::work_type_from(t[4]), "EMP or SELF", t[4]);
  if ((type == WorkType::kEmp) != (t.size() == 6))
    throw CaseError{"EMP needs an employer kind, SELF none"};
  const EmployerKind employer =
      t.size() == 6 ? case_value(formats::employer_kind_from(t[5]), "an employer kind", t[5])
                    : EmployerKind::kNone;
  return WorkFact{names(t[1]), case_month(t[2]), case_month(t[3]), type, employer};
}

// `measure P MEASURE NIS START END [new_inflow|old_inflow]`
MeasureFact read_measure(const Tokens& t, PersonNames& names) {
  expect_size(t, 6, 7, "measure PERSON MEASURE NIS START END|- [new_inflow|old_inflow]");
  std::optional<bool> inflow;
  if (t.size() == 7) {
    if (t[6] != "new_inflow" && t[6] != "old_inflow")
      throw CaseError{"the 7th word must be new_inflow or old_inflow"};
    inflow = t[6] == "new_inflow";
  }
  return MeasureFact{names(t[1]),    case_value(formats::measure_from(t[2]), "a measure", t[2]),
                     case_nis(t[3]), case_date(t[4]),
                     case_end(t[5]), inflow};
}

// `expect INDICATOR VARIANT PERIOD NIS = N[/D] [pending K]`
// `expect transitions FROM TO NIS|flanders BEFORE AFTER = N`
Expectation read_expect(const Tokens& t, int line) {
  Expectation e{line, {}};
  if (t.size() >= 2 && t[1] == "transitions") {
    expect_size(t, 9, 9, "expect transitions FROM TO NIS|flanders BEFORE AFTER = N");
    if (t[7] != "=") throw CaseError{"expected '=' before the count"};
    TransitionExpectation x{case_month(t[2]),
                            case_month(t[3]),
                            t[4] == "flanders" ? std::nullopt : std::optional(case_nis(t[4])),
                            case_position(t[5]),
                            case_position(t[6]),
                            case_count(t[8])};
    e.what = x;
    return e;
  }
  const auto usage = "expect INDICATOR VARIANT PERIOD NIS = N[/D] [pending K]";
  if (t.size() != 7 && t.size() != 9) throw CaseError{fmt::format("usage: {}", usage)};
  if (t[5] != "=") throw CaseError{"expected '=' before the numbers"};
  FigureExpectation f;
  f.indicator = case_value(indicator_from_id(t[1]), "an indicator id", t[1]);
  f.variant = std::string(t[2]);
  f.period = case_value(Period::parse(t[3]), "a period (2024-03, 2024-Q1, 2024-01..2024-06)", t[3]);
  f.ocmw = case_nis(t[4]);
  const std::string_view value = t[6];
  const size_t slash = value.find('/');
  f.numerator = case_count(value.substr(0, slash));
  if (slash != std::string_view::npos) f.denominator = case_count(value.substr(slash + 1));
  if (t.size() == 9) {
    if (t[7] != "pending") throw CaseError{fmt::format("usage: {}", usage)};
    f.pending = case_count(t[8]);
  }
  e.what = f;
  return e;
}

// One line of a case into `c`.
void read_case_line(const Tokens& t, int line, IndicatorCase& c, PersonNames& names) {
  const std::string_view word = t[0];
  if (word == "range") {
    expect_size(t, 3, 3, "range FIRST LAST");
    const Month first = case_month(t[1]);
    const Month last = case_month(t[2]);
    if (last < first) throw CaseError{"the range ends before it starts"};
    c.range = MonthRange(first, last);
  } else if (word == "data_end") {
    expect_size(t, 2, 2, "data_end MONTH");
    c.settings.data_end = case_month(t[1]);
  } else if (word == "exclude_art60") {
    expect_size(t, 2, 2, "exclude_art60 on|off");
    if (t[1] != "on" && t[1] != "off") throw CaseError{"exclude_art60 is on or off"};
    c.settings.exclude_art60 = t[1] == "on";
  } else if (word == "rmi") {
    c.facts.emplace_back(read_rmi(t, names));
  } else if (word == "vdab") {
    c.facts.emplace_back(read_vdab(t, names));
  } else if (word == "work") {
    c.facts.emplace_back(read_work(t, names));
  } else if (word == "measure") {
    c.facts.emplace_back(read_measure(t, names));
  } else if (word == "same") {
    expect_size(t, 3, 4, "same OLD NEW [DATE]");
    c.facts.emplace_back(IdentifierChangeFact{
        names(t[1]), names(t[2]), t.size() == 4 ? case_date(t[3]) : *Date::parse("2000-01-01")});
  } else if (word == "expect") {
    c.expectations.push_back(read_expect(t, line));
  } else if (word == "only") {
    expect_size(t, 2, 3, "only INDICATOR|transitions [half_years]");
    if (t[1] != "transitions") case_value(indicator_from_id(t[1]), "an indicator id", t[1]);
    if (t.size() == 3 && t[2] != "half_years")
      throw CaseError{fmt::format("expected 'half_years' after the indicator, not '{}'", t[2])};
    c.only.push_back(OnlyRule{line, std::string(t[1]), t.size() == 3});
  } else {
    throw CaseError{fmt::format("unknown line '{}'", word)};
  }
}

}  // namespace

ParsedCase parse_indicator_case(std::string_view text, std::string_view file) {
  ParsedCase out;
  PersonNames names;
  int line = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t nl = std::min(text.find('\n', pos), text.size());
    const std::string_view raw = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line;
    if (raw.starts_with("# tier:")) {
      const Tokens tier = case_tokens(raw.substr(7));
      if (tier.size() != 1 || (tier[0] != "slow" && tier[0] != "fast")) {
        out.errors.push_back(fmt::format("{}:{}: the tier is slow or fast", file, line));
      }
      out.value.slow = !tier.empty() && tier[0] == "slow";
      continue;
    }
    const Tokens t = case_tokens(raw);
    if (t.empty()) continue;
    try {
      read_case_line(t, line, out.value, names);
    } catch (const CaseError& e) {
      out.errors.push_back(fmt::format("{}:{}: {}", file, line, e.message));
    }
  }
  if (out.value.expectations.empty()) {
    out.errors.push_back(fmt::format("{}: a case needs at least one expect line", file));
  }
  return out;
}

namespace {

std::string case_numbers(int64_t num, int64_t den, int64_t pend) {
  return fmt::format("{}/{} pending {}", num, den, pend);
}

bool same_figure(const Figure& f, const FigureExpectation& e) {
  return f.indicator == e.indicator && f.variant == e.variant && f.period.first == e.period.first &&
         f.period.last == e.period.last && f.ocmw == e.ocmw;
}

std::string figure_label(Indicator i, std::string_view variant, const Period& p, Nis ocmw) {
  return fmt::format("{} {} {} {}", to_id(i), variant, p.to_string(), ocmw.to_string());
}

// Runs the engine once per question a case asks and keeps the answers.
class CaseRun {
 public:
  explicit CaseRun(const IndicatorCase& c) : c_(c), t_(build(c)) {
    figures_ = compute(t_, c.settings, c.range);
  }

  // The figures an expectation of `e`'s indicator is looked up in.
  const std::vector<Figure>& figures_for(const FigureExpectation& e) {
    if (e.indicator != Indicator::kLapResult) return figures_;
    const auto key = std::pair(e.period.first.index(), e.period.last.index());
    auto it = laps_.find(key);
    if (it == laps_.end()) {
      it =
          laps_.emplace(key, lap_result(t_, c_.settings, MonthRange(e.period.first, e.period.last)))
              .first;
    }
    return it->second;
  }
  const Transitions& transitions_for(Month from, Month to) {
    const auto key = std::pair(from.index(), to.index());
    auto it = transitions_.find(key);
    if (it == transitions_.end())
      it = transitions_.emplace(key, transitions(t_, c_.settings, from, to)).first;
    return it->second;
  }
  const std::vector<Figure>& figures() const { return figures_; }
  const std::map<std::pair<int32_t, int32_t>, std::vector<Figure>>& laps() const { return laps_; }
  const std::map<std::pair<int32_t, int32_t>, Transitions>& all_transitions() const {
    return transitions_;
  }

 private:
  static Timelines build(const IndicatorCase& c) {
    TimelineBuilder b(c.range);
    for (const CaseFact& f : c.facts)
      std::visit([&](const auto& fact) { b.add(fact); }, f);
    return b.build();
  }

  const IndicatorCase& c_;
  Timelines t_;
  std::vector<Figure> figures_;
  std::map<std::pair<int32_t, int32_t>, std::vector<Figure>> laps_;
  std::map<std::pair<int32_t, int32_t>, Transitions> transitions_;
};

const TransitionMatrix* matrix_of(const Transitions& tr, std::optional<Nis> ocmw) {
  if (!ocmw) return &tr.flanders;
  for (const TransitionMatrix& m : tr.per_ocmw) {
    if (m.ocmw == *ocmw) return &m;
  }
  return nullptr;
}

std::optional<std::string> check_figure(CaseRun& run, const FigureExpectation& e) {
  Figure got{};
  for (const Figure& f : run.figures_for(e)) {
    if (same_figure(f, e)) got = f;
  }
  if (got.numerator == e.numerator && got.denominator == e.denominator &&
      got.pending == e.pending) {
    return std::nullopt;
  }
  return fmt::format("{}: expected {}, the engine gives {}",
                     figure_label(e.indicator, e.variant, e.period, e.ocmw),
                     case_numbers(e.numerator, e.denominator, e.pending),
                     case_numbers(got.numerator, got.denominator, got.pending));
}

std::string transition_label(Month from, Month to, std::optional<Nis> ocmw, Position a,
                             Position b) {
  return fmt::format("transitions {} {} {} {} {}", from.to_string(), to.to_string(),
                     ocmw ? ocmw->to_string() : "flanders", to_id(a), to_id(b));
}

std::optional<std::string> check_transition(CaseRun& run, const TransitionExpectation& e) {
  const TransitionMatrix* m = matrix_of(run.transitions_for(e.from, e.to), e.ocmw);
  const int64_t got = m == nullptr ? 0 : m->at(e.before, e.after);
  if (got == e.count) return std::nullopt;
  return fmt::format("{}: expected {}, the engine gives {}",
                     transition_label(e.from, e.to, e.ocmw, e.before, e.after), e.count, got);
}

// The non-zero results of the case's computations that no expectation names.
void check_only(const IndicatorCase& c, const CaseRun& run, const OnlyRule& rule,
                std::vector<Mismatch>& out) {
  auto unexpected = [&](const std::string& what) {
    out.push_back({rule.line, fmt::format("only {}: {} is not expected", rule.indicator, what)});
  };
  if (rule.indicator == "transitions") {
    for (const auto& [key, tr] : run.all_transitions()) {
      std::vector<std::pair<std::optional<Nis>, const TransitionMatrix*>> ms{{{}, &tr.flanders}};
      for (const TransitionMatrix& m : tr.per_ocmw)
        ms.emplace_back(m.ocmw, &m);
      for (const auto& [ocmw, m] : ms) {
        for (int a = 0; a < kPositionCount; ++a) {
          for (int b = 0; b < kPositionCount; ++b) {
            const auto pa = static_cast<Position>(a);
            const auto pb = static_cast<Position>(b);
            if (m->at(pa, pb) == 0) continue;
            const bool listed = std::ranges::any_of(c.expectations, [&](const Expectation& e) {
              const auto* x = std::get_if<TransitionExpectation>(&e.what);
              return x != nullptr && x->from == tr.from && x->to == tr.to && x->ocmw == ocmw &&
                     x->before == pa && x->after == pb;
            });
            if (!listed)
              unexpected(fmt::format("{} = {}", transition_label(tr.from, tr.to, ocmw, pa, pb),
                                     m->at(pa, pb)));
          }
        }
      }
    }
    return;
  }
  const Indicator ind = *indicator_from_id(rule.indicator);
  std::vector<const Figure*> produced;
  for (const Figure& f : run.figures())
    produced.push_back(&f);
  for (const auto& [key, fs] : run.laps()) {
    for (const Figure& f : fs)
      produced.push_back(&f);
  }
  for (const Figure* f : produced) {
    if (f->indicator != ind) continue;
    if (rule.half_years && f->period.kind != Period::Kind::kHalfYear) continue;
    const bool listed = std::ranges::any_of(c.expectations, [&](const Expectation& e) {
      const auto* x = std::get_if<FigureExpectation>(&e.what);
      return x != nullptr && same_figure(*f, *x);
    });
    if (!listed) {
      unexpected(fmt::format("{} = {}", figure_label(f->indicator, f->variant, f->period, f->ocmw),
                             case_numbers(f->numerator, f->denominator, f->pending)));
    }
  }
}

}  // namespace

std::vector<Mismatch> check_indicator_case(const IndicatorCase& c) {
  std::vector<Mismatch> out;
  CaseRun run(c);
  for (const Expectation& e : c.expectations) {
    std::optional<std::string> problem;
    if (const auto* f = std::get_if<FigureExpectation>(&e.what)) {
      problem = check_figure(run, *f);
    } else {
      problem = check_transition(run, std::get<TransitionExpectation>(e.what));
    }
    if (problem) out.push_back({e.line, std::move(*problem)});
  }
  for (const OnlyRule& rule : c.only)
    check_only(c, run, rule, out);
  return out;
}

}  // namespace lap::measure::cases
