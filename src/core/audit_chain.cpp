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

bool ChainVerifier::add(const AuditEvent& e) {
  if (check_.first_broken_id) return false;
  if (e.prev_hash != check_.head_hash) {
    check_.first_broken_id = e.id;
    check_.reason = "prev_hash";
    return false;
  }
  if (sha256_hex_(audit_canonical_text(e)) != e.hash) {
    check_.first_broken_id = e.id;
    check_.reason = "hash";
    return false;
  }
  check_.head_id = e.id;
  check_.head_hash = e.hash;
  ++check_.checked;
  return true;
}

ChainCheck verify_chain(const std::vector<AuditEvent>& events, const HashHex& sha256_hex) {
  ChainVerifier verifier(sha256_hex);
  for (const auto& e : events) {
    if (!verifier.add(e)) break;
  }
  return verifier.result();
}

}  // namespace relais
