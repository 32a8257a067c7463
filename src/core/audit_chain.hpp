// The audit log's hash chain (DESIGN.md rule 6): each event's hash covers its content and the
// previous event's hash, so any edit or deletion breaks every later link.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace relais {

struct AuditEvent {
  std::int64_t id = 0;
  std::string at;  // UTC, ISO 8601
  std::optional<std::int64_t> actor_user_id;
  std::string actor;   // email or "system"
  std::string action;  // e.g. "organisation.create"
  std::string entity;  // e.g. "organisation"
  std::optional<std::int64_t> entity_id;
  std::string summary;
  std::string prev_hash;  // hex; 64 zeros for the first event
  std::string hash;       // hex SHA-256 of canonical text
};

inline const std::string kGenesisHash(64, '0');

// The exact text that is hashed: every field but `hash`, length-prefixed so no two
// events share a text.
std::string audit_canonical_text(const AuditEvent& event);

using HashHex = std::function<std::string(const std::string&)>;

struct ChainCheck {
  std::size_t checked = 0;
  std::optional<std::int64_t> first_broken_id;  // the first event whose link does not hold
  std::string reason;                           // "prev_hash" or "hash"
  std::int64_t head_id = 0;                     // the last intact event, to note and compare later
  std::string head_hash = kGenesisHash;
};

// Checks events one at a time, in id order, so a long log is never held in memory.
class ChainVerifier {
 public:
  explicit ChainVerifier(HashHex sha256_hex) : sha256_hex_(std::move(sha256_hex)) {}
  // False from the first broken link on; later events are not looked at.
  bool add(const AuditEvent& event);
  const ChainCheck& result() const { return check_; }

 private:
  HashHex sha256_hex_;
  ChainCheck check_;
};

ChainCheck verify_chain(const std::vector<AuditEvent>& events, const HashHex& sha256_hex);

}  // namespace relais
