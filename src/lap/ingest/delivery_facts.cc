#include "lap/ingest/delivery_facts.h"

#include <filesystem>

#include <fmt/format.h>

#include "lap/formats/exchange.h"

namespace lap::ingest {
namespace {

// The pseudonym of an INSZ; consecutive rows are often of one person.
class Keys {
 public:
  explicit Keys(const link::Pseudonymiser& p) : p_(p) {}
  const measure::PersonKey& of(const Insz& insz) {
    if (insz.digits() != last_) {
      last_ = insz.digits();
      key_ = p_.person_ref_bytes(last_);
    }
    return key_;
  }

 private:
  const link::Pseudonymiser& p_;
  std::string last_;
  measure::PersonKey key_{};
};

}  // namespace

Status read_delivery_facts(const std::string& dir, const geo::Registry& registry,
                           const link::Pseudonymiser& pseudonymiser, Date today,
                           store::FactSink& sink, size_t max_errors) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return make_error(ErrorCode::kInvalidArgument, fmt::format("{}: not a directory", dir));
  }
  const formats::ValidationContext ctx{&registry, today};
  formats::Problems problems(max_errors);
  Keys keys(pseudonymiser);
  auto input = [&](formats::Source s) -> std::optional<formats::Input> {
    fs::path path = fs::path(dir) / formats::file_name(s);
    if (!fs::exists(path, ec)) return std::nullopt;
    return formats::Input::file(path.string());
  };
  using formats::Source;
  auto check = [](const Result<int64_t>& r) -> Status {
    if (!r) return std::unexpected(r.error());
    return {};
  };

  if (auto in = input(Source::kRmiEntitlements)) {
    auto r = formats::read_rmi_entitlements(
        *in, ctx, problems, [&](const formats::RmiEntitlementRow& row, const auto&, int64_t) {
          sink.add(measure::EntitlementFact{keys.of(row.insz), row.ocmw_nis, row.kind,
                                            row.ukrainian, row.start_date, row.end_date});
        });
    if (auto s = check(r); !s) return s;
  }
  if (auto in = input(Source::kVdabRegistrations)) {
    auto r = formats::read_vdab_registrations(
        *in, ctx, problems, [&](const formats::VdabRegistrationRow& row, const auto&, int64_t) {
          if (!row.insz) return;
          sink.add(measure::RegistrationFact{keys.of(*row.insz), row.category, row.ocmw_nis,
                                             row.start_date, row.end_date});
        });
    if (auto s = check(r); !s) return s;
  }
  if (auto in = input(Source::kWorkMonths)) {
    auto r = formats::read_work_months(
        *in, ctx, problems, [&](const formats::WorkSpanRow& row, const auto&, int64_t) {
          sink.add(measure::WorkFact{keys.of(row.insz), row.first_month, row.last_month,
                                     row.work_type, row.employer_kind});
        });
    if (auto s = check(r); !s) return s;
  }
  if (auto in = input(Source::kActivationMeasures)) {
    auto r = formats::read_activation_measures(
        *in, ctx, problems, [&](const formats::ActivationMeasureRow& row, const auto&, int64_t) {
          sink.add(measure::MeasureFact{keys.of(row.insz), row.measure, row.organiser_nis,
                                        row.start_date, row.end_date, row.new_inflow});
        });
    if (auto s = check(r); !s) return s;
  }
  if (auto in = input(Source::kIdentifierChanges)) {
    Keys new_keys(pseudonymiser);
    auto r = formats::read_identifier_changes(
        *in, ctx, problems, [&](const formats::IdentifierChangeRow& row, const auto&, int64_t) {
          sink.add(measure::IdentifierChangeFact{keys.of(row.old_insz), new_keys.of(row.new_insz),
                                                 row.change_date});
        });
    if (auto s = check(r); !s) return s;
  }
  if (!problems.empty()) {
    std::string text = fmt::format("{}: {} problem(s) in the delivery", dir, problems.count());
    for (const auto& p : problems.list())
      text += "\n" + p.to_string();
    return make_error(ErrorCode::kInvalidArgument, text);
  }
  return {};
}

}  // namespace lap::ingest
