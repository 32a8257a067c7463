// API routes of residents (issue 11): residents, consents, handovers, the PUK's own endpoint.
#include <boost/json.hpp>

#include "app/resident_documents.hpp"
#include "app/residents.hpp"
#include "core/error.hpp"
#include "http/api.hpp"
#include "http/api_support.hpp"
#include "http/fields.hpp"

namespace relais::http {
namespace {

void write_consent(JsonWriter& w, const ConsentRecord& c) {
  w.begin_object().key("id").value(c.id).key("resident_id").value(c.resident_id);
  w.key("purpose").value(c.purpose).key("method").value(c.method);
  w.key("notice_version").value(c.notice_version).key("notice_language").value(c.notice_language);
  w.key("recorded_by_name").value(c.recorded_by_name).key("witness_name").value(c.witness_name);
  w.key("given_at").value(c.given_at).key("status").value(c.status);
  w.key("status_at").value(c.status_at).key("status_by_name").value(c.status_by_name);
  w.end_object();
}

void write_handover(JsonWriter& w, const HandoverRecord& h) {
  w.begin_object().key("id").value(h.id).key("resident_id").value(h.resident_id);
  w.key("iccid").value(h.iccid);
  w.key("msisdn").value(h.msisdn.empty() ? std::nullopt : std::optional(h.msisdn));
  w.key("programme").value(h.programme_code).key("activated_at").value(h.activated_at);
  w.key("handed_over_at").value(h.handed_over_at);
  w.key("handed_over_by_name").value(h.handed_over_by_name).key("ends_at").value(h.ends_at);
  w.key("replaces_id").value(h.replaces_id).key("taken_back_at").value(h.taken_back_at);
  w.key("taken_back_reason").value(h.taken_back_reason);
  w.key("taken_back_by_name").value(h.taken_back_by_name);
  w.end_object();
}

void write_resident(JsonWriter& w, const app::ResidentView& v) {
  const ResidentRecord& r = v.resident;
  w.begin_object().key("id").value(r.id).key("pseudonym").value(r.pseudonym);
  w.key("structure_id").value(r.structure_id).key("structure_name").value(r.structure_name);
  w.key("referral_id").value(r.referral_id).key("status").value(r.status);
  if (v.limited) {
    w.end_object();
    return;
  }
  w.key("household_size").value(r.household_size).key("children").value(r.children);
  w.key("languages");
  write_words(w, r.languages);
  w.key("needs");
  write_words(w, r.needs);
  // Only the structure reads them; for every other reader the keys are absent.
  if (v.personal) w.key("first_name").value(v.first_name).key("contact").value(v.contact);
  w.key("created_at").value(r.created_at).key("erased_at").value(r.erased_at);
  if (v.detailed) {
    w.key("consents").begin_array();
    for (const auto& c : v.consents) write_consent(w, c);
    w.end_array().key("lines").begin_array();
    for (const auto& h : v.lines) write_handover(w, h);
    w.end_array().key("incidents").begin_array();
    for (const auto& i : v.incidents) write_line_incident(w, i);
    w.end_array().key("topups").begin_array();
    for (const auto& t : v.topups) write_topup(w, t);
    w.end_array().key("follow_ups").begin_array();
    for (const auto& f : v.follow_ups) write_follow_up(w, f);
    w.end_array();
  }
  w.end_object();
}

// What a resident's answers hold (a first name, a contact, a PUK) stays out of every cache.
Response private_answer(Response r) {
  r.set("Cache-Control", "no-store");
  return r;
}

template <typename Handler>
auto kept_private(Handler handler) {
  return [handler](Request& req, Caller& c) { return private_answer(handler(req, c)); };
}

}  // namespace

void add_resident_routes(Router& router, store::Store& store, const ApiOptions& options) {
  auto authed = [&store](auto handler) { return with_caller(store, kept_private(handler)); };
  const app::Sealer& sealer = *options.sealer;

  router.add("POST", "/api/v1/residents", authed([&store, &sealer](Request& req, Caller& c) {
               boost::json::object body = parse_object(req);
               Fields f(body);
               app::ResidentInput in;
               in.household_size = f.number("household_size");
               in.children = f.number("children");
               in.referral_id = f.number("referral_id");
               in.languages = f.words("languages");
               in.needs = f.words("needs");
               in.first_name = f.text("first_name");
               in.contact = f.text("contact");
               // Nationality, legal status, religion, health, full name, identity papers: no
               // field, so refused as unknown like any other.
               f.finish({"household_size", "children", "referral_id", "languages", "needs",
                         "first_name", "contact"});
               auto v = app::create_resident(store, sealer, c.actor, in);
               Response r = item_response(201, v, write_resident);
               r.set("Location", "/api/v1/residents/" + std::to_string(v.resident.id));
               return r;
             }));

  router.add("GET", "/api/v1/residents", authed([&store, &sealer](Request& req, Caller& c) {
               app::ResidentFilter f{req.query_param("status"), req.query_param("limit"),
                                     req.query_param("cursor")};
               return page_response(app::list_residents(store, sealer, c.actor, f),
                                    write_resident);
             }));

  router.add("GET", "/api/v1/residents/summary", authed([&store](Request&, Caller& c) {
               const auto s = app::resident_summary(store, c.actor);
               JsonWriter w;
               w.begin_object().key("cards_on_hand").value(s.cards_on_hand);
               w.key("handed_over_this_week").value(s.handed_over_this_week);
               w.key("waiting_for_line").value(s.waiting_for_line);
               w.key("needs_consent").value(s.needs_consent).key("residents").value(s.residents);
               return json_response(200, w.end_object().take());
             }));

  router.add("GET", "/api/v1/residents/{id}", authed([&store, &sealer](Request& req, Caller& c) {
               auto v = app::get_resident(store, sealer, c.actor, id_param(req, "entity.resident"));
               return item_response(200, v, write_resident);
             }));

  // The documents in the resident's language unless ?lang= names another of the 20.
  router.add("GET", "/api/v1/residents/{id}/leaflet.pdf",
             authed([&store, &sealer](Request& req, Caller& c) {
               const std::int64_t id = id_param(req, "entity.resident");
               return pdf_response(app::leaflet_pdf(store, sealer, c.actor, id, req.query_param("lang")),
                                   "leaflet-" + std::to_string(id) + ".pdf");
             }));

  router.add("GET", "/api/v1/residents/{id}/notice.pdf", authed([&store](Request& req, Caller& c) {
               const std::int64_t id = id_param(req, "entity.resident");
               return pdf_response(app::notice_pdf(store, c.actor, id, req.query_param("lang")),
                                   "notice-" + std::to_string(id) + ".pdf");
             }));

  router.add("GET", "/api/v1/residents/{id}/export",
             authed([&store, &sealer](Request& req, Caller& c) {
               const std::int64_t id = id_param(req, "entity.resident");
               const auto format = req.query_param("format").value_or("json");
               if (format == "pdf") {
                 Response r = pdf_response(
                     app::export_pdf(store, sealer, c.actor, id, req.query_param("lang")),
                     "export-" + std::to_string(id) + ".pdf");
                 r.set("Content-Disposition",
                       "attachment; filename=\"export-" + std::to_string(id) + ".pdf\"");
                 return r;
               }
               if (format != "json") {
                 throw Error(ErrorKind::kBadRequest, "bad_parameter", {"format", format.substr(0, 20)});
               }
               auto v = app::export_resident(store, sealer, c.actor, id);
               Response r = item_response(200, v, write_resident);
               r.set("Content-Disposition",
                     "attachment; filename=\"" + v.resident.pseudonym + ".json\"");
               return r;
             }));

  router.add("DELETE", "/api/v1/residents/{id}",
             authed([&store, &sealer](Request& req, Caller& c) {
               auto v = app::erase_resident(store, sealer, c.actor,
                                            id_param(req, "entity.resident"));
               return item_response(200, v, write_resident);
             }));

  router.add("POST", "/api/v1/residents/{id}/consents", authed([&store](Request& req, Caller& c) {
               const std::int64_t id = id_param(req, "entity.resident");
               boost::json::object body = parse_object(req);
               Fields f(body);
               app::ConsentInput in{f.text("purpose"), f.text("method"),
                                    f.text("notice_language")};
               f.finish({"purpose", "method", "notice_language"});
               auto consent = app::give_consent(store, c.actor, id, in);
               return item_response(201, consent, write_consent);
             }));

  router.add("POST", "/api/v1/consents/{id}/withdraw", authed([&store](Request& req, Caller& c) {
               auto consent =
                   app::withdraw_consent(store, c.actor, id_param(req, "entity.consent"));
               return item_response(200, consent, write_consent);
             }));

  router.add("POST", "/api/v1/handovers", authed([&store](Request& req, Caller& c) {
               boost::json::object body = parse_object(req);
               Fields f(body);
               auto resident = f.number("resident_id");
               auto iccid = f.text("iccid");
               f.finish({"resident_id", "iccid"});
               auto h = app::hand_over(store, c.actor, resident, iccid);
               return item_response(201, h, write_handover);
             }));

  router.add("POST", "/api/v1/handovers/{id}/take-back", authed([&store](Request& req, Caller& c) {
               const std::int64_t id = id_param(req, "entity.handover");
               boost::json::object body = parse_object(req);
               Fields f(body);
               auto reason = f.text("reason");
               f.finish({"reason"});
               auto h = app::take_back(store, c.actor, id, reason.value_or(""));
               return item_response(200, h, write_handover);
             }));

  router.add("GET", "/api/v1/sims/{iccid}/puk", authed([&store, &sealer](Request& req, Caller& c) {
               const std::string puk =
                   app::read_puk(store, sealer, c.actor, req.params.at("iccid"));
               JsonWriter w;
               w.begin_object().key("puk").value(puk).end_object();
               return json_response(200, w.take());
             }));
}

}  // namespace relais::http
