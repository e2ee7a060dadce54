// Field comparison for record linkage (issue 5): string similarity, a
// phonetic code for blocking, and the comparison LEVEL of every identity field
// of a record pair. Pure functions, no allocation in the per-pair functions.
//
// String measures (on folded ASCII, see normalise.h; inputs longer than 64
// bytes are compared on their first 64 bytes):
//   jaro_winkler   Winkler's variant of Jaro: prefix of up to 4 characters,
//                  scale 0.1, applied when Jaro exceeds 0.7.
//   osa_distance   Damerau-Levenshtein in its OPTIMAL STRING ALIGNMENT form:
//                  insertions, deletions, substitutions and transpositions of
//                  two adjacent characters, no substring edited twice. So
//                  osa("ca", "abc") = 3, where unrestricted Damerau-Levenshtein
//                  gives 2. Enough for typos; cheaper and simpler.
//   phonetic_code  Cologne phonetics (Koelner Phonetik) classes applied to the
//                  transliteration key. Chosen over Soundex (keeps the first
//                  letter, so "Oleksandr"/"Aleksandr" and "Kh"/"H" split;
//                  English rules) and Double Metaphone (English-centred, a
//                  thousand lines of exceptions): Cologne was made for German
//                  spelling, which Dutch shares (sch, ch, v/f/w, ck, dt), codes
//                  every letter so no length cut hides differences, and gives
//                  a short digit string that hashes well for blocking. Two
//                  changes for our data: h counts as a guttural with g/k/ch
//                  (Dutch g and ch, Ukrainian h for Russian g), and the
//                  transliteration key runs first, so Shevchenko/Szewczenko
//                  and Kovalenko/Kowalenko get one code.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "lap/link/normalise.h"

namespace lap::link {

double jaro(std::string_view a, std::string_view b);
double jaro_winkler(std::string_view a, std::string_view b);
int osa_distance(std::string_view a, std::string_view b);
// Digits 0..8 (see above); empty for a name without letters.
std::string phonetic_code(std::string_view folded);

// The generic scale every field maps onto.
enum class Level : uint8_t { kExact, kClose, kDifferent, kMissing };

// Names (family or given).
enum class NameLevel : uint8_t {
  kExact,      // same letters after folding, spaces and case ignored ("Van den Broeck" =
               // "VANDENBROECK")
  kVariant,    // same core without particles ("El Amrani" ~ "Amrani"), same transliteration
               // key ("Oleksandr" ~ "Aleksandr"), or one name is a whole word of the other
               // (double names: "Peeters" ~ "Peeters-Janssens")
  kClose,      // Jaro-Winkler >= 0.92 on the folded or key form, or one edit apart (>= 4 letters)
  kDifferent,  // none of the above
  kMissing     // either side empty
};
NameLevel compare_names(const NormalisedName& a, const NormalisedName& b);

// Birth dates, month and day possibly unknown.
enum class DateLevel : uint8_t {
  kExact,         // complete and equal
  kDayMonthSwap,  // complete, day and month swapped (1985-03-07 / 1985-07-03)
  kOneDigit,      // complete, one digit of YYYYMMDD differs, two adjacent digits swapped,
                  // or the day is off by one (1985-03-19 / 1985-03-20)
  kYearOnly,      // same year, nothing above (also: equal years when either date is partial)
  kDifferent,     // different years (or complete dates with nothing above)
  kMissing        // either date missing
};
DateLevel compare_dates(PartialDate a, PartialDate b);

// INSZ numbers as recorded (valid or not).
enum class InszLevel : uint8_t {
  kEqual,         // same 11 digits
  kOneEdit,       // one digit differs, or two adjacent digits are swapped
  kSameSequence,  // sequence and check digits (the last five) equal, the birth-date part
                  // differs: a number written from a wrong birth date. Its own level so a
                  // wrong birth date is not penalised twice (once as the birth date, once as
                  // a different INSZ) and an agreeing sequence still counts
  kDifferent,     // anything else
  kMissing        // either side missing or not 11 digits
};
InszLevel compare_insz(const NormalisedInsz& a, const NormalisedInsz& b);

// Addresses: the street (folded, spaces ignored) and the house number.
enum class AddressLevel : uint8_t {
  kExact,      // same street and house number
  kStreet,     // same street, the house number differs or is missing
  kClose,      // street Jaro-Winkler >= 0.92 or one edit apart (>= 5 letters)
  kDifferent,  // anything else
  kMissing     // either street missing
};
AddressLevel compare_addresses(const NormalisedRecord& a, const NormalisedRecord& b);

Level compare_sex(Sex a, Sex b);  // kExact / kDifferent / kMissing (never kClose)
// kClose: same first two digits (the same region of Belgium).
Level compare_postcodes(int a, int b);

// Every level maps onto the generic scale (kVariant and kClose -> kClose,
// kDayMonthSwap/kOneDigit/kYearOnly -> kClose, kOneEdit -> kClose).
Level coarse(NameLevel l);
Level coarse(DateLevel l);
Level coarse(InszLevel l);

// The fields of an identity record pair, in the order of PairLevels.
enum class Field : uint8_t { kInsz, kLastName, kFirstName, kBirthDate, kSex, kPostcode, kAddress };
inline constexpr int kFieldCount = 7;

// A field's comparison levels, best first, for models and explanations.
struct FieldSpec {
  std::string_view name;
  std::span<const std::string_view> levels;
  int missing_level = -1;  // the level that means "not comparable", -1 when none
};
// The seven identity fields (static data).
std::span<const FieldSpec> identity_fields();

// The levels of one record pair, as small integers (the enums above).
struct PairLevels {
  std::array<uint8_t, kFieldCount> level{};
  // The names agree better crosswise (family name of one = given name of the
  // other); the name levels are then the crosswise ones.
  bool names_swapped = false;
};

PairLevels compare_records(const NormalisedRecord& a, const NormalisedRecord& b);

}  // namespace lap::link
