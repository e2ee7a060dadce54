#include "lap/generate/names.h"

#include <cstdlib>

#include <fmt/format.h>

#include "lap/core/parse.h"
#include "lap/formats/csv_reader.h"

namespace lap::embedded {
std::string first_names_csv();
std::string last_names_csv();
std::string transliterations_csv();
}  // namespace lap::embedded

namespace lap::generate {
namespace {

std::optional<Origin> origin_from(std::string_view s) {
  static constexpr std::pair<std::string_view, Origin> kOrigins[] = {
      {"flemish", Origin::kFlemish},    {"maghreb", Origin::kMaghreb},
      {"turkish", Origin::kTurkish},    {"eastern_european", Origin::kEasternEuropean},
      {"african", Origin::kAfrican},    {"middle_east", Origin::kMiddleEast},
      {"ukrainian", Origin::kUkrainian}};
  for (auto [name, o] : kOrigins) {
    if (name == s) return o;
  }
  return std::nullopt;
}

[[noreturn]] void defect(std::string_view what) {
  fmt::print(stderr, "internal error: built-in name lists are invalid: {}\n", what);
  std::abort();
}

void read_rows(const std::string& text, std::string_view name,
               const std::function<void(std::span<const std::string_view>, int64_t)>& fn) {
  formats::CsvReader reader;
  bool header = true;
  auto s = reader.read_string(text, name, [&](const formats::CsvRecord& r) {
    if (header) {
      header = false;
      return true;
    }
    fn(r.fields, r.line);
    return true;
  });
  if (!s) defect(s.error().message);
}

double weight_of(std::string_view s, std::string_view file, int64_t line) {
  auto v = parse_integer<int>(s);
  if (!v || *v <= 0) {
    defect(fmt::format("{}:{}: weight must be a positive integer", file, line));
  }
  return *v;
}

}  // namespace

void NameBook::add(Weighted& w, std::string name, double weight) {
  w.names.push_back(std::move(name));
  w.cumulative.push_back((w.cumulative.empty() ? 0.0 : w.cumulative.back()) + weight);
}

std::string_view NameBook::pick(const Weighted& w, Rng& rng) {
  return w.names[rng.pick_cumulative(w.cumulative)];
}

const NameBook& NameBook::builtin() {
  static const NameBook kBook = [] {
    NameBook b;
    read_rows(embedded::first_names_csv(), "first_names.csv", [&](auto f, int64_t line) {
      auto origin = origin_from(f[2]);
      if (f.size() != 4 || !origin || (f[1] != "M" && f[1] != "F")) {
        defect(fmt::format("first_names.csv:{}: bad row", line));
      }
      add(b.first_[static_cast<int>(*origin)][f[1] == "M" ? 0 : 1], std::string(f[0]),
          weight_of(f[3], "first_names.csv", line));
    });
    read_rows(embedded::last_names_csv(), "last_names.csv", [&](auto f, int64_t line) {
      auto origin = origin_from(f.size() == 3 ? f[1] : "");
      if (!origin) defect(fmt::format("last_names.csv:{}: bad row", line));
      add(b.last_[static_cast<int>(*origin)], std::string(f[0]),
          weight_of(f[2], "last_names.csv", line));
    });
    read_rows(embedded::transliterations_csv(), "transliterations.csv", [&](auto f, int64_t line) {
      if (f.size() != 3) defect(fmt::format("transliterations.csv:{}: bad row", line));
      b.variants_[std::string(f[0])].emplace_back(f[1]);
    });
    for (int o = 0; o < kOriginCount; ++o) {
      if (b.last_[o].names.empty() || b.first_[o][0].names.empty() ||
          b.first_[o][1].names.empty()) {
        defect(fmt::format("origin {} lacks names", o));
      }
    }
    return b;
  }();
  return kBook;
}

std::string_view NameBook::first_name(Origin origin, Sex sex, Rng& rng) const {
  int s = sex == Sex::kFemale ? 1 : sex == Sex::kMale ? 0 : rng.uniform_int(0, 1);
  return pick(first_[static_cast<int>(origin)][s], rng);
}

std::string_view NameBook::last_name(Origin origin, Rng& rng) const {
  return pick(last_[static_cast<int>(origin)], rng);
}

std::span<const std::string> NameBook::variants(std::string_view name) const {
  auto it = variants_.find(std::string(name));
  if (it == variants_.end()) return {};
  return it->second;
}

std::string strip_diacritics(std::string_view s) {
  // Two-byte UTF-8 sequences of Latin-1 Supplement and Latin Extended-A letters.
  static const std::unordered_map<std::string_view, std::string_view> kMap = {
      {"à", "a"}, {"á", "a"}, {"â", "a"}, {"ã", "a"}, {"ä", "a"}, {"å", "a"}, {"ă", "a"},
      {"ą", "a"}, {"ç", "c"}, {"ć", "c"}, {"č", "c"}, {"ď", "d"}, {"è", "e"}, {"é", "e"},
      {"ê", "e"}, {"ë", "e"}, {"ę", "e"}, {"ě", "e"}, {"ğ", "g"}, {"ì", "i"}, {"í", "i"},
      {"î", "i"}, {"ï", "i"}, {"ı", "i"}, {"ł", "l"}, {"ñ", "n"}, {"ń", "n"}, {"ň", "n"},
      {"ò", "o"}, {"ó", "o"}, {"ô", "o"}, {"õ", "o"}, {"ö", "o"}, {"ø", "o"}, {"ř", "r"},
      {"ś", "s"}, {"ş", "s"}, {"š", "s"}, {"ș", "s"}, {"ţ", "t"}, {"ț", "t"}, {"ť", "t"},
      {"ù", "u"}, {"ú", "u"}, {"û", "u"}, {"ü", "u"}, {"ů", "u"}, {"ý", "y"}, {"ÿ", "y"},
      {"ź", "z"}, {"ż", "z"}, {"ž", "z"}, {"À", "A"}, {"Á", "A"}, {"Â", "A"}, {"Ä", "A"},
      {"Ç", "C"}, {"Č", "C"}, {"È", "E"}, {"É", "E"}, {"Ê", "E"}, {"Ë", "E"}, {"İ", "I"},
      {"Î", "I"}, {"Ï", "I"}, {"Ł", "L"}, {"Ñ", "N"}, {"Ó", "O"}, {"Ö", "O"}, {"Ø", "O"},
      {"Ś", "S"}, {"Ş", "S"}, {"Š", "S"}, {"Ș", "S"}, {"Ț", "T"}, {"Ü", "U"}, {"Ú", "U"},
      {"Ž", "Z"}, {"Ż", "Z"}, {"Ź", "Z"}};
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (i + 1 < s.size() && (static_cast<unsigned char>(s[i]) & 0xE0) == 0xC0) {
      auto it = kMap.find(s.substr(i, 2));
      if (it != kMap.end()) {
        out += it->second;
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
    ++i;
  }
  return out;
}

}  // namespace lap::generate
