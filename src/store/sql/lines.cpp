// Lines in use: what the operator's reports set, top-ups, incidents, follow-ups, the lists of
// lines and the to-do lists (issue 12).
#include <algorithm>
#include <array>
#include <map>

#include "core/line.hpp"
#include "store/sql/parts.hpp"
#include "store/sql/rows.hpp"

namespace relais::store::sql {
namespace {

// The states of a card whose line works (or is suspended), and of one the operator ended.
constexpr std::array<SimState, 2> kLineWorking = {SimState::kActive, SimState::kSuspended};
constexpr std::array<SimState, 2> kLineOver = {SimState::kExpired, SimState::kTerminated};

const std::string kTopupColumns =
    "t.id, t.handover_id, t.iccid, t.programme_id, t.structure_id, t.operator_id, t.cost_cents, "
    "t.validity_days, t.status, t.requested_at, t.requested_by, t.decided_at, t.decided_by, "
    "t.confirmed_at, s.msisdn, o.name, r.pseudonym, g.code, op.code";
const std::string kTopupFrom =
    " topups t JOIN sims s ON s.iccid = t.iccid JOIN organisations o ON o.id = t.structure_id "
    "JOIN handovers h ON h.id = t.handover_id JOIN residents r ON r.id = h.resident_id "
    "JOIN programmes g ON g.id = t.programme_id JOIN organisations op ON op.id = t.operator_id";

TopupRecord read_topup(Query& q) {
  TopupRecord t;
  t.id = q.i64(0);
  t.handover_id = q.i64(1);
  t.iccid = q.text(2);
  t.programme_id = q.i64(3);
  t.structure_id = q.i64(4);
  t.operator_id = q.i64(5);
  t.cost_cents = q.i64(6);
  t.validity_days = static_cast<int>(q.i64(7));
  t.status = q.text(8);
  t.requested_at = q.text(9);
  t.requested_by = q.opt_i64(10);
  t.decided_at = q.opt_text(11);
  t.decided_by = q.opt_i64(12);
  t.confirmed_at = q.opt_text(13);
  t.msisdn = q.null(14) ? "" : q.text(14);
  t.structure_name = q.text(15);
  t.pseudonym = q.text(16);
  t.programme_code = q.text(17);
  t.operator_code = q.null(18) ? "" : q.text(18);
  return t;
}

const std::string kIncidentColumns =
    "i.id, i.handover_id, i.iccid, i.resident_id, i.structure_id, i.operator_id, i.kind, "
    "i.status, i.declared_at, i.declared_by, i.block_requested_at, i.block_requested_by, "
    "i.blocked_at, i.replacement_mode, i.replacement_iccid, i.replacement_handover_id, "
    "i.replaced_at, i.replaced_by, i.swapped_at, s.msisdn, o.name, r.pseudonym, op.code";
const std::string kIncidentFrom =
    " line_incidents i JOIN sims s ON s.iccid = i.iccid "
    "JOIN organisations o ON o.id = i.structure_id JOIN residents r ON r.id = i.resident_id "
    "JOIN organisations op ON op.id = i.operator_id";

LineIncidentRecord read_incident(Query& q) {
  LineIncidentRecord i;
  i.id = q.i64(0);
  i.handover_id = q.i64(1);
  i.iccid = q.text(2);
  i.resident_id = q.i64(3);
  i.structure_id = q.i64(4);
  i.operator_id = q.i64(5);
  i.kind = q.text(6);
  i.status = q.text(7);
  i.declared_at = q.text(8);
  i.declared_by = q.opt_i64(9);
  i.block_requested_at = q.opt_text(10);
  i.block_requested_by = q.opt_i64(11);
  i.blocked_at = q.opt_text(12);
  i.replacement_mode = q.opt_text(13);
  i.replacement_iccid = q.opt_text(14);
  i.replacement_handover_id = q.opt_i64(15);
  i.replaced_at = q.opt_text(16);
  i.replaced_by = q.opt_i64(17);
  i.swapped_at = q.opt_text(18);
  i.msisdn = q.null(19) ? "" : q.text(19);
  i.structure_name = q.text(20);
  i.pseudonym = q.text(21);
  i.operator_code = q.null(22) ? "" : q.text(22);
  return i;
}

const std::string kFollowUpColumns =
    "f.id, f.resident_id, f.handover_id, f.structure_id, f.programme_id, f.recorded_at, "
    "f.recorded_by, f.language, f.answers, f.uses, f.still_used, f.satisfaction, f.testimony, " +
    name_of_user("f.recorded_by") + " FROM follow_ups f";

FollowUpRecord read_follow_up(Query& q) {
  FollowUpRecord f;
  f.id = q.i64(0);
  f.resident_id = q.i64(1);
  f.handover_id = q.i64(2);
  f.structure_id = q.i64(3);
  f.programme_id = q.i64(4);
  f.recorded_at = q.text(5);
  f.recorded_by = q.opt_i64(6);
  f.language = q.text(7);
  f.answers = q.text(8);
  f.uses = split_words(q.text(9));
  if (auto v = q.opt_i64(10)) f.still_used = *v != 0;
  if (auto v = q.opt_i64(11)) f.satisfaction = static_cast<int>(*v);
  f.testimony = q.opt_text(12);
  f.recorded_by_name = q.opt_text(13);
  return f;
}

std::string states_in(std::size_t n) { return " IN " + placeholders(n); }

// A programme's lines in use on active cards without a top-up under way (binds: the
// programme, the active state).
constexpr const char* kToTopUp =
    " WHERE h.programme_id = ? AND h.taken_back_at IS NULL AND s.state = ? AND NOT EXISTS "
    "(SELECT 1 FROM topups t WHERE t.handover_id = h.id AND t.status IN ('requested', "
    "'approved'))";

// Rows per statement of the set writes and reads below: few round trips, well under the
// engines' limits on parameters (SQLite 32,766, PostgreSQL 65,535).
constexpr std::size_t kChunk = 500;

// "(row), (row), ..." for n rows.
std::string rows_of(const std::string& row, std::size_t n) {
  std::string out;
  out.reserve(n * (row.size() + 2));
  for (std::size_t i = 0; i < n; ++i) {
    if (i) out += ", ";
    out += row;
  }
  return out;
}

// An UPDATE ... FROM (VALUES ...) names its rows' keys once more: PostgreSQL otherwise joins
// the values to the whole table (a sequential scan per chunk), and finds them by index with it.
constexpr const char* kByKey = " AND sims.iccid IN ";

// Calls `each(begin, end)` for every chunk of `n` items.
template <typename Each>
void in_chunks(std::size_t n, Each each) {
  for (std::size_t begin = 0; begin < n; begin += kChunk) each(begin, std::min(n, begin + kChunk));
}

class SqlLines final : public Lines {
 public:
  explicit SqlLines(Connection& conn) : conn_(conn) {}

  std::map<std::string, ReportCard> report_cards(const ReportLookup& lookup) override {
    std::map<std::string, ReportCard> out;
    // Reads `sql` + " IN (...)" + `tail` for each chunk of `keys`, handing each row to `take`.
    auto each_chunk = [&](const std::vector<std::string>& keys, const std::string& sql,
                          const std::string& tail, auto take) {
      in_chunks(keys.size(), [&](std::size_t b, std::size_t e) {
        Query q(conn_, sql + " IN " + placeholders(e - b) + tail);
        for (std::size_t i = b; i < e; ++i) q.bind(keys[i]);
        while (q.step()) take(q);
      });
    };
    each_chunk(lookup.iccids, std::string("SELECT ") + kSimColumns + " WHERE s.iccid", "",
               [&](Query& q) {
                 SimRecord sim = read_sim(q);
                 out[sim.iccid].sim = std::move(sim);
               });
    each_chunk(lookup.with_topup,
               "SELECT " + kTopupColumns + " FROM" + kTopupFrom +
                   " WHERE t.status = 'approved' AND t.iccid",
               " ORDER BY t.id DESC", [&](Query& q) {  // the oldest last, so it stays
                 TopupRecord t = read_topup(q);
                 if (auto it = out.find(t.iccid); it != out.end()) it->second.sent_topup = std::move(t);
               });
    each_chunk(lookup.with_incident,
               "SELECT " + kIncidentColumns + " FROM" + kIncidentFrom +
                   " WHERE i.status <> 'replaced' AND i.iccid",
               "", [&](Query& q) {
                 LineIncidentRecord i = read_incident(q);
                 if (auto it = out.find(i.iccid); it != out.end()) it->second.open_incident = std::move(i);
               });
    return out;
  }

  std::map<std::string, HandoverRecord> open_lines_of(const std::vector<std::string>& iccids) override {
    std::map<std::string, HandoverRecord> out;
    in_chunks(iccids.size(), [&](std::size_t b, std::size_t e) {
      Query q(conn_, "SELECT " + kHandoverColumns + " WHERE h.taken_back_at IS NULL AND h.iccid IN " +
                         placeholders(e - b));
      for (std::size_t i = b; i < e; ++i) q.bind(iccids[i]);
      while (q.step()) {
        HandoverRecord h = read_handover(q);
        std::string iccid = h.iccid;
        out.emplace(std::move(iccid), std::move(h));
      }
    });
    return out;
  }

  std::vector<std::string> msisdns_taken(const std::vector<std::string>& msisdns) override {
    std::vector<std::string> out;
    in_chunks(msisdns.size(), [&](std::size_t b, std::size_t e) {
      Query q(conn_, "SELECT msisdn FROM sims WHERE msisdn IN " + placeholders(e - b));
      for (std::size_t i = b; i < e; ++i) q.bind(msisdns[i]);
      while (q.step()) out.push_back(q.text(0));
    });
    return out;
  }

  void move_cards(const std::vector<CardMove>& moves, std::string_view at,
                  std::optional<std::int64_t> actor_user_id, std::string_view actor) override {
    std::map<std::pair<std::int64_t, SimState>, std::int64_t> counts;
    in_chunks(moves.size(), [&](std::size_t b, std::size_t e) {
      {
        Query q(conn_, "UPDATE sims SET state = v.column2, updated_at = ? FROM (VALUES " +
                           rows_of("(?, ?)", e - b) + ") AS v WHERE sims.iccid = v.column1" +
                           kByKey + placeholders(e - b));
        q.bind(at);
        for (std::size_t i = b; i < e; ++i) q.bind(moves[i].iccid).bind(sim_state_name(moves[i].to));
        for (std::size_t i = b; i < e; ++i) q.bind(moves[i].iccid);
        q.run();
      }
      Query q(conn_,
              "INSERT INTO sim_events (iccid, at, actor_user_id, actor, transition, from_state, "
              "to_state, reason) VALUES " + rows_of("(?, ?, ?, ?, ?, ?, ?, ?)", e - b));
      for (std::size_t i = b; i < e; ++i) {
        const CardMove& m = moves[i];
        q.bind(m.iccid).bind(at).bind(actor_user_id).bind(actor).bind(m.transition);
        q.bind(sim_state_name(m.from)).bind(sim_state_name(m.to)).bind(m.reason);
      }
      q.run();
    });
    for (const auto& m : moves) {
      --counts[{m.batch_id, m.from}];
      ++counts[{m.batch_id, m.to}];
    }
    for (const auto& [key, delta] : counts) {
      if (delta != 0) add_state_count(conn_, key.first, key.second, delta);
    }
  }

  void set_lines_dates(const std::vector<LineDates>& dates) override {
    in_chunks(dates.size(), [&](std::size_t b, std::size_t e) {
      Query q(conn_,
              "UPDATE handovers SET activated_at = COALESCE(v.column2, handovers.activated_at), "
              "ends_at = v.column3 FROM (VALUES " + rows_of("(CAST(? AS BIGINT), ?, ?)", e - b) +
                  ") AS v WHERE handovers.id = v.column1 AND handovers.id IN " +
                  placeholders(e - b));
      for (std::size_t i = b; i < e; ++i) {
        q.bind(dates[i].handover_id).bind(dates[i].activated_at).bind(dates[i].ends_at);
      }
      for (std::size_t i = b; i < e; ++i) q.bind(dates[i].handover_id);
      q.run();
    });
  }

  void confirm_topups(const std::vector<std::pair<std::int64_t, std::string>>& id_dates) override {
    in_chunks(id_dates.size(), [&](std::size_t b, std::size_t e) {
      Query q(conn_, "UPDATE topups SET status = 'confirmed', confirmed_at = v.column2 FROM (VALUES " +
                         rows_of("(CAST(? AS BIGINT), ?)", e - b) +
                         ") AS v WHERE topups.id = v.column1 AND topups.id IN " + placeholders(e - b));
      for (std::size_t i = b; i < e; ++i) q.bind(id_dates[i].first).bind(id_dates[i].second);
      for (std::size_t i = b; i < e; ++i) q.bind(id_dates[i].first);
      q.run();
    });
  }

  void record_usages(const std::vector<CardUsage>& usages) override {
    in_chunks(usages.size(), [&](std::size_t b, std::size_t e) {
      {
        Query q(conn_,
                "UPDATE sims SET data_used_mb = COALESCE(CAST(v.column2 AS BIGINT), "
                "sims.data_used_mb), reported_at = v.column3 FROM (VALUES " +
                    rows_of("(?, ?, ?)", e - b) + ") AS v WHERE sims.iccid = v.column1" + kByKey +
                    placeholders(e - b));
        for (std::size_t i = b; i < e; ++i) {
          const CardUsage& u = usages[i];
          q.bind(u.iccid);
          q.bind(u.data_used_mb ? std::optional<std::int64_t>(*u.data_used_mb) : std::nullopt);
          q.bind(u.date);
        }
        for (std::size_t i = b; i < e; ++i) q.bind(usages[i].iccid);
        q.run();
      }
      std::size_t with_figure = 0;
      for (std::size_t i = b; i < e; ++i) with_figure += usages[i].data_used_mb.has_value();
      if (with_figure == 0) return;
      Query q(conn_,
              "INSERT INTO line_usage (iccid, month, data_used_mb) VALUES " +
                  rows_of("(?, ?, ?)", with_figure) +
                  " ON CONFLICT (iccid, month) DO UPDATE SET data_used_mb = CASE WHEN "
                  "excluded.data_used_mb > line_usage.data_used_mb THEN excluded.data_used_mb "
                  "ELSE line_usage.data_used_mb END");
      for (std::size_t i = b; i < e; ++i) {
        const CardUsage& u = usages[i];
        if (!u.data_used_mb) continue;
        q.bind(u.iccid).bind(u.date.substr(0, 7)).bind(static_cast<std::int64_t>(*u.data_used_mb));
      }
      q.run();
    });
  }

  void set_msisdn(std::string_view iccid, const std::optional<std::string>& msisdn) override {
    Query q(conn_, "UPDATE sims SET msisdn = ? WHERE iccid = ?");
    q.bind(msisdn).bind(iccid).run();
  }

  std::optional<HandoverRecord> open_handover_of_card(std::string_view iccid) override {
    Query q(conn_, "SELECT " + kHandoverColumns + " WHERE h.iccid = ? AND h.taken_back_at IS NULL");
    q.bind(iccid);
    return first_row(q, read_handover);
  }

  std::int64_t insert_topup(const TopupRecord& t) override {
    Query q(conn_,
            "INSERT INTO topups (handover_id, iccid, programme_id, structure_id, operator_id, "
            "cost_cents, validity_days, status, requested_at, requested_by, decided_at, "
            "decided_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(t.handover_id).bind(t.iccid).bind(t.programme_id).bind(t.structure_id);
    q.bind(t.operator_id).bind(t.cost_cents).bind(t.validity_days).bind(t.status);
    q.bind(t.requested_at).bind(t.requested_by).bind(t.decided_at).bind(t.decided_by);
    return returning_id(q);
  }

  std::optional<TopupRecord> topup(std::int64_t id) override {
    Query q(conn_, "SELECT " + kTopupColumns + " FROM" + kTopupFrom + " WHERE t.id = ?");
    q.bind(id);
    return first_row(q, read_topup);
  }

  Page<TopupRecord> topups(const TopupQuery& query) override {
    std::string where = " WHERE 1 = 1";
    if (query.structure_id) where += " AND t.structure_id = ?";
    if (query.programme_id) where += " AND t.programme_id = ?";
    if (query.operator_id) where += " AND t.operator_id = ?";
    if (query.status) where += " AND t.status = ?";
    if (query.iccid) where += " AND t.iccid = ?";
    auto bind = [&](Query& q) {
      if (query.structure_id) q.bind(*query.structure_id);
      if (query.programme_id) q.bind(*query.programme_id);
      if (query.operator_id) q.bind(*query.operator_id);
      if (query.status) q.bind(*query.status);
      if (query.iccid) q.bind(*query.iccid);
    };
    return id_page<TopupRecord>(conn_, kTopupFrom + where,
                                "SELECT " + kTopupColumns + " FROM" + kTopupFrom + where, "t.id",
                                true, bind, read_topup, query.after, query.limit);
  }

  std::int64_t topup_cents(std::int64_t programme_id, bool with_requested) override {
    Query q(conn_, std::string("SELECT COALESCE(SUM(cost_cents), 0) FROM topups WHERE "
                               "programme_id = ? AND status IN ('approved', 'confirmed'") +
                       (with_requested ? ", 'requested')" : ")"));
    q.bind(programme_id);
    q.step();
    return q.i64(0);
  }

  bool decide_topup(std::int64_t id, std::string_view status, std::string_view at,
                    std::optional<std::int64_t> by) override {
    Query q(conn_,
            "UPDATE topups SET status = ?, decided_at = ?, decided_by = ? "
            "WHERE id = ? AND status = 'requested'");
    q.bind(status).bind(at).bind(by).bind(id).run();
    return q.changes() == 1;
  }

  bool confirmed_on(std::string_view iccid, std::string_view date) override {
    Query q(conn_,
            "SELECT 1 FROM topups WHERE iccid = ? AND status = 'confirmed' AND confirmed_at = ?");
    q.bind(iccid).bind(date);
    return q.step();
  }

  std::vector<HandoverRecord> lines_to_top_up(std::int64_t programme_id) override {
    Query q(conn_, "SELECT " + kHandoverColumns + kToTopUp + " ORDER BY h.id");
    q.bind(programme_id).bind(sim_state_name(SimState::kActive));
    return all_rows(q, read_handover);
  }

  std::int64_t count_lines_to_top_up(std::int64_t programme_id) override {
    Query q(conn_, "SELECT COUNT(*)" + kHandoverFrom + kToTopUp);
    q.bind(programme_id).bind(sim_state_name(SimState::kActive));
    q.step();
    return q.i64(0);
  }

  std::int64_t insert_incident(const LineIncidentRecord& i) override {
    Query q(conn_,
            "INSERT INTO line_incidents (handover_id, iccid, resident_id, structure_id, "
            "operator_id, kind, status, declared_at, declared_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(i.handover_id).bind(i.iccid).bind(i.resident_id).bind(i.structure_id);
    q.bind(i.operator_id).bind(i.kind).bind(i.status).bind(i.declared_at).bind(i.declared_by);
    return returning_id(q);
  }

  std::optional<LineIncidentRecord> incident(std::int64_t id) override {
    Query q(conn_, "SELECT " + kIncidentColumns + " FROM" + kIncidentFrom + " WHERE i.id = ?");
    q.bind(id);
    return first_row(q, read_incident);
  }

  Page<LineIncidentRecord> incidents(const LineIncidentQuery& query) override {
    std::string where = " WHERE 1 = 1";
    if (query.structure_id) where += " AND i.structure_id = ?";
    if (query.operator_id) where += " AND i.operator_id = ?";
    if (query.resident_id) where += " AND i.resident_id = ?";
    if (query.status) where += " AND i.status = ?";
    if (query.open_only) where += " AND i.status <> 'replaced'";
    auto bind = [&](Query& q) {
      if (query.structure_id) q.bind(*query.structure_id);
      if (query.operator_id) q.bind(*query.operator_id);
      if (query.resident_id) q.bind(*query.resident_id);
      if (query.status) q.bind(*query.status);
    };
    return id_page<LineIncidentRecord>(
        conn_, kIncidentFrom + where, "SELECT " + kIncidentColumns + " FROM" + kIncidentFrom + where,
        "i.id", true, bind, read_incident, query.after, query.limit);
  }

  void update_incident(const LineIncidentRecord& i) override {
    Query q(conn_,
            "UPDATE line_incidents SET status = ?, block_requested_at = ?, "
            "block_requested_by = ?, blocked_at = ?, replacement_mode = ?, "
            "replacement_iccid = ?, replacement_handover_id = ?, replaced_at = ?, "
            "replaced_by = ?, swapped_at = ? WHERE id = ?");
    q.bind(i.status).bind(i.block_requested_at).bind(i.block_requested_by).bind(i.blocked_at);
    q.bind(i.replacement_mode).bind(i.replacement_iccid).bind(i.replacement_handover_id);
    q.bind(i.replaced_at).bind(i.replaced_by).bind(i.swapped_at).bind(i.id).run();
  }

  std::optional<LineIncidentRecord> open_incident_of_card(std::string_view iccid) override {
    Query q(conn_, "SELECT " + kIncidentColumns + " FROM" + kIncidentFrom +
                       " WHERE i.iccid = ? AND i.status <> 'replaced'");
    q.bind(iccid);
    return first_row(q, read_incident);
  }

  std::optional<LineIncidentRecord> incident_replaced_by(std::string_view iccid) override {
    Query q(conn_, "SELECT " + kIncidentColumns + " FROM" + kIncidentFrom +
                       " WHERE i.replacement_iccid = ? ORDER BY i.id DESC LIMIT 1");
    q.bind(iccid);
    return first_row(q, read_incident);
  }

  bool was_blocked(std::string_view iccid) override {
    Query q(conn_, "SELECT 1 FROM line_incidents WHERE iccid = ? AND blocked_at IS NOT NULL");
    q.bind(iccid);
    return q.step();
  }

  std::int64_t insert_follow_up(const FollowUpRecord& f) override {
    Query q(conn_,
            "INSERT INTO follow_ups (resident_id, handover_id, structure_id, programme_id, "
            "recorded_at, recorded_by, language, answers, uses, still_used, satisfaction, "
            "testimony) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(f.resident_id).bind(f.handover_id).bind(f.structure_id).bind(f.programme_id);
    q.bind(f.recorded_at).bind(f.recorded_by).bind(f.language).bind(f.answers);
    q.bind(join_words(f.uses));
    q.bind(f.still_used ? std::optional<std::int64_t>(*f.still_used ? 1 : 0) : std::nullopt);
    q.bind(f.satisfaction ? std::optional<std::int64_t>(*f.satisfaction) : std::nullopt);
    q.bind(f.testimony);
    return returning_id(q);
  }

  std::vector<FollowUpRecord> follow_ups_of(std::int64_t resident_id) override {
    Query q(conn_, "SELECT " + kFollowUpColumns + " WHERE f.resident_id = ? ORDER BY f.id");
    q.bind(resident_id);
    return all_rows(q, read_follow_up);
  }

  bool has_follow_up(std::int64_t handover_id) override {
    Query q(conn_, "SELECT 1 FROM follow_ups WHERE handover_id = ?");
    q.bind(handover_id);
    return q.step();
  }

  void clear_testimonies(std::int64_t resident_id) override {
    Query q(conn_, "UPDATE follow_ups SET testimony = NULL WHERE resident_id = ?");
    q.bind(resident_id).run();
  }

  Page<LineRow> lines(const LineQuery& query) override {
    std::string where = " WHERE h.taken_back_at IS NULL";
    if (query.structure_id) where += " AND h.structure_id = ?";
    if (query.programme_id) where += " AND h.programme_id = ?";
    if (query.filter == "not_active") {
      where += " AND s.state = ? AND h.handed_over_at < ?";
    } else if (query.filter == "ending") {
      where += " AND s.state" + states_in(kLineWorking.size()) + " AND h.ends_at > ? AND h.ends_at <= ?";
    } else if (query.filter == "ended") {
      // A line never activated is followed as not active, whatever its provisional end.
      where += " AND ((h.ends_at <= ? AND h.activated_at IS NOT NULL) OR s.state" +
               states_in(kLineOver.size()) + ")";
    }
    auto bind = [&](Query& q) {
      if (query.structure_id) q.bind(*query.structure_id);
      if (query.programme_id) q.bind(*query.programme_id);
      if (query.filter == "not_active") {
        q.bind(sim_state_name(SimState::kHandedOver)).bind(query.not_active_before);
      } else if (query.filter == "ending") {
        bind_states(q, kLineWorking);
        q.bind(query.at).bind(query.ending_before);
      } else if (query.filter == "ended") {
        q.bind(query.at);
        bind_states(q, kLineOver);
      }
    };
    const std::string from = kHandoverFrom +
                             " JOIN residents r ON r.id = h.resident_id "
                             "JOIN organisations o ON o.id = h.structure_id";
    return id_page<LineRow>(
        conn_, from.substr(std::string(" FROM ").size()) + where,
        "SELECT " + kHandoverFields + ", r.pseudonym, o.name, s.state, s.data_used_mb" + from +
            where,
        "h.id", false, bind,
        [](Query& q) {
          LineRow row;
          row.line = read_handover(q);
          row.pseudonym = q.text(17);
          row.structure_name = q.text(18);
          row.state = read_state<SimState>(q, 19);
          row.data_used_mb = q.opt_i64(20);
          row.id = row.line.id;
          return row;
        },
        query.after, query.limit);
  }

  std::vector<UsageMonth> usage_by_month(const std::optional<std::int64_t>& structure_id) override {
    // A line is counted with the structure that handed it over (a card's usage follows it).
    std::string sql =
        "SELECT u.month, COUNT(*), SUM(CASE WHEN u.data_used_mb > 0 THEN 1 ELSE 0 END), "
        "SUM(u.data_used_mb) FROM line_usage u";
    if (structure_id) {
      sql += " WHERE EXISTS (SELECT 1 FROM handovers h WHERE h.iccid = u.iccid AND "
             "h.structure_id = ?)";
    }
    sql += " GROUP BY u.month ORDER BY u.month DESC LIMIT 12";
    Query q(conn_, sql);
    if (structure_id) q.bind(*structure_id);
    std::vector<UsageMonth> out;
    while (q.step()) out.push_back({q.text(0), q.i64(1), q.i64(2), q.i64(3)});
    return out;
  }

  std::int64_t rebuild_todo(const TodoScope& scope, const TodoThresholds& t) override {
    // The scope, on the line (h) or the incident (i) of each kind.
    auto only = [&](const char* alias) {
      std::string where;
      if (scope.structure_id) where += std::string(" AND ") + alias + ".structure_id = ?";
      if (scope.resident_id) where += std::string(" AND ") + alias + ".resident_id = ?";
      return where;
    };
    auto bind_scope = [&](Query& q) {
      if (scope.structure_id) q.bind(*scope.structure_id);
      if (scope.resident_id) q.bind(*scope.resident_id);
    };
    {
      std::string del = "DELETE FROM todo_items WHERE 1 = 1" + only("todo_items");
      Query q(conn_, del);
      bind_scope(q);
      q.run();
    }
    static const std::string kInsert =
        "INSERT INTO todo_items (structure_id, kind, resident_id, handover_id, incident_id, "
        "iccid, due_at, detail, built_at) ";
    std::int64_t built = 0;
    {  // handed over long enough ago and still not active
      Query q(conn_, kInsert +
                         "SELECT h.structure_id, 'activation_late', h.resident_id, h.id, NULL, "
                         "h.iccid, h.handed_over_at, '', ? FROM handovers h JOIN sims s ON "
                         "s.iccid = h.iccid WHERE h.taken_back_at IS NULL AND s.state = ? AND "
                         "h.handed_over_at < ?" + only("h"));
      q.bind(t.at).bind(sim_state_name(SimState::kHandedOver)).bind(t.not_active_before);
      bind_scope(q);
      q.run();
      built += q.changes();
    }
    {  // working and ending soon, no top-up under way
      Query q(conn_, kInsert +
                         "SELECT h.structure_id, 'line_ending', h.resident_id, h.id, NULL, "
                         "h.iccid, h.ends_at, '', ? FROM handovers h JOIN sims s ON "
                         "s.iccid = h.iccid WHERE h.taken_back_at IS NULL AND s.state" +
                         states_in(kLineWorking.size()) +
                         " AND h.ends_at > ? AND h.ends_at <= ? AND NOT EXISTS (SELECT 1 FROM "
                         "topups u WHERE u.handover_id = h.id AND u.status IN ('requested', "
                         "'approved'))" + only("h"));
      q.bind(t.at);
      bind_states(q, kLineWorking);
      q.bind(t.at).bind(t.ending_before);
      bind_scope(q);
      q.run();
      built += q.changes();
    }
    for (const auto& [programme, before] : t.follow_up_before) {
      // consented to the follow-up, long enough ago, not asked yet
      Query q(conn_, kInsert +
                         "SELECT h.structure_id, 'follow_up_due', h.resident_id, h.id, NULL, "
                         "h.iccid, h.handed_over_at, '', ? FROM handovers h JOIN residents r ON "
                         "r.id = h.resident_id WHERE h.programme_id = ? AND "
                         "h.taken_back_at IS NULL AND r.erased_at IS NULL AND "
                         "h.handed_over_at < ? AND EXISTS (SELECT 1 FROM consents c WHERE "
                         "c.resident_id = r.id AND c.purpose = 'follow_up' AND "
                         "c.status = 'given') AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE "
                         "f.handover_id = h.id)" + only("h"));
      q.bind(t.at).bind(programme).bind(before);
      bind_scope(q);
      q.run();
      built += q.changes();
    }
    {  // incidents not settled
      Query q(conn_, kInsert +
                         "SELECT i.structure_id, 'incident_waiting', i.resident_id, "
                         "i.handover_id, i.id, i.iccid, i.declared_at, i.status, ? FROM "
                         "line_incidents i WHERE i.status <> 'replaced'" + only("i"));
      q.bind(t.at);
      bind_scope(q);
      q.run();
      built += q.changes();
    }
    return built;
  }

  std::vector<TodoItemRecord> todo(std::int64_t structure_id) override {
    Query q(conn_,
            "SELECT t.id, t.structure_id, t.kind, t.resident_id, t.handover_id, t.incident_id, "
            "t.iccid, t.due_at, t.detail, t.built_at, COALESCE(r.pseudonym, ''), o.name "
            "FROM todo_items t JOIN organisations o ON o.id = t.structure_id "
            "LEFT JOIN residents r ON r.id = t.resident_id WHERE t.structure_id = ? "
            "ORDER BY t.kind, t.due_at, t.id");
    q.bind(structure_id);
    std::vector<TodoItemRecord> out;
    while (q.step()) {
      TodoItemRecord t;
      t.id = q.i64(0);
      t.structure_id = q.i64(1);
      t.kind = q.text(2);
      t.resident_id = q.opt_i64(3);
      t.handover_id = q.opt_i64(4);
      t.incident_id = q.opt_i64(5);
      t.iccid = q.opt_text(6);
      t.due_at = q.text(7);
      t.detail = q.text(8);
      t.built_at = q.text(9);
      t.pseudonym = q.text(10);
      t.structure_name = q.text(11);
      out.push_back(std::move(t));
    }
    return out;
  }

  std::map<std::int64_t, std::map<std::string, std::int64_t>> todo_counts() override {
    Query q(conn_, "SELECT structure_id, kind, COUNT(*) FROM todo_items GROUP BY structure_id, kind");
    std::map<std::int64_t, std::map<std::string, std::int64_t>> out;
    while (q.step()) out[q.i64(0)][q.text(1)] = q.i64(2);
    return out;
  }

 private:
  Connection& conn_;
};

}  // namespace

std::unique_ptr<Lines> make_lines(Connection& conn) { return std::make_unique<SqlLines>(conn); }

}  // namespace relais::store::sql
