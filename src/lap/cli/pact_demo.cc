// `lap pact demo-cycle`: plays the Lokaal Activeringspact as municipalities
// and WSE live it, on the loaded data, for demonstrations and tests: LAP 2023
// from the applications to the settlement and LAP 2024 under way. Every step
// goes through PactService on its own date with its own actor, exactly as the
// CLI and the API would do it: municipalities apply (LAP 2024 also with one
// consortium, whose other member consents), WSE approves most and refuses
// some with a reason, decides the redistribution after the deadline, the
// projects start, the councils approve the annual reports (uploaded as PDF)
// and WSE settles on the results of the measurement engine. Which
// municipalities take part is fixed (the largest by N that can commit to at
// least one extra outflow), so two runs on the same data give the same cycle.
// Refuses calls that already have applications.
#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "lap/cli/command.h"
#include "lap/cli/pact_session.h"
#include "lap/pact/agreement.h"

namespace lap::cli {
namespace {

// The script of one call.
struct Script {
  std::string call;
  Date apply_on, approve_on, decide_on, start_on;
  size_t applicants = 0;    // municipalities that apply
  size_t refuse_every = 0;  // every k-th applicant (by N) is refused
  bool consortium = false;  // two of them apply together instead
  std::optional<Date> reports_on, settle_on;
  size_t reports_missing = 0;  // the last k approved never get their report approved
};

Date ymd(int y, int m, int d) {
  return *Date::from_ymd(y, m, d);
}

struct Player {
  store::Store& store;
  const geo::Registry& registry;
  std::optional<pact::EngineResults> engine;

  pact::PactService as(std::string actor, Date on) const {
    return pact::PactService(store, registry, on, std::move(actor), engine);
  }
  static std::string municipality(Nis nis) { return "gemeente-" + nis.to_string(); }
};

// A minimal PDF of one page with a title: the annual report's stand-in.
std::string report_pdf(const std::string& title) {
  const std::string text = fmt::format("BT /F1 14 Tf 72 760 Td ({}) Tj ET", title);
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> at;
  auto object = [&](const std::string& body) {
    at.push_back(pdf.size());
    pdf += fmt::format("{} 0 obj\n{}\nendobj\n", at.size(), body);
  };
  object("<< /Type /Catalog /Pages 2 0 R >>");
  object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  object(
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>");
  object(fmt::format("<< /Length {} >>\nstream\n{}\nendstream", text.size(), text));
  object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  const size_t xref = pdf.size();
  pdf += fmt::format("xref\n0 {}\n0000000000 65535 f \n", at.size() + 1);
  for (size_t offset : at)
    pdf += fmt::format("{:010} 00000 n \n", offset);
  pdf += fmt::format("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{}\n%%EOF\n", at.size() + 1,
                     xref);
  return pdf;
}

pact::Application single(const std::string& call, Nis nis, const std::string& name) {
  pact::Application a;
  a.call_id = call;
  a.applicant = nis.to_string();
  a.members = {{nis, std::nullopt}};
  a.plan = fmt::format(
      "{} begeleidt leefloners samen met VDAB naar werk: een gezamenlijke intake, screening, "
      "jobcoaching en opvolging op het werk.",
      name.empty() ? nis.to_string() : name);
  a.actions = {"intake", "screening", "jobcoaching", "opvolging op het werk"};
  a.agreement_ref = fmt::format("samenwerkingsovereenkomst OCMW-VDAB {}", nis.to_string());
  return a;
}

// The candidates of a call: municipalities that can commit to an extra
// outflow, the largest N first.
Result<std::vector<pact::WerktabelRow>> candidates(const Player& p, const Script& s) {
  auto w = p.as("wse", s.apply_on).werktabel(s.call, s.apply_on);
  if (!w) return std::unexpected(w.error());
  std::vector<pact::WerktabelRow> rows;
  for (const auto& r : w->rows)
    if (r.e >= 1 && p.registry.exists_on(r.nis, s.apply_on)) rows.push_back(r);
  std::ranges::stable_sort(rows, [](const auto& a, const auto& b) { return a.n > b.n; });
  if (rows.size() > s.applicants) rows.resize(s.applicants);
  return rows;
}

// Two candidates of one referentieregio, taken out of `rows` as a consortium.
std::optional<pact::Application> consortium_of(const Player& p, const Script& s,
                                               std::vector<pact::WerktabelRow>& rows) {
  for (size_t i = rows.size(); i-- > 1;) {
    const auto* a = p.registry.find(rows[i].nis);
    for (size_t j = i; j-- > 0;) {
      const auto* b = p.registry.find(rows[j].nis);
      if (!a || !b || a->referentieregio.empty() || a->referentieregio != b->referentieregio) {
        continue;
      }
      pact::Application c = single(s.call, b->nis, b->name);
      c.applicant = "samen-" + b->nis.to_string() + "-" + a->nis.to_string();
      c.consortium_name = fmt::format("Samen aan het werk {} en {}", b->name, a->name);
      c.consortium_settlement = pact::ConsortiumSettlement::kJoint;
      c.members = {{b->nis, std::nullopt}, {a->nis, std::nullopt}};
      c.lead = b->nis;
      rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(i));
      rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(j));
      return c;
    }
  }
  return std::nullopt;
}

Status step(const Status& s, std::string_view what) {
  if (s) return s;
  return make_error(s.error().code, fmt::format("{}: {}", what, s.error().message));
}

// Applies (and submits) every application of the script; returns their ids.
Result<std::vector<int64_t>> apply_all(const Player& p, const Script& s) {
  auto rows = candidates(p, s);
  if (!rows) return std::unexpected(rows.error());
  std::vector<pact::Application> apps;
  if (s.consortium) {
    if (auto c = consortium_of(p, s, *rows)) apps.push_back(std::move(*c));
  }
  for (const auto& r : *rows)
    apps.push_back(single(s.call, r.nis, r.name));
  // An application refers to its lead's own agreement in the registry, where it has one.
  auto agreements = p.store.agreements();
  if (!agreements) return std::unexpected(agreements.error());
  for (auto& a : apps) {
    const Nis lead = a.lead.value_or(a.members.front().nis);
    for (const auto& so : *agreements) {
      if (so.scope == pact::AgreementScope::kMunicipality &&
          pact::agreement_covers(so, p.registry, lead, s.apply_on)) {
        a.agreement_id = so.id;
        a.agreement_ref.clear();
        break;
      }
    }
  }
  std::vector<int64_t> ids;
  for (const auto& a : apps) {
    const Nis lead = a.lead.value_or(a.members.front().nis);
    auto id = p.as(Player::municipality(lead), s.apply_on).apply(a);
    if (!id) return std::unexpected(id.error());
    for (const auto& m : a.members) {
      if (m.nis == lead) continue;
      auto member = p.as(Player::municipality(m.nis), s.apply_on);
      auto now = member.application(*id);
      if (!now) return std::unexpected(now.error());
      if (auto ok = member.consent(*id, now->row_version, m.nis, pact::Consent::kConsented); !ok) {
        return std::unexpected(ok.error());
      }
    }
    auto lead_service = p.as(Player::municipality(lead), s.apply_on);
    auto now = lead_service.application(*id);
    if (!now) return std::unexpected(now.error());
    if (auto ok = step(lead_service.change_status(*id, now->row_version,
                                                  pact::ApplicationStatus::kSubmitted, ""),
                       "submit");
        !ok) {
      return std::unexpected(ok.error());
    }
    ids.push_back(*id);
  }
  return ids;
}

Status move(const Player& p, Date on, int64_t id, pact::ApplicationStatus to,
            const std::string& reason) {
  auto wse = p.as("wse", on);
  auto a = wse.application(id);
  if (!a) return std::unexpected(a.error());
  return wse.change_status(id, a->row_version, to, reason);
}

struct Played {
  size_t applied = 0, approved = 0, refused = 0, settled = 0, held = 0;
  int64_t decision = 0;
};

// WSE decides on every application, then redistributes; the projects start.
Status decide_and_start(const Player& p, const Script& s, const std::vector<int64_t>& ids,
                        Played& out, std::vector<int64_t>& approved) {
  for (size_t i = 0; i < ids.size(); ++i) {
    const bool refuse = s.refuse_every > 0 && i % s.refuse_every == s.refuse_every - 1;
    auto done = refuse ? move(p, s.approve_on, ids[i], pact::ApplicationStatus::kRefused,
                              "het plan van aanpak is niet afgestemd met VDAB")
                       : move(p, s.approve_on, ids[i], pact::ApplicationStatus::kApproved, "");
    if (!done) return step(done, fmt::format("application {}", ids[i]));
    if (refuse) {
      ++out.refused;
    } else {
      ++out.approved;
      approved.push_back(ids[i]);
    }
  }
  auto d =
      p.as("wse", s.decide_on).decide_redistribution(s.call, "herverdeling na de indieningsdatum");
  if (!d) return std::unexpected(d.error());
  out.decision = d->number;
  for (int64_t id : approved) {
    if (auto ok = move(p, s.start_on, id, pact::ApplicationStatus::kRunning, ""); !ok) return ok;
  }
  return {};
}

// The annual reports (uploaded, approved by the council) and the settlement.
Status report_and_settle(const Player& p, const Script& s, const std::vector<int64_t>& approved,
                         Played& out) {
  const size_t with_report =
      approved.size() > s.reports_missing ? approved.size() - s.reports_missing : 0;
  for (size_t i = 0; i < with_report; ++i) {
    auto wse = p.as("wse", *s.reports_on);
    auto a = wse.application(approved[i]);
    if (!a) return std::unexpected(a.error());
    const std::string pdf = report_pdf(
        fmt::format("Jaarverslag LAP {} - {}", s.call, a->consortium_name.value_or(a->applicant)));
    auto uploaded = p.as(Player::municipality(a->members.front().nis), *s.reports_on)
                        .upload_annual_report(approved[i], {"jaarverslag.pdf", pdf});
    if (!uploaded) return std::unexpected(uploaded.error());
    a = wse.application(approved[i]);
    if (!a) return std::unexpected(a.error());
    if (auto ok = wse.record_annual_report(approved[i], a->row_version, *s.reports_on); !ok) {
      return ok;
    }
  }
  auto settled = p.as("wse", *s.settle_on).settle(s.call);
  if (!settled) return std::unexpected(settled.error());
  out.settled = settled->size();
  out.held = approved.size() - with_report;
  return {};
}

Result<Played> play(const Player& p, const Script& s) {
  auto existing = p.as("wse", s.apply_on).applications(s.call);
  if (!existing) return std::unexpected(existing.error());
  if (!existing->empty()) {
    return make_error(ErrorCode::kFailedPrecondition,
                      fmt::format("call '{}' has applications already; the demo cycle plays on a "
                                  "call without any",
                                  s.call));
  }
  Played out;
  auto ids = apply_all(p, s);
  if (!ids) return std::unexpected(ids.error());
  out.applied = ids->size();
  std::vector<int64_t> approved;
  if (auto ok = decide_and_start(p, s, *ids, out, approved); !ok) {
    return std::unexpected(ok.error());
  }
  if (s.settle_on) {
    if (auto ok = report_and_settle(p, s, approved, out); !ok) return std::unexpected(ok.error());
  }
  return out;
}

std::vector<Script> scripts() {
  Script y2023{"lap-2023",
               ymd(2023, 9, 15),
               ymd(2023, 10, 25),
               ymd(2023, 11, 15),
               ymd(2023, 12, 1),
               115,
               5,
               false,
               ymd(2025, 1, 28),
               ymd(2025, 3, 3),
               2};
  Script y2024{"lap-2024",
               ymd(2024, 9, 16),
               ymd(2024, 10, 28),
               ymd(2024, 11, 18),
               ymd(2024, 12, 2),
               160,
               7,
               true,
               std::nullopt,
               std::nullopt,
               0};
  return {y2023, y2024};
}

}  // namespace

void register_pact_demo_command(CLI::App& pact_cmd) {
  auto* cmd = pact_cmd.add_subcommand(
      "demo-cycle",
      "for demonstrations and tests: plays LAP 2023 from the applications to the settlement "
      "and LAP 2024 up to its running projects on the loaded data (municipalities apply, WSE "
      "approves, refuses, redistributes and settles); refuses calls that have applications");
  auto c = std::make_shared<PactOptions>();
  add_pact_options(cmd, *c, false);
  cmd->callback([c] {
    set_command([c]() -> int {
      auto s = open_pact_session(*c);
      if (!s) return pact_fail(s.error());
      auto data = pact::current_data(*s->store);
      if (!data) return pact_fail(data.error());
      if (data->load_id == 0) {
        return pact_fail({ErrorCode::kFailedPrecondition, "no data loaded yet (lap import DIR)"});
      }
      const Player player{*s->store, geo::Registry::builtin(), engine_for(c->db, *data)};
      // The registry of cooperation agreements as it stands on the demo's date; the
      // applications refer to their municipality's agreement.
      auto agreements = add_demo_agreements(*s->store, player.registry, ymd(2025, 11, 15));
      if (!agreements) return pact_fail(agreements.error());
      if (*agreements > 0) fmt::print("{} cooperation agreements registered\n", *agreements);
      for (const Script& script : scripts()) {
        auto played = play(player, script);
        if (!played) return pact_fail(played.error());
        fmt::print("{}: {} applications, {} approved, {} refused, redistribution decision {}",
                   script.call, played->applied, played->approved, played->refused,
                   played->decision);
        if (script.settle_on) {
          fmt::print(", {} units settled on {}, {} held (annual report not approved)",
                     played->settled, script.settle_on->to_string(), played->held);
        } else {
          fmt::print(", running from {}", script.start_on.to_string());
        }
        fmt::print("\n");
      }
      return kExitOk;
    });
  });
}

}  // namespace lap::cli
