// What the link module's unit tests share.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lap/core/date.h"
#include "lap/core/insz.h"

namespace lap::link::test_support {

// The tests' "today" (ages and plausibility of birth dates depend on it).
inline const Date kToday = *Date::parse("2026-01-01");

// A valid national number (births before 2000).
inline std::string insz(int year, int month, int day, int seq) {
  uint64_t first9 = static_cast<uint64_t>(year % 100) * 10'000'000ULL +
                    static_cast<uint64_t>(month) * 100'000ULL +
                    static_cast<uint64_t>(day) * 1'000ULL + static_cast<uint64_t>(seq);
  return fmt::format("{:09d}{:02d}", first9, 97 - first9 % 97);
}

struct Person {
  std::string insz, last, first, birth;
  Sex sex;
  int postcode;
};

// A small population with distinct identities: names from two lists, birth
// dates spread over 1960-1999, postcodes in Antwerpen and Gent.
inline std::vector<Person> population(int n) {
  static const char* kLast[] = {"Peeters", "Janssens", "Maes",      "Jacobs",    "Mertens",
                                "Willems", "Claes",    "Goossens",  "Wouters",   "De Smet",
                                "Dubois",  "Lambert",  "Kovalenko", "El Amrani", "Van den Broeck",
                                "Aerts",   "Hermans",  "Michiels",  "Coppens",   "Vermeulen"};
  static const char* kFirst[] = {"Jan",   "Marie", "Ahmed", "Olena",   "Pieter",
                                 "Sofie", "Lucas", "Emma",  "Mohamed", "Anna",
                                 "Tom",   "Lotte", "Noah",  "Fatima",  "Oleksandr"};
  std::vector<Person> out;
  for (int i = 0; i < n; ++i) {
    int year = 1960 + (i * 7) % 40;
    int month = 1 + (i * 5) % 12;
    int day = 1 + (i * 11) % 28;
    Person p;
    p.insz = insz(year, month, day, 1 + (i % 400) * 2);
    p.last = kLast[i % 20];
    p.first = kFirst[(i / 20 + i) % 15];
    p.birth = fmt::format("{:04d}-{:02d}-{:02d}", year, month, day);
    p.sex = Sex::kMale;  // odd sequence numbers
    p.postcode = i % 2 == 0 ? 2000 : 9000;
    out.push_back(p);
  }
  return out;
}

}  // namespace lap::link::test_support
