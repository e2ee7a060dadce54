// What the link module's unit tests share.
#pragma once

#include "lap/core/date.h"

namespace lap::link::test_support {

// The tests' "today" (ages and plausibility of birth dates depend on it).
inline const Date kToday = *Date::parse("2026-01-01");

}  // namespace lap::link::test_support
