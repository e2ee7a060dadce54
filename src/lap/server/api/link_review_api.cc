// The clerical review queue of the linkage over HTTP (docs/api.md, docs/linking.md):
// the open items of the latest link run, each with its per-field waterfall
// (store/link_review.h), and a reviewer's decision about an item, which the
// next `lap link` applies.
//
// Reviewing is person-level access (domain.md §6): VDAB mediators review every
// item (its VDAB client is theirs); an OCMW counsellor only the items whose
// OCMW person has a registered relation with their own OCMW (person_access.h);
// every other role gets 403. Every item listed and every decision is written
// to the audit log first, with the purpose "koppeling nakijken"; refusals too.
// Items show pseudonyms, client numbers, levels and weights: never an INSZ or a name.
#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lap/core/parse.h"
#include "lap/core/pseudonym.h"
#include "lap/measure/person.h"
#include "lap/server/api/api.h"
#include "lap/server/api/json_input.h"
#include "lap/server/api/person_access.h"
#include "lap/store/link_review.h"

namespace lap::server::api {
namespace {

using Json = nlohmann::json;
using auth::Permission;

constexpr std::string_view kReviewPurpose = "koppeling nakijken";
constexpr int64_t kDefaultReviewLimit = 50;
constexpr int64_t kMaxReviewLimit = 200;

Json waterfall_json(const store::LinkStore::LinkReviewItem& item, const store::ReviewWaterfall& w,
                    const std::optional<store::LinkThresholds>& t) {
  Json fields = Json::array();
  for (const auto& s : w.steps) {
    fields.push_back({{"field", s.field},
                      {"level", s.level},
                      {"weight", s.weight},
                      {"from", s.from},
                      {"to", s.to},
                      {"term_frequency", s.term_frequency}});
  }
  return {{"item", item.review_id},
          {"ocmw_person", item.ocmw_ref},
          {"vdab_client", item.vdab_client_id},
          {"weight", item.weight},
          {"reason", item.reason},
          {"band", t ? Json(store::threshold_band(item.weight, *t)) : Json(nullptr)},
          {"total", w.total},
          {"fields", std::move(fields)}};
}

// The items of `items` the user may review: all for a VDAB mediator; for an
// OCMW counsellor those whose OCMW person has a relation with their OCMW.
Result<std::vector<const store::LinkStore::LinkReviewItem*>> reviewable(
    Environment& e, const Principal& p,
    const std::vector<store::LinkStore::LinkReviewItem>& items) {
  std::vector<const store::LinkStore::LinkReviewItem*> out;
  if (p.role == auth::Role::kVdabMediator) {
    for (const auto& it : items)
      out.push_back(&it);
    return out;
  }
  auto loaded = person_timelines(e);
  if (!loaded) return std::unexpected(loaded.error());
  const measure::Timelines& t = *loaded->timelines;
  const Month end = measure::data_end(t, measure::Settings{});
  for (const auto& it : items) {
    auto key = pseudonym_from_hex(it.ocmw_ref);
    auto person = key ? t.find(*key) : std::nullopt;
    if (person && has_relation(t, *person, p, end)) out.push_back(&it);
  }
  return out;
}

Response no_link_run() {
  return Response::problem(404, "not_found",
                           "Er is nog geen koppeling uitgevoerd: er zijn geen items om na te "
                           "kijken.");
}

// One answer for an unknown item and for an item the user may not review: a
// different status would tell whether the item exists.
Response no_such_item() {
  return Response::problem(404, "not_found",
                           "Geen item van de laatste koppeling dat u mag nakijken "
                           "(verwijzingsrepertorium).");
}

// `offset` and `limit` of the query, or a 400.
std::optional<std::pair<int64_t, int64_t>> page_of(const Request& r, Response& out) {
  const auto offset = parse_integer<int64_t>(r.query_param("offset").value_or("0"));
  const auto limit = parse_integer<int64_t>(
      r.query_param("limit").value_or(fmt::format("{}", kDefaultReviewLimit)));
  if (!offset || !limit || *offset < 0 || *limit < 1 || *limit > kMaxReviewLimit) {
    out = Response::problem(
        400, "bad_request",
        fmt::format("offset is 0 of meer en limit ligt tussen 1 en {}.", kMaxReviewLimit));
    return std::nullopt;
  }
  return std::pair{*offset, *limit};
}

struct ReviewQueue {
  store::LinkStore::LinkRun run;
  std::vector<store::LinkStore::LinkReviewItem> items;
};

// The latest link run and its items (the open ones, or all), on a lease of
// its own (the pool may hold one connection); nullopt before any link run.
Result<std::optional<ReviewQueue>> read_review_queue(Environment& e, bool open_only) {
  auto store = e.pool->lease();
  if (!store) return std::unexpected(store.error());
  auto run = (*store)->latest_link_run(std::nullopt);
  if (!run) return std::unexpected(run.error());
  if (!*run) return std::nullopt;
  auto items = (*store)->link_review((*run)->run_id, open_only);
  if (!items) return std::unexpected(items.error());
  return ReviewQueue{**run, std::move(*items)};
}

// GET /api/v1/link/review?offset&limit: the open items of the latest link run.
Response list_review(Environment& e, const Request& r, RequestContext& ctx) {
  constexpr std::string_view kRoute = "GET /api/v1/link/review";
  if (auto d = deny_unless(ctx, Permission::kPersons)) {
    return refused_person_read(e, ctx, kRoute, "", "role", kReviewPurpose, *d);
  }
  Response out;
  auto page = page_of(r, out);
  if (!page) return out;
  const Principal& p = *ctx.principal;
  auto queue = read_review_queue(e, true);
  if (!queue) return problem_for(queue.error());
  if (!*queue) return no_link_run();
  const auto& run = (*queue)->run;
  auto visible = reviewable(e, p, (*queue)->items);
  if (!visible) return problem_for(visible.error());
  const auto thresholds = store::stored_thresholds(run);
  Json list = Json::array();
  std::vector<std::string> refs;
  const auto first = std::min<std::size_t>(visible->size(), static_cast<std::size_t>(page->first));
  const auto last =
      std::min<std::size_t>(visible->size(), first + static_cast<std::size_t>(page->second));
  for (std::size_t i = first; i < last; ++i) {
    const auto& it = *(*visible)[i];
    list.push_back(waterfall_json(it, store::review_waterfall(it, run), thresholds));
    refs.push_back(it.ocmw_ref);
  }
  // Audited before anything is shown.
  if (auto a = audit_person_reads(e, p, refs, kRoute, std::string(kReviewPurpose)); !a) {
    return problem_for(a.error());
  }
  Json t =
      thresholds ? Json{{"lower", thresholds->lower}, {"upper", thresholds->upper}} : Json(nullptr);
  const auto prior = store::stored_prior(run);
  return no_store_json({{"run", run.run_id},
                        {"load", run.load_id},
                        {"thresholds", std::move(t)},
                        {"prior", prior ? Json(*prior) : Json(nullptr)},
                        {"total", visible->size()},
                        {"offset", page->first},
                        {"limit", page->second},
                        {"items", std::move(list)}});
}

// POST /api/v1/link/review/{item}/decision {"decision": "match"|"nonmatch"}.
Response decide_review(Environment& e, const Request& r, RequestContext& ctx) {
  constexpr std::string_view kRoute = "POST /api/v1/link/review/{item}/decision";
  if (auto d = deny_unless(ctx, Permission::kPersons)) {
    return refused_person_read(e, ctx, kRoute, "", "role", kReviewPurpose, *d);
  }
  JsonInput in(r.body);
  const auto decision = in.text(in.root(), "", "decision", true);
  if (decision && *decision != "match" && *decision != "nonmatch") {
    in.problem("/decision", "must be match or nonmatch");
  }
  if (!in.ok()) return in.response();
  const Principal& p = *ctx.principal;
  auto queue = read_review_queue(e, false);
  if (!queue) return problem_for(queue.error());
  if (!*queue) return no_link_run();
  const auto id = parse_integer<int64_t>(r.param("item"));
  const auto& items = (*queue)->items;
  auto found = std::find_if(items.begin(), items.end(),
                            [&](const auto& it) { return id && it.review_id == *id; });
  if (found == items.end()) {
    return refused_person_read(e, ctx, kRoute, "", "unknown item", kReviewPurpose, no_such_item());
  }
  auto visible = reviewable(e, p, items);
  if (!visible) return problem_for(visible.error());
  if (std::ranges::find(*visible, &*found) == visible->end()) {
    return refused_person_read(e, ctx, kRoute, found->ocmw_ref, "no relation", kReviewPurpose,
                               no_such_item());
  }
  const std::string action = fmt::format("{}: {}", kRoute, *decision);
  if (auto a = audit_person_reads(e, p, {found->ocmw_ref}, action, std::string(kReviewPurpose));
      !a) {
    return problem_for(a.error());
  }
  auto store = e.pool->lease();
  if (!store) return problem_for(store.error());
  if (auto s = (*store)->decide_link(found->review_id, *decision == "match", p.username); !s) {
    return problem_for(s.error());
  }
  return no_store_json({{"item", found->review_id},
                        {"decision", *decision},
                        {"reviewer", p.username},
                        {"message", "Beslissing bewaard; de volgende koppeling past ze toe."}});
}

}  // namespace

void add_link_review_routes(Service& service, Environment& env) {
  Environment* e = &env;
  Router& router = service.router();
  router.add("GET", "/api/v1/link/review",
             [e](const Request& r, RequestContext& ctx) { return list_review(*e, r, ctx); });
  router.add("POST", "/api/v1/link/review/{item}/decision",
             [e](const Request& r, RequestContext& ctx) { return decide_review(*e, r, ctx); });
}

}  // namespace lap::server::api
