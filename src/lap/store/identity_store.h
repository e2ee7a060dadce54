// Identity data (domain.md §2, §6): the names, INSZ, birth date and address of
// the persons behind the pseudonyms, as the two sources deliver them — the POD
// MI entitlement rows of an OCMW and VDAB's registrations. Only the API's
// identity and search routes read them, for a user whose organisation has a
// registered relation with the person, and every read is audited there.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/error.h"

namespace lap::store {

// One source row's identity.
struct IdentityRecord {
  std::string source;               // "ocmw" (a POD MI entitlement) or "vdab" (a registration)
  std::string person_ref;           // the row's pseudonym; for VDAB the person of the link run
  std::optional<std::string> insz;  // VDAB's may be missing
  std::string last_name;
  std::string first_name;
  std::optional<Date> birth_date;
  std::string sex;
  int postcode = 0;
  std::string street;
  std::string house_number;
  int ocmw_nis = 0;         // the entitlement's OCMW (0 for VDAB)
  int64_t vdab_client = 0;  // the VDAB client number (0 for an OCMW)
  Date start_date;          // of the entitlement or registration
};

// What a name search asks: the last name starts with `last_name`, and the
// first name with `first_name` when given (both case-insensitive, ASCII).
struct IdentitySearch {
  int64_t load = 0;
  std::optional<int64_t> link_run;  // VDAB: whose persons; nullopt the imported ones
  std::string source;               // "ocmw" or "vdab"
  std::optional<int> ocmw_nis;      // OCMW: only this OCMW's entitlements
  std::string last_name;
  std::string first_name;
  int limit = 50;
};

class IdentityStore {
 public:
  virtual ~IdentityStore() = default;

  // The identity rows of the entitlements at `ocmw_nis` of any of
  // `person_refs` in the snapshot of `load`, latest start first.
  virtual Result<std::vector<IdentityRecord>> ocmw_identities(
      int64_t load, std::span<const std::string> person_refs, int ocmw_nis) = 0;
  // The identity rows of the VDAB registrations of `person_ref` in the
  // snapshot of `load`: those the link run resolved to it, or without a run
  // those that carry it; latest start first.
  virtual Result<std::vector<IdentityRecord>> vdab_identities(int64_t load,
                                                              std::optional<int64_t> link_run,
                                                              std::string_view person_ref) = 0;
  // The pseudonym of an INSZ (nullopt when it was never imported).
  virtual Result<std::optional<std::string>> person_of_insz(std::string_view insz) = 0;
  // The rows matching a name search (at most `limit` + 1, so a caller can tell
  // that there are more), ordered by name.
  virtual Result<std::vector<IdentityRecord>> search_identities(const IdentitySearch& search) = 0;
};

}  // namespace lap::store
