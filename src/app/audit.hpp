// Appends to and verifies the hash-chained audit log (DESIGN.md rule 6).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/actor.hpp"
#include "core/audit_chain.hpp"
#include "app/store_fwd.hpp"

namespace relais::app {

// Appends one event inside `tx` (which must be a write transaction), chained to the last one.
void append_audit(store::Transaction& tx, const Actor& actor, std::string action,
                  std::string entity, std::optional<std::int64_t> entity_id, std::string summary);

// Reads the log in id order, in batches, and checks every link. Deleting the newest events
// leaves a valid shorter chain: compare the reported head with one noted earlier to see it.
ChainCheck verify_audit(store::Store& store);

}  // namespace relais::app
