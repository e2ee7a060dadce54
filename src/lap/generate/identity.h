// Synthetic identities: unique INSZ/BIS numbers, names, addresses, and the
// identity errors VDAB's records contain (wrong or missing INSZ, stale BIS
// numbers, name variants, swapped names, day/month swaps, missing or other
// addresses), for the linkage work.
#pragma once

#include <cstdint>
#include <string>
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
  double other_postcode = 0.05;  // VDAB has the address of a move (another municipality)
  double unknown_sex = 0.01;
  double missing_address = 0.03;
  double missing_house_number = 0.02;
  double street_typo = 0.01;
  double moved_nearby = 0.03;  // another address with the same postcode
};

// A street and house number: a common Flemish street name and a number such
// as `12`, `12A` or `7 bus 3` (at most 10 characters); the postcode is the
// person's.
struct Address {
  std::string street;
  std::string house_number;
};
Address random_address(Rng& rng);

// The identity VDAB records for `person` when the client registers on
// `registered_on`. `origin` drives transliteration; `other_postcode` is a
// plausible wrong postcode.
IdentityView vdab_identity(const PersonRecords& person, Origin origin, Date registered_on,
                           int other_postcode, const IdentityErrorRates& rates, Rng& rng);

// The address VDAB records in `v` (made by vdab_identity from the person's
// identity `truth`): missing, without its house number, with a typo in the
// street, or another address for a person who moved — always when VDAB holds
// another postcode. Drawn from `rng`, a stream of its own, so that the other
// records of a seed do not depend on the addresses.
void vdab_address(IdentityView& v, const IdentityView& truth, const IdentityErrorRates& rates,
                  Rng& rng);

}  // namespace lap::generate
