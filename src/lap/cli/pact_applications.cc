// `lap pact apply | applications | consent | submit | approve | refuse | start |
// annual-report | annual-report-document`: applications to a call, the members'
// consent, the status flow and the annual report as a document (docs/lap.md).
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "lap/cli/command.h"
#include "lap/cli/pact_session.h"
#include "lap/core/parse.h"

namespace lap::cli {
namespace {

// ---- applications ---------------------------------------------------------------

struct ApplyOptions {
  std::string call, nis, consortium, name, settlement = "joint", plan, agreement, lead;
  std::vector<std::string> members, actions;
  int64_t engagement = -1;
  int64_t agreement_id = 0;  // 0: none
};

void print_application(const pact::Application& a) {
  std::string members;
  for (const auto& m : a.members) {
    members += (members.empty() ? "" : ", ") + m.nis.to_string();
    if (m.engagement) members += fmt::format(" (E {})", *m.engagement);
    if (a.is_consortium()) {
      members +=
          fmt::format(" [{}{}]", a.lead == m.nis ? "lead, " : "", pact::consent_name(m.consent));
    }
  }
  fmt::print("application {} to {}: {}{} [{}] version {}\n  members: {}\n", a.id, a.call_id,
             a.applicant, a.consortium_name ? " — " + *a.consortium_name : "",
             pact::application_status_name(a.status), a.row_version, members);
  if (a.agreement_id) fmt::print("  cooperation agreement: {}\n", *a.agreement_id);
  if (!a.status_reason.empty()) fmt::print("  reason: {}\n", a.status_reason);
  if (a.advance_paid) fmt::print("  advance paid: {}\n", a.advance_paid->to_string_nl());
  if (a.annual_report_approved) {
    fmt::print("  annual report approved: {}\n", a.annual_report_approved->to_string());
  }
}

struct ConsentOptions {
  int64_t id = 0;
  int64_t version = 0;  // 0: the current one (no check)
  std::string nis;
  bool decline = false;
};

// `lap pact consent ID --nis NIS [--decline]`: a member's consent, recorded
// for the operator as the member's own local government would.
void register_consent_command(CLI::App& pact_cmd) {
  auto* cmd = pact_cmd.add_subcommand(
      "consent", "a consortium member consents to a draft (or declines / withdraws, --decline)");
  auto pc = std::make_shared<PactOptions>();
  auto o = std::make_shared<ConsentOptions>();
  add_pact_options(cmd, *pc, false);
  cmd->add_option("id", o->id, "the application")->required();
  cmd->add_option("--nis", o->nis, "the member")->required();
  cmd->add_flag("--decline", o->decline, "decline, or withdraw a consent given before");
  cmd->add_option("--version", o->version,
                  "the version you read (refused when someone changed it since)");
  cmd->callback([pc, o] {
    set_command([pc, o] {
      auto s = open_pact_session(*pc);
      if (!s) return pact_fail(s.error());
      auto nis = Nis::parse(o->nis);
      if (!nis) return pact_fail({ErrorCode::kInvalidArgument, "--nis: not a NIS code"});
      auto a = s->service->application(o->id);
      if (!a) return pact_fail(a.error());
      const int64_t version = o->version > 0 ? o->version : a->row_version;
      const auto consent = o->decline ? pact::Consent::kDeclined : pact::Consent::kConsented;
      if (auto done = s->service->consent(o->id, version, *nis, consent); !done) {
        return pact_fail(done.error());
      }
      print_application(*s->service->application(o->id));
      return static_cast<int>(kExitOk);
    });
  });
}

// The application of `apply` from its options (a single municipality with
// --nis, a consortium with --consortium and --member).
Result<pact::Application> application_from(const ApplyOptions& o) {
  pact::Application a;
  a.call_id = o.call;
  a.plan = o.plan;
  a.actions = o.actions;
  a.agreement_ref = o.agreement;
  if (o.agreement_id > 0) a.agreement_id = o.agreement_id;
  if (o.consortium.empty() == o.nis.empty()) {
    return make_error(ErrorCode::kInvalidArgument, "give either --nis or --consortium");
  }
  if (!o.nis.empty()) {
    auto nis = Nis::parse(o.nis);
    if (!nis) return make_error(ErrorCode::kInvalidArgument, "--nis: not a NIS code");
    a.applicant = nis->to_string();
    a.members = {{*nis, std::nullopt}};
    if (o.engagement >= 0) a.members[0].engagement = o.engagement;
    return a;
  }
  a.applicant = o.consortium;
  a.consortium_name = o.name.empty() ? o.consortium : o.name;
  if (o.settlement != "joint" && o.settlement != "individual") {
    return make_error(ErrorCode::kInvalidArgument, "--settlement: joint or individual");
  }
  a.consortium_settlement = o.settlement == "joint" ? pact::ConsortiumSettlement::kJoint
                                                    : pact::ConsortiumSettlement::kIndividual;
  for (const auto& text : o.members) {
    const size_t eq = text.find('=');
    auto nis = Nis::parse(std::string_view(text).substr(0, eq));
    if (!nis) {
      return make_error(ErrorCode::kInvalidArgument,
                        fmt::format("--member: '{}' is not NIS or NIS=engagement", text));
    }
    pact::ApplicationMember m{*nis, std::nullopt};
    if (eq != std::string::npos) {
      // "12abc" is refused, not read as 12.
      m.engagement = parse_integer<int64_t>(std::string_view(text).substr(eq + 1));
      if (!m.engagement) {
        return make_error(ErrorCode::kInvalidArgument,
                          fmt::format("--member: '{}' is not NIS=engagement", text));
      }
    }
    a.members.push_back(m);
  }
  if (!o.lead.empty()) {
    auto lead = Nis::parse(o.lead);
    if (!lead) return make_error(ErrorCode::kInvalidArgument, "--lead: not a NIS code");
    a.lead = *lead;
  } else if (!a.members.empty()) {
    a.lead = a.members.front().nis;
  }
  return a;
}

void register_apply_command(CLI::App& pact_cmd) {
  auto* apply = pact_cmd.add_subcommand(
      "apply", "a municipality (or a consortium) applies to a call: stored as a draft");
  auto c = std::make_shared<PactOptions>();
  auto o = std::make_shared<ApplyOptions>();
  add_pact_options(apply, *c, false);
  apply->add_option("--call", o->call, "the call")->required();
  apply->add_option("--nis", o->nis, "the municipality applying alone");
  apply->add_option("--engagement", o->engagement,
                    "extra outflows committed to (default: the maximum E)");
  apply->add_option("--consortium", o->consortium, "a consortium id (with --member)");
  apply->add_option("--name", o->name, "the consortium's name");
  apply->add_option("--member", o->members, "a member NIS code, or NIS=engagement (repeat)");
  apply->add_option("--settlement", o->settlement, "consortium settlement: joint or individual");
  apply->add_option("--lead", o->lead,
                    "the member that makes the consortium's application (default: the first "
                    "--member); the others must consent (lap pact consent)");
  apply->add_option("--plan", o->plan, "the plan of approach");
  apply->add_option("--action", o->actions, "an action of the plan (repeat)");
  apply->add_option("--agreement", o->agreement, "the cooperation agreement with VDAB (link)");
  apply->add_option("--agreement-id", o->agreement_id,
                    "the cooperation agreement in the registry (its number; it must concern a "
                    "member)");
  apply->callback([c, o] {
    set_command([c, o] {
      auto s = open_pact_session(*c);
      if (!s) return pact_fail(s.error());
      auto a = application_from(*o);
      if (!a) return pact_fail(a.error());
      auto id = s->service->apply(*a);
      if (!id) return pact_fail(id.error());
      print_application(*s->service->application(*id));
      return static_cast<int>(kExitOk);
    });
  });
}

void register_applications_command(CLI::App& pact_cmd) {
  auto* list = pact_cmd.add_subcommand("applications", "the applications to a call");
  auto lc = std::make_shared<PactOptions>();
  auto lcall = std::make_shared<std::string>();
  add_pact_options(list, *lc, false);
  list->add_option("--call", *lcall, "the call")->required();
  list->callback([lc, lcall] {
    set_command([lc, lcall] {
      auto s = open_pact_session(*lc);
      if (!s) return pact_fail(s.error());
      auto apps = s->service->applications(*lcall);
      if (!apps) return pact_fail(apps.error());
      for (const auto& a : *apps)
        print_application(a);
      return static_cast<int>(kExitOk);
    });
  });
}

struct StatusOptions {
  int64_t id = 0;
  int64_t version = 0;  // 0: the current one (no check)
  std::string reason, advance_paid, approved;
};

// `submit`, `approve`, `refuse`, `start` (a status change to `to`) and
// `annual-report` (`report`: the council's approval, the status stays).
void register_status_command(CLI::App& pact_cmd, const char* name, pact::ApplicationStatus to,
                             const char* help) {
  using S = pact::ApplicationStatus;
  auto* cmd = pact_cmd.add_subcommand(name, help);
  auto sc = std::make_shared<PactOptions>();
  auto so = std::make_shared<StatusOptions>();
  const bool report = std::string_view(name) == "annual-report";
  add_pact_options(cmd, *sc, false);
  cmd->add_option("id", so->id, "the application")->required();
  cmd->add_option("--version", so->version,
                  "the version you read (refused when someone changed it since)");
  if (to == S::kRefused) cmd->add_option("--reason", so->reason, "why")->required();
  if (to == S::kApproved) {
    cmd->add_option("--advance-paid", so->advance_paid,
                    "the advance actually paid in euros (default: the rule's advance)");
  }
  if (report) cmd->add_option("--approved", so->approved, "date of approval")->required();
  cmd->callback([sc, so, to, report] {
    set_command([sc, so, to, report] {
      auto s = open_pact_session(*sc);
      if (!s) return pact_fail(s.error());
      auto a = s->service->application(so->id);
      if (!a) return pact_fail(a.error());
      const int64_t version = so->version > 0 ? so->version : a->row_version;
      Status done;
      if (report) {
        auto d = parse_date_option(so->approved, "--approved");
        if (!d) return pact_fail(d.error());
        done = s->service->record_annual_report(so->id, version, *d);
      } else {
        std::optional<Money> advance;
        if (!so->advance_paid.empty()) {
          auto m = parse_euros_option(so->advance_paid, "--advance-paid");
          if (!m) return pact_fail(m.error());
          advance = *m;
        }
        done = s->service->change_status(so->id, version, to, so->reason, advance);
      }
      if (!done) return pact_fail(done.error());
      print_application(*s->service->application(so->id));
      return static_cast<int>(kExitOk);
    });
  });
}

struct DocumentOptions {
  int64_t id = 0;
  std::string file;
};

// `lap pact annual-report-document --application ID --file report.pdf`: stores
// the annual report (a PDF) as the application's current document, as a
// member's local government uploads it in the web application.
void register_document_command(CLI::App& pact_cmd) {
  auto* cmd = pact_cmd.add_subcommand(
      "annual-report-document",
      "store the annual report (a PDF) of an approved or running application");
  auto pc = std::make_shared<PactOptions>();
  auto o = std::make_shared<DocumentOptions>();
  add_pact_options(cmd, *pc, false);
  cmd->add_option("--application", o->id, "the application")->required();
  cmd->add_option("--file", o->file, "the PDF")->required();
  cmd->callback([pc, o] {
    set_command([pc, o] {
      auto bytes = read_file_bytes(o->file);
      if (!bytes) return pact_fail(bytes.error());
      auto s = open_pact_session(*pc);
      if (!s) return pact_fail(s.error());
      const std::string name = std::filesystem::path(o->file).filename().string();
      auto d = s->service->upload_annual_report(o->id, {name, *bytes});
      if (!d) return pact_fail(d.error());
      fmt::print(
          "annual report of application {}: {} ({} bytes, sha256 {}) stored as document {}\n",
          o->id, d->file_name, d->size, d->sha256, d->document_id);
      return static_cast<int>(kExitOk);
    });
  });
}

}  // namespace

void register_pact_application_commands(CLI::App& pact_cmd) {
  using S = pact::ApplicationStatus;
  register_apply_command(pact_cmd);
  register_applications_command(pact_cmd);
  register_consent_command(pact_cmd);
  register_status_command(pact_cmd, "submit", S::kSubmitted, "submit a draft (up to the deadline)");
  register_status_command(pact_cmd, "approve", S::kApproved,
                          "approve a submitted application (records the advance)");
  register_status_command(pact_cmd, "refuse", S::kRefused,
                          "refuse a submitted application (--reason)");
  register_status_command(pact_cmd, "start", S::kRunning, "an approved application starts running");
  register_status_command(pact_cmd, "annual-report", S::kRunning,
                          "record the council's approval of the annual report (--approved DATE)");
  register_document_command(pact_cmd);
}

}  // namespace lap::cli
