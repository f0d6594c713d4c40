#include "store/server_settings.hpp"

namespace dashboard::server::store {

std::string setting_or_create(sql::Database& db, const std::string& name,
                              const std::function<std::string()>& make) {
  std::string value;
  db.write([&](sql::Session& s) {
    const std::string fresh = make();
    s.exec(
        "INSERT INTO server_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        {name, fresh});
    auto rows = s.query("SELECT value FROM server_settings WHERE name = $1", {name});
    if (rows->next()) value = rows->text(0);
  });
  return value;
}

}  // namespace dashboard::server::store
