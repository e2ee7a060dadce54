// A linear program over non-negative variables, solved with GLPK's simplex
// method (Debian's libglpk). The same constraints are optimised for many
// objectives in turn; each solve starts from the previous optimal basis.
//
// Not thread-safe: GLPK keeps its state per thread, so use an object on one
// thread only, and call release_solver_memory() when a thread is done with GLPK.
#pragma once

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "lap/core/error.h"

namespace lap::audit {

using Terms = std::vector<std::pair<int, double>>;  // (variable, coefficient)

// Every variable is at most this: every program then has an optimum, and a
// count that could grow without bound shows as one that reaches the cap. The
// cap can only narrow what the program lets an attacker conclude, never widen it.
inline constexpr double kVariableCap = 1e7;

class LinearProgram {
 public:
  LinearProgram();
  ~LinearProgram();
  LinearProgram(const LinearProgram&) = delete;
  LinearProgram& operator=(const LinearProgram&) = delete;

  // A new variable in [0, kVariableCap]; returns its index (from 0).
  int add_variable();
  // sum(terms) == value.
  void add_equal(const Terms& terms, double value);
  // sum(terms) >= value.
  void add_at_least(const Terms& terms, double value);

  // The optimum of sum(objective), maximised or minimised: a value, nullopt
  // when unbounded, or an error when the constraints have no solution.
  Result<std::optional<double>> optimize(const Terms& objective, bool maximize);

  // The variables' values at the last optimum found (by optimize()).
  std::vector<double> solution() const;

  int variables() const { return variables_; }
  int rows() const { return rows_; }

 private:
  void add_row(const Terms& terms, int type, double value);

  struct Problem;
  std::unique_ptr<Problem> problem_;
  int variables_ = 0;
  int rows_ = 0;
  Terms last_objective_;
  bool solved_once_ = false;
};

// Frees the calling thread's GLPK state (after its last LinearProgram is gone).
void release_solver_memory();

}  // namespace lap::audit
