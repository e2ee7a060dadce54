// The applications of a call as a downloadable table (the status overview of
// the web application; docs/lap-files.md, "applications"): one row per
// application with its members, province, status and the state of its annual
// report, as Belgian CSV, XLSX or JSON like the other LAP sheets; and the
// filters of that overview (status, province, a text in a member's name or
// NIS code). Pure.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "lap/geo/registry.h"
#include "lap/pact/application.h"
#include "lap/report/pact_export.h"

namespace lap::report {

// What the overview keeps: every filter that is set must hold. `statuses`
// empty: any status; `province`: a member's province by name (any case);
// `text`: part of a member's NIS code or name, or of the consortium's name
// (any case).
struct ApplicationFilter {
  std::vector<pact::ApplicationStatus> statuses;
  std::string province;
  std::string text;
};

bool matches(const pact::Application& a, const ApplicationFilter& filter,
             const geo::Registry& registry);

// The number of applications per status (every status, zero included), in
// the order of the status flow.
std::vector<std::pair<pact::ApplicationStatus, int64_t>> count_by_status(
    std::span<const pact::Application> applications);

// The sheet `applications`; `with_report` holds the ids of the applications
// that have an uploaded annual report.
Sheet application_list_sheet(std::span<const pact::Application> applications,
                             const std::map<int64_t, bool>& with_report,
                             const geo::Registry& registry, const ExportContext& ctx);

}  // namespace lap::report
