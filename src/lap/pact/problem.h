// A validation problem: the field that is wrong and the rule it breaks.
#pragma once

#include <string>
#include <vector>

namespace lap::pact {

struct Problem {
  std::string field;  // `threshold`, `v2.budget`, `members`
  std::string rule;   // `must be between 0% and 100%`

  // `threshold: must be between 0% and 100%`.
  std::string to_string() const { return field + ": " + rule; }
  bool operator==(const Problem&) const = default;
};

using Problems = std::vector<Problem>;

}  // namespace lap::pact
