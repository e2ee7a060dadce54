#include "lap/report/pact_export.h"

#include <algorithm>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "lap/report/figures.h"

namespace lap::report {
namespace {

using pact::Rate;

Cell text(std::string s) {
  return Cell(std::in_place_type<std::string>, std::move(s));
}
Cell integer(int64_t v) {
  return Cell(std::in_place_type<int64_t>, v);
}
Cell yes_no(bool b) {
  return Cell(std::in_place_type<bool>, b);
}
Cell coded(std::string_view code, std::string_view dutch) {
  return Cell(Coded{std::string(code), std::string(dutch)});
}
Cell rate(const std::optional<Rate>& r) {
  return r ? Cell(*r) : Cell();
}

Field field(std::string label, std::string key, CellType type, Cell value) {
  return Field{std::move(label), std::move(key), type, std::move(value)};
}

std::string name_of(Nis nis, const ExportContext& ctx) {
  return ctx.names ? ctx.names(nis) : std::string();
}

// A unit's name: the municipality when the id is a NIS code with a name, else
// the names of its members.
std::string unit_name(const std::string& id, std::span<const Nis> members,
                      const ExportContext& ctx) {
  if (!ctx.names) return {};
  if (auto nis = Nis::parse(id); nis) {
    std::string n = ctx.names(*nis);
    if (!n.empty()) return n;
  }
  std::string out;
  for (Nis m : members) {
    std::string n = ctx.names(m);
    if (n.empty()) continue;
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

std::vector<std::string> nis_list(std::span<const Nis> codes) {
  std::vector<std::string> out;
  out.reserve(codes.size());
  for (Nis n : codes)
    out.push_back(n.to_string());
  return out;
}

// Call, title and parameter version.
std::string rights_code(const RightsBasis& r) {
  if (r.decision) return "decision:" + std::to_string(r.decision->number);
  return r.after_deadline ? "awaiting_decision" : "before_deadline";
}

std::string source_text(const pact::SourceRef& s) {
  if (s.table) {
    return fmt::format("bestand {} (import {}, SHA-256 {})", s.table->file, s.table->import_id,
                       s.table->sha256);
  }
  if (s.data) {
    return s.data->link_run_id
               ? fmt::format("dataload {}, koppelrun {}", s.data->load_id, *s.data->link_run_id)
               : fmt::format("dataload {}", s.data->load_id);
  }
  return "onbekend";
}

std::vector<Field> call_info(const std::string& call_id, const std::string& version,
                             const ExportContext& ctx) {
  std::vector<Field> info;
  info.push_back(field("Oproep", "call_id", CellType::kText, text(call_id)));
  if (!ctx.call_title.empty())
    info.push_back(field("Titel", "call_title", CellType::kText, text(ctx.call_title)));
  info.push_back(field("Parameterversie", "parameter_version", CellType::kText, text(version)));
  if (ctx.rights) {
    info.push_back(field("Trekkingsrechten", "rights_basis", CellType::kText,
                         coded(rights_code(*ctx.rights), dutch_text(*ctx.rights))));
  }
  if (ctx.inputs) {
    info.push_back(field("Berekend uit", "inputs", CellType::kText, text(dutch_text(*ctx.inputs))));
  }
  return info;
}

std::vector<Field> call_info(const pact::VersionRef& v, const ExportContext& ctx) {
  return call_info(v.call_id, v.to_string_nl(), ctx);
}

Field count_source_field(pact::CountSource s) {
  return field("Bron tellingen (N)", "count_source", CellType::kText,
               coded(pact::count_source_name(s), dutch_name(s)));
}
Field result_source_field(pact::ResultSource s) {
  return field("Bron resultaten (R)", "result_source", CellType::kText,
               coded(pact::result_source_name(s), dutch_name(s)));
}
Field generated_field(const ExportContext& ctx) {
  return field("Aangemaakt op", "generated_on", CellType::kDate, Cell(ctx.generated_on));
}

Sheet make_sheet(std::string id, std::string title, std::vector<Column> columns,
                 const ExportContext& ctx) {
  Sheet s;
  s.id = std::move(id);
  s.title = std::move(title);
  s.columns = std::move(columns);
  s.generated_on = ctx.generated_on;
  return s;
}

}  // namespace

NameLookup registry_names(const geo::Registry& registry) {
  return [&registry](Nis nis) {
    const geo::Municipality* m = registry.find(nis);
    return m != nullptr ? m->name : std::string();
  };
}

std::string_view dutch_name(pact::SettlementRule rule) {
  return rule == pact::SettlementRule::kProRata ? "pro rata" : "pro rata met bodem";
}

std::string_view dutch_name(pact::PaymentStatus status) {
  switch (status) {
    case pact::PaymentStatus::kHeld:
      return "in wacht (jaarverslag niet goedgekeurd)";
    case pact::PaymentStatus::kPayable:
      return "te betalen";
    case pact::PaymentStatus::kToRecover:
      return "terug te vorderen";
    case pact::PaymentStatus::kSettled:
      return "vereffend";
  }
  return "?";
}

std::string_view dutch_name(pact::CountSource source) {
  return source == pact::CountSource::kCountTable ? "teltabel POD MI (geïmporteerd)"
                                                  : "gekoppelde gegevens";
}

std::string_view dutch_name(pact::ResultSource source) {
  return source == pact::ResultSource::kImportedVdabTable ? "resultatentabel VDAB (geïmporteerd)"
                                                          : "meetmotor (gekoppelde gegevens)";
}

std::string_view dutch_name(pact::ProjectionMethod method) {
  return method == pact::ProjectionMethod::kLast12Months ? "gemiddelde van de laatste 12 maanden"
                                                         : "tempo van de periode tot nu";
}

std::string dutch_text(const RightsBasis& r) {
  if (r.decision) return "herverdeling volgens " + r.decision->to_string_nl();
  return r.after_deadline ? "eigen trekkingsrechten: WSE besliste nog niet over de herverdeling"
                          : "eigen trekkingsrechten (geen herverdeling vóór de indieningsdatum)";
}

std::string dutch_text(const pact::FrozenInputs& in) {
  return fmt::format("parameterversie {}; herverdeling: {}; tellingen: {}; resultaten: {}",
                     in.call_version, in.decision ? in.decision->to_string_nl() : "geen",
                     source_text(in.counts), source_text(in.results));
}

Sheet werktabel_sheet(const pact::Werktabel& w, const ExportContext& ctx) {
  Sheet s = make_sheet("werktabel", "Werktabel",
                       {
                           {"NIS-code", "nis", CellType::kText},
                           {"Gemeente", "name", CellType::kText},
                           {"N (leefloners)", "n", CellType::kInteger},
                           {"Trekkingsrecht M (€)", "m", CellType::kMoney},
                           {"Basislijn B", "b", CellType::kInteger},
                           {"Extra engagement E", "e", CellType::kInteger},
                           {"Doel T", "t", CellType::kInteger},
                       },
                       ctx);
  Money total_m;
  int64_t total_b = 0, total_e = 0, total_t = 0;
  for (const auto& r : w.rows) {
    s.rows.push_back({text(r.nis.to_string()), text(r.name.empty() ? name_of(r.nis, ctx) : r.name),
                      integer(r.n), Cell(r.m), integer(r.b), integer(r.e), integer(r.t)});
    total_m += r.m;
    total_b += r.b;
    total_e += r.e;
    total_t += r.t;
  }
  s.info = call_info(w.version, ctx);
  s.info.push_back(count_source_field(w.count_source));
  s.info.push_back(field("Budget", "budget", CellType::kMoney, Cell(w.budget)));
  s.info.push_back(field("Bedrag per extra uitstroom", "amount_per_outflow", CellType::kMoney,
                         Cell(w.amount_per_outflow)));
  s.info.push_back(field("Drempel", "threshold", CellType::kPercent, Cell(w.threshold)));
  s.info.push_back(field("Aantal gemeenten", "municipalities", CellType::kInteger,
                         integer(static_cast<int64_t>(w.rows.size()))));
  s.info.push_back(field("Totaal N", "total_n", CellType::kInteger, integer(w.total_n)));
  s.info.push_back(field("Totaal M", "total_m", CellType::kMoney, Cell(total_m)));
  s.info.push_back(field("Totaal B", "total_b", CellType::kInteger, integer(total_b)));
  s.info.push_back(field("Totaal E", "total_e", CellType::kInteger, integer(total_e)));
  s.info.push_back(field("Totaal T", "total_t", CellType::kInteger, integer(total_t)));
  s.info.push_back(field("Gemeenten zonder telling (N = 0)", "missing", CellType::kList,
                         Cell(nis_list(w.missing))));
  s.info.push_back(generated_field(ctx));
  return s;
}

Sheet redistribution_sheet(const pact::Redistribution& d, const ExportContext& ctx) {
  Sheet s = make_sheet("redistribution", "Herverdeling",
                       {
                           {"NIS-code", "nis", CellType::kText},
                           {"Gemeente", "name", CellType::kText},
                           {"N (leefloners)", "n", CellType::kInteger},
                           {"Basislijn B", "b", CellType::kInteger},
                           {"M vóór herverdeling (€)", "m_before", CellType::kMoney},
                           {"Ontvangen (€)", "received", CellType::kMoney},
                           {"Trekkingsrecht M (€)", "m", CellType::kMoney},
                           {"Extra engagement E", "e", CellType::kInteger},
                           {"Doel T", "t", CellType::kInteger},
                           {"Plafond (€)", "cap", CellType::kMoney},
                           {"Aan plafond", "at_cap", CellType::kYesNo},
                           {"Lager engagement", "reduced_commitment", CellType::kYesNo},
                       },
                       ctx);
  for (const auto& r : d.rows) {
    s.rows.push_back({text(r.nis.to_string()), text(name_of(r.nis, ctx)), integer(r.n),
                      integer(r.b), Cell(r.m_before), Cell(r.received), Cell(r.m), integer(r.e),
                      integer(r.t), r.cap ? Cell(*r.cap) : Cell(), yes_no(r.at_cap),
                      yes_no(r.reduced_commitment)});
  }
  s.info = call_info(d.version, ctx);
  if (ctx.count_source) s.info.push_back(count_source_field(*ctx.count_source));
  s.info.push_back(field("Budget", "budget", CellType::kMoney, Cell(d.budget)));
  s.info.push_back(field("Te herverdelen", "pool", CellType::kMoney, Cell(d.pool)));
  s.info.push_back(field("Toegewezen", "allocated", CellType::kMoney, Cell(d.allocated)));
  s.info.push_back(field("Niet toegewezen", "unallocated", CellType::kMoney, Cell(d.unallocated)));
  s.info.push_back(field("Rondes", "rounds", CellType::kInteger, integer(d.rounds)));
  s.info.push_back(field("Deelnemers", "participants", CellType::kInteger,
                         integer(static_cast<int64_t>(d.rows.size()))));
  s.info.push_back(generated_field(ctx));
  return s;
}

Sheet follow_up_sheet(const pact::FollowUp& f, const ExportContext& ctx) {
  Sheet s = make_sheet(
      "follow_up", "Opvolging",
      {
          {"Eenheid", "unit_id", CellType::kText},
          {"Naam", "name", CellType::kText},
          {"Maand", "month", CellType::kText},
          {"Basislijn B", "b", CellType::kInteger},
          {"Extra engagement E", "e", CellType::kInteger},
          {"Doel T", "t", CellType::kInteger},
          {"Bevestigd", "confirmed", CellType::kInteger},
          {"Lopend", "pending", CellType::kInteger},
          {"Resultaat R", "r", CellType::kInteger},
          {"Behaald %", "achieved_pct", CellType::kPercent},
          {"Verdiend %", "earned_pct", CellType::kPercent},
          {"Verdiend (€)", "earned", CellType::kMoney},
          {"Subsidie volgens de regel van de oproep %", "subsidy_pct", CellType::kPercent},
          {"Subsidie volgens de regel van de oproep (€)", "subsidy", CellType::kMoney},
          {"Verwachte R einde periode", "projected_r", CellType::kInteger},
          {"Projectiemethode", "projection", CellType::kText},
          {"Verwacht behaald %", "projected_achieved_pct", CellType::kPercent},
          {"Verwacht verdiend (€)", "projected_earned", CellType::kMoney},
          {"Verwachte subsidie volgens de regel van de oproep %", "projected_subsidy_pct",
           CellType::kPercent},
          {"Verwachte subsidie volgens de regel van de oproep (€)", "projected_subsidy",
           CellType::kMoney},
      },
      ctx);
  std::set<pact::ProjectionMethod> methods;
  std::set<std::string> units;
  for (const auto& r : f.rows) {
    s.rows.push_back({text(r.unit_id),
                      text(unit_name(r.unit_id, {}, ctx)),
                      text(r.month.to_string()),
                      integer(r.b),
                      integer(r.e),
                      integer(r.t),
                      integer(r.confirmed),
                      integer(r.pending),
                      integer(r.r),
                      rate(r.achieved_pct),
                      rate(r.earned_pct),
                      Cell(r.earned),
                      rate(r.subsidy_pct),
                      Cell(r.subsidy),
                      integer(r.projected_r),
                      coded(pact::projection_method_name(r.projection), dutch_name(r.projection)),
                      rate(r.projected_achieved_pct),
                      Cell(r.projected_earned),
                      rate(r.projected_subsidy_pct),
                      Cell(r.projected_subsidy)});
    methods.insert(r.projection);
    units.insert(r.unit_id);
  }
  s.info = call_info(f.version, ctx);
  s.info.push_back(result_source_field(f.source));
  s.info.push_back(field("Regel", "rule", CellType::kText,
                         coded(pact::settlement_rule_name(f.rule), dutch_name(f.rule))));
  Coded method;
  for (auto m : methods) {
    if (!method.code.empty()) {
      method.code += ',';
      method.text += ", ";
    }
    method.code += pact::projection_method_name(m);
    method.text += dutch_name(m);
  }
  s.info.push_back(field("Projectiemethode", "projection", CellType::kText,
                         methods.empty() ? Cell() : Cell(method)));
  s.info.push_back(
      field("Eenheden", "units", CellType::kInteger, integer(static_cast<int64_t>(units.size()))));
  if (!f.rows.empty()) {
    auto [lo, hi] = std::ranges::minmax_element(
        f.rows, [](const auto& a, const auto& b) { return a.month < b.month; });
    s.info.push_back(
        field("Eerste maand", "first_month", CellType::kText, text(lo->month.to_string())));
    s.info.push_back(
        field("Laatste maand", "last_month", CellType::kText, text(hi->month.to_string())));
  }
  s.info.push_back(generated_field(ctx));
  return s;
}

Sheet payments_sheet(std::span<const pact::PaymentStatement> statements, const ExportContext& ctx) {
  Sheet s =
      make_sheet("payment_statements", "Betalingsoverzicht",
                 {
                     {"Eenheid", "unit_id", CellType::kText},
                     {"Naam", "name", CellType::kText},
                     {"Leden", "members", CellType::kList},
                     {"Regel", "rule", CellType::kText},
                     {"N (leefloners)", "n", CellType::kInteger},
                     {"Basislijn B", "b", CellType::kInteger},
                     {"Extra engagement E", "e", CellType::kInteger},
                     {"Doel T", "t", CellType::kInteger},
                     {"Resultaat R", "r", CellType::kInteger},
                     {"Trekkingsrecht M (€)", "m", CellType::kMoney},
                     {"Voorschot (€)", "advance", CellType::kMoney},
                     {"Betaald voorschot (€)", "advance_paid", CellType::kMoney},
                     {"Verdiend (€)", "earned", CellType::kMoney},
                     {"Behaald %", "achieved_pct", CellType::kPercent},
                     {"Verdiend %", "earned_pct", CellType::kPercent},
                     {"Totaal toegekend (€)", "entitled", CellType::kMoney},
                     {"Saldo (€)", "balance", CellType::kMoney},
                     {"Status", "status", CellType::kText},
                     {"Jaarverslag goedgekeurd op", "annual_report_approved", CellType::kDate},
                 },
                 ctx);
  Money entitled, payable, to_recover;
  int64_t held = 0;
  std::vector<std::string> versions;
  std::vector<std::string> calls;
  for (const auto& p : statements) {
    s.rows.push_back(
        {text(p.unit_id), text(unit_name(p.unit_id, p.members, ctx)), Cell(nis_list(p.members)),
         coded(pact::settlement_rule_name(p.rule), dutch_name(p.rule)), integer(p.n), integer(p.b),
         integer(p.e), integer(p.t), integer(p.r), Cell(p.m), Cell(p.advance), Cell(p.advance_paid),
         Cell(p.earned), rate(p.achieved_pct), rate(p.earned_pct), Cell(p.entitled),
         Cell(p.balance), coded(pact::payment_status_name(p.status), dutch_name(p.status)),
         p.annual_report_approved ? Cell(*p.annual_report_approved) : Cell()});
    entitled += p.entitled;
    if (p.status == pact::PaymentStatus::kPayable) payable += p.balance;
    if (p.status == pact::PaymentStatus::kToRecover) to_recover -= p.balance;
    if (p.status == pact::PaymentStatus::kHeld) ++held;
    if (std::ranges::find(versions, p.version.to_string_nl()) == versions.end())
      versions.push_back(p.version.to_string_nl());
    if (std::ranges::find(calls, p.version.call_id) == calls.end())
      calls.push_back(p.version.call_id);
  }
  auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v)
      out += (out.empty() ? "" : "; ") + x;
    return out;
  };
  s.info = call_info(join(calls), join(versions), ctx);
  if (ctx.count_source) s.info.push_back(count_source_field(*ctx.count_source));
  if (ctx.result_source) s.info.push_back(result_source_field(*ctx.result_source));
  s.info.push_back(field("Eenheden", "units", CellType::kInteger,
                         integer(static_cast<int64_t>(statements.size()))));
  s.info.push_back(field("Totaal toegekend", "total_entitled", CellType::kMoney, Cell(entitled)));
  s.info.push_back(field("Nog te betalen", "total_payable", CellType::kMoney, Cell(payable)));
  s.info.push_back(
      field("Terug te vorderen", "total_to_recover", CellType::kMoney, Cell(to_recover)));
  s.info.push_back(
      field("In wacht (jaarverslag niet goedgekeurd)", "held", CellType::kInteger, integer(held)));
  s.info.push_back(generated_field(ctx));
  return s;
}

Sheet simulation_sheet(const pact::Simulation& sim, const ExportContext& ctx) {
  Sheet s = make_sheet("simulation", "Simulatie",
                       {
                           {"NIS-code", "nis", CellType::kText},
                           {"Gemeente", "name", CellType::kText},
                           {"N (leefloners)", "n", CellType::kInteger},
                           {"Basislijn B", "b", CellType::kInteger},
                           {"Extra engagement E", "e", CellType::kInteger},
                           {"Doel T", "t", CellType::kInteger},
                           {"Verwachte R", "expected_r", CellType::kInteger},
                           {"Trekkingsrecht M (€)", "m", CellType::kMoney},
                           {"Voorschot (€)", "advance", CellType::kMoney},
                           {"Verdiend (€)", "earned", CellType::kMoney},
                           {"Betaling (€)", "payment", CellType::kMoney},
                       },
                       ctx);
  for (const auto& r : sim.rows) {
    const pact::WerktabelRow* w = sim.werktabel.find(r.nis);
    std::string name = w != nullptr ? w->name : std::string();
    if (name.empty()) name = name_of(r.nis, ctx);
    s.rows.push_back({text(r.nis.to_string()), text(std::move(name)), integer(r.n), integer(r.b),
                      integer(r.e), integer(r.t), integer(r.r), Cell(r.m), Cell(r.advance),
                      Cell(r.earned), Cell(r.payment)});
  }
  const pact::CallParameters& p = sim.parameters;
  s.info = call_info(sim.werktabel.version, ctx);
  s.info.push_back(count_source_field(sim.werktabel.count_source));
  s.info.push_back(field("Budget (scenario)", "budget", CellType::kMoney, Cell(p.budget)));
  s.info.push_back(field("Drempel (scenario)", "threshold", CellType::kPercent, Cell(p.threshold)));
  s.info.push_back(field("Bedrag per extra uitstroom (scenario)", "amount_per_outflow",
                         CellType::kMoney, Cell(p.amount_per_outflow)));
  s.info.push_back(field("Voorschot", "advance", CellType::kPercent, Cell(p.advance)));
  s.info.push_back(
      field("Regel", "rule", CellType::kText,
            coded(pact::settlement_rule_name(p.settlement_rule), dutch_name(p.settlement_rule))));
  s.info.push_back(field("Plafond bij herverdeling", "redistribution_cap", CellType::kYesNo,
                         yes_no(p.redistribution_cap)));
  s.info.push_back(field("Deelnemers", "participants", CellType::kInteger,
                         integer(static_cast<int64_t>(sim.rows.size()))));
  s.info.push_back(field("Niet toegewezen", "unallocated", CellType::kMoney,
                         Cell(sim.redistribution.unallocated)));
  s.info.push_back(
      field("Verwachte kost", "projected_cost", CellType::kMoney, Cell(sim.projected_cost)));
  s.info.push_back(field("Betaalde gemeenten", "paid_municipalities", CellType::kInteger,
                         integer(sim.paid_municipalities)));
  s.info.push_back(generated_field(ctx));
  return s;
}

Form payment_statement_form(const pact::PaymentStatement& p, const ExportContext& ctx) {
  Form f;
  f.id = "payment_statement";
  f.title = "Betalingsoverzicht Lokaal Activeringspact";
  f.sheet_name = "Betalingsoverzicht";
  f.generated_on = ctx.generated_on;

  ExportContext with_inputs = ctx;
  with_inputs.inputs = p.inputs;
  FormSection call{"", call_info(p.version, with_inputs)};
  if (ctx.result_source) call.fields.push_back(result_source_field(*ctx.result_source));
  call.fields.push_back(generated_field(ctx));

  std::vector<std::string> members;
  for (Nis m : p.members) {
    std::string n = name_of(m, ctx);
    members.push_back(n.empty() ? m.to_string() : m.to_string() + " " + n);
  }
  FormSection unit{
      "Begunstigde",
      {
          field("Eenheid", "unit_id", CellType::kText, text(p.unit_id)),
          field("Gemeente", "name", CellType::kText, text(unit_name(p.unit_id, p.members, ctx))),
          field("Leden", "members", CellType::kList, Cell(std::move(members))),
          field("Afrekeningsregel", "rule", CellType::kText,
                coded(pact::settlement_rule_name(p.rule), dutch_name(p.rule))),
      }};
  FormSection figures{
      "Cijfers",
      {
          field("Leefloners N", "n", CellType::kInteger, integer(p.n)),
          field("Basislijn B", "b", CellType::kInteger, integer(p.b)),
          field("Extra engagement E", "e", CellType::kInteger, integer(p.e)),
          field("Doel T", "t", CellType::kInteger, integer(p.t)),
          field("Resultaat R", "r", CellType::kInteger, integer(p.r)),
          field("Behaald %", "achieved_pct", CellType::kPercent, rate(p.achieved_pct)),
          field("Verdiend %", "earned_pct", CellType::kPercent, rate(p.earned_pct)),
      }};
  FormSection amounts{
      "Bedragen",
      {
          field("Trekkingsrecht M", "m", CellType::kMoney, Cell(p.m)),
          field("Voorschot", "advance", CellType::kMoney, Cell(p.advance)),
          field("Betaald voorschot", "advance_paid", CellType::kMoney, Cell(p.advance_paid)),
          field("Verdiend", "earned", CellType::kMoney, Cell(p.earned)),
          field("Totaal toegekend", "entitled", CellType::kMoney, Cell(p.entitled)),
          field("Saldo (positief: te betalen, negatief: terug te vorderen)", "balance",
                CellType::kMoney, Cell(p.balance)),
      }};
  FormSection status{"Status",
                     {
                         field("Status", "status", CellType::kText,
                               coded(pact::payment_status_name(p.status), dutch_name(p.status))),
                         field("Jaarverslag goedgekeurd door de gemeenteraad op",
                               "annual_report_approved", CellType::kDate,
                               p.annual_report_approved ? Cell(*p.annual_report_approved) : Cell()),
                     }};
  f.sections = {std::move(call), std::move(unit), std::move(figures), std::move(amounts),
                std::move(status)};
  return f;
}

}  // namespace lap::report
