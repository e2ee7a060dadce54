// `lap pact redistribute`, `redistributions` and `verify`: WSE's redistribution
// decisions (pact/decision.h) and the check that every settled payment
// statement is recomputed identically from the inputs it recorded
// (pact/inputs.h).
#include <memory>

#include <fmt/format.h>

#include "lap/cli/command.h"
#include "lap/cli/pact_session.h"

namespace lap::cli {
namespace {

struct DecisionOptions {
  std::string call;
  std::string note;
};

void print_decision(const pact::RedistributionDecision& d) {
  const auto& r = d.rights;
  fmt::print("decision {} of {} on {}{} by {}: {} applications, {} participants\n", d.number,
             d.call_id, d.decided_on.to_string(),
             d.supersedes ? fmt::format(" (supersedes decision {})", *d.supersedes) : "",
             d.decided_by, d.applications.size(), r.rows.size());
  fmt::print("  pool {}, allocated {}, unallocated {}, budget {}; counts: {}\n",
             r.pool.to_string_nl(), r.allocated.to_string_nl(), r.unallocated.to_string_nl(),
             r.budget.to_string_nl(), d.counts_origin);
  if (!d.note.empty()) fmt::print("  note: {}\n", d.note);
}

// A `lap pact` subcommand on one call: the common options, --call, --note when `note`, and
// `run` on the opened session.
using CallCommand = int (*)(PactSession& s, const PactOptions& c, const DecisionOptions& o);
void add_call_command(CLI::App& pact_cmd, const char* name, const char* help, bool files, bool note,
                      CallCommand run) {
  auto* cmd = pact_cmd.add_subcommand(name, help);
  auto c = std::make_shared<PactOptions>();
  auto o = std::make_shared<DecisionOptions>();
  add_pact_options(cmd, *c, files);
  cmd->add_option("--call", o->call, "the call")->required();
  if (note) cmd->add_option("--note", o->note, "why, or the reference of the decision");
  cmd->callback([c, o, run] {
    set_command([c, o, run]() -> int {
      auto s = open_pact_session(*c);
      if (!s) return pact_fail(s.error());
      return run(*s, *c, *o);
    });
  });
}

int redistribute(PactSession& s, const PactOptions& c, const DecisionOptions& o) {
  auto call = s.service->call(o.call);
  if (!call) return pact_fail(call.error());
  auto d = s.service->decide_redistribution(o.call, o.note);
  if (!d) return pact_fail(d.error());
  print_decision(*d);
  auto ctx = export_context(s, call->title);
  ctx.rights = report::RightsBasis{d->ref(), true};
  return emit(c, report::redistribution_sheet(d->rights, ctx));
}

int list_redistributions(PactSession& s, const PactOptions&, const DecisionOptions& o) {
  auto list = s.service->redistributions(o.call);
  if (!list) return pact_fail(list.error());
  if (list->empty()) fmt::print("no redistribution decided for {}\n", o.call);
  for (const auto& d : *list)
    print_decision(d);
  return kExitOk;
}

int verify(PactSession& s, const PactOptions&, const DecisionOptions& o) {
  auto checks = s.service->verify_settlement(o.call);
  if (!checks) return pact_fail(checks.error());
  int64_t differences = 0;
  for (const auto& check : *checks) {
    if (check.identical) continue;
    ++differences;
    fmt::print("  {}: {}\n    recorded:   {}\n    recomputed: {}\n", check.unit_id,
               check.problem.empty() ? "differs" : check.problem, check.recorded, check.recomputed);
  }
  fmt::print(
      "{} settled statements of {} recomputed from their recorded inputs: {} "
      "differences\n",
      checks->size(), o.call, differences);
  return differences == 0 ? kExitOk : kExitDiffers;
}

}  // namespace

std::string rights_basis_text(const pact::Participants& p) {
  if (p.decision) {
    return fmt::format("redistributed by decision {} of {}{}", p.decision->number,
                       p.decision->decided_on.to_string(),
                       p.outside_decision.empty()
                           ? ""
                           : fmt::format("; {} participants approved after it hold their own "
                                         "rights until WSE decides again",
                                         p.outside_decision.size()));
  }
  return p.after_deadline ? "own rights: the deadline has passed, no redistribution decided yet"
                          : "before the deadline: own rights, no redistribution";
}

void register_pact_decision_commands(CLI::App& pact_cmd) {
  add_call_command(pact_cmd, "redistribute",
                   "WSE's decision to redistribute the rights of non-participants over the "
                   "approved applications (after the deadline; supersedes the previous decision)",
                   true, true, redistribute);
  add_call_command(pact_cmd, "redistributions",
                   "the redistribution decisions of a call, oldest first", false, false,
                   list_redistributions);
  add_call_command(pact_cmd, "verify",
                   "recompute every settled payment statement of a call from the inputs it "
                   "recorded and compare (exit code 8 on a difference)",
                   false, false, verify);
}

}  // namespace lap::cli
