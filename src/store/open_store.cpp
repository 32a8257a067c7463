// Chooses the engine from the database's location.
#include "store/store.hpp"

namespace relais::store {

bool is_postgres_location(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::unique_ptr<Store> open_store(const std::string& location, int max_connections) {
  if (is_postgres_location(location)) return open_postgres(location, max_connections);
  return open_sqlite(location, max_connections);
}

}  // namespace relais::store
