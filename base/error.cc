#include "base/error.h"

namespace rapport {
namespace {

class Category : public std::error_category {
 public:
  const char* name() const noexcept override { return "rapport"; }
  std::string message(int value) const override {
    switch (static_cast<ErrorCode>(value)) {
      case ErrorCode::kOk:
        return "ok";
      case ErrorCode::kInvalidArgument:
        return "invalid argument";
      case ErrorCode::kNotFound:
        return "not found";
      case ErrorCode::kAmbiguous:
        return "ambiguous";
      case ErrorCode::kAlreadyExists:
        return "already exists";
      case ErrorCode::kNoIdentity:
        return "no identity";
      case ErrorCode::kPermissionDenied:
        return "permission denied";
      case ErrorCode::kFailedPrecondition:
        return "failed precondition";
      case ErrorCode::kWrongPassphrase:
        return "wrong passphrase";
      case ErrorCode::kCorruptData:
        return "corrupt data";
      case ErrorCode::kUnsupportedVersion:
        return "unsupported version";
      case ErrorCode::kAuthenticationFailed:
        return "authentication failed";
      case ErrorCode::kNotMember:
        return "not a member";
      case ErrorCode::kEquivocation:
        return "equivocation";
      case ErrorCode::kOutOfOrder:
        return "out of order";
      case ErrorCode::kIo:
        return "input/output error";
      case ErrorCode::kProtocol:
        return "protocol violation";
      case ErrorCode::kTimeout:
        return "timed out";
    }
    return "unknown error";
  }
};

}  // namespace

const std::error_category& RapportCategory() {
  static const Category category;
  return category;
}

bool IsUserError(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kNotFound:
    case ErrorCode::kAmbiguous:
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kNoIdentity:
    case ErrorCode::kPermissionDenied:
    case ErrorCode::kFailedPrecondition:
      return true;
    default:
      return false;
  }
}

}  // namespace rapport
