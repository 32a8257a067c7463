#include "app/audit.hpp"
#include "store/store.hpp"

#include "app/clock.hpp"
#include "app/crypto.hpp"

namespace relais::app {

void append_audit(store::Transaction& tx, const Actor& actor, std::string action,
                  std::string entity, std::optional<std::int64_t> entity_id, std::string summary) {
  // The write transaction holds the database's write lock, so the last event cannot change
  // between this read and the insert.
  auto last = tx.audit().last_audit_event();
  AuditEvent e;
  e.id = last ? last->id + 1 : 1;
  e.at = now_iso();
  if (!actor.is_system()) e.actor_user_id = actor.user_id;
  e.actor = actor.email;
  e.action = std::move(action);
  e.entity = std::move(entity);
  e.entity_id = entity_id;
  e.summary = std::move(summary);
  e.prev_hash = last ? last->hash : kGenesisHash;
  e.hash = sha256_hex(audit_canonical_text(e));
  tx.audit().insert_audit_event(e);
}

ChainCheck verify_audit(store::Store& store) {
  ChainVerifier verifier([](const std::string& text) { return sha256_hex(text); });
  auto tx = store.begin(store::Mode::kRead);
  std::int64_t after = 0;
  for (;;) {
    auto batch = tx->audit().audit_events(after, 5000);
    if (batch.empty()) break;
    after = batch.back().id;
    for (const auto& e : batch) {
      if (!verifier.add(e)) return verifier.result();
    }
  }
  return verifier.result();
}

}  // namespace relais::app
