// Synthetic identities: unique INSZ/BIS numbers, names, and the identity
// errors VDAB's records contain (wrong or missing INSZ, stale BIS numbers,
// name variants, swapped names, day/month swaps), for the linkage work.
#pragma once

#include <cstdint>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/insz.h"
#include "lap/generate/names.h"
#include "lap/generate/records.h"
#include "lap/generate/rng.h"

namespace lap::generate {

// Hands out INSZ numbers that no other synthetic person has.
class InszAllocator {
 public:
  explicit InszAllocator(Date today);
  Insz national(Date birth, Sex sex, Rng& rng);
  // A BIS number; `sex_known` selects the +40 month offset (else +20).
  // With `day_unknown` the day part is 00.
  Insz bis(Date birth, Sex sex, bool sex_known, bool day_unknown, Rng& rng);

 private:
  Insz allocate(InszKind kind, Date birth, Sex sex, bool sex_known, bool day_unknown, Rng& rng);
  std::vector<uint64_t>& bits(InszKind kind) { return kind == InszKind::kBis ? bis_ : national_; }
  Date today_;
  std::vector<uint64_t> national_;
  std::vector<uint64_t> bis_;
};

// Rates of the identity errors in VDAB's records (per client record).
struct IdentityErrorRates {
  double missing_insz = 0.015;
  double missing_insz_newcomer = 0.06;
  double digit_typo = 0.006;
  double transposition = 0.0015;
  double wrong_valid_insz = 0.0005;
  double stale_bis = 0.5;  // after a BIS -> national number change, VDAB keeps the BIS
  double drop_diacritics = 0.6;
  double transliteration = 0.45;
  double spelling_variant = 0.2;
  double swap_names = 0.012;
  double particle_variant = 0.04;
  double name_typo = 0.01;
  double missing_birth_date = 0.01;
  double day_month_swap = 0.006;
  double day_slip = 0.004;
  double other_postcode = 0.05;
  double unknown_sex = 0.01;
};

// The identity VDAB records for `person` when the client registers on
// `registered_on`. `origin` drives transliteration; `other_postcode` is a
// plausible wrong postcode.
IdentityView vdab_identity(const PersonRecords& person, Origin origin, Date registered_on,
                           int other_postcode, const IdentityErrorRates& rates, Rng& rng);

}  // namespace lap::generate
