// API routes of needs and allocation (issue 4): programmes, referrals, requests, allocation.
#include <boost/json.hpp>

#include "app/allocation.hpp"
#include "app/lines.hpp"
#include "app/programmes.hpp"
#include "app/referrals.hpp"
#include "app/requests.hpp"
#include "app/resident_documents.hpp"
#include "core/error.hpp"
#include "core/messages.hpp"
#include "core/needs.hpp"
#include "core/packing.hpp"
#include "core/referral.hpp"
#include "core/request_lifecycle.hpp"
#include "http/api.hpp"
#include "http/api_support.hpp"
#include "http/fields.hpp"

namespace relais::http {
namespace json = boost::json;

namespace {

void write_referral_fields(JsonWriter& w, const ReferralRecord& r) {
  w.key("id").value(r.id).key("pseudonym").value(r.pseudonym);
  w.key("association_id").value(r.association_id).key("association_name");
  w.value(r.association_name).key("structure_id").value(r.structure_id);
  w.key("structure_name").value(r.structure_name).key("adults").value(r.adults);
  w.key("children").value(r.children).key("languages");
  write_words(w, r.languages);
  w.key("needs");
  write_words(w, r.needs);
  w.key("status").value(r.status).key("request_id").value(r.request_id);
  w.key("created_at").value(r.created_at).key("updated_at").value(r.updated_at);
}

void write_referral(JsonWriter& w, const app::ReferralView& v) {
  w.begin_object();
  write_referral_fields(w, v.referral);
  // Absent, not null, for those who may not read it: the coordinator sees no note at all.
  if (v.note) w.key("note").value(*v.note);
  w.end_object();
}

void write_request_fields(JsonWriter& w, const RequestRecord& r) {
  w.key("id").value(r.id).key("programme").value(r.programme_code);
  w.key("structure_id").value(r.structure_id).key("structure_name").value(r.structure_name);
  w.key("department").value(r.department).key("capacity").value(r.capacity);
  w.key("quantity").value(r.quantity).key("needs").begin_object();
  for (const auto& [need, count] : r.needs) w.key(need).value(count);
  w.end_object().key("leaflet_languages");
  write_words(w, r.leaflet_languages);
  w.key("comment").value(r.comment).key("state").value(request_state_name(r.state));
  w.key("approved_quantity").value(r.approved_quantity);
  w.key("allocated").value(r.allocated).key("decision_reason").value(r.decision_reason);
  w.key("created_by").value(r.created_by).key("created_by_name").value(r.created_by_name);
  w.key("created_at").value(r.created_at);
  w.key("submitted_at").value(r.submitted_at).key("updated_at").value(r.updated_at);
}

void write_request(JsonWriter& w, const RequestRecord& r) {
  w.begin_object();
  write_request_fields(w, r);
  w.end_object();
}

void write_request_view(JsonWriter& w, const app::RequestView& v) {
  w.begin_object();
  write_request_fields(w, v.request);
  w.key("reserved").value(v.reserved).key("referral_count").value(v.referral_count);
  w.key("parcels").begin_array();
  for (const auto& p : v.parcels) {
    w.begin_object().key("id").value(p.order_id).key("reference").value(packing_reference(p.order_id));
    w.key("state").value(packing_order_state_name(p.state)).key("cards").value(p.cards);
    w.key("created_at").value(p.created_at).key("packed_at").value(p.packed_at);
    w.key("shipped_at").value(p.shipped_at).key("delivered_at").value(p.delivered_at).end_object();
  }
  w.end_array();
  w.key("referrals").begin_array();
  for (const auto& f : v.referrals) {
    w.begin_object();
    write_referral_fields(w, f);
    w.end_object();
  }
  w.end_array().key("events").begin_array();
  for (const auto& e : v.events) {
    w.begin_object().key("at").value(e.at).key("transition").value(e.transition);
    w.key("from");
    if (e.from_state) {
      w.value(request_state_name(*e.from_state));
    } else {
      w.null();
    }
    w.key("to").value(request_state_name(e.to_state)).key("actor").value(e.actor);
    w.key("actor_name").value(e.actor_name);
    w.key("reason").value(e.reason);
    w.end_object();
  }
  w.end_array().end_object();
}

app::RequestInput request_input(const json::object& body) {
  Fields f(body);
  app::RequestInput in;
  in.programme = f.text("programme");
  in.draft.quantity = f.number("quantity");
  in.draft.needs = f.counts("needs");
  in.draft.leaflet_languages = f.words("leaflet_languages");
  in.draft.comment = f.text("comment").value_or("");
  in.referral_ids = f.ids("referral_ids");
  f.finish({"programme", "quantity", "needs", "leaflet_languages", "comment", "referral_ids"});
  return in;
}

void write_counts(JsonWriter& w, const std::map<std::string, std::optional<std::int64_t>>& m) {
  w.begin_object();
  for (const auto& [k, v] : m) w.key(k).value(v);
  w.end_object();
}

void write_weights(JsonWriter& w, const PriorityWeights& p) {
  w.begin_object().key("base").decimal(p.base).key("children").decimal(p.children);
  w.key("training").decimal(p.training).key("job_search").decimal(p.job_search);
  w.key("isolation").decimal(p.isolation).end_object();
}

}  // namespace

void write_programme(JsonWriter& w, const ProgrammeRecord& g) {
  w.begin_object();
  w.key("id").value(g.id).key("code").value(g.code).key("name").value(g.name);
  w.key("plan").value(g.plan_code).key("created_at").value(g.created_at);
  w.key("helpline").value(g.helpline).key("topup_budget_cents").value(g.topup_budget_cents);
  w.key("follow_up_days").value(g.follow_up_days);
  w.key("follow_up_questions").json(app::survey_json(app::survey_of(g)));
  w.end_object();
}

namespace {

void write_share(JsonWriter& w, const app::AllocationPreview::Share& s, const char* key) {
  w.begin_object();
  if (key) w.key(key).value(s.key);
  if (key && std::string_view(key) == "department") w.key("capacity").value(s.capacity);
  w.key("requests").value(s.requests).key("requested").value(s.requested);
  w.key("allocated").value(s.allocated).key("served").value(s.served);
  w.key("partly_served").value(s.partly_served).key("unserved").value(s.unserved);
  w.end_object();
}

void write_line(JsonWriter& w, const app::AllocationPreview& p, const AllocationLine& l,
                Lang lang) {
  const auto& r = p.requests.at(l.request_id);
  w.begin_object().key("request_id").value(l.request_id);
  w.key("structure_id").value(l.structure_id).key("structure_name").value(r.structure_name);
  w.key("structure_type").value(r.structure_type).key("department").value(l.department);
  w.key("plan").value(l.plan).key("requested").value(l.requested);
  w.key("allocated").value(l.allocated).key("score").decimal(l.score);
  w.key("submitted_at").value(r.submitted_at);
  w.key("explanation").value(message(l.explanation_key, lang, l.explanation_args));
  w.end_object();
}

}  // namespace

// The preview as a summary of bounded size: per department, per type of structure and in all,
// what the requests asked and what they would get; the requests themselves are paged
// (GET /api/v1/allocation/requests).
std::string allocation_json(const app::AllocationPreview& p, bool applied,
                            std::optional<Lang> every_request_in) {
  JsonWriter w(2048 + 160 * (p.departments.size() + p.structure_types.size()) +
               (every_request_in ? 400 * p.result.lines.size() : 0));
  w.begin_object().key("stock").value(p.stock).key("applied").boolean(applied);
  w.key("fingerprint").value(p.fingerprint).key("weights");
  write_weights(w, p.weights);
  w.key("allocated").value(p.total.allocated).key("total");
  write_share(w, p.total, nullptr);
  w.key("departments").begin_array();
  for (const auto& d : p.departments) write_share(w, d, "department");
  w.end_array().key("structure_types").begin_array();
  for (const auto& t : p.structure_types) write_share(w, t, "structure_type");
  w.end_array();
  if (every_request_in) {
    w.key("requests").begin_array();
    for (const auto& l : p.result.lines) write_line(w, p, l, *every_request_in);
    w.end_array();
  }
  w.end_object();
  return w.take();
}

void add_request_routes(Router& router, store::Store& store, const ApiOptions& options) {
  auto authed = [&store](auto handler) { return with_caller(store, std::move(handler)); };

  router.add("GET", "/api/v1/reference", authed([](Request&, Caller&) {
               JsonWriter w;
               w.begin_object().key("needs").begin_array();
               for (auto n : kNeeds) w.value(n);
               w.end_array().key("languages").begin_array();
               const auto translated = app::translations();
               for (const auto& l : languages()) {
                 w.begin_object().key("code").value(l.code).key("french").value(l.french);
                 w.key("english").value(l.english);
                 w.key("native").value(l.native);
                 // Who translated the residents' documents into it, who checked it (null: nobody
                 // yet, so the translation is a draft).
                 std::optional<std::string> translator, checked_by;
                 for (const auto& t : translated) {
                   if (t.language != l.code) continue;
                   translator = t.translator;
                   if (!t.checked_by.empty()) checked_by = t.checked_by;
                 }
                 w.key("translator").value(translator).key("checked_by").value(checked_by);
                 w.end_object();
               }
               w.end_array().key("request_states").begin_array();
               for (RequestState s : kAllRequestStates) w.value(request_state_name(s));
               w.end_array().key("referral_statuses").begin_array();
               for (auto s : kReferralStatuses) w.value(s);
               w.end_array().end_object();
               return json_response(200, w.take());
             }));

  router.add("GET", "/api/v1/programmes", authed([&store](Request&, Caller& c) {
               JsonWriter w;
               w.begin_object().key("items").begin_array();
               for (const auto& g : app::list_programmes(store, c.actor)) write_programme(w, g);
               return json_response(200, w.end_array().end_object().take());
             }));

  router.add("POST", "/api/v1/programmes", authed([&store](Request& req, Caller& c) {
               json::object body = parse_object(req);
               auto g = app::create_programme(
                   store, c.actor, string_field(body, "code"), string_field(body, "name"),
                   string_field(body, "operator"), string_field(body, "plan"),
                   string_field(body, "helpline"));
               return item_response(201, g, write_programme);
             }));

  router.add("POST", "/api/v1/referrals", authed([&store, options](Request& req, Caller& c) {
               json::object body = parse_object(req);
               Fields f(body);
               app::ReferralInput in;
               in.structure_id = f.number("structure_id");
               in.adults = f.number("adults");
               in.children = f.number("children");
               in.languages = f.words("languages");
               in.needs = f.words("needs");
               in.note = f.text("note").value_or("");
               f.finish({"structure_id", "adults", "children", "languages", "needs", "note"});
               auto v = app::create_referral(store, *options.sealer, c.actor, in);
               Response r = item_response(201, v, write_referral);
               r.set("Location", "/api/v1/referrals/" + std::to_string(v.referral.id));
               return r;
             }));

  router.add("GET", "/api/v1/referrals", authed([&store, options](Request& req, Caller& c) {
               app::ReferralFilter f{req.query_param("status"), req.query_param("structure_id"),
                                     req.query_param("limit"), req.query_param("cursor")};
               return page_response(app::list_referrals(store, *options.sealer, c.actor, f),
                                    write_referral);
             }));

  router.add("GET", "/api/v1/referrals/{id}", authed([&store, options](Request& req, Caller& c) {
               auto v = app::get_referral(store, *options.sealer, c.actor,
                                          id_param(req, "entity.referral"));
               return item_response(200, v, write_referral);
             }));

  router.add(
      "POST", "/api/v1/referrals/{id}/close", authed([&store, options](Request& req, Caller& c) {
        auto v =
            app::close_referral(store, *options.sealer, c.actor, id_param(req, "entity.referral"));
        return item_response(200, v, write_referral);
      }));

  router.add("POST", "/api/v1/requests", authed([&store](Request& req, Caller& c) {
               auto v = app::create_request(store, c.actor, request_input(parse_object(req)));
               Response r = item_response(201, v, write_request_view);
               r.set("Location", "/api/v1/requests/" + std::to_string(v.request.id));
               return r;
             }));

  router.add("GET", "/api/v1/requests", authed([&store](Request& req, Caller& c) {
               app::RequestFilter f{req.query_param("state"), req.query_param("structure_id"),
                                    req.query_param("department"), req.query_param("limit"),
                                    req.query_param("cursor")};
               return page_response(app::list_requests(store, c.actor, f), write_request);
             }));

  router.add("GET", "/api/v1/requests/summary", authed([&store](Request&, Caller& c) {
               auto s = app::need_counts(store, c.actor);
               JsonWriter w;
               w.begin_object().key("requests_by_state");
               write_counts(w, s.requests_by_state);
               w.key("cards_requested_by_state");
               write_counts(w, s.cards_by_state);
               w.key("referrals_by_status");
               write_counts(w, s.referrals_by_status);
               w.key("cards_allocated").value(s.cards_allocated);
               w.key("masked").boolean(s.masked).end_object();
               return json_response(200, w.take());
             }));

  router.add("GET", "/api/v1/requests/{id}", authed([&store](Request& req, Caller& c) {
               auto v = app::get_request(store, c.actor, id_param(req, "entity.request"));
               return item_response(200, v, write_request_view);
             }));

  router.add("PATCH", "/api/v1/requests/{id}", authed([&store](Request& req, Caller& c) {
               auto v = app::update_request(store, c.actor, id_param(req, "entity.request"),
                                            request_input(parse_object(req)));
               return item_response(200, v, write_request_view);
             }));

  router.add("POST", "/api/v1/requests/{id}/transitions", authed([&store](Request& req, Caller& c) {
               json::object body = parse_object(req);
               Fields f(body);
               auto transition = f.text("transition").value_or("");
               auto reason = f.text("reason").value_or("");
               auto quantity = f.number("quantity");
               f.finish({"transition", "reason", "quantity"});
               auto v = app::apply_request_transition(
                   store, c.actor, id_param(req, "entity.request"), transition, reason, quantity);
               return item_response(200, v, write_request_view);
             }));

  router.add("GET", "/api/v1/allocation", authed([&store](Request&, Caller& c) {
               auto p = app::preview_allocation(store, c.actor);
               return json_response(200, allocation_json(*p, false));
             }),
             Router::Cost::kSlow);

  router.add("GET", "/api/v1/allocation/requests", authed([&store](Request& req, Caller& c) {
               app::AllocationLineFilter f;
               f.text = req.query_param("q");
               f.department = req.query_param("department");
               f.structure_type = req.query_param("structure_type");
               f.outcome = req.query_param("outcome");
               f.sort = req.query_param("sort");
               f.order = req.query_param("order");
               f.limit = req.query_param("limit");
               f.cursor = req.query_param("cursor");
               auto page = app::preview_lines(store, c.actor, f);
               const Lang lang = request_lang(req);
               JsonWriter w(512 + 400 * page.lines.size());
               w.begin_object().key("fingerprint").value(page.preview->fingerprint);
               w.key("items").begin_array();
               for (const auto* l : page.lines) write_line(w, *page.preview, *l, lang);
               w.end_array();
               write_page_end(w, page.next, page.total);
               return json_response(200, w.take());
             }),
             Router::Cost::kSlow);

  router.add("GET", "/api/v1/allocation/weights", authed([&store](Request&, Caller& c) {
               return item_response(200, app::allocation_weights(store, c.actor), write_weights);
             }));

  router.add(
      "PUT", "/api/v1/allocation/weights", authed([&store](Request& req, Caller& c) {
        json::object body = parse_object(req);
        std::map<std::string, double> weights;
        std::vector<FieldError> errors;
        for (const auto& [key, value] : body) {
          if (value.is_number()) {
            weights[std::string(key)] = value.to_number<double>();
          } else {
            errors.push_back(field_error(std::string(key), json::serialize(value), "not_a_number"));
          }
        }
        if (!errors.empty()) throw Error::validation(std::move(errors));
        return item_response(200, app::set_allocation_weights(store, c.actor, weights),
                             write_weights);
      }));

  router.add("POST", "/api/v1/allocation", authed([&store](Request& req, Caller& c) {
               json::object body = parse_object(req);
               Fields f(body);
               auto fingerprint = f.text("fingerprint");
               f.finish({"fingerprint"});
               if (!fingerprint) {
                 // Applying blind is refused: the caller confirms the preview it read.
                 throw Error::validation({field_error("fingerprint", "", "required")});
               }
               auto p = app::apply_allocation(store, c.actor, fingerprint);
               return json_response(200, allocation_json(p, true));
             }),
             Router::Cost::kSlow);
}

}  // namespace relais::http
