#include "app/packing.hpp"
#include "store/store.hpp"

#include <sodium.h>

#include <algorithm>

#include "app/audit.hpp"
#include "app/clock.hpp"
#include "app/pagination.hpp"
#include "app/sims.hpp"
#include "core/authorization.hpp"
#include "core/cursor.hpp"
#include "core/error.hpp"
#include "core/packing.hpp"
#include "core/sim_identifiers.hpp"
#include "core/sim_lifecycle.hpp"
#include "core/utf8.hpp"

namespace relais::app {
namespace {

void require(const Actor& actor, Action action) {
  if (!allowed(actor.role, action)) throw Error(ErrorKind::kForbidden, "forbidden");
}

[[noreturn]] void order_not_found() {
  throw Error(ErrorKind::kNotFound, "not_found", {"entity.packing_order"});
}

bool may_read(const Actor& actor, const PackingOrderRecord& o) {
  switch (actor.role) {
    case Role::kCoordinator:
      return true;
    case Role::kLogistics:
      return o.logistics_id == actor.organisation_id;
    case Role::kStructure:
      return o.structure_id == actor.organisation_id;
    default:
      return false;
  }
}

PackingOrderRecord load(store::Transaction& tx, const Actor& actor, std::int64_t id) {
  require(actor, Action::kReadParcels);
  auto o = tx.packing().packing_order(id);
  if (!o || !may_read(actor, *o)) order_not_found();
  return *o;
}

// Packing is the logistics partner's work on its own orders (and the coordinator's).
PackingOrderRecord load_for_packing(store::Transaction& tx, const Actor& actor,
                                           std::int64_t id) {
  auto o = load(tx, actor, id);
  require(actor, Action::kPack);
  if (o.state != PackingOrderState::kOpen) {
    throw Error(ErrorKind::kConflict, "order_not_open",
                {std::string(packing_order_state_name(o.state))});
  }
  return o;
}

std::string random_token() {
  unsigned char bytes[18];
  randombytes_buf(bytes, sizeof bytes);
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

// The delivery token (the QR code's) goes to the structure the parcel is for, the only one who
// may confirm its delivery: its home then opens the confirmation without the paper.
void keep_token_for_recipient(const Actor& actor, PackingOrderRecord& o) {
  if (actor.role == Role::kStructure && actor.organisation_id == o.structure_id) {
    o.recipient_token = o.delivery_token;
  }
}

// Moves a card one named step and keeps the record in step for the next.
void step(store::Transaction& tx, const Actor& actor, SimRecord& sim,
          std::string_view transition, const std::string& reason, const std::string& at) {
  move_sim(tx, actor, sim, transition, sim.holder_id, reason, at);
  sim.state = *next_sim_state(sim.state, transition);
}

}  // namespace

PreparedOrders create_packing_orders(store::Store& store, const Actor& actor,
                                     std::optional<std::int64_t> logistics_id) {
  require(actor, Action::kPrepareParcels);
  auto tx = store.begin(store::Mode::kWrite);
  std::int64_t logistics = 0;
  if (logistics_id) {
    auto o = tx->accounts().organisation(*logistics_id);
    if (!o || o->kind != Role::kLogistics) {
      throw Error::validation({field_error("logistics_id", std::to_string(*logistics_id),
                                           "unknown_logistics")});
    }
    logistics = o->id;
  } else {
    store::OrganisationQuery q;
    q.kind = Role::kLogistics;
    q.limit = 2;
    auto found = tx->accounts().organisations(q).items;
    if (found.size() != 1) {
      throw Error::validation({field_error("logistics_id", "", "logistics_to_choose")});
    }
    logistics = found[0].id;
  }
  const std::string now = now_iso();
  PreparedOrders prepared;
  for (const auto& demand : tx->packing().unpacked_demand()) {
    store::PackingOrderQuery open;
    open.structure_id = demand.structure_id;
    open.logistics_id = logistics;
    open.state = PackingOrderState::kOpen;
    open.limit = 1;
    auto still_open = tx->packing().packing_orders(open).items;
    if (!still_open.empty()) {
      // Its parcel is still being packed: the new cards join it (its packing list, printed
      // again, lists them), and the leaflets of the new requests' languages too.
      PackingOrderRecord o = std::move(still_open.front());
      for (const auto& code : demand.leaflet_languages) {
        if (std::find(o.leaflet_languages.begin(), o.leaflet_languages.end(), code) ==
            o.leaflet_languages.end()) {
          o.leaflet_languages.push_back(code);
        }
      }
      o.updated_at = now;
      tx->packing().update_packing_order(o);
      tx->packing().assign_cards_to_order(demand.structure_id, o.id);
      append_audit(*tx, actor, "packing_order.fill", "packing_order", o.id,
                   packing_reference(o.id) + ": " + std::to_string(demand.cards) +
                       " more cards for structure " + std::to_string(demand.structure_id));
      prepared.filled.push_back(*tx->packing().packing_order(o.id));
      continue;
    }
    PackingOrderRecord o;
    o.structure_id = demand.structure_id;
    o.logistics_id = logistics;
    o.leaflet_languages = demand.leaflet_languages;
    o.state = PackingOrderState::kOpen;
    o.delivery_token = random_token();
    o.created_at = o.updated_at = now;
    o.id = tx->packing().insert_packing_order(o);
    tx->packing().assign_cards_to_order(demand.structure_id, o.id);
    append_audit(*tx, actor, "packing_order.create", "packing_order", o.id,
                 packing_reference(o.id) + ": " + std::to_string(demand.cards) +
                     " cards for structure " + std::to_string(demand.structure_id));
    prepared.made.push_back(*tx->packing().packing_order(o.id));
  }
  tx->commit();
  return prepared;
}

Page<PackingOrderRecord> list_packing_orders(store::Store& store, const Actor& actor,
                                                           const PackingFilter& filter) {
  require(actor, Action::kReadParcels);
  store::PackingOrderQuery q;
  q.limit = parse_limit(filter.limit);
  q.after = parse_cursor(filter.cursor);
  if (filter.state) {
    q.state = parse_packing_order_state(*filter.state);
    if (!q.state) throw Error(ErrorKind::kBadRequest, "bad_parameter", {"state", *filter.state});
  }
  if (actor.role == Role::kLogistics) q.logistics_id = actor.organisation_id;
  if (actor.role == Role::kStructure) q.structure_id = actor.organisation_id;
  auto tx = store.begin(store::Mode::kRead);
  auto page = tx->packing().packing_orders(q);
  for (auto& o : page.items) keep_token_for_recipient(actor, o);
  return page;
}

PackingOrderView get_packing_order(store::Store& store, const Actor& actor, std::int64_t id) {
  auto tx = store.begin(store::Mode::kRead);
  PackingOrderView v;
  v.order = load(*tx, actor, id);
  keep_token_for_recipient(actor, v.order);
  v.cards = tx->packing().cards_of_order(id);
  return v;
}

ScanResult scan_card(store::Store& store, const Actor& actor, std::int64_t order_id,
                     const std::string& scanned) {
  auto tx = store.begin(store::Mode::kWrite);
  auto order = load_for_packing(*tx, actor, order_id);
  const std::string now = now_iso();
  // What was read, kept short (64 bytes, cut on a character boundary) for the record.
  std::string_view raw = trim_spaces(scanned);
  if (raw.size() > 64) {
    std::size_t cut = 64;
    while (cut > 0 && (static_cast<unsigned char>(raw[cut]) & 0xC0) == 0x80) --cut;
    raw = raw.substr(0, cut);
  }
  auto iccid = canonical_iccid(raw);
  std::optional<SimRecord> sim;
  if (iccid) sim = tx->cards().sim(*iccid);
  std::optional<ScannedCard> card;
  if (sim) card = ScannedCard{sim->state, sim->packing_order_id};
  const std::string outcome(scan_outcome(order_id, iccid.has_value(), card));
  tx->packing().insert_packing_scan({order_id, std::string(raw), iccid, outcome, actor.email, now});
  if (outcome != "packed") {
    // The wrong scan stays recorded; the answer says what is wrong with it: what was read is
    // no ICCID at all (422, to read again), or the card cannot go into this parcel (409).
    tx->commit();
    throw Error(outcome == "scan_invalid" ? ErrorKind::kUnprocessable : ErrorKind::kConflict,
                outcome, {std::string(raw)});
  }
  step(*tx, actor, *sim, "pack", packing_reference(order_id), now);
  append_audit(*tx, actor, "packing_order.scan", "packing_order", order_id,
               packing_reference(order_id) + ": " + *iccid + " packed");
  order.updated_at = now;
  tx->packing().update_packing_order(order);
  ScanResult r{*tx->packing().packing_order(order_id), *iccid};
  tx->commit();
  return r;
}

PackingOrderRecord close_packing_order(store::Store& store, const Actor& actor,
                                              std::int64_t order_id) {
  auto tx = store.begin(store::Mode::kWrite);
  auto order = load_for_packing(*tx, actor, order_id);
  if (order.total == 0 || order.packed < order.total) {
    throw Error(ErrorKind::kConflict, "order_incomplete",
                {std::to_string(order.packed), std::to_string(order.total)});
  }
  const std::string now = now_iso();
  // Open, as load_for_packing made sure: closed, the parcel is packed.
  order.state = *next_packing_order_state(order.state, "close");
  order.packed_at = now;
  order.updated_at = now;
  tx->packing().update_packing_order(order);
  append_audit(*tx, actor, "packing_order.close", "packing_order", order.id,
               packing_reference(order.id) + ": " + std::to_string(order.total) + " cards packed");
  auto saved = *tx->packing().packing_order(order_id);
  tx->commit();
  return saved;
}

std::string replace_defective_card(store::Store& store, const Actor& actor,
                                   std::int64_t order_id, const std::string& scanned) {
  auto tx = store.begin(store::Mode::kWrite);
  load_for_packing(*tx, actor, order_id);
  auto iccid = canonical_iccid(trim_spaces(scanned));
  std::optional<SimRecord> sim;
  if (iccid) sim = tx->cards().sim(*iccid);
  if (!sim || sim->packing_order_id != order_id ||
      (sim->state != SimState::kReserved && sim->state != SimState::kPacked)) {
    throw Error(ErrorKind::kConflict, "not_in_order", {trim_spaces(scanned).empty() ? "" : std::string(trim_spaces(scanned))});
  }
  const std::string now = now_iso();
  if (!sim->request_id) throw Error(ErrorKind::kConflict, "not_in_order", {sim->iccid});
  const std::int64_t request_id = *sim->request_id;
  auto spare = tx->cards().in_stock_cards(sim->plan_id, 1);
  if (spare.empty()) throw Error(ErrorKind::kConflict, "no_stock", {sim->plan_code});
  // The defective card leaves the parcel; the spare takes its place for the same request.
  step(*tx, actor, *sim, "declare_defective", packing_reference(order_id), now);
  tx->cards().set_card_destination(sim->iccid, std::nullopt, std::nullopt);
  spare[0].request_id = request_id;
  if (tx->cards().reserve_sims(spare, now, actor.is_system() ? std::nullopt : std::optional(actor.user_id),
                       actor.email) != 1) {
    throw Error(ErrorKind::kConflict, "no_stock", {sim->plan_code});
  }
  tx->cards().add_state_count(spare[0].batch_id, SimState::kInStock, -1);
  tx->cards().add_state_count(spare[0].batch_id, SimState::kReserved, 1);
  tx->cards().set_card_destination(spare[0].iccid, request_id, order_id);
  append_audit(*tx, actor, "packing_order.replace", "packing_order", order_id,
               packing_reference(order_id) + ": " + sim->iccid + " defective, replaced by " +
                   spare[0].iccid);
  tx->commit();
  return spare[0].iccid;
}

}  // namespace relais::app
