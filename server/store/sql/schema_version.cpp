#include "store/sql/schema_version.hpp"

#include <string>

#include "store/sql/sql.hpp"

namespace dashboard::server::store {

void refuse_newer_schema(std::int64_t applied, std::size_t known) {
  if (applied <= static_cast<std::int64_t>(known)) return;
  throw sql::Error(sql::Error::Kind::Other, "database schema is at version " +
                                                std::to_string(applied) +
                                                ", this dashboard-server knows up to " +
                                                std::to_string(known) + "; upgrade the binary");
}

}  // namespace dashboard::server::store
