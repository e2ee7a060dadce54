// Generates INSZ/BIS candidates (valid, mutated, random, malformed) and prints,
// for each, this module's verdicts, one line per candidate:
//   input|compact|checksum_century|valid|problem|kind|birth_date|format
// Used by tests/integration/insz_stdnum_crosscheck.py, which compares every
// line with python3-stdnum. Usage: insz_crosscheck COUNT SEED TODAY(YYYY-MM-DD)
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include <fmt/format.h>

#include "lap/core/insz.h"
#include "lap/core/parse.h"

namespace {

using lap::Date;
using lap::Insz;
using lap::InszKind;

std::string with_check(uint64_t first9, bool from_2000s) {
  uint64_t n = from_2000s ? 2000000000ULL + first9 : first9;
  return fmt::format("{:09d}{:02d}", first9, static_cast<int>(97 - n % 97));
}

class Generator {
 public:
  Generator(uint64_t seed, Date today) : rng_(seed), today_(today) {}

  std::string next() {
    int pick = uniform(0, 99);
    if (pick < 30) return valid(InszKind::kNational, false);
    if (pick < 42) return valid(InszKind::kBis, false);
    if (pick < 50) return valid(uniform(0, 1) ? InszKind::kBis : InszKind::kNational, true);
    if (pick < 65) return mutate_digit(valid(InszKind::kNational, false));
    if (pick < 70) return transpose(valid(InszKind::kNational, false));
    if (pick < 80) return random_digits(11);
    if (pick < 88) return checksum_only();
    if (pick < 95) return decorate(valid(InszKind::kNational, false));
    return malformed();
  }

 private:
  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  std::string valid(InszKind kind, bool unknown_parts) {
    for (;;) {
      int year = uniform(0, 9) < 7 ? uniform(1900, 1999) : uniform(2000, today_.year());
      int month = uniform(1, 12);
      int day = uniform(1, Date::days_in_month(year, month));
      if (unknown_parts) {
        if (uniform(0, 1)) day = 0;
        if (uniform(0, 2) == 0) month = 0;
      }
      auto insz =
          Insz::from_parts(kind, year, month, day, uniform(1, 998), uniform(0, 1) == 1, today_);
      if (insz) return insz->digits();
    }
  }

  std::string mutate_digit(std::string s) {
    int pos = uniform(0, 10);
    char c;
    do {
      c = static_cast<char>('0' + uniform(0, 9));
    } while (c == s[pos]);
    s[pos] = c;
    return s;
  }

  std::string transpose(std::string s) {
    int pos = uniform(0, 9);
    if (s[pos] == s[pos + 1]) return mutate_digit(s);
    std::swap(s[pos], s[pos + 1]);
    return s;
  }

  std::string random_digits(int n) {
    std::string s;
    for (int i = 0; i < n; ++i)
      s.push_back(static_cast<char>('0' + uniform(0, 9)));
    return s;
  }

  // Any nine digits with a correct check: month, day and sequence may be out of range.
  std::string checksum_only() {
    uint64_t first9 = std::uniform_int_distribution<uint64_t>(0, 999999999ULL)(rng_);
    bool from_2000s = uniform(0, 1) == 1;
    return with_check(first9, from_2000s);
  }

  std::string decorate(const std::string& d) {
    switch (uniform(0, 3)) {
      case 0:
        return fmt::format("{}.{}.{}-{}.{}", d.substr(0, 2), d.substr(2, 2), d.substr(4, 2),
                           d.substr(6, 3), d.substr(9, 2));
      case 1:
        return fmt::format("{} {} {} {} {}", d.substr(0, 2), d.substr(2, 2), d.substr(4, 2),
                           d.substr(6, 3), d.substr(9, 2));
      case 2:
        return fmt::format("{}-{}-{}", d.substr(0, 6), d.substr(6, 3), d.substr(9, 2));
      default:
        return fmt::format(" {} ", d);
    }
  }

  std::string malformed() {
    switch (uniform(0, 3)) {
      case 0:
        return random_digits(uniform(1, 10));
      case 1:
        return random_digits(uniform(12, 14));
      case 2: {
        std::string s = random_digits(11);
        s[uniform(0, 10)] = static_cast<char>('A' + uniform(0, 25));
        return s;
      }
      default: {
        std::string s = valid(InszKind::kNational, false);
        auto at = static_cast<size_t>(uniform(0, 11));
        return s.substr(0, at) + '/' + s.substr(at);
      }
    }
  }

  std::mt19937_64 rng_;
  Date today_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: insz_crosscheck COUNT SEED TODAY\n");
    return 64;
  }
  const auto count = lap::parse_integer<long>(argv[1]);
  const auto seed = lap::parse_integer<uint64_t>(argv[2]);
  auto today = Date::parse(argv[3]);
  if (!count || *count <= 0 || !seed || !today) {
    std::fprintf(stderr, "insz_crosscheck: bad COUNT or TODAY\n");
    return 64;
  }
  Generator gen(*seed, *today);
  std::string line;
  for (long i = 0; i < *count; ++i) {
    std::string input = gen.next();
    std::string compact = Insz::compact(input);
    int century = Insz::checksum_century(compact, today->year());
    auto parsed = Insz::parse(input, *today);
    line.clear();
    if (parsed) {
      auto bd = parsed->birth_date();
      line = fmt::format("{}|{}|{}|1||{}|{}|{}\n", input, compact, century,
                         parsed->kind() == InszKind::kBis ? "bis" : "nn",
                         bd ? bd->to_string() : std::string(), parsed->format());
    } else {
      line = fmt::format("{}|{}|{}|0|{}|||\n", input, compact, century,
                         static_cast<int>(parsed.error()));
    }
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  return 0;
}
