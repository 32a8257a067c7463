// What the SQL of every part shares: list columns kept as words, LIKE patterns, states bound
// and read by their names from core, keyset pages, and the row readers used by several parts.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/incident.hpp"
#include "core/organisation.hpp"
#include "core/packing.hpp"
#include "core/records/cards.hpp"
#include "core/records/page.hpp"
#include "core/records/residents.hpp"
#include "core/request_lifecycle.hpp"
#include "core/shipment.hpp"
#include "core/sim_lifecycle.hpp"
#include "store/sql/db.hpp"

namespace relais::store::sql {

// Lists of codes are kept in one column as space-separated words ('fr ar prs').
std::string join_words(const std::vector<std::string>& words);
std::vector<std::string> split_words(const std::string& text);

// A LIKE pattern matching `text` anywhere, its wildcards escaped (ESCAPE '\').
std::string like_pattern(std::string_view text);

// How core names each family of states (and an incident's kind): the name and parse functions
// of its header, and what to call it in an error. One binder, one literal and one reader below
// serve every family.
template <typename State>
struct StateNames;
template <>
struct StateNames<SimState> {
  static constexpr auto name = sim_state_name;
  static constexpr auto parse = parse_sim_state;
  static constexpr const char* kWhat = "SIM state";
};
template <>
struct StateNames<RequestState> {
  static constexpr auto name = request_state_name;
  static constexpr auto parse = parse_request_state;
  static constexpr const char* kWhat = "request state";
};
template <>
struct StateNames<PackingOrderState> {
  static constexpr auto name = packing_order_state_name;
  static constexpr auto parse = parse_packing_order_state;
  static constexpr const char* kWhat = "packing order state";
};
template <>
struct StateNames<ShipmentState> {
  static constexpr auto name = shipment_state_name;
  static constexpr auto parse = parse_shipment_state;
  static constexpr const char* kWhat = "shipment state";
};
template <>
struct StateNames<IncidentState> {
  static constexpr auto name = incident_state_name;
  static constexpr auto parse = parse_incident_state;
  static constexpr const char* kWhat = "incident state";
};
template <>
struct StateNames<IncidentKind> {
  static constexpr auto name = incident_kind_name;
  static constexpr auto parse = parse_incident_kind;
  static constexpr const char* kWhat = "incident kind";
};

// "(?, ?, ?)" for a list of n values, and the binding of state names in that order: the
// groups of states come from core, never written in SQL.
std::string placeholders(std::size_t n);
template <typename State, std::size_t N>
void bind_states(Query& q, const std::array<State, N>& states) {
  for (State s : states) q.bind(StateNames<State>::name(s));
}
void bind_names(Query& q, std::span<const std::string_view> names);

// 'reserved': a state's name from core as an SQL literal, where a parameter cannot go.
template <typename State>
std::string state_literal(State state) {
  return "'" + std::string(StateNames<State>::name(state)) + "'";
}

// The name of the user whose e-mail address is in `column` (NULL when no user has it: the
// system, an operator's report): people are named where they are shown, not by their address.
inline std::string user_name_of(std::string_view column) {
  return "(SELECT un.name FROM users un WHERE un.email = " + std::string(column) + ")";
}

// The name of the user whose id is in `column`.
std::string name_of_user(const char* column);

// A line handed to a resident: "SELECT " + kHandoverColumns + " WHERE ...", that is its
// fields (17 columns, read by read_handover), then its FROM (h, g its programme, s its card).
extern const std::string kHandoverFields;
extern const std::string kHandoverFrom;
extern const std::string kHandoverColumns;
HandoverRecord read_handover(Query& q);

// Adds `delta` to the count of `batch_id`'s cards in `state` (a card's move, or many at once).
void add_state_count(Connection& conn, std::int64_t batch_id, SimState state, std::int64_t delta);

// The first row of `q` as `read` reads it, or nothing; every row of `q`.
template <typename Read>
auto first_row(Query& q, Read read) -> std::optional<decltype(read(q))> {
  if (!q.step()) return std::nullopt;
  return read(q);
}
template <typename Read>
auto all_rows(Query& q, Read read) -> std::vector<decltype(read(q))> {
  std::vector<decltype(read(q))> out;
  while (q.step()) out.push_back(read(q));
  return out;
}

// The state named in column `col`; a name core does not know is the database's error.
[[noreturn]] void unknown_state(const char* what, const std::string& name);
template <typename State>
State read_state(Query& q, int col) {
  std::string name = q.text(col);
  auto state = StateNames<State>::parse(name);
  if (!state) unknown_state(StateNames<State>::kWhat, name);
  return *state;
}

// The columns of an organisation, as read by read_organisation from column `at` on.
extern const char* const kOrganisationColumns;
Organisation read_organisation(Query& q, int at = 0);

// A card with its batch, plan and holder: "SELECT " + kSimColumns + " WHERE ...".
extern const char* const kSimColumns;
SimRecord read_sim(Query& q);

// One page of a list ordered by its integer id (ascending, or descending for newest first):
// the count of every matching row, then `limit` rows after the cursor, the cursor of the next
// page when more follow. `count_from` and `select` both end with the same WHERE clause, whose
// parameters `bind` binds.
template <typename T, typename Bind, typename Read>
Page<T> id_page(Connection& conn, const std::string& count_from, const std::string& select,
                const char* id_column, bool descending, Bind bind, Read read,
                const std::optional<Cursor>& after, int limit) {
  Page<T> page;
  {
    Query q(conn, "SELECT COUNT(*) FROM " + count_from);
    bind(q);
    q.step();
    page.total = q.i64(0);
  }
  std::string sql = select;
  if (after) sql += std::string(" AND ") + id_column + (descending ? " < ?" : " > ?");
  sql += std::string(" ORDER BY ") + id_column + (descending ? " DESC" : "") + " LIMIT ?";
  Query q(conn, sql);
  bind(q);
  if (after) q.bind(after->id);
  q.bind(limit + 1);
  while (q.step()) page.items.push_back(read(q));
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next = Cursor{"", page.items.back().id};
  }
  return page;
}

}  // namespace relais::store::sql
