// result: errors as values at module boundaries (like absl::StatusOr). An
// Error names where the problem is (a JSON path such as
// `recentMocs[3].createdAt`) and what rule it broke.
//
//   Result<DashboardView> view = decode_dashboard_view(text);
//   if (!view) log(view.error().to_string());  // "recentMocs[3].createdAt: not an RFC 3339
//   timestamp"
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace dashboard::core {

struct Error {
  std::string path;     // where: a JSON path, a field name, or empty for the whole input
  std::string message;  // which rule was broken

  std::string to_string() const { return path.empty() ? message : path + ": " + message; }
};

// A value or an error. E defaults to Error; modules whose callers branch on
// an error kind (the store's NotFound / Forbidden / Gone) bring their own.
template <typename T, typename E = Error>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design, like StatusOr
  Result(E error) : state_(std::move(error)) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const E& error() const { return std::get<E>(state_); }

 private:
  std::variant<T, E> state_;
};

}  // namespace dashboard::core
