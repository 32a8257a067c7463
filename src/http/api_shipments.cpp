// API routes of shipping and delivery (issue 5): carriers, shipments, the structure's delivery
// confirmation, and the incidents its discrepancies open.
#include <boost/json.hpp>

#include "app/shipments.hpp"
#include "core/error.hpp"
#include "core/incident.hpp"
#include "core/packing.hpp"
#include "core/shipment.hpp"
#include "http/api.hpp"
#include "http/api_support.hpp"

namespace relais::http {
namespace json = boost::json;

namespace {

void write_carrier(JsonWriter& w, const CarrierRecord& c) {
  w.begin_object().key("code").value(c.code).key("name").value(c.name);
  w.key("tracking_url").value(c.tracking_url);
  w.key("parcel_price_cents").value(c.parcel_price_cents).end_object();
}

void write_parcel(JsonWriter& w, const PackingOrderRecord& o) {
  w.begin_object().key("id").value(o.id).key("reference").value(packing_reference(o.id));
  w.key("state").value(packing_order_state_name(o.state)).key("structure_id").value(o.structure_id);
  w.key("structure_name").value(o.structure.name).key("total").value(o.total);
  // The confirmation page's address, as in the QR code: only those who may see the parcel
  // (its structure, its sender, the coordinator) read a shipment.
  w.key("delivery_token").value(o.delivery_token);
  w.key("delivered_at").value(o.delivered_at).end_object();
}

void write_shipment(JsonWriter& w, const app::ShipmentView& v) {
  const auto& s = v.shipment;
  w.begin_object().key("id").value(s.id).key("carrier").value(s.carrier);
  w.key("carrier_name").value(s.carrier_name).key("tracking_number").value(s.tracking_number);
  w.key("tracking_url").value(v.tracking_url).key("state").value(shipment_state_name(s.state));
  w.key("logistics_id").value(s.logistics_id).key("logistics_name").value(s.logistics_name);
  w.key("created_by").value(s.created_by).key("created_by_name").value(s.created_by_name);
  w.key("created_at").value(s.created_at);
  w.key("shipped_at").value(s.shipped_at).key("closed_at").value(s.closed_at);
  w.key("parcels").begin_array();
  for (const auto& o : v.parcels) write_parcel(w, o);
  w.end_array().end_object();
}

void write_incident(JsonWriter& w, const IncidentRecord& i) {
  w.begin_object().key("id").value(i.id).key("kind").value(incident_kind_name(i.kind));
  w.key("iccid").value(i.iccid);
  w.key("packing_order_id").value(i.packing_order_id);
  w.key("reference").value(packing_reference(i.packing_order_id));
  w.key("structure_id").value(i.structure_id).key("structure_name").value(i.structure_name);
  w.key("state").value(incident_state_name(i.state)).key("resolution").value(i.resolution);
  w.key("note").value(i.note);
  w.key("created_by").value(i.created_by).key("created_by_name").value(i.created_by_name);
  w.key("created_at").value(i.created_at);
  w.key("resolved_by").value(i.resolved_by).key("resolved_by_name").value(i.resolved_by_name);
  w.key("resolved_at").value(i.resolved_at);
  w.end_object();
}

void write_delivery(JsonWriter& w, const app::DeliveryView& v) {
  const auto& o = v.order;
  w.begin_object().key("reference").value(packing_reference(o.id));
  w.key("state").value(packing_order_state_name(o.state));
  w.key("structure_id").value(o.structure_id).key("structure_name").value(o.structure.name);
  w.key("logistics_name").value(o.logistics_name).key("total").value(o.total);
  w.key("delivered_at").value(o.delivered_at).key("delivered_by").value(o.delivered_by);
  w.key("delivered_by_name").value(o.delivered_by_name);
  w.key("sims").begin_array();
  for (const auto& c : v.cards) {
    w.begin_object().key("iccid").value(c.iccid).key("state").value(sim_state_name(c.state)).end_object();
  }
  w.end_array().key("incidents").begin_array();
  for (const auto& i : v.incidents) write_incident(w, i);
  w.end_array().end_object();
}

std::vector<std::string> string_list(const json::object& body, const char* key) {
  std::vector<std::string> out;
  auto* v = body.if_contains(key);
  if (!v || !v->is_array()) {
    throw Error::validation({field_error(key, v ? json::serialize(*v) : "", "not_a_list")});
  }
  for (const auto& item : v->as_array()) {
    if (!item.is_string()) {
      throw Error::validation({field_error(key, json::serialize(item), "not_a_string")});
    }
    out.emplace_back(item.as_string());
  }
  return out;
}

}  // namespace

void add_shipment_routes(Router& router, store::Store& store, const ApiOptions&) {
  auto authed = [&store](auto handler) { return with_caller(store, std::move(handler)); };

  router.add("GET", "/api/v1/carriers", authed([&store](Request&, Caller& c) {
               JsonWriter w;
               w.begin_object().key("items").begin_array();
               for (const auto& x : app::list_carriers(store, c.actor)) write_carrier(w, x);
               return json_response(200, w.end_array().end_object().take());
             }));

  router.add("PUT", "/api/v1/carriers/{code}", authed([&store](Request& req, Caller& c) {
               json::object body = parse_object(req);
               CarrierRecord carrier{req.params.at("code"), string_field(body, "name"),
                                     string_field(body, "tracking_url"), 0};
               if (auto* v = body.if_contains("parcel_price_cents"); v && !v->is_null()) {
                 if (!v->is_int64()) {
                   throw Error::validation(
                       {field_error("parcel_price_cents", "", "not_a_number")});
                 }
                 carrier.parcel_price_cents = v->as_int64();
               }
               return item_response(200, app::put_carrier(store, c.actor, carrier), write_carrier);
             }));

  router.add("POST", "/api/v1/shipments", authed([&store](Request& req, Caller& c) {
               json::object body = parse_object(req);
               std::vector<std::int64_t> ids;
               auto* v = body.if_contains("packing_order_ids");
               if (v && v->is_array()) {
                 for (const auto& item : v->as_array()) {
                   if (!item.is_int64()) {
                     throw Error::validation(
                         {field_error("packing_order_ids", json::serialize(item), "not_a_number")});
                   }
                   ids.push_back(item.as_int64());
                 }
               }
               auto s = app::create_shipment(store, c.actor, string_field(body, "carrier"),
                                             string_field(body, "tracking_number"), ids);
               Response r = item_response(201, s, write_shipment);
               r.set("Location", "/api/v1/shipments/" + std::to_string(s.shipment.id));
               return r;
             }));

  router.add("GET", "/api/v1/shipments", authed([&store](Request& req, Caller& c) {
               app::ShipmentFilter f{req.query_param("state"), req.query_param("limit"),
                                     req.query_param("cursor")};
               return page_response(app::list_shipments(store, c.actor, f), write_shipment);
             }));

  router.add("GET", "/api/v1/shipments/{id}", authed([&store](Request& req, Caller& c) {
               return item_response(
                   200, app::get_shipment(store, c.actor, id_param(req, "entity.shipment")),
                   write_shipment);
             }));

  router.add(
      "POST", "/api/v1/shipments/{id}/transitions", authed([&store](Request& req, Caller& c) {
        json::object body = parse_object(req);
        auto s = app::apply_shipment_transition(store, c.actor, id_param(req, "entity.shipment"),
                                                string_field(body, "transition"),
                                                string_field(body, "reason"));
        return item_response(200, s, write_shipment);
      }));

  router.add("GET", "/api/v1/deliveries/{token}", authed([&store](Request& req, Caller& c) {
               return item_response(200, app::get_delivery(store, c.actor, req.params.at("token")),
                                    write_delivery);
             }));

  router.add(
      "POST", "/api/v1/deliveries/{token}", authed([&store](Request& req, Caller& c) {
        json::object body = parse_object(req);
        std::optional<long long> count;
        std::optional<std::vector<std::string>> iccids;
        if (auto* v = body.if_contains("count"); v && !v->is_null()) {
          if (!v->is_int64()) {
            throw Error::validation({field_error("count", json::serialize(*v), "not_a_number")});
          }
          count = v->as_int64();
        }
        if (body.contains("iccids")) iccids = string_list(body, "iccids");
        return item_response(
            200, app::confirm_delivery(store, c.actor, req.params.at("token"), count, iccids),
            write_delivery);
      }));

  router.add("GET", "/api/v1/incidents", authed([&store](Request& req, Caller& c) {
               app::IncidentFilter f{req.query_param("state"), req.query_param("limit"),
                                     req.query_param("cursor")};
               return page_response(app::list_incidents(store, c.actor, f), write_incident);
             }));

  router.add(
      "POST", "/api/v1/incidents/{id}/resolve", authed([&store](Request& req, Caller& c) {
        json::object body = parse_object(req);
        return item_response(
            200,
            app::resolve_incident(store, c.actor, id_param(req, "entity.incident"),
                                  string_field(body, "resolution"), string_field(body, "note")),
            write_incident);
      }));
}

}  // namespace relais::http
