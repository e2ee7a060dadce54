#include "lap/core/nis.h"

#include <fmt/format.h>

namespace lap {

Result<Nis> Nis::parse(std::string_view text) {
  if (text.size() != 5) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("NIS code '{}' must have exactly 5 digits", text));
  }
  int code = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return make_error(ErrorCode::kInvalidArgument,
                        fmt::format("NIS code '{}' must contain digits only", text));
    }
    code = code * 10 + (c - '0');
  }
  return from_int(code);
}

Result<Nis> Nis::from_int(int code) {
  if (code < 10000 || code > 99999) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("NIS code {} must lie in 10000..99999", code));
  }
  return Nis(code);
}

std::string Nis::to_string() const {
  return fmt::format("{:05d}", code_);
}

}  // namespace lap
