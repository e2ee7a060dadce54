// Normalisation of identity data for record linkage (issue 5): names, birth
// dates with unknown parts, INSZ/BIS numbers. Pure functions, no I/O.
//
// Names go through three steps, each kept in `NormalisedName`:
//   fold_text      UTF-8 -> lower-case ASCII words: diacritics removed
//                  ("Çelik" -> "celik", "Strauß" -> "strauss", "Søren" ->
//                  "soren"), Cyrillic transliterated (Ukrainian national
//                  system: "Олександр" -> "oleksandr"), apostrophes dropped
//                  ("D'Hondt" -> "dhondt"), hyphens and other punctuation
//                  turned into a single space ("Peeters-Janssens" ->
//                  "peeters janssens").
//   particles      "van den broeck" -> joined "vandenbroeck", core "broeck":
//                  leading particles (van, de, der, el, ben, ait, ...) are
//                  dropped from the core, and so is a particle fused to the
//                  front of a one-word name when at least 4 letters remain
//                  ("vandenbroeck" -> "broeck", "elamrani" -> "amrani").
//   transliteration_key
//                  folds the spellings of one Ukrainian/Russian name onto one
//                  key (Oleksandr/Aleksandr/Olexandr, Kovalenko/Kowalenko,
//                  Serhii/Serhiy/Sergey, Shevchenko/Szewczenko, Yuliia/Julija).
//                  A key for comparison only: it is not readable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lap/core/date.h"
#include "lap/core/insz.h"

namespace lap::link {

// Lower-case ASCII words separated by single spaces (see above). Letters only:
// digits and unknown characters (Arabic script, symbols) separate words.
// Invalid UTF-8 bytes are treated as separators.
std::string fold_text(std::string_view utf8);

// True for a name particle ("van", "de", "der", "den", "ter", "la", "le",
// "du", "el", "al", "ben", "ait", ...), given folded.
bool is_particle(std::string_view folded_word);

// The transliteration key of a folded word or name (spaces are ignored).
std::string transliteration_key(std::string_view folded);

// A name prepared for comparison. All three strings are empty for an empty or
// letter-free name.
struct NormalisedName {
  std::string joined;  // folded words without spaces: "vandenbroeck", "peetersjanssens"
  std::string core;    // particles removed: "broeck", "peetersjanssens"
  std::string key;     // transliteration_key(core)
  // Where the words of `joined` end (a bit per character: bit i set when a
  // word ends after character i, i < 64). Lets a comparison see that
  // "peeters" is a whole word of "peeters janssens" without storing words.
  uint64_t word_ends = 0;

  bool empty() const { return joined.empty(); }
  friend bool operator==(const NormalisedName&, const NormalisedName&) = default;
};

// A family name: folded, particles split off (see above).
NormalisedName normalise_last_name(std::string_view utf8);
// A given name: folded, no particle handling ("Ben", "Elias", "Denise" stay
// whole); core == joined.
NormalisedName normalise_first_name(std::string_view utf8);

// A birth date whose month and day may be unknown (0), as in INSZ numbers and
// registers: 1985-00-00 is "born in 1985". year 0 means no date at all.
struct PartialDate {
  int16_t year = 0;
  int8_t month = 0;  // 1..12, 0 unknown
  int8_t day = 0;    // 1..31, 0 unknown

  bool missing() const { return year == 0; }
  bool complete() const { return year != 0 && month != 0 && day != 0; }
  // YYYYMMDD with 0 for unknown parts (19850000); 0 when missing.
  int32_t packed() const { return year * 10000 + month * 100 + day; }
  friend bool operator==(const PartialDate&, const PartialDate&) = default;
};

PartialDate partial_date(Date d);
PartialDate partial_date(const std::optional<Date>& d);
// Parses `YYYY-MM-DD` where MM and DD may be `00` (and DD must be 00 when MM
// is). nullopt for anything else, an impossible day, or a year outside
// 1800..9999. An empty string is a missing date: PartialDate{}.
std::optional<PartialDate> parse_partial_date(std::string_view text);
// The birth date an INSZ encodes (BIS month offsets removed).
PartialDate insz_birth_date(const Insz& insz);

// An INSZ as recorded, prepared for comparison.
struct NormalisedInsz {
  // The 11 digits as a number when the text holds exactly 11 digits (after
  // removing ' ', '.', '-'), valid or not; 0 when missing or not 11 digits.
  uint64_t digits = 0;
  // The parsed number when it passes every check of Insz::parse.
  std::optional<Insz> valid;

  bool missing() const { return digits == 0; }
  bool is_valid() const { return valid.has_value(); }
  bool is_bis() const { return valid && valid->kind() == InszKind::kBis; }
};

// `today` as for Insz::parse.
NormalisedInsz normalise_insz(std::string_view text, Date today);

// An identity record as read from a source (views into the caller's data).
struct RawIdentity {
  std::string_view insz;
  std::string_view last_name;
  std::string_view first_name;
  std::string_view birth_date;  // YYYY-MM-DD, parts may be 00, empty when missing
  Sex sex = Sex::kUnknown;
  int postcode = 0;                 // 0 when unknown
  std::string_view street{};        // empty when unknown
  std::string_view house_number{};  // empty when unknown
};

// An identity record with every field normalised once, ready for blocking
// and comparison.
struct NormalisedRecord {
  NormalisedInsz insz;
  NormalisedName last_name;
  NormalisedName first_name;
  PartialDate birth;  // from the record; missing when absent or malformed
  Sex sex = Sex::kUnknown;
  int postcode = 0;
  std::string street;        // folded, without spaces ("Kerkstraat" = "kerk straat")
  std::string house_number;  // lower case letters and digits only ("7 bus 3" -> "7bus3")
};

// The street and house number as NormalisedRecord holds them.
std::string normalise_street(std::string_view utf8);
std::string normalise_house_number(std::string_view text);

NormalisedRecord normalise_record(const RawIdentity& raw, Date today);

}  // namespace lap::link
