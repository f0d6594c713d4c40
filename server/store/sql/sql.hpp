// sql: the small seam between the store's queries and a database engine.
// The store writes its SQL once, in the dialect both engines accept
// (placeholders $1..$n, CAST(x AS BIGINT), CASE instead of boolean sums,
// RETURNING), and runs it through a Session; SQLite and PostgreSQL each
// implement Session for their connections.
//
//   Session& s = ...;
//   auto rows = s.query("SELECT id, title FROM mocs WHERE user_id = $1", {user});
//   while (rows->next()) use(rows->text(0), rows->text(1));
//   s.exec("UPDATE users SET last_seq = $2 WHERE id = $1", {user, seq});
//
// Failures are exceptions (sql::Error): the store's transaction helpers
// catch them at its boundary and turn them into StoreError values.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace dashboard::server::store::sql {

enum class Dialect { Sqlite, Postgres };

// A failed statement or connection.
class Error : public std::runtime_error {
 public:
  enum class Kind {
    Unavailable,  // no connection to the database (down, restarting, pool exhausted)
    Constraint,   // a UNIQUE / CHECK / foreign key refused the row
    Other,
  };
  Error(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// One bound parameter. Strings are borrowed: they must outlive the call.
class Param {
 public:
  enum class Kind { Null, Integer, Real, Text };

  Param(std::nullptr_t) {}  // NOLINT(google-explicit-constructor): reads like SQL
  Param(std::int64_t v) : kind_(Kind::Integer), integer_(v) {}  // NOLINT
  Param(int v) : kind_(Kind::Integer), integer_(v) {}           // NOLINT
  Param(double v) : kind_(Kind::Real), real_(v) {}              // NOLINT
  Param(std::string_view v) : kind_(Kind::Text), text_(v) {}    // NOLINT
  Param(const std::string& v) : kind_(Kind::Text), text_(v) {}  // NOLINT
  Param(const char* v) : kind_(Kind::Text), text_(v) {}         // NOLINT
  // nullopt binds NULL.
  Param(const std::optional<std::string>& v)  // NOLINT
      : kind_(v ? Kind::Text : Kind::Null), text_(v ? std::string_view(*v) : "") {}

  Kind kind() const { return kind_; }
  std::int64_t integer() const { return integer_; }
  double real() const { return real_; }
  std::string_view text() const { return text_; }

 private:
  Kind kind_ = Kind::Null;
  std::int64_t integer_ = 0;
  double real_ = 0;
  std::string_view text_;
};

using Params = std::initializer_list<Param>;
using ParamList = std::span<const Param>;

// The rows of one query, read forward once. Columns are 0-based.
class Rows {
 public:
  virtual ~Rows() = default;
  // Moves to the next row; false when there is none.
  virtual bool next() = 0;
  virtual bool is_null(int column) const = 0;
  virtual std::int64_t int64(int column) const = 0;
  virtual double real(int column) const = 0;
  virtual std::string text(int column) const = 0;

  // NULL as nullopt.
  std::optional<std::string> nullable_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return text(column);
  }
};

// One connection inside one transaction (the store never runs a statement
// outside a transaction helper).
class Session {
 public:
  virtual ~Session() = default;
  virtual Dialect dialect() const = 0;
  virtual std::unique_ptr<Rows> query(std::string_view sql, ParamList params) = 0;
  // Runs a statement that returns no rows; returns the rows it changed.
  virtual std::int64_t exec(std::string_view sql, ParamList params) = 0;

  // The same with the parameters written inline: s.query(sql, {user, id}).
  std::unique_ptr<Rows> query(std::string_view sql, Params params = {}) {
    return query(sql, ParamList(params.begin(), params.size()));
  }
  std::int64_t exec(std::string_view sql, Params params = {}) {
    return exec(sql, ParamList(params.begin(), params.size()));
  }

  // The single value of a query that returns one row and one column (0 when
  // it returns none).
  std::int64_t scalar(std::string_view sql, ParamList params) {
    auto rows = query(sql, params);
    return rows->next() ? rows->int64(0) : 0;
  }
  std::int64_t scalar(std::string_view sql, Params params = {}) {
    return scalar(sql, ParamList(params.begin(), params.size()));
  }
};

}  // namespace dashboard::server::store::sql
