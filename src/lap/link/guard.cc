#include "lap/link/guard.h"

namespace lap::link {

bool identities_conflict(const GuardIdentity& a, const GuardIdentity& b) {
  if (a.valid_insz == 0 || b.valid_insz == 0 || a.valid_insz == b.valid_insz) return false;
  if (a.birth.missing() || b.birth.missing()) return false;
  if (a.birth.year != b.birth.year) return true;
  if (a.birth.month != 0 && b.birth.month != 0 && a.birth.month != b.birth.month) return true;
  return a.birth.day != 0 && b.birth.day != 0 && a.birth.day != b.birth.day;
}

}  // namespace lap::link
