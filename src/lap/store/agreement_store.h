// Cooperation agreements (migration 0016_cooperation_agreements.sql; lap/pact/agreement.h):
// the registry of agreements between VDAB and a municipality or regiegebied with their
// action plans. Each change is one transaction, version-checked (row_version) and written
// with its row in the log of administrative changes (admin_event). No person data.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "lap/core/error.h"
#include "lap/pact/agreement.h"

namespace lap::store {

class AgreementStore {
 public:
  virtual ~AgreementStore() = default;

  // Every agreement with its actions, by id.
  virtual Result<std::vector<pact::CooperationAgreement>> agreements() = 0;
  // One agreement with its actions; nullopt when there is none with `id`.
  virtual Result<std::optional<pact::CooperationAgreement>> agreement(int64_t id) = 0;
  // Stores a new agreement (checked by the caller) with an event agreement_added;
  // returns its id.
  virtual Result<int64_t> add_agreement(const pact::CooperationAgreement& a,
                                        std::string_view actor) = 0;
  // Replaces agreement `a.id` (checked by the caller) when `expected_version` is its
  // row_version: kNotFound for an unknown id, kFailedPrecondition for a stale version.
  // Writes an event agreement_changed; returns the new row_version.
  virtual Result<int64_t> change_agreement(const pact::CooperationAgreement& a,
                                           int64_t expected_version, std::string_view actor) = 0;
};

}  // namespace lap::store
