// API routes of packing (issue 5): packing orders, the station's scans, closing a parcel,
// replacing a defective card, and the PDF documents of a parcel.
#include <boost/json.hpp>

#include "app/documents.hpp"
#include "app/packing.hpp"
#include "core/error.hpp"
#include "core/needs.hpp"
#include "core/packing.hpp"
#include "http/api.hpp"
#include "http/api_support.hpp"

namespace relais::http {
namespace json = boost::json;

namespace {

void write_order_fields(JsonWriter& w, const PackingOrderRecord& o) {
  w.key("id").value(o.id).key("reference").value(packing_reference(o.id));
  w.key("state").value(packing_order_state_name(o.state)).key("structure_id").value(o.structure_id);
  w.key("structure_name").value(o.structure.name).key("address").value(o.structure.address);
  w.key("postcode").value(o.structure.postcode).key("commune").value(o.structure.commune);
  w.key("department").value(o.structure.department);
  w.key("logistics_id").value(o.logistics_id).key("logistics_name").value(o.logistics_name);
  w.key("leaflet_languages");
  write_words(w, o.leaflet_languages);
  w.key("total").value(o.total).key("packed").value(o.packed);
  w.key("created_at").value(o.created_at).key("packed_at").value(o.packed_at);
  w.key("shipment_id").value(o.shipment_id).key("delivered_at").value(o.delivered_at);
  w.key("updated_at").value(o.updated_at).key("delivery_token").value(o.recipient_token);
}

void write_order(JsonWriter& w, const PackingOrderRecord& o) {
  w.begin_object();
  write_order_fields(w, o);
  w.end_object();
}

void write_order_view(JsonWriter& w, const app::PackingOrderView& v) {
  w.begin_object();
  write_order_fields(w, v.order);
  // The cards by ICCID and state: what packing needs, nothing about anyone.
  w.key("sims").begin_array();
  for (const auto& s : v.cards) {
    w.begin_object().key("iccid").value(s.iccid).key("state").value(sim_state_name(s.state)).end_object();
  }
  w.end_array().end_object();
}

std::string iccid_field(const Request& req) {
  json::object body = parse_object(req);
  auto* v = body.if_contains("iccid");
  if (!v || !v->is_string() || v->as_string().empty()) {
    throw Error::validation({field_error("iccid", v ? json::serialize(*v) : "", "required")});
  }
  return std::string(v->as_string());
}

}  // namespace

void add_packing_routes(Router& router, store::Store& store, const ApiOptions& options) {
  auto authed = [&store](auto handler) { return with_caller(store, std::move(handler)); };
  // Where the QR code of a parcel points: the configured public address, else this server as
  // the client reached it.
  auto site = [options](const Request& req) { return public_site(options.public_url, req); };

  router.add("POST", "/api/v1/packing-orders", authed([&store](Request& req, Caller& c) {
               std::optional<std::int64_t> logistics;
               if (!req.body.empty()) {
                 json::object body = parse_object(req);
                 if (auto* v = body.if_contains("logistics_id"); v && !v->is_null()) {
                   if (!v->is_int64()) {
                     throw Error::validation(
                         {field_error("logistics_id", json::serialize(*v), "not_a_number")});
                   }
                   logistics = v->as_int64();
                 }
               }
               auto prepared = app::create_packing_orders(store, c.actor, logistics);
               JsonWriter w;
               w.begin_object().key("items").begin_array();
               for (const auto& o : prepared.made) write_order(w, o);
               w.end_array().key("filled").begin_array();
               for (const auto& o : prepared.filled) write_order(w, o);
               return json_response(prepared.made.empty() ? 200 : 201,
                                    w.end_array().end_object().take());
             }));

  router.add("GET", "/api/v1/packing-orders", authed([&store](Request& req, Caller& c) {
               app::PackingFilter f{req.query_param("state"), req.query_param("limit"),
                                    req.query_param("cursor")};
               return page_response(app::list_packing_orders(store, c.actor, f), write_order);
             }));

  router.add("GET", "/api/v1/packing-orders/{id}", authed([&store](Request& req, Caller& c) {
               auto v =
                   app::get_packing_order(store, c.actor, id_param(req, "entity.packing_order"));
               return item_response(200, v, write_order_view);
             }));

  router.add("POST", "/api/v1/packing-orders/{id}/scans", authed([&store](Request& req, Caller& c) {
               auto r = app::scan_card(store, c.actor, id_param(req, "entity.packing_order"),
                                       iccid_field(req));
               JsonWriter w;
               w.begin_object().key("iccid").value(r.iccid).key("outcome").value("packed");
               w.key("order");
               write_order(w, r.order);
               return json_response(200, w.end_object().take());
             }));

  router.add("POST", "/api/v1/packing-orders/{id}/close", authed([&store](Request& req, Caller& c) {
               auto o =
                   app::close_packing_order(store, c.actor, id_param(req, "entity.packing_order"));
               return item_response(200, o, write_order);
             }));

  router.add("POST", "/api/v1/packing-orders/{id}/replacements",
             authed([&store](Request& req, Caller& c) {
               const std::string defective = iccid_field(req);
               const auto id = id_param(req, "entity.packing_order");
               auto replacement = app::replace_defective_card(store, c.actor, id, defective);
               JsonWriter w;
               w.begin_object().key("replacement").value(replacement).end_object();
               return json_response(200, w.take());
             }));

  // The documents in the reader's language (?lang= from the web app's links), their file
  // names too.
  router.add("GET", "/api/v1/packing-orders/{id}/packing-list.pdf",
             authed([&store, site](Request& req, Caller& c) {
               const auto id = id_param(req, "entity.packing_order");
               const Lang lang = request_lang(req);
               return pdf_response(app::packing_list_pdf(store, c.actor, id, site(req), lang),
                                   packing_reference(id) + (lang == Lang::kEn ? "-packing-list.pdf"
                                                                              : "-bordereau.pdf"));
             }),
             Router::Cost::kSlow);

  router.add("GET", "/api/v1/packing-orders/{id}/label.pdf",
             authed([&store, site](Request& req, Caller& c) {
               const auto id = id_param(req, "entity.packing_order");
               const Lang lang = request_lang(req);
               return pdf_response(app::shipping_label_pdf(store, c.actor, id, site(req), lang),
                                   packing_reference(id) +
                                       (lang == Lang::kEn ? "-label.pdf" : "-etiquette.pdf"));
             }),
             Router::Cost::kSlow);
}

}  // namespace relais::http
