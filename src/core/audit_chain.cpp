#include "core/audit_chain.hpp"

namespace relais {
namespace {
void put(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += '|';
}
}  // namespace

std::string audit_canonical_text(const AuditEvent& e) {
  std::string out;
  put(out, std::to_string(e.id));
  put(out, e.at);
  put(out, e.actor_user_id ? std::to_string(*e.actor_user_id) : "");
  put(out, e.actor);
  put(out, e.action);
  put(out, e.entity);
  put(out, e.entity_id ? std::to_string(*e.entity_id) : "");
  put(out, e.summary);
  put(out, e.prev_hash);
  return out;
}

ChainCheck verify_chain(const std::vector<AuditEvent>& events, const HashHex& sha256_hex) {
  ChainCheck check;
  std::string expected_prev = kGenesisHash;
  for (const auto& e : events) {
    if (e.prev_hash != expected_prev) {
      check.first_broken_id = e.id;
      check.reason = "prev_hash";
      return check;
    }
    if (sha256_hex(audit_canonical_text(e)) != e.hash) {
      check.first_broken_id = e.id;
      check.reason = "hash";
      return check;
    }
    expected_prev = e.hash;
    ++check.checked;
  }
  return check;
}

}  // namespace relais
