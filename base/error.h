// The project's one error enum and the error value every layer returns.
// Expected failures are values (see result.h); exceptions stay at the edges.
#pragma once

#include <string>
#include <system_error>
#include <utility>

namespace rapport {

enum class ErrorCode {
  kOk = 0,
  // User errors: the request was wrong; nothing was changed. Exit code 1.
  kInvalidArgument,
  kNotFound,
  kAmbiguous,
  kAlreadyExists,
  kNoIdentity,
  kPermissionDenied,  // e.g. a client writing a therapist-only record
  kFailedPrecondition,
  // Data or security errors: exit code 2.
  kWrongPassphrase,
  kCorruptData,
  kUnsupportedVersion,
  kAuthenticationFailed,  // a MAC, AEAD tag or signature did not verify
  kNotMember,
  kEquivocation,
  kOutOfOrder,
  kIo,
  kProtocol,
  kTimeout,
};

// The std::error_category for ErrorCode, so codes print by name.
const std::error_category& RapportCategory();

inline std::error_code make_error_code(ErrorCode code) {
  return {static_cast<int>(code), RapportCategory()};
}

// True for the codes that mean "the user asked for something invalid"
// (exit 1); false for data and security errors (exit 2).
bool IsUserError(ErrorCode code);

// An error: a code for programs and a one-line message for people.
struct Error {
  ErrorCode code = ErrorCode::kOk;
  std::string message;

  Error() = default;
  Error(ErrorCode c, std::string m) : code(c), message(std::move(m)) {}
};

}  // namespace rapport

template <>
struct std::is_error_code_enum<rapport::ErrorCode> : std::true_type {};
