// The append-only audit log whose events are chained by hash (DESIGN.md rule 6).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/audit_chain.hpp"

namespace relais::store {

class Audit {
 public:
  virtual ~Audit() = default;

  virtual std::optional<AuditEvent> last_audit_event() = 0;
  // The hash at the head of the audit log ("" when empty): it changes with every audited write.
  virtual std::string data_version() = 0;
  // The hash of the last audited write on another entity than `entity` ("" when none).
  virtual std::string data_version_without(std::string_view entity) = 0;
  virtual void insert_audit_event(const AuditEvent& event) = 0;  // with its id already set
  virtual std::vector<AuditEvent> audit_events(std::int64_t after_id, int limit) = 0;
};

}  // namespace relais::store
