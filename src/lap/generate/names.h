// Name lists for synthetic persons and the spelling variants that identity
// errors are made of (data/names/, compiled into the binary).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lap/core/insz.h"
#include "lap/generate/rng.h"

namespace lap::generate {

enum class Origin {
  kFlemish,
  kMaghreb,
  kTurkish,
  kEasternEuropean,
  kAfrican,
  kMiddleEast,
  kUkrainian
};
inline constexpr int kOriginCount = 7;

class NameBook {
 public:
  // The lists in data/names/ (validated; aborts on a build defect).
  static const NameBook& builtin();

  std::string_view first_name(Origin origin, Sex sex, Rng& rng) const;
  std::string_view last_name(Origin origin, Rng& rng) const;
  // Alternative spellings of a name (transliterations, spelling variants), possibly empty.
  std::span<const std::string> variants(std::string_view name) const;

 private:
  struct Weighted {
    std::vector<std::string> names;
    std::vector<double> cumulative;
  };
  static void add(Weighted& w, std::string name, double weight);
  static std::string_view pick(const Weighted& w, Rng& rng);

  Weighted first_[kOriginCount][2];
  Weighted last_[kOriginCount];
  std::unordered_map<std::string, std::vector<std::string>> variants_;
};

// Replaces common Latin letters with diacritics by their plain letter
// ("Çelik" -> "Celik", "Łukasz" -> "Lukasz", "Müller" -> "Muller").
std::string strip_diacritics(std::string_view utf8);

}  // namespace lap::generate
