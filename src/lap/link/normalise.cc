#include "lap/link/normalise.h"

#include <array>
#include <charconv>

namespace lap::link {
namespace {

// Latin Extended-A (U+0100..U+017F), one base letter per code point;
// '1' stands for "ij" (U+0132/0133) and '2' for "oe" (U+0152/0153).
constexpr std::string_view kLatinExtendedA =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii11jjkkkllllllllllnnnnnnnnnoooooo22rrrrrrss"
    "ssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
static_assert(kLatinExtendedA.size() == 128);

// Latin-1 Supplement U+00C0..U+00FF; '1' = "ae", '2' = "th", '3' = "ss", ' ' separator.
constexpr std::string_view kLatin1 =
    "aaaaaa1ceeeeiiiidnooooo ouuuuy23aaaaaa1ceeeeiiiidnooooo ouuuuy2y";
static_assert(kLatin1.size() == 64);

// Cyrillic U+0430..U+044F (lower case), Ukrainian national transliteration
// (2010) in its mid-word form; Russian-only letters (ъ ы э) as usual.
constexpr std::array<std::string_view, 32> kCyrillic = {
    "a", "b", "v", "h", "d", "e",  "zh", "z",  "y",  "i",    "k", "l", "m", "n", "o",  "p",
    "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "",  "y", "",  "e", "iu", "ia"};
// U+0450..U+045F: ѐ ё ђ ѓ є ѕ і ї ј љ њ ћ ќ ѝ ў џ
constexpr std::array<std::string_view, 16> kCyrillicExtra = {
    "e", "io", "dj", "g", "ie", "dz", "i", "i", "j", "lj", "nj", "c", "k", "i", "u", "dz"};

// Decodes one UTF-8 sequence at s[i]; returns the code point and advances i.
// Invalid sequences yield U+FFFD and advance by one byte.
char32_t decode(std::string_view s, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) {
    ++i;
    return c;
  }
  int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || i + static_cast<size_t>(len) > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = c & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    unsigned char d = byte(i + static_cast<size_t>(k));
    if ((d & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (d & 0x3F);
  }
  i += static_cast<size_t>(len);
  return cp;
}

// What a code point becomes: letters (possibly several), nothing (dropped,
// e.g. apostrophes and combining marks) or a word separator.
enum class Kind { kLetters, kDrop, kSeparator };

Kind map_code_point(char32_t cp, std::string& letters) {
  letters.clear();
  if (cp < 0x80) {
    char c = static_cast<char>(cp);
    if (c >= 'a' && c <= 'z') {
      letters.push_back(c);
      return Kind::kLetters;
    }
    if (c >= 'A' && c <= 'Z') {
      letters.push_back(static_cast<char>(c - 'A' + 'a'));
      return Kind::kLetters;
    }
    return (c == '\'' || c == '`') ? Kind::kDrop : Kind::kSeparator;
  }
  if (cp == 0xB4 || cp == 0x2018 || cp == 0x2019 || cp == 0x02BC || cp == 0x02BB) {
    return Kind::kDrop;  // acute accent and typographic apostrophes
  }
  if (cp >= 0x0300 && cp <= 0x036F) return Kind::kDrop;  // combining marks (NFD input)
  if (cp >= 0xC0 && cp <= 0xFF) {
    char m = kLatin1[cp - 0xC0];
    if (m == ' ') return Kind::kSeparator;
    letters = m == '1' ? "ae" : m == '2' ? "th" : m == '3' ? "ss" : std::string(1, m);
    return Kind::kLetters;
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    char m = kLatinExtendedA[cp - 0x100];
    letters = m == '1' ? "ij" : m == '2' ? "oe" : std::string(1, m);
    return Kind::kLetters;
  }
  if (cp >= 0x218 && cp <= 0x21B) {  // Ș ș Ț ț (comma below)
    letters = cp < 0x21A ? "s" : "t";
    return Kind::kLetters;
  }
  if (cp == 0x18F || cp == 0x259) {  // Ə ə
    letters = "e";
    return Kind::kLetters;
  }
  if (cp >= 0x410 && cp <= 0x44F) {
    letters = kCyrillic[(cp - 0x410) % 32];
    return letters.empty() ? Kind::kDrop : Kind::kLetters;
  }
  if (cp >= 0x400 && cp <= 0x40F) cp += 0x50;
  if (cp >= 0x450 && cp <= 0x45F) {
    letters = kCyrillicExtra[cp - 0x450];
    return Kind::kLetters;
  }
  if (cp == 0x490 || cp == 0x491) {  // Ґ ґ
    letters = "g";
    return Kind::kLetters;
  }
  return Kind::kSeparator;
}

constexpr std::string_view kParticles[] = {
    "van", "vande", "vanden", "vander", "de",  "der", "den", "het", "t",   "ter",   "ten", "te",
    "la",  "le",    "les",    "du",     "des", "d",   "di",  "da",  "del", "della", "dos", "das",
    "do",  "von",   "vom",    "zu",     "el",  "al",  "ben", "bin", "ibn", "ait",   "abu", "bou"};

// Particles that are also written fused to the name ("Vandenbroeck",
// "Elamrani"), longest first so that "vanden" wins over "van".
// Only Dutch ones: "el", "al", "ben" fused to a name are mostly part of it
// ("Aleksandr", "Bennani"), and the joined form already equates "El Amrani"
// with "Elamrani".
constexpr std::string_view kFusedParticles[] = {"vanden", "vander", "vande", "van", "den",
                                                "der",    "ter",    "ten",   "de"};
// A fused particle is only split off when this many letters remain
// ("Devos" stays whole, "Desmet" -> "smet").
constexpr size_t kMinFusedRemainder = 4;

bool is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

// Whether `name` is the fused particle `p` + a name. The "van" particles
// always are ("Vanacker", "Vandenbroeck"). The short ones (de, den, der, ter,
// ten) only before a consonant and when the rest does not end in a, i, o or u:
// Flemish names fused with them are "Desmet", "Decock", "Demeyer", "Derycke";
// "Deakin" (English), "Demarco" and "Deluca" (Italian) are names of their own.
bool is_fused(std::string_view name, std::string_view p) {
  if (name.size() < p.size() + kMinFusedRemainder || !name.starts_with(p)) return false;
  if (p.starts_with("van")) return true;
  const char last = name.back();
  return !is_vowel(name[p.size()]) && last != 'a' && last != 'i' && last != 'o' && last != 'u';
}

bool starts_with_at(std::string_view s, size_t i, std::string_view p) {
  return s.size() - i >= p.size() && s.compare(i, p.size(), p) == 0;
}

bool is_front_vowel(std::string_view s, size_t i) {
  return i < s.size() && (s[i] == 'e' || s[i] == 'i' || s[i] == 'y');
}

void collapse_runs(std::string& s) {
  size_t w = 0;
  for (size_t r = 0; r < s.size(); ++r) {
    if (w > 0 && s[w - 1] == s[r]) continue;
    s[w++] = s[r];
  }
  s.resize(w);
}

}  // namespace

std::string fold_text(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  std::string letters;
  bool pending_space = false;
  for (size_t i = 0; i < utf8.size();) {
    switch (map_code_point(decode(utf8, i), letters)) {
      case Kind::kLetters:
        if (pending_space && !out.empty()) out.push_back(' ');
        pending_space = false;
        out += letters;
        break;
      case Kind::kDrop:
        break;
      case Kind::kSeparator:
        pending_space = true;
        break;
    }
  }
  return out;
}

bool is_particle(std::string_view word) {
  for (std::string_view p : kParticles) {
    if (p == word) return true;
  }
  return false;
}

std::string transliteration_key(std::string_view s) {
  // Pass 1: letter clusters onto one symbol per sound class.
  //   'S' = sh/ch/shch in every spelling (sh, ch, sch, tsch, tch, sz, cz, szcz, sj, tsj)
  //   'C' = ts (ts, tz, c before e/i/y; a final c is k: Melnic, Kolesnic)
  //   h   = h, kh, g (Ukrainian h is Russian g: Serhii/Sergey, Hnatiuk/Gnatyuk)
  //   i   = i, y, j (the Ukrainian endings -ii/-iy/-yi/-ij all become one i)
  //   u   = u, ou, oe (French and Dutch spellings of u)
  //   v   = v, w;  ks = x;  k = q, ck, c elsewhere;  z = zh;  f = ph;  t = th
  static constexpr std::pair<std::string_view, std::string_view> kClusters[] = {
      {"schtsch", "S"}, {"chtch", "S"}, {"shch", "S"}, {"szcz", "S"}, {"tsch", "S"}, {"tsj", "S"},
      {"sch", "S"},     {"tch", "S"},   {"sh", "S"},   {"ch", "S"},   {"sz", "S"},   {"cz", "S"},
      {"sj", "S"},      {"zh", "z"},    {"kh", "h"},   {"ts", "C"},   {"tz", "C"},   {"ck", "k"},
      {"ph", "f"},      {"th", "t"},    {"ou", "u"},   {"oe", "u"},   {"x", "ks"},   {"q", "k"},
      {"w", "v"},       {"g", "h"},     {"y", "i"},    {"j", "i"}};
  //   o   = a word-initial a (Russian akanye: Aleksandr/Oleksandr, Aksana/Oksana)
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (i == 0 && s[i] == 'a') {
      out.push_back('o');
      ++i;
      continue;
    }
    if (s[i] == ' ') {
      ++i;
      continue;
    }
    bool matched = false;
    for (auto [from, to] : kClusters) {
      if (starts_with_at(s, i, from)) {
        out += to;
        i += from.size();
        matched = true;
        break;
      }
    }
    if (matched) continue;
    if (s[i] == 'c') {
      out.push_back(is_front_vowel(s, i + 1) ? 'C' : 'k');
    } else {
      out.push_back(s[i]);
    }
    ++i;
  }
  // Pass 2: vowels. Runs collapse (ii -> i, ss -> s), "ie" -> "e" (Polish and
  // iotated spellings: Bondarienko, Ievgen), a final "ei" -> "i" (Sergei).
  collapse_runs(out);
  std::string v;
  v.reserve(out.size());
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == 'i' && i + 1 < out.size() && out[i + 1] == 'e') continue;
    v.push_back(out[i]);
  }
  collapse_runs(v);
  if (v.size() > 2 && v.ends_with("ei")) v.erase(v.size() - 2, 1);
  return v;
}

namespace {

NormalisedName normalise_folded(const std::string& folded, bool last_name) {
  NormalisedName n;
  std::string_view rest = folded;
  std::string core;
  bool dropping_particles = last_name;
  int words = 0;
  while (!rest.empty()) {
    size_t sp = rest.find(' ');
    std::string_view word = rest.substr(0, sp);
    rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
    n.joined += word;
    if (n.joined.size() <= 64) n.word_ends |= uint64_t{1} << (n.joined.size() - 1);
    ++words;
    // A particle is dropped only when a word follows it ("De" alone stays).
    if (dropping_particles && !rest.empty() && is_particle(word)) continue;
    dropping_particles = false;
    core += word;
  }
  if (last_name && core == n.joined && words == 1) {
    for (std::string_view p : kFusedParticles) {
      if (is_fused(core, p)) {
        core.erase(0, p.size());
        break;
      }
    }
  }
  n.core = std::move(core);
  n.key = transliteration_key(n.core);
  return n;
}

int parse_int(std::string_view s, bool& ok) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  ok = ok && ec == std::errc() && p == s.data() + s.size();
  return v;
}

}  // namespace

NormalisedName normalise_last_name(std::string_view utf8) {
  return normalise_folded(fold_text(utf8), /*last_name=*/true);
}

NormalisedName normalise_first_name(std::string_view utf8) {
  return normalise_folded(fold_text(utf8), /*last_name=*/false);
}

PartialDate partial_date(Date d) {
  return PartialDate{static_cast<int16_t>(d.year()), static_cast<int8_t>(d.month()),
                     static_cast<int8_t>(d.day())};
}

PartialDate partial_date(const std::optional<Date>& d) {
  return d ? partial_date(*d) : PartialDate{};
}

std::optional<PartialDate> parse_partial_date(std::string_view t) {
  if (t.empty()) return PartialDate{};
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  bool ok = true;
  int y = parse_int(t.substr(0, 4), ok);
  int m = parse_int(t.substr(5, 2), ok);
  int d = parse_int(t.substr(8, 2), ok);
  if (!ok || y < 1800 || m < 0 || m > 12 || d < 0 || (m == 0 && d != 0)) return std::nullopt;
  if (m != 0 && d != 0 && !Date::from_ymd(y, m, d)) return std::nullopt;
  if (m != 0 && d > Date::days_in_month(y, m)) return std::nullopt;
  return PartialDate{static_cast<int16_t>(y), static_cast<int8_t>(m), static_cast<int8_t>(d)};
}

PartialDate insz_birth_date(const Insz& insz) {
  // A number with an unknown birth month says nothing reliable about the year
  // either (a BIS number of a wholly unknown birth date has year part 00).
  if (insz.empty() || !insz.birth_month()) return {};
  return PartialDate{static_cast<int16_t>(insz.birth_year()),
                     static_cast<int8_t>(insz.birth_month().value_or(0)),
                     static_cast<int8_t>(insz.birth_month() ? insz.birth_day().value_or(0) : 0)};
}

NormalisedInsz normalise_insz(std::string_view text, Date today) {
  NormalisedInsz n;
  std::string digits = Insz::compact(text);
  if (digits.size() != 11) return n;
  for (char c : digits) {
    if (c < '0' || c > '9') return n;
  }
  bool ok = true;
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  ok = ec == std::errc() && p == digits.data() + digits.size();
  if (!ok || v == 0) return n;
  n.digits = v;
  if (auto parsed = Insz::parse(digits, today)) n.valid = *parsed;
  return n;
}

std::string normalise_street(std::string_view utf8) {
  std::string folded = fold_text(utf8);
  std::erase(folded, ' ');
  return folded;
}

std::string normalise_house_number(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= '0' && c <= '9') out.push_back(c);
    if (c >= 'a' && c <= 'z') out.push_back(c);
    if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
  }
  return out;
}

NormalisedRecord normalise_record(const RawIdentity& raw, Date today) {
  NormalisedRecord r;
  r.insz = normalise_insz(raw.insz, today);
  r.last_name = normalise_last_name(raw.last_name);
  r.first_name = normalise_first_name(raw.first_name);
  r.birth = parse_partial_date(raw.birth_date).value_or(PartialDate{});
  if (r.birth.missing() && r.insz.valid) r.birth = insz_birth_date(*r.insz.valid);
  r.sex = raw.sex;
  if (r.sex == Sex::kUnknown && r.insz.valid) r.sex = r.insz.valid->sex();
  r.postcode = raw.postcode;
  r.street = normalise_street(raw.street);
  r.house_number = normalise_house_number(raw.house_number);
  return r;
}

}  // namespace lap::link
