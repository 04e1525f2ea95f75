// Result<T>: a value or an Error, with std::expected's member names so that
// the move to C++23 is a rename. Callers must look at it ([[nodiscard]]).
#pragma once

#include <cstdlib>
#include <utility>
#include <variant>

#include "base/error.h"

namespace rapport {

// Wraps an Error so that Result's constructors cannot confuse it with a T.
struct Unexpected {
  Error error;
};

inline Unexpected Fail(ErrorCode code, std::string message) {
  return Unexpected{Error(code, std::move(message))};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(Unexpected u) : state_(std::in_place_index<1>, std::move(u.error)) {}

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  // REQUIRES: has_value(). Aborts otherwise: a broken invariant.
  T& value() & {
    Check();
    return std::get<0>(state_);
  }
  const T& value() const& {
    Check();
    return std::get<0>(state_);
  }
  T&& value() && {
    Check();
    return std::get<0>(std::move(state_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // REQUIRES: !has_value().
  const Error& error() const {
    if (has_value()) std::abort();
    return std::get<1>(state_);
  }
  // Passes this failure on as a Result of another type.
  Unexpected as_unexpected() const { return Unexpected{error()}; }

 private:
  void Check() const {
    if (!has_value()) std::abort();
  }
  std::variant<T, Error> state_;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Unexpected u) : error_(std::move(u.error)), failed_(true) {}

  bool has_value() const { return !failed_; }
  explicit operator bool() const { return has_value(); }
  const Error& error() const {
    if (!failed_) std::abort();
    return error_;
  }
  Unexpected as_unexpected() const { return Unexpected{error()}; }

 private:
  Error error_;
  bool failed_ = false;
};

using Status = Result<void>;

inline Status Ok() { return {}; }

}  // namespace rapport

// Returns early from the enclosing function with the failure of `expr`.
#define RAPPORT_RETURN_IF_ERROR(expr)                             \
  do {                                                            \
    auto rapport_status_ = (expr);                                \
    if (!rapport_status_) return rapport_status_.as_unexpected(); \
  } while (0)

#define RAPPORT_CONCAT_INNER(a, b) a##b
#define RAPPORT_CONCAT(a, b) RAPPORT_CONCAT_INNER(a, b)
// Declares `lhs` from the value of `expr`, or returns its failure early.
#define RAPPORT_ASSIGN_OR_RETURN(lhs, expr) \
  RAPPORT_ASSIGN_OR_RETURN_IMPL(RAPPORT_CONCAT(rapport_result_, __LINE__), lhs, expr)
#define RAPPORT_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp) return tmp.as_unexpected();               \
  lhs = std::move(tmp).value()
