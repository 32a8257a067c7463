// The audit log: read the head, append, read in id order.
#include "store/sql/parts.hpp"
#include "store/sql/rows.hpp"

namespace relais::store::sql {
namespace {

constexpr const char* kAuditColumns =
    "id, at, actor_user_id, actor, action, entity, entity_id, summary, prev_hash, hash";

AuditEvent read_audit(Query& q) {
  AuditEvent e;
  e.id = q.i64(0);
  e.at = q.text(1);
  e.actor_user_id = q.opt_i64(2);
  e.actor = q.text(3);
  e.action = q.text(4);
  e.entity = q.text(5);
  e.entity_id = q.opt_i64(6);
  e.summary = q.text(7);
  e.prev_hash = q.text(8);
  e.hash = q.text(9);
  return e;
}

class SqlAudit final : public Audit {
 public:
  explicit SqlAudit(Connection& conn) : conn_(conn) {}

  std::optional<AuditEvent> last_audit_event() override {
    Query q(conn_,
            std::string("SELECT ") + kAuditColumns + " FROM audit_events ORDER BY id DESC LIMIT 1");
    if (!q.step()) return std::nullopt;
    return read_audit(q);
  }

  std::string data_version() override {
    static const std::string sql = "SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1";
    Query q(conn_, sql);
    return q.step() ? q.text(0) : std::string();
  }

  std::string data_version_without(std::string_view entity) override {
    // Back from the head, over the few events of that entity since the last of another.
    static const std::string sql =
        "SELECT hash FROM audit_events WHERE entity <> ? ORDER BY id DESC LIMIT 1";
    Query q(conn_, sql);
    q.bind(entity);
    return q.step() ? q.text(0) : std::string();
  }

  void insert_audit_event(const AuditEvent& e) override {
    Query q(conn_, std::string("INSERT INTO audit_events (") + kAuditColumns +
                       ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(e.id).bind(e.at).bind(e.actor_user_id).bind(e.actor).bind(e.action).bind(e.entity);
    q.bind(e.entity_id).bind(e.summary).bind(e.prev_hash).bind(e.hash).run();
  }

  std::vector<AuditEvent> audit_events(std::int64_t after_id, int limit) override {
    Query q(conn_, std::string("SELECT ") + kAuditColumns +
                       " FROM audit_events WHERE id > ? ORDER BY id LIMIT ?");
    q.bind(after_id).bind(limit);
    std::vector<AuditEvent> out;
    while (q.step()) out.push_back(read_audit(q));
    return out;
  }

 private:
  Connection& conn_;
};

}  // namespace

std::unique_ptr<Audit> make_audit(Connection& conn) { return std::make_unique<SqlAudit>(conn); }

}  // namespace relais::store::sql
