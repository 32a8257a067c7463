// Programmes, requests and their events, referrals, and what the needs summary counts.
#include <algorithm>

#include "core/referral.hpp"
#include "core/request_lifecycle.hpp"
#include "store/sql/parts.hpp"
#include "store/sql/rows.hpp"

namespace relais::store::sql {
namespace {

// Needs are kept in one column as "code:count" words.
std::string join_needs(const NeedCounts& needs) {
  std::vector<std::string> words;
  for (const auto& [need, count] : needs) words.push_back(need + ":" + std::to_string(count));
  return join_words(words);
}

NeedCounts split_needs(const std::string& text) {
  NeedCounts out;
  for (const auto& w : split_words(text)) {
    auto colon = w.find(':');
    if (colon == std::string::npos) continue;
    out.emplace_back(w.substr(0, colon), std::stoll(w.substr(colon + 1)));
  }
  return out;
}

const std::string kRequestColumns =
    "r.id, r.programme_id, r.structure_id, r.quantity, r.needs, r.leaflet_languages, r.comment, "
    "r.state, r.allocated, r.decision_reason, r.created_by, r.created_at, r.submitted_at, "
    "r.updated_at, r.approved_quantity, g.code, g.plan_id, o.name, o.department, o.capacity, "
    "o.structure_type, " + user_name_of("r.created_by") + " FROM requests r "
    "JOIN programmes g ON g.id = r.programme_id JOIN organisations o ON o.id = r.structure_id";

RequestRecord read_request(Query& q) {
  RequestRecord r;
  r.id = q.i64(0);
  r.programme_id = q.i64(1);
  r.structure_id = q.i64(2);
  r.quantity = q.i64(3);
  r.needs = split_needs(q.text(4));
  r.leaflet_languages = split_words(q.text(5));
  r.comment = q.text(6);
  r.state = read_state<RequestState>(q, 7);
  r.allocated = q.opt_i64(8);
  r.decision_reason = q.opt_text(9);
  r.created_by = q.text(10);
  r.created_at = q.text(11);
  r.submitted_at = q.opt_text(12);
  r.updated_at = q.text(13);
  r.approved_quantity = q.opt_i64(14);
  r.programme_code = q.text(15);
  r.plan_id = q.i64(16);
  r.structure_name = q.text(17);
  r.department = q.opt_text(18);
  if (auto c = q.opt_i64(19)) r.capacity = static_cast<int>(*c);
  r.structure_type = q.opt_text(20);
  r.created_by_name = q.opt_text(21);
  return r;
}

constexpr const char* kReferralColumns =
    "f.id, f.pseudonym, f.association_id, f.structure_id, f.adults, f.children, f.languages, "
    "f.needs, f.note_sealed, f.status, f.request_id, f.created_by, f.created_at, f.updated_at, "
    "a.name, s.name FROM referrals f JOIN organisations a ON a.id = f.association_id "
    "JOIN organisations s ON s.id = f.structure_id";

ReferralRecord read_referral(Query& q) {
  ReferralRecord r;
  r.id = q.i64(0);
  r.pseudonym = q.text(1);
  r.association_id = q.i64(2);
  r.structure_id = q.i64(3);
  r.adults = static_cast<int>(q.i64(4));
  r.children = static_cast<int>(q.i64(5));
  r.languages = split_words(q.text(6));
  r.needs = split_words(q.text(7));
  r.note_sealed = q.opt_blob(8);
  r.status = q.text(9);
  r.request_id = q.opt_i64(10);
  r.created_by = q.text(11);
  r.created_at = q.text(12);
  r.updated_at = q.text(13);
  r.association_name = q.text(14);
  r.structure_name = q.text(15);
  return r;
}

class SqlRequests final : public Requests {
 public:
  explicit SqlRequests(Connection& conn) : conn_(conn) {}

  std::int64_t insert_programme(const ProgrammeRecord& g) override {
    Query q(conn_,
            "INSERT INTO programmes (code, name, plan_id, created_at, helpline, "
            "topup_budget_cents, follow_up_days, follow_up_questions) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(g.code).bind(g.name).bind(g.plan_id).bind(g.created_at).bind(g.helpline);
    q.bind(g.topup_budget_cents).bind(g.follow_up_days).bind(g.follow_up_questions);
    return returning_id(q);
  }

  std::vector<ProgrammeRecord> programmes() override {
    Query q(conn_,
            "SELECT g.id, g.code, g.name, g.plan_id, p.code, g.created_at, g.helpline, "
            "g.topup_budget_cents, g.follow_up_days, g.follow_up_questions "
            "FROM programmes g JOIN plans p ON p.id = g.plan_id ORDER BY g.code");
    std::vector<ProgrammeRecord> out;
    while (q.step()) {
      out.push_back({q.i64(0), q.text(1), q.text(2), q.i64(3), q.text(4), q.text(5),
                     q.opt_text(6), q.opt_i64(7), static_cast<int>(q.i64(8)), q.opt_text(9)});
    }
    return out;
  }

  void update_programme(const ProgrammeRecord& g) override {
    Query q(conn_,
            "UPDATE programmes SET helpline = ?, topup_budget_cents = ?, follow_up_days = ?, "
            "follow_up_questions = ? WHERE id = ?");
    q.bind(g.helpline).bind(g.topup_budget_cents).bind(g.follow_up_days);
    q.bind(g.follow_up_questions).bind(g.id).run();
  }

  std::optional<ProgrammeRecord> programme_by_code(std::string_view code) override {
    for (auto& g : programmes()) {
      if (g.code == code) return g;
    }
    return std::nullopt;
  }

  std::int64_t insert_request(const RequestRecord& r) override {
    Query q(conn_,
            "INSERT INTO requests (programme_id, structure_id, quantity, needs, leaflet_languages, "
            "comment, state, allocated, decision_reason, created_by, created_at, submitted_at, "
            "updated_at, approved_quantity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id");
    q.bind(r.programme_id).bind(r.structure_id).bind(r.quantity).bind(join_needs(r.needs));
    q.bind(join_words(r.leaflet_languages)).bind(r.comment).bind(request_state_name(r.state));
    q.bind(r.allocated);
    q.bind(r.decision_reason).bind(r.created_by).bind(r.created_at).bind(r.submitted_at);
    q.bind(r.updated_at).bind(r.approved_quantity);
    return returning_id(q);
  }

  void update_request(const RequestRecord& r) override {
    Query q(conn_,
            "UPDATE requests SET quantity = ?, needs = ?, leaflet_languages = ?, comment = ?, "
            "state = ?, allocated = ?, decision_reason = ?, submitted_at = ?, updated_at = ?, "
            "approved_quantity = ? WHERE id = ?");
    q.bind(r.quantity).bind(join_needs(r.needs)).bind(join_words(r.leaflet_languages));
    q.bind(r.comment).bind(request_state_name(r.state)).bind(r.allocated);
    q.bind(r.decision_reason);
    q.bind(r.submitted_at).bind(r.updated_at).bind(r.approved_quantity).bind(r.id).run();
  }

  std::optional<RequestRecord> request(std::int64_t id) override {
    Query q(conn_, std::string("SELECT ") + kRequestColumns + " WHERE r.id = ?");
    q.bind(id);
    if (!q.step()) return std::nullopt;
    return read_request(q);
  }

  Page<RequestRecord> requests(const RequestQuery& query) override {
    std::string where = " WHERE 1 = 1";
    if (query.state) where += " AND r.state = ?";
    if (!query.any_state.empty()) where += " AND r.state IN " + placeholders(query.any_state.size());
    if (query.structure_id) where += " AND r.structure_id = ?";
    if (query.programme_id) where += " AND r.programme_id = ?";
    if (query.department) where += " AND o.department = ?";
    if (query.submitted_only) where += " AND r.submitted_at IS NOT NULL";
    if (query.unallocated_only) {
      where += " AND r.state IN " + placeholders(std::size(kRequestStatesApproved)) +
               " AND r.allocated IS NULL";
    }
    auto bind_filters = [&](Query& q) {
      if (query.state) q.bind(request_state_name(*query.state));
      for (RequestState st : query.any_state) q.bind(request_state_name(st));
      if (query.structure_id) q.bind(*query.structure_id);
      if (query.programme_id) q.bind(*query.programme_id);
      if (query.department) q.bind(*query.department);
      if (query.unallocated_only) bind_states(q, kRequestStatesApproved);
    };
    return id_page<RequestRecord>(
        conn_, "requests r JOIN organisations o ON o.id = r.structure_id" + where,
        std::string("SELECT ") + kRequestColumns + where, "r.id", false, bind_filters, read_request,
        query.after, query.limit);
  }

  void insert_request_event(const RequestEventRecord& e) override {
    Query q(conn_,
            "INSERT INTO request_events (request_id, at, actor, transition, from_state, to_state, "
            "reason) VALUES (?, ?, ?, ?, ?, ?, ?)");
    // A request's first event ("create") leaves no state: an empty name, as the column wants one.
    q.bind(e.request_id).bind(e.at).bind(e.actor).bind(e.transition);
    q.bind(e.from_state ? request_state_name(*e.from_state) : std::string_view(""));
    q.bind(request_state_name(e.to_state)).bind(e.reason).run();
  }

  void record_allocation(const std::vector<Allocated>& requests,
                         std::string_view updated_at) override {
    // Rows of values as a UNION of SELECTs, each cast, which both dialects read the same way.
    constexpr std::size_t kRows = 500;
    for (std::size_t at = 0; at < requests.size(); at += kRows) {
      const std::size_t n = std::min(kRows, requests.size() - at);
      std::string rows;
      for (std::size_t i = 0; i < n; ++i) {
        rows += i ? " UNION ALL SELECT CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT)"
                  : "SELECT CAST(? AS BIGINT) AS id, CAST(? AS BIGINT) AS allocated, "
                    "CAST(? AS TEXT) AS state";
      }
      Query update(conn_, "UPDATE requests SET allocated = v.allocated, state = v.state, "
                          "updated_at = ? FROM (" + rows + ") AS v WHERE requests.id = v.id");
      update.bind(updated_at);
      for (std::size_t i = at; i < at + n; ++i) {
        const Allocated& a = requests[i];
        update.bind(a.request_id).bind(a.allocated).bind(request_state_name(a.state));
      }
      update.run();
      std::string values;
      for (std::size_t i = 0; i < n; ++i) values += i ? ", (?, ?, ?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, ?, ?)";
      Query events(conn_, "INSERT INTO request_events (request_id, at, actor, transition, "
                          "from_state, to_state, reason) VALUES " + values);
      for (std::size_t i = at; i < at + n; ++i) {
        const RequestEventRecord& e = requests[i].event;
        events.bind(e.request_id).bind(e.at).bind(e.actor).bind(e.transition);
        events.bind(e.from_state ? request_state_name(*e.from_state) : std::string_view(""));
        events.bind(request_state_name(e.to_state)).bind(e.reason);
      }
      events.run();
    }
  }

  std::vector<RequestEventRecord> request_events(std::int64_t request_id) override {
    static const std::string sql =
        "SELECT id, request_id, at, actor, transition, from_state, to_state, reason, " +
        user_name_of("actor") + " FROM request_events WHERE request_id = ? ORDER BY id";
    Query q(conn_, sql);
    q.bind(request_id);
    std::vector<RequestEventRecord> out;
    while (q.step()) {
      std::optional<RequestState> from;
      if (!q.text(5).empty()) from = read_state<RequestState>(q, 5);
      out.push_back({q.i64(0), q.i64(1), q.text(2), q.text(3), q.text(4), from,
                     read_state<RequestState>(q, 6), q.text(7), q.opt_text(8)});
    }
    return out;
  }

  std::vector<std::int64_t> requests_all_delivered(std::int64_t structure_id) override {
    static const std::string sql =
        "SELECT r.id FROM requests r WHERE r.structure_id = ? AND r.state IN " +
        placeholders(std::size(kRequestStatesApproved)) +
        " AND r.allocated > 0 AND NOT EXISTS (SELECT 1 FROM sims s WHERE s.request_id = r.id "
        "AND s.state IN " +
        placeholders(kSimStatesUnsettled.size()) +
        ") AND EXISTS (SELECT 1 FROM sims s WHERE s.request_id = r.id AND s.state IN " +
        placeholders(kSimStatesDelivered.size()) + ") ORDER BY r.id";
    Query q(conn_, sql);
    q.bind(structure_id);
    bind_states(q, kRequestStatesApproved);
    bind_states(q, kSimStatesUnsettled);
    bind_states(q, kSimStatesDelivered);
    std::vector<std::int64_t> out;
    while (q.step()) out.push_back(q.i64(0));
    return out;
  }

  std::int64_t insert_referral(const ReferralRecord& r) override {
    Query q(conn_,
            "INSERT INTO referrals (pseudonym, association_id, structure_id, adults, children, "
            "languages, needs, note_sealed, status, request_id, created_by, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(r.pseudonym).bind(r.association_id).bind(r.structure_id).bind(r.adults);
    q.bind(r.children).bind(join_words(r.languages)).bind(join_words(r.needs));
    q.bind_blob(r.note_sealed).bind(r.status).bind(r.request_id).bind(r.created_by);
    q.bind(r.created_at).bind(r.updated_at);
    return returning_id(q);
  }

  void update_referral_status(const ReferralRecord& r) override {
    Query q(conn_, "UPDATE referrals SET status = ?, request_id = ?, updated_at = ? WHERE id = ?");
    q.bind(r.status).bind(r.request_id).bind(r.updated_at).bind(r.id).run();
  }

  std::optional<ReferralRecord> referral(std::int64_t id) override {
    Query q(conn_, std::string("SELECT ") + kReferralColumns + " WHERE f.id = ?");
    q.bind(id);
    if (!q.step()) return std::nullopt;
    return read_referral(q);
  }

  bool pseudonym_taken(std::string_view pseudonym) override {
    Query q(conn_, "SELECT 1 FROM referrals WHERE pseudonym = ?");
    q.bind(pseudonym);
    return q.step();
  }

  std::int64_t erase_referral_notes(std::string_view before) override {
    static const std::string sql =
        "UPDATE referrals SET note_sealed = NULL WHERE note_sealed IS NOT NULL AND status IN " +
        placeholders(kReferralStatusesEnded.size()) + " AND updated_at < ?";
    Query q(conn_, sql);
    bind_names(q, kReferralStatusesEnded);
    q.bind(before).run();
    return q.changes();
  }

  Page<ReferralRecord> referrals(const ReferralQuery& query) override {
    std::string where = " WHERE 1 = 1";
    if (query.association_id) where += " AND f.association_id = ?";
    if (query.structure_id) where += " AND f.structure_id = ?";
    if (query.status) where += " AND f.status = ?";
    auto bind_filters = [&](Query& q) {
      if (query.association_id) q.bind(*query.association_id);
      if (query.structure_id) q.bind(*query.structure_id);
      if (query.status) q.bind(*query.status);
    };
    return id_page<ReferralRecord>(conn_, "referrals f" + where,
                                   std::string("SELECT ") + kReferralColumns + where, "f.id", true,
                                   bind_filters, read_referral, query.after, query.limit);
  }

  std::vector<ReferralRecord> referrals_of_request(std::int64_t request_id) override {
    Query q(conn_,
            std::string("SELECT ") + kReferralColumns + " WHERE f.request_id = ? ORDER BY f.id");
    q.bind(request_id);
    std::vector<ReferralRecord> out;
    while (q.step()) out.push_back(read_referral(q));
    return out;
  }

  std::vector<std::tuple<RequestState, std::int64_t, std::int64_t, std::int64_t>> request_counts()
      override {
    static const std::string sql =
        "SELECT state, COUNT(*), SUM(quantity), COALESCE(SUM(allocated) FILTER (WHERE state IN " +
        placeholders(std::size(kRequestStatesServed)) +
        "), 0) FROM requests GROUP BY state ORDER BY state";
    Query q(conn_, sql);
    bind_states(q, kRequestStatesServed);
    std::vector<std::tuple<RequestState, std::int64_t, std::int64_t, std::int64_t>> out;
    while (q.step()) out.emplace_back(read_state<RequestState>(q, 0), q.i64(1), q.i64(2), q.i64(3));
    return out;
  }

  std::vector<std::pair<std::string, std::int64_t>> referral_counts() override {
    Query q(conn_, "SELECT status, COUNT(*) FROM referrals GROUP BY status ORDER BY status");
    std::vector<std::pair<std::string, std::int64_t>> out;
    while (q.step()) out.emplace_back(q.text(0), q.i64(1));
    return out;
  }

 private:
  Connection& conn_;
};

}  // namespace

std::unique_ptr<Requests> make_requests(Connection& conn) {
  return std::make_unique<SqlRequests>(conn);
}

}  // namespace relais::store::sql
