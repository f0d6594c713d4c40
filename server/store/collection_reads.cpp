// The collection pages' reads: the MOC list (filter, order, keyset pages),
// the wishlist and the user's themes.
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>
#include <vector>

#include "store/slices.hpp"
#include "store/sql_store.hpp"

namespace dashboard::server::store {
namespace {

// The ORDER BY expression of each sort. Titles sort case-insensitively
// (ASCII folding, the same in both engines: PostgreSQL's columns are
// COLLATE "C").
const char* sort_expression(MocSort sort) {
  switch (sort) {
    case MocSort::Title:
      return "lower(title)";
    case MocSort::Created:
      return "created_at";
    case MocSort::Updated:
      return "updated_at";
    case MocSort::Coverage:
      return "coverage_percentage";
  }
  return "created_at";
}

// `text` for LIKE: lower-cased like the column, wildcards escaped.
std::string like_pattern(std::string_view text) {
  std::string out = "%";
  for (const char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  out.push_back('%');
  return out;
}

// Doubles travel in cursors with every digit, so a page boundary between
// two nearly equal percentages neither skips nor repeats a row.
std::string exact_double(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

// The WHERE clause of a query (without the page position) and its parameters.
struct Filter {
  std::string where;
  std::deque<std::string> texts;  // owns what the params borrow (a deque: they never move)
  std::vector<sql::Param> params;
};

Filter filter_for(UserId user, const MocQuery& query) {
  Filter f;
  f.where = "user_id = $1 AND deleted_at IS NULL";
  f.params.emplace_back(user);
  // `condition` ends where the parameter goes; `after` follows it.
  const auto add = [&f](const char* condition, std::string value, const char* after = "") {
    f.texts.push_back(std::move(value));
    f.params.emplace_back(std::string_view(f.texts.back()));
    f.where += std::string(" AND ") + condition + " $" + std::to_string(f.params.size()) + after;
  };
  if (query.text && !query.text->empty()) {
    add("lower(title) LIKE", like_pattern(*query.text), " ESCAPE '\\'");
  }
  if (query.theme) add("theme =", *query.theme);
  if (query.build_status) add("build_status =", std::string(core::to_string(*query.build_status)));
  if (query.coverage_status) {
    add("parts_coverage_status =", std::string(core::to_string(*query.coverage_status)));
  }
  return f;
}

}  // namespace

StoreResult<MocPage> SqlStore::list_mocs(UserId user, const MocQuery& query) {
  return read<MocPage>([&](sql::Session& s) -> StoreResult<MocPage> {
    MocPage page;
    page.version = s.scalar("SELECT last_seq FROM users WHERE id = $1", {user});
    const Filter f = filter_for(user, query);
    const std::string& where = f.where;
    page.total = s.scalar("SELECT COUNT(*) FROM mocs WHERE " + where, f.params);

    const std::string key = sort_expression(query.sort);
    const char* direction = query.descending ? "DESC" : "ASC";
    std::string sql =
        std::string("SELECT ") + kMocColumns + ", " + key + " FROM mocs WHERE " + where;
    std::vector<sql::Param> params = f.params;
    std::string after_key;
    std::string after_id;
    if (query.after) {
      after_key = query.after->key;
      after_id = query.after->id;
      const std::string first = "$" + std::to_string(params.size() + 1);
      const std::string second = "$" + std::to_string(params.size() + 2);
      sql += " AND (" + key + ", id) " + (query.descending ? "<" : ">") + " (" + first + ", " +
             second + ")";
      if (query.sort == MocSort::Coverage) {
        params.emplace_back(std::strtod(after_key.c_str(), nullptr));
      } else {
        params.emplace_back(std::string_view(after_key));
      }
      params.emplace_back(std::string_view(after_id));
    }
    sql += " ORDER BY " + key + " " + direction + ", id " + direction + " LIMIT $" +
           std::to_string(params.size() + 1);
    params.emplace_back(query.limit + 1);  // one more tells whether a next page exists

    auto rows = s.query(sql, params);
    std::string last_key;
    while (rows->next()) {
      if (static_cast<int>(page.items.size()) == query.limit) {
        page.next = MocListPosition{last_key, page.items.back().id};
        break;
      }
      page.items.push_back(read_moc_columns(*rows));
      last_key = query.sort == MocSort::Coverage ? exact_double(rows->real(kMocColumnCount))
                                                 : rows->text(kMocColumnCount);
    }
    return page;
  });
}

StoreResult<WishlistPage> SqlStore::list_wishlist(UserId user) {
  return read<WishlistPage>([&](sql::Session& s) -> StoreResult<WishlistPage> {
    WishlistPage page;
    page.version = s.scalar("SELECT last_seq FROM users WHERE id = $1", {user});
    auto rows = s.query(
        "SELECT id, name, set_number, created_at FROM wishlist_items WHERE user_id = $1 "
        "ORDER BY created_at DESC, id DESC",
        {user});
    while (rows->next()) {
      page.items.push_back({rows->text(0), rows->text(1), rows->nullable_text(2), rows->text(3)});
    }
    return page;
  });
}

StoreResult<std::vector<std::string>> SqlStore::list_themes(UserId user) {
  return read<std::vector<std::string>>(
      [&](sql::Session& s) -> StoreResult<std::vector<std::string>> {
        auto rows = s.query(R"sql(
          SELECT theme FROM (
            SELECT theme FROM mocs WHERE user_id = $1 AND deleted_at IS NULL
            UNION
            SELECT theme FROM sets WHERE user_id = $1) AS owned
          ORDER BY lower(theme), theme)sql",
                            {user});
        std::vector<std::string> themes;
        while (rows->next()) themes.push_back(rows->text(0));
        return themes;
      });
}

}  // namespace dashboard::server::store
