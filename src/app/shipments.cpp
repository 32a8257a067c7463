#include "app/shipments.hpp"
#include "store/store.hpp"

#include <algorithm>

#include "app/audit.hpp"
#include "app/clock.hpp"
#include "app/pagination.hpp"
#include "app/sims.hpp"
#include "core/authorization.hpp"
#include "core/error.hpp"
#include "core/incident.hpp"
#include "core/messages.hpp"
#include "core/packing.hpp"
#include "core/request_lifecycle.hpp"
#include "core/shipment.hpp"
#include "core/sim_identifiers.hpp"
#include "core/sim_lifecycle.hpp"
#include "core/utf8.hpp"

namespace relais::app {
namespace {

// A shipment's parcels are read in one page (kMaxLimit): never more in one shipment.
constexpr std::size_t kMaxParcelsPerShipment = 200;

void require(const Actor& actor, Action action) {
  if (!allowed(actor.role, action)) throw Error(ErrorKind::kForbidden, "forbidden");
}

// Moves every card of a parcel that is in `from` one named step.
void move_cards(store::Transaction& tx, const Actor& actor, std::int64_t order_id,
                SimState from, std::string_view transition,
                std::optional<std::int64_t> holder, const std::string& reason,
                const std::string& at) {
  for (auto& sim : tx.packing().cards_of_order(order_id)) {
    if (sim.state != from) continue;
    move_sim(tx, actor, sim, transition, holder, reason, at);
  }
}

bool may_read_shipment(store::Transaction& tx, const Actor& actor, const ShipmentRecord& s) {
  switch (actor.role) {
    case Role::kCoordinator:
      return true;
    case Role::kLogistics:
      return s.logistics_id == actor.organisation_id;
    case Role::kStructure: {
      store::PackingOrderQuery q;
      q.shipment_id = s.id;
      q.structure_id = actor.organisation_id;
      q.limit = 1;
      return !tx.packing().packing_orders(q).items.empty();
    }
    default:
      return false;
  }
}

ShipmentView view_of(store::Transaction& tx, const Actor& actor, ShipmentRecord s) {
  ShipmentView v;
  v.tracking_url = tracking_url(s.carrier_tracking_url, s.tracking_number);
  store::PackingOrderQuery q;
  q.shipment_id = s.id;
  q.limit = kMaxLimit;
  // A structure sees its own parcels of a shipment, not the other structures'.
  if (actor.role == Role::kStructure) q.structure_id = actor.organisation_id;
  v.parcels = tx.packing().packing_orders(q).items;
  v.shipment = std::move(s);
  return v;
}

ShipmentRecord load_shipment(store::Transaction& tx, const Actor& actor, std::int64_t id) {
  require(actor, Action::kReadParcels);
  auto s = tx.shipments().shipment(id);
  if (!s || !may_read_shipment(tx, actor, *s)) {
    throw Error(ErrorKind::kNotFound, "not_found", {"entity.shipment"});
  }
  return *s;
}

PackingOrderRecord load_delivery(store::Transaction& tx, const Actor& actor,
                                        const std::string& token) {
  require(actor, Action::kReadParcels);
  auto o = tx.packing().packing_order_by_token(token);
  const bool mine = o && (actor.role == Role::kCoordinator ||
                          (actor.role == Role::kStructure &&
                           o->structure_id == actor.organisation_id));
  if (!mine) throw Error(ErrorKind::kNotFound, "not_found", {"entity.packing_order"});
  return *o;
}

DeliveryView delivery_view(store::Transaction& tx, PackingOrderRecord o) {
  DeliveryView v;
  v.cards = tx.packing().cards_of_order(o.id);
  store::IncidentQuery q;
  q.packing_order_id = o.id;
  q.limit = kMaxLimit;
  v.incidents = tx.shipments().incidents(q).items;
  v.order = std::move(o);
  return v;
}

// Requests of the structure whose cards have all arrived are served; their referrals too.
void fulfil_delivered(store::Transaction& tx, const Actor& actor, std::int64_t structure_id,
                      const std::string& at) {
  for (std::int64_t id : tx.requests().requests_all_delivered(structure_id)) {
    auto r = *tx.requests().request(id);
    const RequestState from = r.state;
    r.state = *next_request_state(r.state, "fulfil");
    r.updated_at = at;
    tx.requests().update_request(r);
    tx.requests().insert_request_event({0, r.id, at, actor.email, "fulfil", from, r.state, ""});
    append_audit(tx, actor, "request.fulfil", "request", r.id,
                 std::string(request_state_name(from)) + " -> " +
                     std::string(request_state_name(r.state)) + " (every card delivered)");
    for (auto& f : tx.requests().referrals_of_request(r.id)) {
      if (f.status != "included") continue;
      f.status = "served";
      f.updated_at = at;
      tx.requests().update_referral_status(f);
    }
  }
}

// When the last parcel of a shipment has been confirmed, the shipment is delivered.
void close_shipment_if_delivered(store::Transaction& tx, const Actor& actor,
                                 std::int64_t shipment_id, const std::string& at) {
  store::PackingOrderQuery q;
  q.shipment_id = shipment_id;
  q.limit = kMaxLimit;
  auto parcels = tx.packing().packing_orders(q).items;
  const bool all = std::all_of(parcels.begin(), parcels.end(), [](const auto& o) {
    return o.state == PackingOrderState::kDelivered;
  });
  if (!all) return;
  auto s = *tx.shipments().shipment(shipment_id);
  const ShipmentTransition& deliver = shipment_delivery();
  if (!deliver.leaves(s.state)) return;
  s.state = deliver.to;
  s.closed_at = at;
  s.updated_at = at;
  tx.shipments().update_shipment(s);
  append_audit(tx, actor, "shipment.delivered", "shipment", s.id,
               "every parcel confirmed by its structure");
}

}  // namespace

std::vector<CarrierRecord> list_carriers(store::Store& store, const Actor&) {
  auto tx = store.begin(store::Mode::kRead);
  return tx->shipments().carriers();
}

CarrierRecord put_carrier(store::Store& store, const Actor& actor,
                                 const CarrierRecord& c) {
  require(actor, Action::kManageCarriers);
  std::vector<FieldError> errors;
  if (c.code.empty() || c.code.size() > 20 ||
      !std::all_of(c.code.begin(), c.code.end(), [](char ch) {
        return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
      })) {
    errors.push_back(field_error("code", c.code, "bad_code"));
  }
  if (c.name.empty() || utf8_length(c.name) > 100 ||
      first_invalid_utf8(c.name) != std::string_view::npos) {
    errors.push_back(field_error("name", "", c.name.empty() ? "required" : "too_long", {"100"}));
  }
  if (!(c.tracking_url.starts_with("https://") || c.tracking_url.starts_with("http://")) ||
      !tracking_url(c.tracking_url, "1") || c.tracking_url.size() > 500) {
    errors.push_back(field_error("tracking_url", c.tracking_url, "bad_tracking_url"));
  }
  if (c.parcel_price_cents < 0 || c.parcel_price_cents > 100'000) {
    errors.push_back(field_error("parcel_price_cents", std::to_string(c.parcel_price_cents),
                                 "out_of_range", {"0", "100000"}));
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  auto tx = store.begin(store::Mode::kWrite);
  tx->shipments().put_carrier(c);
  append_audit(*tx, actor, "carrier.put", "carrier", 0, c.code + " " + c.tracking_url);
  tx->commit();
  return c;
}

ShipmentView create_shipment(store::Store& store, const Actor& actor, const std::string& carrier,
                             const std::string& tracking_number_in,
                             const std::vector<std::int64_t>& order_ids) {
  require(actor, Action::kShip);
  auto tx = store.begin(store::Mode::kWrite);
  std::vector<FieldError> errors;
  auto carriers = tx->shipments().carriers();
  if (carrier.empty()) {
    errors.push_back(field_error("carrier", "", "required"));
  } else if (std::none_of(carriers.begin(), carriers.end(),
                          [&](const auto& c) { return c.code == carrier; })) {
    errors.push_back(field_error("carrier", carrier, "unknown_carrier"));
  }
  const std::string tracking(trim_spaces(tracking_number_in));
  if (tracking.empty() || tracking.size() > 64 ||
      first_invalid_utf8(tracking) != std::string_view::npos) {
    errors.push_back(field_error("tracking_number", tracking, tracking.empty() ? "required" : "too_long",
                                 {"64"}));
  }
  if (order_ids.empty()) errors.push_back(field_error("packing_order_ids", "", "required"));
  if (order_ids.size() > kMaxParcelsPerShipment) {
    errors.push_back(field_error("packing_order_ids", std::to_string(order_ids.size()), "too_many",
                                 {std::to_string(kMaxParcelsPerShipment)}));
  }
  std::vector<std::int64_t> ids;
  for (std::int64_t id : order_ids) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  std::vector<PackingOrderRecord> parcels;
  std::optional<std::int64_t> logistics;
  for (std::int64_t id : ids) {
    auto o = tx->packing().packing_order(id);
    const bool visible =
        o && (actor.role == Role::kCoordinator || o->logistics_id == actor.organisation_id);
    if (!visible) {
      errors.push_back(field_error("packing_order_ids", std::to_string(id), "unknown_parcel"));
    } else if (!next_packing_order_state(o->state, "ship") || o->shipment_id) {
      errors.push_back(
          field_error("packing_order_ids", packing_reference(id), "parcel_not_ready",
                      {"packing_state." + std::string(packing_order_state_name(o->state))}));
    } else if (logistics && *logistics != o->logistics_id) {
      errors.push_back(field_error("packing_order_ids", packing_reference(id), "other_sender"));
    } else {
      logistics = o->logistics_id;
      parcels.push_back(*o);
    }
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  const std::string now = now_iso();
  ShipmentRecord s;
  s.carrier = carrier;
  s.tracking_number = tracking;
  s.logistics_id = *logistics;
  s.state = ShipmentState::kPrepared;
  s.created_by = actor.email;
  s.created_at = s.updated_at = now;
  s.id = tx->shipments().insert_shipment(s);
  for (const auto& o : parcels) tx->packing().set_order_shipment(o.id, s.id);
  append_audit(*tx, actor, "shipment.create", "shipment", s.id,
               carrier + " " + tracking + ", " + std::to_string(parcels.size()) +
                   (singular(Lang::kEn, static_cast<long long>(parcels.size())) ? " parcel"
                                                                                : " parcels"));
  auto view = view_of(*tx, actor, *tx->shipments().shipment(s.id));
  tx->commit();
  return view;
}

ShipmentView apply_shipment_transition(store::Store& store, const Actor& actor, std::int64_t id,
                                       const std::string& transition,
                                       const std::string& reason_in) {
  const std::string reason(trim_spaces(reason_in));
  if (utf8_length(reason) > 500 || first_invalid_utf8(reason) != std::string_view::npos) {
    throw Error::validation({field_error("reason", "", "too_long", {"500"})});
  }
  auto tx = store.begin(store::Mode::kWrite);
  auto s = load_shipment(*tx, actor, id);
  if (!find_shipment_transition(transition)) {
    throw Error::validation({field_error("transition", transition, "unknown_transition")});
  }
  require(actor, transition == "declare_lost" ? Action::kDeclareShipmentLost : Action::kShip);
  auto to = next_shipment_state(s.state, transition);
  if (!to) {
    throw Error(ErrorKind::kConflict, "shipment_transition_refused",
                {"shipment_transition." + transition,
                 "shipment_state." + std::string(shipment_state_name(s.state))});
  }
  const std::string now = now_iso();
  const std::string why = "#" + std::to_string(s.id) + " " + s.carrier + " " + s.tracking_number;
  store::PackingOrderQuery q;
  q.shipment_id = s.id;
  q.limit = kMaxLimit;
  for (auto o : tx->packing().packing_orders(q).items) {
    // Each parcel takes the shipment's step (the same name), its cards with it. A parcel already
    // confirmed by its structure is not lost or returned with the shipment: its missing cards
    // are its incidents' business.
    auto parcel_to = next_packing_order_state(o.state, transition);
    if (!parcel_to) continue;
    if (transition == "ship") {
      move_cards(*tx, actor, o.id, SimState::kPacked, "ship", std::nullopt, why, now);
    } else {
      move_cards(*tx, actor, o.id, SimState::kInTransit, transition, std::nullopt,
                 reason.empty() ? why : reason, now);
    }
    o.state = *parcel_to;
    o.updated_at = now;
    tx->packing().update_packing_order(o);
  }
  s.state = *to;
  if (transition == "ship") {
    s.shipped_at = now;
    // The shipping's cost is what the carrier charged when the parcels left.
    for (const auto& c : tx->shipments().carriers()) {
      if (c.code == s.carrier) s.parcel_price_cents = c.parcel_price_cents;
    }
  } else {
    s.closed_at = now;
  }
  s.updated_at = now;
  tx->shipments().update_shipment(s);
  append_audit(*tx, actor, "shipment." + transition, "shipment", s.id,
               why + (reason.empty() ? "" : " (" + reason + ")"));
  auto view = view_of(*tx, actor, *tx->shipments().shipment(id));
  tx->commit();
  return view;
}

Page<ShipmentView> list_shipments(store::Store& store, const Actor& actor,
                                         const ShipmentFilter& filter) {
  require(actor, Action::kReadParcels);
  store::ShipmentQuery q;
  q.limit = parse_limit(filter.limit);
  q.after = parse_cursor(filter.cursor);
  if (filter.state) {
    q.state = parse_shipment_state(*filter.state);
    if (!q.state) throw Error(ErrorKind::kBadRequest, "bad_parameter", {"state", *filter.state});
  }
  if (actor.role == Role::kLogistics) q.logistics_id = actor.organisation_id;
  if (actor.role == Role::kStructure) q.structure_id = actor.organisation_id;
  auto tx = store.begin(store::Mode::kRead);
  auto page = tx->shipments().shipments(q);
  Page<ShipmentView> out;
  out.next = page.next;
  out.total = page.total;
  for (auto& s : page.items) out.items.push_back(view_of(*tx, actor, std::move(s)));
  return out;
}

ShipmentView get_shipment(store::Store& store, const Actor& actor, std::int64_t id) {
  auto tx = store.begin(store::Mode::kRead);
  return view_of(*tx, actor, load_shipment(*tx, actor, id));
}

DeliveryView get_delivery(store::Store& store, const Actor& actor, const std::string& token) {
  auto tx = store.begin(store::Mode::kRead);
  return delivery_view(*tx, load_delivery(*tx, actor, token));
}

DeliveryView confirm_delivery(store::Store& store, const Actor& actor, const std::string& token,
                              std::optional<long long> count,
                              const std::optional<std::vector<std::string>>& iccids) {
  auto tx = store.begin(store::Mode::kWrite);
  auto order = load_delivery(*tx, actor, token);
  require(actor, Action::kConfirmDelivery);
  if (!next_packing_order_state(order.state, "deliver")) {
    throw Error(ErrorKind::kConflict, "parcel_not_in_transit",
                {"packing_state." + std::string(packing_order_state_name(order.state))});
  }
  std::vector<std::string> sent;
  for (const auto& c : tx->packing().cards_of_order(order.id)) {
    if (c.state == SimState::kInTransit) sent.push_back(c.iccid);
  }
  std::vector<std::string> scanned;
  if (iccids) {
    if (iccids->size() > sent.size() + 50) {
      throw Error::validation({field_error("iccids", std::to_string(iccids->size()), "too_many",
                                           {std::to_string(sent.size() + 50)})});
    }
    std::vector<FieldError> errors;
    for (std::size_t i = 0; i < iccids->size(); ++i) {
      auto canonical = canonical_iccid(trim_spaces((*iccids)[i]));
      if (!canonical) {
        errors.push_back(field_error("iccids", (*iccids)[i].substr(0, 64), "bad_iccid"));
      } else {
        scanned.push_back(*canonical);
      }
    }
    if (!errors.empty()) throw Error::validation(std::move(errors));
  } else if (!count) {
    throw Error::validation({field_error("count", "", "required")});
  } else if (*count != static_cast<long long>(sent.size())) {
    // A different count cannot say which cards are missing: the cards must be scanned.
    throw Error::validation({field_error("count", std::to_string(*count), "count_differs",
                                         {std::to_string(sent.size())})});
  } else {
    scanned = sent;
  }
  const auto check = check_delivery(sent, scanned);
  const std::string now = now_iso();
  const std::string why = packing_reference(order.id);
  for (const auto& iccid : check.received) {
    auto sim = *tx->cards().sim(iccid);
    move_sim(*tx, actor, sim, "deliver", order.structure_id, why, now);
  }
  auto open_incident = [&](IncidentKind kind, const std::string& iccid) {
    IncidentRecord i;
    i.kind = kind;
    i.iccid = iccid;
    i.packing_order_id = order.id;
    i.structure_id = order.structure_id;
    i.state = IncidentState::kOpen;
    i.created_by = actor.email;
    i.created_at = now;
    i.id = tx->shipments().insert_incident(i);
    append_audit(*tx, actor, "incident." + std::string(incident_kind_name(kind)), "incident", i.id,
                 why + " " + iccid);
  };
  for (const auto& iccid : check.missing) open_incident(IncidentKind::kMissingSim, iccid);
  for (const auto& iccid : check.unexpected) open_incident(IncidentKind::kUnexpectedSim, iccid);
  tx->packing().set_order_delivered(order.id, now, actor.email);
  append_audit(*tx, actor, "packing_order.deliver", "packing_order", order.id,
               why + ": " + std::to_string(check.received.size()) + " received, " +
                   std::to_string(check.missing.size()) + " missing, " +
                   std::to_string(check.unexpected.size()) + " unexpected");
  if (order.shipment_id) close_shipment_if_delivered(*tx, actor, *order.shipment_id, now);
  fulfil_delivered(*tx, actor, order.structure_id, now);
  auto view = delivery_view(*tx, *tx->packing().packing_order(order.id));
  tx->commit();
  return view;
}

Page<IncidentRecord> list_incidents(store::Store& store, const Actor& actor,
                                                  const IncidentFilter& filter) {
  require(actor, Action::kReadIncidents);
  store::IncidentQuery q;
  q.limit = parse_limit(filter.limit);
  q.after = parse_cursor(filter.cursor);
  if (filter.state) {
    q.state = parse_incident_state(*filter.state);
    if (!q.state) throw Error(ErrorKind::kBadRequest, "bad_parameter", {"state", *filter.state});
  }
  if (actor.role == Role::kStructure) q.structure_id = actor.organisation_id;
  auto tx = store.begin(store::Mode::kRead);
  return tx->shipments().incidents(q);
}

IncidentRecord resolve_incident(store::Store& store, const Actor& actor, std::int64_t id,
                                       const std::string& resolution,
                                       const std::string& note_in) {
  require(actor, Action::kReviewIncidents);
  auto tx = store.begin(store::Mode::kWrite);
  auto i = tx->shipments().incident(id);
  if (!i) throw Error(ErrorKind::kNotFound, "not_found", {"entity.incident"});
  const auto resolved = next_incident_state(i->state, "resolve");
  if (!resolved) throw Error(ErrorKind::kConflict, "incident_resolved");
  const bool missing = i->kind == IncidentKind::kMissingSim;
  auto sim = tx->cards().sim(i->iccid);
  // A missing card that moved since (its shipment declared lost, say) has nothing left to
  // decide: the incident is only set aside.
  const bool moved = missing && (!sim || sim->state != SimState::kInTransit);
  const bool fits = missing && !moved ? (resolution == "lost" || resolution == "found")
                                      : resolution == "set_aside";
  if (!fits) {
    if (moved && (resolution == "lost" || resolution == "found")) {
      throw Error(ErrorKind::kConflict, "incident_card_moved",
                  {sim ? "sim_state." + std::string(sim_state_name(sim->state)) : ""});
    }
    throw Error::validation({field_error("resolution", resolution, "bad_resolution",
                                         {missing && !moved ? "lost, found" : "set_aside"})});
  }
  const std::string note(trim_spaces(note_in));
  if (utf8_length(note) > 500 || first_invalid_utf8(note) != std::string_view::npos) {
    throw Error::validation({field_error("note", "", "too_long", {"500"})});
  }
  const std::string now = now_iso();
  if (missing && !moved) {
    if (resolution == "lost") {
      move_sim(*tx, actor, *sim, "declare_lost", std::nullopt,
               note.empty() ? "#" + std::to_string(i->id) : note, now);
    } else {
      move_sim(*tx, actor, *sim, "deliver", i->structure_id,
               note.empty() ? "#" + std::to_string(i->id) : note, now);
    }
  }
  i->state = *resolved;
  i->resolution = resolution;
  i->note = note;
  i->resolved_by = actor.email;
  i->resolved_at = now;
  tx->shipments().update_incident(*i);
  append_audit(*tx, actor, "incident.resolve", "incident", i->id, i->iccid + " " + resolution);
  fulfil_delivered(*tx, actor, i->structure_id, now);
  auto saved = *tx->shipments().incident(id);
  tx->commit();
  return saved;
}

}  // namespace relais::app
