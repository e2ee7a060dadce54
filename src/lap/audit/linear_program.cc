#include "lap/audit/linear_program.h"

#include <glpk.h>

namespace lap::audit {

struct LinearProgram::Problem {
  glp_prob* lp = nullptr;
  Problem() : lp(glp_create_prob()) {}
  ~Problem() { glp_delete_prob(lp); }
  Problem(const Problem&) = delete;
  Problem& operator=(const Problem&) = delete;
};

LinearProgram::LinearProgram() : problem_(std::make_unique<Problem>()) {
  glp_term_out(GLP_OFF);
}

LinearProgram::~LinearProgram() = default;

int LinearProgram::add_variable() {
  const int j = glp_add_cols(problem_->lp, 1);
  glp_set_col_bnds(problem_->lp, j, GLP_DB, 0.0, kVariableCap);
  return variables_++;
}

void LinearProgram::add_row(const Terms& terms, int type, double value) {
  const int i = glp_add_rows(problem_->lp, 1);
  glp_set_row_bnds(problem_->lp, i, type, value, value);
  // GLPK arrays are 1-based: element 0 is unused.
  std::vector<int> index(terms.size() + 1, 0);
  std::vector<double> coef(terms.size() + 1, 0.0);
  for (size_t t = 0; t < terms.size(); ++t) {
    index[t + 1] = terms[t].first + 1;
    coef[t + 1] = terms[t].second;
  }
  glp_set_mat_row(problem_->lp, i, static_cast<int>(terms.size()), index.data(), coef.data());
  ++rows_;
}

void LinearProgram::add_equal(const Terms& terms, double value) {
  add_row(terms, GLP_FX, value);
}

void LinearProgram::add_at_least(const Terms& terms, double value) {
  add_row(terms, GLP_LO, value);
}

Result<std::optional<double>> LinearProgram::optimize(const Terms& objective, bool maximize) {
  glp_prob* lp = problem_->lp;
  for (const auto& [j, c] : last_objective_)
    glp_set_obj_coef(lp, j + 1, 0.0);
  for (const auto& [j, c] : objective)
    glp_set_obj_coef(lp, j + 1, c);
  last_objective_ = objective;
  glp_set_obj_dir(lp, maximize ? GLP_MAX : GLP_MIN);
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  parm.presolve = GLP_OFF;
  if (!solved_once_) glp_adv_basis(lp, 0);
  solved_once_ = true;
  int rc = glp_simplex(lp, &parm);
  if (rc != 0) {
    // A singular basis after many warm starts: start again from a fresh one.
    glp_adv_basis(lp, 0);
    rc = glp_simplex(lp, &parm);
  }
  if (rc != 0) return make_error(ErrorCode::kInternal, "GLPK: the simplex method failed");
  switch (glp_get_status(lp)) {
    case GLP_OPT:
      return std::optional<double>(glp_get_obj_val(lp));
    case GLP_UNBND:
      return std::optional<double>();
    case GLP_NOFEAS:
      return make_error(ErrorCode::kInvalidArgument, "the published numbers admit no solution");
    default:
      return make_error(ErrorCode::kInternal, "GLPK: no optimal solution found");
  }
}

void release_solver_memory() {
  glp_free_env();
}

std::vector<double> LinearProgram::solution() const {
  std::vector<double> out(static_cast<size_t>(variables_));
  for (int j = 0; j < variables_; ++j)
    out[static_cast<size_t>(j)] = glp_get_col_prim(problem_->lp, j + 1);
  return out;
}

}  // namespace lap::audit
