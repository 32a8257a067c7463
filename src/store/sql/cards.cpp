#include "store/sql/cards.hpp"

#include "core/request_lifecycle.hpp"
#include "store/sql/rows.hpp"

namespace relais::store::sql {

std::vector<RefusedCard> SqlCards::insert_sims(const std::vector<SimRecord>& cards) {
  static const std::string insert =
      "INSERT INTO sims (iccid, msisdn, imsi, puk_sealed, batch_id, state, holder_id, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
  std::vector<RefusedCard> refused;
  // A batch import runs this a million times: one statement run again for each card, whose
  // strings outlive its step, so they are bound without copies.
  Query q(conn_, insert);
  for (std::size_t i = 0; i < cards.size(); ++i) {
    const SimRecord& r = cards[i];
    q.again();
    q.bind_static(r.iccid);
    if (r.msisdn.empty()) {
      q.bind(std::optional<std::string>());  // given at activation
    } else {
      q.bind_static(r.msisdn);
    }
    q.bind_static(r.imsi).bind_blob(r.puk_sealed, true);
    q.bind(r.batch_id).bind_constant(sim_state_name(r.state)).bind(r.holder_id);
    q.bind_static(r.updated_at).run();
    if (q.changes() == 1) continue;
    Query by_iccid(conn_, "SELECT batch_id FROM sims WHERE iccid = ?");
    by_iccid.bind(r.iccid);
    if (by_iccid.step()) {
      refused.push_back({i, RefusedCard::Why::kIccidTaken, by_iccid.i64(0)});
      continue;
    }
    Query by_msisdn(conn_, "SELECT batch_id FROM sims WHERE msisdn = ?");
    by_msisdn.bind(r.msisdn);
    refused.push_back(
        {i, RefusedCard::Why::kMsisdnTaken, by_msisdn.step() ? by_msisdn.i64(0) : 0});
  }
  return refused;
}

std::optional<SimRecord> SqlCards::sim(std::string_view iccid) {
  Query q(conn_, std::string("SELECT ") + kSimColumns + " WHERE s.iccid = ?");
  q.bind(iccid);
  if (!q.step()) return std::nullopt;
  return read_sim(q);
}

Page<SimRecord> SqlCards::sims(const SimQuery& query) {
  std::string where = " WHERE 1 = 1";
  // Every lookup of a search goes through an index: the whole key, a range of keys for a start,
  // the number's last four digits then the rest (migration 007: of cards out of stock only, so
  // that a batch arrives without touching that index; a card still in stock is in a box at the
  // warehouse, found by its ICCID, printed and scanned, or its whole number).
  const char* tail_msisdn =
      conn_.dialect() == Dialect::kPostgres ? "right(s.msisdn, 4)" : "substr(s.msisdn, -4)";
  if (query.search) {
    const CardSearch& f = *query.search;
    std::vector<std::string> any;
    if (f.iccid) any.push_back("s.iccid = ?");
    if (f.msisdn) any.push_back("s.msisdn = ?");
    if (f.iccid_prefix) any.push_back("(s.iccid >= ? AND s.iccid < ?)");
    if (f.msisdn_prefix) any.push_back("(s.msisdn >= ? AND s.msisdn < ?)");
    if (f.suffix) {
      any.push_back(std::string("(") + tail_msisdn + " = ? AND s.msisdn LIKE ? ESCAPE '\\' AND s.state <> " +
                    state_literal(SimState::kInStock) + ")");
    }
    where += " AND (";
    for (std::size_t i = 0; i < any.size(); ++i) where += (i ? " OR " : "") + any[i];
    where += ")";
  }
  if (query.state) {
    where += " AND s.state = ?";
    // Lets the engine use the partial index of cards out of stock (see 002_sims.sql).
    if (*query.state != SimState::kInStock) {
      where += " AND s.state <> " + state_literal(SimState::kInStock);
    }
  }
  if (query.plan_id) where += " AND b.plan_id = ?";
  if (query.batch_id) where += " AND s.batch_id = ?";
  if (query.holder_id) where += " AND s.holder_id = ?";
  if (query.operator_id) where += " AND b.operator_id = ?";
  auto bind_filters = [&](Query& q) {
    if (query.search) {
      const CardSearch& f = *query.search;
      if (f.iccid) q.bind(*f.iccid);
      if (f.msisdn) q.bind(*f.msisdn);
      // Keys are digits and '+': every key starting with the prefix sorts below prefix + '~'.
      if (f.iccid_prefix) q.bind(*f.iccid_prefix).bind(*f.iccid_prefix + "~");
      if (f.msisdn_prefix) q.bind(*f.msisdn_prefix).bind(*f.msisdn_prefix + "~");
      if (f.suffix) {
        const std::string tail = f.suffix->substr(f.suffix->size() - kCardSuffixIndexed);
        std::string ending = like_pattern(*f.suffix);  // "%digits%"...
        ending.pop_back();                              // ..."%digits": ends with them
        q.bind(tail).bind(ending);
      }
    }
    if (query.state) q.bind(sim_state_name(*query.state));
    if (query.plan_id) q.bind(*query.plan_id);
    if (query.batch_id) q.bind(*query.batch_id);
    if (query.holder_id) q.bind(*query.holder_id);
    if (query.operator_id) q.bind(*query.operator_id);
  };
  Page<SimRecord> page;
  if (!query.search && !query.holder_id) {
    // Filtered by state, plan, batch or operator only: the total is the counters' (kept in the
    // same transaction as every move, rule 1), a few rows instead of every card.
    std::string counted =
        "SELECT COALESCE(SUM(c.count), 0) FROM sim_state_counts c "
        "JOIN sim_batches b ON b.id = c.batch_id WHERE 1 = 1";
    if (query.state) counted += " AND c.state = ?";
    if (query.plan_id) counted += " AND b.plan_id = ?";
    if (query.batch_id) counted += " AND c.batch_id = ?";
    if (query.operator_id) counted += " AND b.operator_id = ?";
    Query q(conn_, counted);
    if (query.state) q.bind(sim_state_name(*query.state));
    if (query.plan_id) q.bind(*query.plan_id);
    if (query.batch_id) q.bind(*query.batch_id);
    if (query.operator_id) q.bind(*query.operator_id);
    q.step();
    page.total = q.i64(0);
  } else {
    Query q(conn_, "SELECT COUNT(*) FROM sims s JOIN sim_batches b ON b.id = s.batch_id" + where);
    bind_filters(q);
    q.step();
    page.total = q.i64(0);
  }
  std::string sql = std::string("SELECT ") + kSimColumns + where;
  if (query.after) sql += " AND s.iccid > ?";
  sql += " ORDER BY s.iccid LIMIT ?";
  Query q(conn_, sql);
  bind_filters(q);
  if (query.after) q.bind(query.after->key);
  q.bind(query.limit + 1);
  while (q.step()) page.items.push_back(read_sim(q));
  if (static_cast<int>(page.items.size()) > query.limit) {
    page.items.pop_back();
    page.next = Cursor{page.items.back().iccid, 1};
  }
  return page;
}

void SqlCards::update_sim_state(std::string_view iccid, SimState state,
                                std::optional<std::int64_t> holder_id, std::string_view at) {
  Query q(conn_, "UPDATE sims SET state = ?, holder_id = ?, updated_at = ? WHERE iccid = ?");
  q.bind(sim_state_name(state)).bind(holder_id).bind(at).bind(iccid).run();
}

void SqlCards::insert_sim_event(const SimEventRecord& e) {
  static const std::string sql =
      "INSERT INTO sim_events (iccid, at, actor_user_id, actor, transition, from_state, "
      "to_state, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  Query q(conn_, sql);
  q.bind(e.iccid).bind(e.at).bind(e.actor_user_id).bind(e.actor).bind(e.transition);
  q.bind(e.from_state).bind(e.to_state).bind(e.reason).run();
}

std::vector<SimEventRecord> SqlCards::sim_events(std::string_view iccid) {
  static const std::string sql =
      "SELECT id, iccid, at, actor_user_id, actor, transition, from_state, to_state, reason, " +
      user_name_of("actor") + " FROM sim_events WHERE iccid = ? ORDER BY id";
  Query q(conn_, sql);
  q.bind(iccid);
  std::vector<SimEventRecord> out;
  while (q.step()) {
    out.push_back({q.i64(0), q.text(1), q.text(2), q.opt_i64(3), q.text(4), q.text(5), q.text(6),
                   q.text(7), q.text(8), q.opt_text(9)});
  }
  return out;
}

void add_state_count(Connection& conn, std::int64_t batch_id, SimState state, std::int64_t delta) {
  // Two steps: the row to insert must itself pass CHECK (count >= 0) before any upsert.
  {
    Query q(conn,
            "INSERT INTO sim_state_counts (batch_id, state, count) VALUES (?, ?, 0) "
            "ON CONFLICT (batch_id, state) DO NOTHING");
    q.bind(batch_id).bind(sim_state_name(state)).run();
  }
  Query q(conn, "UPDATE sim_state_counts SET count = count + ? WHERE batch_id = ? AND state = ?");
  q.bind(delta).bind(batch_id).bind(sim_state_name(state)).run();
}

void SqlCards::add_state_count(std::int64_t batch_id, SimState state, std::int64_t delta) {
  sql::add_state_count(conn_, batch_id, state, delta);
}

std::vector<StateCount> SqlCards::state_counts() {
  return read_counts(
      "SELECT batch_id, state, count FROM sim_state_counts WHERE count <> 0 "
      "ORDER BY batch_id, state");
}

std::vector<StateCount> SqlCards::counted_states() {
  return read_counts(
      "SELECT batch_id, state, COUNT(*) FROM sims GROUP BY batch_id, state "
      "ORDER BY batch_id, state");
}

std::vector<StateCount> SqlCards::read_counts(const std::string& sql) {
  Query q(conn_, sql);
  std::vector<StateCount> out;
  while (q.step()) out.push_back({q.i64(0), read_state<SimState>(q, 1), q.i64(2)});
  return out;
}

std::int64_t SqlCards::cards_held_by(std::int64_t structure_id) {
  Query q(conn_, "SELECT COUNT(*) FROM sims WHERE holder_id = ? AND state = ?");
  q.bind(structure_id).bind(sim_state_name(SimState::kAtStructure));
  q.step();
  return q.i64(0);
}

std::int64_t SqlCards::cards_coming_to(std::int64_t structure_id, std::int64_t except) {
  static const std::string sql =
      "SELECT (SELECT COUNT(*) FROM sims s JOIN requests r ON r.id = s.request_id "
      "        WHERE r.structure_id = ? AND r.id <> ? AND s.state IN " +
      placeholders(kSimStatesOnTheWay.size()) +
      ") + (SELECT COALESCE(SUM(COALESCE(approved_quantity, quantity)), 0) FROM requests "
      "     WHERE structure_id = ? AND id <> ? AND allocated IS NULL AND state IN " +
      placeholders(std::size(kRequestStatesWaiting)) + ")";
  Query q(conn_, sql);
  q.bind(structure_id).bind(except);
  bind_states(q, kSimStatesOnTheWay);
  q.bind(structure_id).bind(except);
  bind_states(q, kRequestStatesWaiting);
  q.step();
  return q.i64(0);
}

std::vector<std::pair<std::int64_t, std::int64_t>> SqlCards::in_stock_by_plan() {
  Query q(conn_,
          "SELECT b.plan_id, SUM(c.count) FROM sim_state_counts c "
          "JOIN sim_batches b ON b.id = c.batch_id WHERE c.state = ? "
          "GROUP BY b.plan_id ORDER BY b.plan_id");
  q.bind(sim_state_name(SimState::kInStock));
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  while (q.step()) out.emplace_back(q.i64(0), q.i64(1));
  return out;
}

std::vector<std::int64_t> SqlCards::batches_of_plan(std::int64_t plan_id) {
  std::vector<std::int64_t> batches;
  Query q(conn_, "SELECT id FROM sim_batches WHERE plan_id = ? ORDER BY received_at, id");
  q.bind(plan_id);
  while (q.step()) batches.push_back(q.i64(0));
  return batches;
}

std::vector<Reservation> SqlCards::in_stock_cards(std::int64_t plan_id, std::int64_t limit) {
  std::vector<Reservation> out;
  for (std::int64_t batch : batches_of_plan(plan_id)) {
    if (static_cast<std::int64_t>(out.size()) >= limit) break;
    Query q(conn_,
            "SELECT iccid FROM sims WHERE batch_id = ? AND state = ? ORDER BY iccid LIMIT ?");
    q.bind(batch).bind(sim_state_name(SimState::kInStock));
    q.bind(limit - static_cast<std::int64_t>(out.size()));
    while (q.step()) out.push_back({q.text(0), batch, 0, 0});
  }
  return out;
}

void SqlCards::insert_reserve_events(std::string_view at,
                                     std::optional<std::int64_t> actor_user_id,
                                     std::string_view actor) {
  const SimTransition& reserve = *find_sim_transition("reserve");
  Query q(conn_,
          "INSERT INTO sim_events (iccid, at, actor_user_id, actor, transition, from_state, "
          "to_state, reason) SELECT r.iccid, ?, ?, ?, ?, ?, ?, '#' || r.request_id "
          "FROM reservations r ORDER BY r.seq");
  q.bind(at).bind(actor_user_id).bind(actor).bind(reserve.name);
  q.bind(sim_state_name(reserve.from.front())).bind(sim_state_name(reserve.to)).run();
}

std::vector<Reservation> SqlCards::reserved_for(std::int64_t request_id) {
  Query q(conn_,
          "SELECT iccid, batch_id FROM sims WHERE request_id = ? AND state = ? ORDER BY iccid");
  q.bind(request_id).bind(sim_state_name(SimState::kReserved));
  std::vector<Reservation> out;
  while (q.step()) out.push_back({q.text(0), q.i64(1), request_id});
  return out;
}

std::int64_t SqlCards::count_cards_of_request(std::int64_t request_id, SimState state) {
  Query q(conn_, "SELECT COUNT(*) FROM sims WHERE request_id = ? AND state = ?");
  q.bind(request_id).bind(sim_state_name(state));
  q.step();
  return q.i64(0);
}

void SqlCards::release_sim(std::string_view iccid, std::string_view at) {
  const SimTransition& release = *find_sim_transition("release");
  Query q(conn_,
          "UPDATE sims SET state = ?, request_id = NULL, packing_order_id = NULL, "
          "updated_at = ? WHERE iccid = ? AND state = ?");
  q.bind(sim_state_name(release.to)).bind(at).bind(iccid);
  q.bind(sim_state_name(release.from.front())).run();
}

void SqlCards::set_card_destination(std::string_view iccid, std::optional<std::int64_t> request_id,
                                    std::optional<std::int64_t> packing_order_id) {
  Query q(conn_, "UPDATE sims SET request_id = ?, packing_order_id = ? WHERE iccid = ?");
  q.bind(request_id).bind(packing_order_id).bind(iccid).run();
}

}  // namespace relais::store::sql
