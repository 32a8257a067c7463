// Residents, their consents and lines; and the sealed values of every table, for key rotation.
#include "store/sql/parts.hpp"
#include "store/sql/rows.hpp"

namespace relais::store::sql {
namespace {

// A resident's status, written once: erased; has_line (a line not taken back); waiting_line
// (consented to the line); needs_consent.
constexpr const char* kResidentStatus =
    "CASE WHEN r.erased_at IS NOT NULL THEN 'erased' "
    "WHEN EXISTS (SELECT 1 FROM handovers h WHERE h.resident_id = r.id AND "
    "h.taken_back_at IS NULL) THEN 'has_line' "
    "WHEN EXISTS (SELECT 1 FROM consents c WHERE c.resident_id = r.id AND c.purpose = 'line' "
    "AND c.status = 'given') THEN 'waiting_line' ELSE 'needs_consent' END";

const std::string kResidentColumns =
    "r.id, r.pseudonym, r.structure_id, r.referral_id, r.household_size, r.children, "
    "r.languages, r.needs, r.first_name_sealed, r.contact_sealed, r.created_by, r.created_at, "
    "r.updated_at, r.erased_at, o.name, f.association_id, " + std::string(kResidentStatus) +
    " FROM residents r JOIN organisations o ON o.id = r.structure_id "
    "LEFT JOIN referrals f ON f.id = r.referral_id";

ResidentRecord read_resident(Query& q) {
  ResidentRecord r;
  r.id = q.i64(0);
  r.pseudonym = q.text(1);
  r.structure_id = q.i64(2);
  r.referral_id = q.opt_i64(3);
  r.household_size = static_cast<int>(q.i64(4));
  r.children = static_cast<int>(q.i64(5));
  r.languages = split_words(q.text(6));
  r.needs = split_words(q.text(7));
  r.first_name_sealed = q.opt_blob(8);
  r.contact_sealed = q.opt_blob(9);
  r.created_by = q.text(10);
  r.created_at = q.text(11);
  r.updated_at = q.text(12);
  r.erased_at = q.opt_text(13);
  r.structure_name = q.text(14);
  r.association_id = q.opt_i64(15);
  r.status = q.text(16);
  return r;
}


const std::string kConsentColumns =
    "c.id, c.resident_id, c.purpose, c.method, c.notice_version, c.notice_language, "
    "c.recorded_by, c.witness_user_id, c.given_at, c.status, c.status_at, c.status_by, " +
    name_of_user("c.recorded_by") + ", " + name_of_user("c.witness_user_id") + ", " +
    name_of_user("c.status_by") + " FROM consents c";

ConsentRecord read_consent(Query& q) {
  ConsentRecord c;
  c.id = q.i64(0);
  c.resident_id = q.i64(1);
  c.purpose = q.text(2);
  c.method = q.text(3);
  c.notice_version = q.text(4);
  c.notice_language = q.text(5);
  c.recorded_by = q.opt_i64(6);
  c.witness_user_id = q.opt_i64(7);
  c.given_at = q.text(8);
  c.status = q.text(9);
  c.status_at = q.opt_text(10);
  c.status_by = q.opt_i64(11);
  c.recorded_by_name = q.opt_text(12);
  c.witness_name = q.opt_text(13);
  c.status_by_name = q.opt_text(14);
  return c;
}

class SqlResidents final : public Residents {
 public:
  explicit SqlResidents(Connection& conn) : conn_(conn) {}

  std::int64_t insert_resident(const ResidentRecord& r) override {
    Query q(conn_,
            "INSERT INTO residents (pseudonym, structure_id, referral_id, household_size, "
            "children, languages, needs, first_name_sealed, contact_sealed, created_by, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(r.pseudonym).bind(r.structure_id).bind(r.referral_id).bind(r.household_size);
    q.bind(r.children).bind(join_words(r.languages)).bind(join_words(r.needs));
    q.bind_blob(r.first_name_sealed).bind_blob(r.contact_sealed).bind(r.created_by);
    q.bind(r.created_at).bind(r.updated_at);
    return returning_id(q);
  }

  std::optional<ResidentRecord> resident(std::int64_t id) override {
    Query q(conn_, "SELECT " + kResidentColumns + " WHERE r.id = ?");
    q.bind(id);
    return first_row(q, read_resident);
  }

  std::optional<ResidentRecord> resident_of_referral(std::int64_t referral_id) override {
    Query q(conn_, "SELECT " + kResidentColumns + " WHERE r.referral_id = ?");
    q.bind(referral_id);
    return first_row(q, read_resident);
  }

  Page<ResidentRecord> residents(const ResidentQuery& query) override {
    std::string where = " WHERE 1 = 1";
    if (query.structure_id) where += " AND r.structure_id = ?";
    if (query.association_id) where += " AND f.association_id = ?";
    if (query.status) {
      where += std::string(" AND ") + kResidentStatus + " = ?";
    } else {
      where += " AND r.erased_at IS NULL";
    }
    auto bind_filters = [&](Query& q) {
      if (query.structure_id) q.bind(*query.structure_id);
      if (query.association_id) q.bind(*query.association_id);
      if (query.status) q.bind(*query.status);
    };
    return id_page<ResidentRecord>(
        conn_, "residents r LEFT JOIN referrals f ON f.id = r.referral_id" + where,
        "SELECT " + kResidentColumns + where, "r.id", true, bind_filters,
        read_resident, query.after, query.limit);
  }

  bool pseudonym_taken(std::string_view pseudonym) override {
    Query q(conn_, "SELECT 1 FROM residents WHERE pseudonym = ?");
    q.bind(pseudonym);
    return q.step();
  }

  void set_sealed_fields(std::int64_t id, const std::optional<std::string>& first_name,
                         const std::optional<std::string>& contact) override {
    Query q(conn_, "UPDATE residents SET first_name_sealed = ?, contact_sealed = ? WHERE id = ?");
    q.bind_blob(first_name).bind_blob(contact).bind(id).run();
  }

  void erase_resident(std::int64_t id, std::string_view at) override {
    Query q(conn_,
            "UPDATE residents SET first_name_sealed = NULL, contact_sealed = NULL, "
            "erased_at = ?, updated_at = ? WHERE id = ?");
    q.bind(at).bind(at).bind(id).run();
    // A testimony is anonymous, but it is theirs: it goes too.
    Query t(conn_, "UPDATE follow_ups SET testimony = NULL WHERE resident_id = ?");
    t.bind(id).run();
  }

  std::vector<std::int64_t> residents_due(std::string_view before) override {
    Query q(conn_,
            "SELECT r.id FROM residents r WHERE r.erased_at IS NULL AND r.created_at < ? AND "
            "NOT EXISTS (SELECT 1 FROM handovers h WHERE h.resident_id = r.id AND "
            "COALESCE(h.taken_back_at, h.ends_at) >= ?) ORDER BY r.id");
    q.bind(before).bind(before);
    std::vector<std::int64_t> out;
    while (q.step()) out.push_back(q.i64(0));
    return out;
  }

  ResidentCounts counts(std::int64_t structure_id, std::string_view since) override {
    static const std::string sql =
        std::string("SELECT COUNT(*), COUNT(*) FILTER (WHERE ") + kResidentStatus +
        " = 'needs_consent'), COUNT(*) FILTER (WHERE " + kResidentStatus +
        " = 'waiting_line'), (SELECT COUNT(*) FROM handovers h WHERE h.structure_id = ? AND "
        "h.handed_over_at >= ? AND h.taken_back_at IS NULL) "
        "FROM residents r WHERE r.structure_id = ? AND r.erased_at IS NULL";
    Query q(conn_, sql);
    q.bind(structure_id).bind(since).bind(structure_id);
    q.step();
    ResidentCounts c{q.i64(0), q.i64(1), q.i64(2), q.i64(3)};
    q.run();
    return c;
  }

  std::int64_t insert_consent(const ConsentRecord& c) override {
    Query q(conn_,
            "INSERT INTO consents (resident_id, purpose, method, notice_version, "
            "notice_language, recorded_by, witness_user_id, given_at, status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(c.resident_id).bind(c.purpose).bind(c.method).bind(c.notice_version);
    q.bind(c.notice_language).bind(c.recorded_by).bind(c.witness_user_id).bind(c.given_at);
    q.bind(c.status);
    return returning_id(q);
  }

  std::optional<ConsentRecord> consent(std::int64_t id) override {
    Query q(conn_, "SELECT " + kConsentColumns + " WHERE c.id = ?");
    q.bind(id);
    return first_row(q, read_consent);
  }

  std::vector<ConsentRecord> consents_of(std::int64_t resident_id) override {
    Query q(conn_, "SELECT " + kConsentColumns + " WHERE c.resident_id = ? ORDER BY c.id");
    q.bind(resident_id);
    return all_rows(q, read_consent);
  }

  bool end_consent(std::int64_t id, std::string_view status, std::string_view at,
                   std::optional<std::int64_t> by) override {
    Query q(conn_,
            "UPDATE consents SET status = ?, status_at = ?, status_by = ? "
            "WHERE id = ? AND status = 'given'");
    q.bind(status).bind(at).bind(by).bind(id).run();
    return q.changes() == 1;
  }

  std::int64_t insert_handover(const HandoverRecord& h) override {
    Query q(conn_,
            "INSERT INTO handovers (resident_id, iccid, programme_id, structure_id, "
            "handed_over_at, handed_over_by, ends_at, replaces_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(h.resident_id).bind(h.iccid).bind(h.programme_id).bind(h.structure_id);
    q.bind(h.handed_over_at).bind(h.handed_over_by).bind(h.ends_at).bind(h.replaces_id);
    return returning_id(q);
  }

  std::optional<HandoverRecord> handover(std::int64_t id) override {
    Query q(conn_, "SELECT " + kHandoverColumns + " WHERE h.id = ?");
    q.bind(id);
    return first_row(q, read_handover);
  }

  std::vector<HandoverRecord> handovers_of(std::int64_t resident_id) override {
    Query q(conn_, "SELECT " + kHandoverColumns + " WHERE h.resident_id = ? ORDER BY h.id");
    q.bind(resident_id);
    return all_rows(q, read_handover);
  }

  std::optional<HandoverRecord> open_handover(std::int64_t resident_id,
                                              std::int64_t programme_id) override {
    Query q(conn_, "SELECT " + kHandoverColumns +
                       " WHERE h.resident_id = ? AND h.programme_id = ? AND "
                       "h.taken_back_at IS NULL");
    q.bind(resident_id).bind(programme_id);
    return first_row(q, read_handover);
  }

  void take_back(std::int64_t id, std::string_view at, std::optional<std::int64_t> by,
                 std::string_view reason) override {
    Query q(conn_,
            "UPDATE handovers SET taken_back_at = ?, taken_back_by = ?, taken_back_reason = ? "
            "WHERE id = ?");
    q.bind(at).bind(by).bind(reason).bind(id).run();
  }

 private:
  Connection& conn_;
};

struct SealedTable {
  const char* table;
  const char* key;  // the row's key column
  const char* column;
  bool integer_key;
};

SealedTable table_of(SealedColumn c) {
  switch (c) {
    case SealedColumn::kSimPuk:
      return {"sims", "iccid", "puk_sealed", false};
    case SealedColumn::kReferralNote:
      return {"referrals", "pseudonym", "note_sealed", false};
    case SealedColumn::kResidentFirstName:
      return {"residents", "id", "first_name_sealed", true};
    case SealedColumn::kResidentContact:
      return {"residents", "id", "contact_sealed", true};
  }
  return {"sims", "iccid", "puk_sealed", false};
}

class SqlSealed final : public Sealed {
 public:
  explicit SqlSealed(Connection& conn) : conn_(conn) {}

  bool any() override {
    for (auto column : {SealedColumn::kSimPuk, SealedColumn::kReferralNote,
                        SealedColumn::kResidentFirstName, SealedColumn::kResidentContact}) {
      const SealedTable t = table_of(column);
      Query q(conn_, std::string("SELECT 1 FROM ") + t.table + " WHERE " + t.column +
                         " IS NOT NULL LIMIT 1");
      if (q.step()) return true;
    }
    return false;
  }

  std::vector<SealedValue> values(SealedColumn column, std::string_view after,
                                  int limit) override {
    const SealedTable t = table_of(column);
    const std::string key = std::string(t.key);
    Query q(conn_, "SELECT " + key + ", " + t.column + " FROM " + t.table + " WHERE " +
                       t.column + " IS NOT NULL AND " + key + " > ? ORDER BY " + key +
                       " LIMIT ?");
    if (t.integer_key) {
      q.bind(static_cast<std::int64_t>(after.empty() ? 0 : std::stoll(std::string(after))));
    } else {
      q.bind(after);
    }
    q.bind(limit);
    std::vector<SealedValue> out;
    while (q.step()) {
      out.push_back({t.integer_key ? std::to_string(q.i64(0)) : q.text(0),
                     *q.opt_blob(1)});
    }
    return out;
  }

  bool replace(SealedColumn column, std::string_view row, std::string_view old_bytes,
               std::string_view new_bytes) override {
    const SealedTable t = table_of(column);
    Query q(conn_, std::string("UPDATE ") + t.table + " SET " + t.column + " = ? WHERE " +
                       t.key + " = ? AND " + t.column + " = ?");
    q.bind_blob(std::string(new_bytes));
    if (t.integer_key) {
      q.bind(static_cast<std::int64_t>(std::stoll(std::string(row))));
    } else {
      q.bind(row);
    }
    q.bind_blob(std::string(old_bytes)).run();
    return q.changes() == 1;
  }

 private:
  Connection& conn_;
};

}  // namespace

std::unique_ptr<Residents> make_residents(Connection& conn) {
  return std::make_unique<SqlResidents>(conn);
}
std::unique_ptr<Sealed> make_sealed(Connection& conn) { return std::make_unique<SqlSealed>(conn); }

}  // namespace relais::store::sql
