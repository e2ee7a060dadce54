// Error values for expected failures (bad input, not found, conflicts).
//
// Policy: functions that can fail on input return `Result<T>` (std::expected).
// Exceptions are reserved for programming errors and are caught at process
// boundaries (the CLI's main, the server's request loop). `assert` is used only
// for conditions that a correct program can never violate.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace lap {

enum class ErrorCode {
  kInvalidArgument,     // malformed or out-of-range input
  kNotFound,            // a referenced thing does not exist
  kAlreadyExists,       // a unique thing exists already
  kFailedPrecondition,  // the system is not in a state that allows this
  kIo,                  // a file or database operation failed
  kInternal,            // a bug; should never reach a user
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
};

template <typename T>
using Result = std::expected<T, Error>;

// Result of an operation that produces no value.
using Status = std::expected<void, Error>;

inline std::unexpected<Error> make_error(ErrorCode code, std::string message) {
  return std::unexpected<Error>(Error{code, std::move(message)});
}

const char* error_code_name(ErrorCode code);

}  // namespace lap
