#include "lap/generate/identity.h"

#include <array>
#include <cctype>

#include <fmt/format.h>

namespace lap::generate {
namespace {

// Street names found in most Flemish municipalities.
constexpr std::array<std::string_view, 32> kStreetNames = {"Kerkstraat",
                                                           "Stationsstraat",
                                                           "Dorpsstraat",
                                                           "Molenstraat",
                                                           "Nieuwstraat",
                                                           "Schoolstraat",
                                                           "Kapelstraat",
                                                           "Beekstraat",
                                                           "Kasteelstraat",
                                                           "Veldstraat",
                                                           "Heidestraat",
                                                           "Lindenlaan",
                                                           "Kouter",
                                                           "Markt",
                                                           "Grote Markt",
                                                           "Hoogstraat",
                                                           "Bosstraat",
                                                           "Ringlaan",
                                                           "Meersstraat",
                                                           "Sint-Jozefstraat",
                                                           "Lange Nieuwstraat",
                                                           "Driesstraat",
                                                           "Processiestraat",
                                                           "Brugstraat",
                                                           "Zandstraat",
                                                           "Kloosterstraat",
                                                           "Pastorijstraat",
                                                           "Gemeenteplein",
                                                           "Koning Albertlaan",
                                                           "Vijverstraat",
                                                           "Steenweg",
                                                           "Smisstraat"};

constexpr int kFirstYear = 1915;
constexpr int kYears = 110;

size_t slot(int year, int month, int day, int sequence) {
  return ((static_cast<size_t>(year - kFirstYear) * 13 + static_cast<size_t>(month)) * 32 +
          static_cast<size_t>(day)) *
             1000 +
         static_cast<size_t>(sequence);
}

std::string mutate_digit(const std::string& d, Rng& rng) {
  std::string s = d;
  int pos = rng.uniform_int(0, 10);
  char c = s[pos];
  while (c == s[pos])
    c = static_cast<char>('0' + rng.uniform_int(0, 9));
  s[pos] = c;
  return s;
}

std::string recompute_check(const std::string& d) {
  uint64_t first9 = std::stoull(d.substr(0, 9));
  bool from_2000s = false;  // keep the 19xx rule: a plausible but wrong number
  uint64_t n = from_2000s ? 2000000000ULL + first9 : first9;
  return fmt::format("{:09d}{:02d}", first9, static_cast<int>(97 - n % 97));
}

std::string upper_ascii(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// "Van den Broeck" -> "Vandenbroeck" / "Van Den Broeck" / "VAN DEN BROECK".
std::string particle_variant(const std::string& name, Rng& rng) {
  if (name.find(' ') == std::string::npos) return upper_ascii(name);
  switch (rng.uniform_int(0, 2)) {
    case 0: {
      std::string out;
      bool first = true;
      for (char c : name) {
        if (c == ' ') continue;
        out.push_back(first ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        first = false;
      }
      return out;
    }
    case 1: {
      std::string out = name;
      bool start = true;
      for (char& c : out) {
        if (start) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        start = c == ' ';
      }
      return out;
    }
    default:
      return upper_ascii(name);
  }
}

std::string typo(const std::string& name, Rng& rng) {
  if (name.size() < 4) return name;
  std::string s = name;
  size_t pos = static_cast<size_t>(rng.uniform_int(1, static_cast<int>(s.size()) - 2));
  if (static_cast<unsigned char>(s[pos]) >= 0x80 ||
      static_cast<unsigned char>(s[pos + 1]) >= 0x80) {
    return name;
  }
  if (rng.bernoulli(0.5)) {
    std::swap(s[pos], s[pos + 1]);
  } else {
    s.erase(pos, 1);
  }
  return s;
}

std::string spell(const std::string& name, Origin origin, const IdentityErrorRates& r, Rng& rng) {
  std::string out = name;
  auto variants = NameBook::builtin().variants(name);
  double p = origin == Origin::kUkrainian ? r.transliteration : r.spelling_variant;
  if (!variants.empty() && rng.bernoulli(p)) {
    out = variants[static_cast<size_t>(rng.uniform_int(0, static_cast<int>(variants.size()) - 1))];
  }
  if (rng.bernoulli(r.drop_diacritics)) out = strip_diacritics(out);
  if (origin == Origin::kFlemish && rng.bernoulli(r.particle_variant)) {
    out = particle_variant(out, rng);
  }
  if (rng.bernoulli(r.name_typo)) out = typo(out, rng);
  return out;
}

}  // namespace

Address random_address(Rng& rng) {
  Address a;
  a.street = kStreetNames[static_cast<size_t>(
      rng.uniform_int(0, static_cast<int>(kStreetNames.size()) - 1))];
  a.house_number = std::to_string(rng.uniform_int(1, 150));
  double u = rng.uniform();
  if (u < 0.08) {
    a.house_number.push_back(static_cast<char>('A' + rng.uniform_int(0, 2)));
  } else if (u < 0.14) {
    a.house_number += fmt::format(" bus {}", rng.uniform_int(1, 12));
  }
  return a;
}

void vdab_address(IdentityView& v, const IdentityView& truth, const IdentityErrorRates& r,
                  Rng& rng) {
  double u = rng.uniform();
  if (u < r.missing_address) {
    v.street.clear();
    v.house_number.clear();
  } else if (v.postcode != truth.postcode || u - r.missing_address < r.moved_nearby) {
    Address moved = random_address(rng);
    v.street = std::move(moved.street);
    v.house_number = std::move(moved.house_number);
  } else {
    if (rng.bernoulli(r.street_typo)) v.street = typo(v.street, rng);
    if (rng.bernoulli(r.missing_house_number)) v.house_number.clear();
  }
}

InszAllocator::InszAllocator(Date today)
    : today_(today),
      national_((slot(kFirstYear + kYears - 1, 12, 31, 999) + 64) / 64),
      bis_((slot(kFirstYear + kYears - 1, 12, 31, 999) + 64) / 64) {}

Insz InszAllocator::national(Date birth, Sex sex, Rng& rng) {
  return allocate(InszKind::kNational, birth, sex, true, false, rng);
}

Insz InszAllocator::bis(Date birth, Sex sex, bool sex_known, bool day_unknown, Rng& rng) {
  return allocate(InszKind::kBis, birth, sex, sex_known, day_unknown, rng);
}

Insz InszAllocator::allocate(InszKind kind, Date birth, Sex sex, bool sex_known, bool day_unknown,
                             Rng& rng) {
  int year = std::clamp(birth.year(), kFirstYear, kFirstYear + kYears - 1);
  int month = birth.month();
  int day = day_unknown ? 0 : birth.day();
  auto& used = bits(kind);
  // Sequence parity carries the sex (odd men, even women) when it is known.
  int parity = sex == Sex::kMale ? 1 : sex == Sex::kFemale ? 0 : rng.uniform_int(0, 1);
  for (int attempt = 0; attempt < 4000; ++attempt) {
    int seq = rng.uniform_int(0, 498) * 2 + (parity == 1 ? 1 : 2);
    if (attempt > 2000) seq = rng.uniform_int(1, 998);
    size_t s = slot(year, month, day, seq);
    if (used[s / 64] & (1ULL << (s % 64))) continue;
    auto insz = Insz::from_parts(kind, year, month, day, seq, sex_known, today_);
    if (!insz) continue;
    used[s / 64] |= 1ULL << (s % 64);
    return *insz;
  }
  // Every sequence of that day is taken: move to the next day.
  return allocate(kind, birth + 1, sex, sex_known, day_unknown, rng);
}

IdentityView vdab_identity(const PersonRecords& person, Origin origin, Date registered_on,
                           int other_postcode, const IdentityErrorRates& r, Rng& rng) {
  IdentityView v = person.identity;
  // The number VDAB recorded: the one in force at registration, updated later or not.
  const Insz& at_registration = person.insz_on(registered_on);
  std::string insz = at_registration.digits();
  if (person.former_bis && at_registration == *person.former_bis && !rng.bernoulli(r.stale_bis)) {
    insz = person.insz.digits();
  }
  bool newcomer = origin == Origin::kUkrainian || person.former_bis.has_value();
  double u = rng.uniform();
  double missing = newcomer ? r.missing_insz_newcomer : r.missing_insz;
  if (u < missing) {
    insz.clear();
  } else if ((u -= missing) < r.digit_typo) {
    insz = mutate_digit(insz, rng);
  } else if ((u -= r.digit_typo) < r.transposition) {
    int pos = rng.uniform_int(0, 9);
    std::swap(insz[static_cast<size_t>(pos)], insz[static_cast<size_t>(pos) + 1]);
  } else if (u - r.transposition < r.wrong_valid_insz) {
    insz = recompute_check(mutate_digit(insz.substr(0, 9) + "00", rng));
  }
  v.insz = insz;
  v.last_name = spell(person.identity.last_name, origin, r, rng);
  v.first_name = spell(person.identity.first_name, origin, r, rng);
  if (rng.bernoulli(r.swap_names)) std::swap(v.last_name, v.first_name);
  if (v.birth_date) {
    Date b = *v.birth_date;
    double w = rng.uniform();
    if (w < r.missing_birth_date) {
      v.birth_date.reset();
    } else if ((w -= r.missing_birth_date) < r.day_month_swap && b.day() <= 12 &&
               b.day() != b.month()) {
      v.birth_date = *Date::from_ymd(b.year(), b.day(), b.month());
    } else if (w - r.day_month_swap < r.day_slip) {
      int day = b.day() % 10 == 9 ? b.day() - 1 : b.day() + 1;
      if (auto d = Date::from_ymd(b.year(), b.month(), day)) v.birth_date = *d;
    }
  }
  if (rng.bernoulli(r.other_postcode)) v.postcode = other_postcode;
  if (rng.bernoulli(r.unknown_sex)) v.sex = Sex::kUnknown;
  return v;
}

}  // namespace lap::generate
