// Small helpers for the lap::pact tests.
#pragma once

#include "lap/core/date.h"
#include "lap/core/money.h"
#include "lap/core/month.h"
#include "lap/core/nis.h"

namespace lap::pact::testing {

inline Nis nis(int code) {
  return *Nis::from_int(code);
}
inline Date day(const char* text) {
  return *Date::parse(text);
}
inline Month mon(const char* text) {
  return *Month::parse(text);
}
inline Money euro(int64_t euros) {
  return Money::from_euros(euros);
}
inline Money cents(int64_t c) {
  return Money::from_cents(c);
}

}  // namespace lap::pact::testing
