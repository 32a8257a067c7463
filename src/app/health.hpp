// What `GET /api/v1/health` and `relais migrate` report about the database.
#pragma once

#include <string>

#include "app/store_fwd.hpp"

namespace relais::app {

struct Health {
  std::string database;  // "sqlite" or "postgresql"
  int schema_version = 0;
};

// Reads the schema version, which also proves the database answers; the answer is reused for
// one second.
Health health(store::Store& store);

}  // namespace relais::app
