#include "http/api.hpp"

#include <sodium.h>

#include <boost/json.hpp>
#include <algorithm>
#include <charconv>

#include "app/auth.hpp"
#include "app/health.hpp"
#include "app/lines.hpp"
#include "app/organisations.hpp"
#include "app/sims.hpp"
#include "app/users.hpp"
#include "core/disclosure.hpp"
#include "core/error.hpp"
#include "core/sim_lifecycle.hpp"
#include "http/api_support.hpp"
#include "http/fields.hpp"
#include "http/json_writer.hpp"
#include "http/server.hpp"
#include "http/status_report_json.hpp"

namespace relais::http {
namespace json = boost::json;

namespace {

// Marks a browser that logged in to an account before (app::login's known client): sent
// only to the login route.
constexpr const char* kDeviceCookie = "relais_device";

// ---- JSON mapping -------------------------------------------------------------------------

void write_organisation(JsonWriter& w, const Organisation& o) {
  w.begin_object();
  w.key("id").value(o.id).key("kind").value(role_name(o.kind)).key("name").value(o.name);
  w.key("code").value(o.code).key("structure_type").value(o.structure_type);
  w.key("capacity").value(o.capacity).key("address").value(o.address);
  w.key("postcode").value(o.postcode).key("commune").value(o.commune);
  w.key("department").value(o.department).key("created_at").value(o.created_at);
  w.key("updated_at").value(o.updated_at);
  w.end_object();
}

void write_user(JsonWriter& w, const UserRecord& u) {
  w.begin_object();
  w.key("id").value(u.id).key("email").value(u.email).key("name").value(u.name);
  w.key("role").value(role_name(u.role)).key("organisation_id").value(u.organisation_id);
  w.key("organisation_name").value(u.organisation_name).key("created_at").value(u.created_at);
  w.key("disabled_at").value(u.disabled_at);
  w.end_object();
}

// Never the token itself, nor its hash.
void write_api_token(JsonWriter& w, const ApiTokenRecord& t) {
  w.begin_object();
  w.key("id").value(t.id).key("name").value(t.name).key("user_id").value(t.user_id);
  w.key("user_email").value(t.user_email).key("created_at").value(t.created_at);
  w.key("expires_at").value(t.expires_at).key("last_used_at").value(t.last_used_at);
  w.key("revoked_at").value(t.revoked_at).end_object();
}

// `quantity`: how the batch's quantity is shown (as its total is, in the funder's summary).
void write_batch_shown(JsonWriter& w, const BatchRecord& b, Hidden quantity) {
  w.begin_object();
  w.key("id").value(b.id).key("operator").value(b.operator_code).key("plan").value(b.plan_code);
  w.key("reference").value(b.reference).key("file_sha256").value(b.file_sha256);
  w.key("quantity");
  write_figure(w, b.quantity, quantity);
  w.key("received_at").value(b.received_at);
  w.key("received_by").value(b.received_by);
  w.end_object();
}

void write_batch(JsonWriter& w, const BatchRecord& b) { write_batch_shown(w, b, Hidden::kNo); }

void write_sim_fields(JsonWriter& w, const SimRecord& s) {
  w.key("iccid").value(s.iccid).key("imsi").value(s.imsi);
  // None until the operator gives it at activation (a card from a vendor file).
  w.key("msisdn").value(s.msisdn.empty() ? std::nullopt : std::optional(s.msisdn));
  w.key("state").value(sim_state_name(s.state)).key("plan").value(s.plan_code).key("batch_id").value(s.batch_id);
  w.key("holder_id").value(s.holder_id);
  w.key("holder_name");
  if (s.holder_id) {
    w.value(s.holder_name);
  } else {
    w.null();
  }
  w.key("updated_at").value(s.updated_at);
  w.key("data_used_mb");
  if (s.data_used_mb) {
    w.value(static_cast<std::int64_t>(*s.data_used_mb));
  } else {
    w.null();
  }
  w.key("reported_at").value(s.reported_at);
}

void write_sim(JsonWriter& w, const SimRecord& s) {
  w.begin_object();
  write_sim_fields(w, s);
  w.end_object();
}

// `hidden`: how each state's count is shown (none listed: every count as it is).
void write_counts(JsonWriter& w, const std::map<std::string, std::int64_t>& counts,
                  const app::StateFigures& hidden) {
  // Every state, so that a reader sees the zeros too.
  w.begin_object();
  for (SimState state : kAllSimStates) {
    const std::string name(sim_state_name(state));
    auto it = counts.find(name);
    auto shown = hidden.find(name);
    w.key(name);
    write_figure(w, it == counts.end() ? 0 : it->second,
                 shown == hidden.end() ? Hidden::kNo : shown->second);
  }
  w.end_object();
}

void write_plan(JsonWriter& w, const PlanRecord& p) {
  w.begin_object();
  w.key("id").value(p.id).key("operator_id").value(p.operator_id).key("code").value(p.code);
  w.key("name").value(p.name).key("data_gb").value(p.data_gb);
  w.key("validity_days").value(p.validity_days);
  w.key("calls_sms_included").boolean(p.calls_sms_included);
  w.key("unit_cost_cents").value(p.unit_cost_cents).key("rechargeable").boolean(p.rechargeable);
  w.end_object();
}

void write_sim_detail(JsonWriter& w, const app::SimDetail& d) {
  w.begin_object();
  write_sim_fields(w, d.sim);
  // No PUK: it comes from GET /sims/{iccid}/puk, each reading audited.
  w.key("batch");
  write_batch(w, d.batch);
  w.key("timeline").begin_array();
  for (const auto& e : d.events) {
    w.begin_object().key("at").value(e.at).key("transition").value(e.transition);
    w.key("from");
    if (e.from_state.empty()) {
      w.null();
    } else {
      w.value(e.from_state);
    }
    w.key("to").value(e.to_state).key("actor").value(e.actor).key("actor_name").value(e.actor_name);
    w.key("reason").value(e.reason).end_object();
  }
  w.end_array().end_object();
}

void write_actor(JsonWriter& w, const app::Actor& a) {
  w.begin_object();
  w.key("id").value(a.user_id).key("email").value(a.email).key("name").value(a.name);
  w.key("role").value(role_name(a.role)).key("organisation_id").value(a.organisation_id);
  w.key("organisation_name").value(a.organisation_name).key("created_at").value(a.created_at);
  w.end_object();
}

// JSON object -> draft: strings as they are, numbers as text (capacity), null clears.
OrganisationDraft organisation_draft(const json::object& body) {
  OrganisationDraft d;
  std::vector<FieldError> errors;
  const std::vector<std::pair<const char*, std::optional<std::string> OrganisationDraft::*>>
      fields = {{"kind", &OrganisationDraft::kind},
                {"name", &OrganisationDraft::name},
                {"code", &OrganisationDraft::code},
                {"structure_type", &OrganisationDraft::structure_type},
                {"capacity", &OrganisationDraft::capacity},
                {"address", &OrganisationDraft::address},
                {"postcode", &OrganisationDraft::postcode},
                {"commune", &OrganisationDraft::commune},
                {"department", &OrganisationDraft::department}};
  for (const auto& [key, value] : body) {
    auto it =
        std::find_if(fields.begin(), fields.end(), [&](const auto& f) { return key == f.first; });
    if (it == fields.end()) {
      // Read-only fields echoed back by a client are harmless.
      if (key != "id" && key != "created_at" && key != "updated_at") {
        errors.push_back(field_error(std::string(key), "", "unknown_field"));
      }
      continue;
    }
    auto& slot = d.*(it->second);
    if (value.is_string()) {
      slot = std::string(value.as_string());
    } else if (value.is_null()) {
      slot = std::string();
    } else if (value.is_int64() || value.is_uint64()) {
      slot = json::serialize(value);
    } else {
      // capacity is the one numeric field: a decimal or a boolean there is not a whole number.
      errors.push_back(field_error(std::string(key), json::serialize(value),
                                   key == "capacity" ? "not_a_number" : "not_a_string"));
    }
  }
  if (!errors.empty()) {
    throw Error::validation(std::move(errors));
  }
  return d;
}

// ---- authentication -------------------------------------------------------------------------

std::string session_cookie(const std::string& value, int max_age, bool secure) {
  std::string c = std::string(kSessionCookie) + "=" + value +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (secure) c += "; Secure";
  return c;
}

std::string device_cookie(const std::string& value, bool secure) {
  std::string c = std::string(kDeviceCookie) + "=" + value +
                  "; Path=/api/v1/session; HttpOnly; SameSite=Strict; Max-Age=" +
                  std::to_string(app::kDeviceDays * 86400);
  if (secure) c += "; Secure";
  return c;
}

Response session_response(const app::Actor& actor, const std::string& csrf,
                          const std::string& expires_at) {
  JsonWriter w;
  w.begin_object().key("user");
  write_actor(w, actor);
  w.key("csrf_token").value(csrf).key("expires_at").value(expires_at).end_object();
  Response r = json_response(200, w.take());
  r.set("Cache-Control", "no-store");
  return r;
}

// A login posted by another site's page would log the browser in as someone else: the
// browser names the page's origin, which must be this server's own.
void refuse_cross_origin(const Request& req) {
  auto origin = req.header("origin");
  if (!origin) return;  // not a browser: nothing to forge
  auto host = req.header("host").value_or("");
  auto scheme_end = origin->find("://");
  std::string origin_host =
      scheme_end == std::string::npos ? *origin : origin->substr(scheme_end + 3);
  if (origin_host != host) throw Error(ErrorKind::kForbidden, "cross_origin", {*origin});
}

void require_csv(const Request& req) {
  auto type = req.header("content-type").value_or("");
  if (!type.starts_with("text/csv") && !type.starts_with("text/plain")) {
    throw Error(ErrorKind::kUnsupportedMediaType, "unsupported_media_type", {"text/csv"});
  }
}

}  // namespace

// A count as core/disclosure decided to show it: the count; null when it is small ("< 5");
// "secret" when hidden so that no small count can be worked out.
void write_figure(JsonWriter& w, std::int64_t n, Hidden hidden) {
  if (hidden == Hidden::kNo) {
    w.value(n);
  } else if (hidden == Hidden::kSmall) {
    w.null();
  } else {
    w.value("secret");
  }
}

// ---- shared with the other route files (api_support.hpp) ----------------------------------

// Parses a JSON object body, naming the problem and its byte offset when malformed.
static json::value parse_json(const Request& req) {
  // Only JSON is read as JSON: a cross-site HTML form can post text/plain, not application/json.
  auto type = req.header("content-type").value_or("");
  if (!type.starts_with("application/json")) {
    throw Error(ErrorKind::kUnsupportedMediaType, "unsupported_media_type", {"application/json"});
  }
  json::stream_parser parser;
  boost::system::error_code ec;
  std::size_t used = parser.write(req.body.data(), req.body.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    throw Error(ErrorKind::kBadRequest, "malformed_json",
                {ec.message() + " (offset " + std::to_string(used) + ")"});
  }
  return parser.release();
}

json::object parse_object(const Request& req) {
  json::value v = parse_json(req);
  if (!v.is_object()) throw Error(ErrorKind::kBadRequest, "json_object_expected");
  return std::move(v.as_object());
}

std::string string_field(const json::object& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}

std::int64_t id_param(const Request& req, const char* entity, const char* name) {
  const std::string& text = req.params.at(name);
  std::int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0) {
    throw Error(ErrorKind::kNotFound, "not_found", {entity});
  }
  return id;
}

namespace {
std::string& listening_site() {
  static std::string site = "http://localhost";
  return site;
}
}  // namespace

void set_listening_site(std::string site) { listening_site() = std::move(site); }

std::string public_site(const std::string& configured, const Request&) {
  return configured.empty() ? listening_site() : configured;
}

void learn_changes_before_sessions(ServerOptions& options, store::Store& store) {
  if (!app::sessions_need_changes(store)) return;
  options.wait_needed = [](const Request& req) {
    return req.path.starts_with("/api/") && req.cookie(kSessionCookie).has_value();
  };
  options.wait = [&store](std::function<void(std::optional<std::uint64_t>)> done) {
    app::changes_then(store, std::move(done));
  };
}

static bool is_write(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

Caller authenticate(store::Store& store, const Request& req) {
  if (auto auth = req.header("authorization"); auth && auth->starts_with("Bearer ")) {
    auto actor = app::actor_for_api_token(store, auth->substr(7));
    if (!actor) throw Error(ErrorKind::kUnauthenticated, "not_authenticated");
    return {*actor, std::nullopt};
  }
  const std::string cookie = req.cookie(kSessionCookie).value_or("");
  auto session = req.changes_known ? app::session_for_token(store, cookie, req.changes)
                                   : app::session_for_token(store, cookie);
  if (!session) throw Error(ErrorKind::kUnauthenticated, "not_authenticated");
  if (is_write(req.method)) {
    auto token = req.header("x-csrf-token");
    if (!token || token->empty()) throw Error(ErrorKind::kForbidden, "csrf_token_missing");
    const std::string& want = session->csrf_token;
    if (token->size() != want.size() ||
        sodium_memcmp(token->data(), want.data(), want.size()) != 0) {
      throw Error(ErrorKind::kForbidden, "csrf_token_invalid");
    }
  }
  return {session->actor, std::move(session)};
}

void add_api_routes(Router& router, store::Store& store, const ApiOptions& options) {
  // Wraps a handler that needs a logged-in caller.
  auto authed = [&store](auto handler) { return with_caller(store, std::move(handler)); };

  router.add("GET", "/api/v1/health", [&store, options](Request&) {
    app::Health h = app::health(store);
    JsonWriter w(128);
    w.begin_object().key("status").value("ok").key("version").value(options.version);
    w.key("database").value(h.database).key("schema_version").value(h.schema_version);
    return json_response(200, w.end_object().take());
  });

  router.add(
      "POST", "/api/v1/session",
      [&store, options](Request& req) {
        refuse_cross_origin(req);
        json::object body = parse_object(req);
        app::LoginClient client{req.client, req.cookie(kDeviceCookie).value_or("")};
        auto result = app::login(store, string_field(body, "email"),
                                 string_field(body, "password"), client);
        Response r = session_response(result.actor, result.csrf_token, result.expires_at);
        r.set("Set-Cookie", session_cookie(result.session_token, app::kSessionHours * 3600,
                                           options.secure_cookies));
        r.headers.emplace_back("Set-Cookie", device_cookie(result.device, options.secure_cookies));
        return r;
      },
      Router::Cost::kSlow, Router::Body::kSmall);

  router.add("GET", "/api/v1/session", authed([](Request&, Caller& c) {
               if (!c.session) throw Error(ErrorKind::kUnauthenticated, "not_authenticated");
               return session_response(c.actor, c.session->csrf_token, c.session->expires_at);
             }));

  router.add("DELETE", "/api/v1/session", authed([&store, options](Request&, Caller& c) {
               if (!c.session) throw Error(ErrorKind::kUnauthenticated, "not_authenticated");
               app::logout(store, *c.session);
               Response r;
               r.status = 204;
               r.set("Set-Cookie", session_cookie("", 0, options.secure_cookies));
               return r;
             }));

  router.add("GET", "/api/v1/departments", authed([](Request&, Caller& c) {
               JsonWriter w(12 * 1024);
               w.begin_object().key("items").begin_array();
               for (const auto& d : app::list_departments(c.actor)) {
                 w.begin_object().key("code").value(d.code).key("name").value(d.name);
                 w.key("region_code").value(d.region_code);
                 w.key("region_name").value(d.region_name).end_object();
               }
               return json_response(200, w.end_array().end_object().take());
             }));

  router.add("GET", "/api/v1/organisations", authed([&store](Request& req, Caller& c) {
               app::OrganisationFilter f{req.query_param("kind"), req.query_param("department"),
                                         req.query_param("q"), req.query_param("limit"),
                                         req.query_param("cursor")};
               static WrittenPages<Organisation> written(64);
               return written.response(app::list_organisations(store, c.actor, f),
                                       write_organisation);
             }));

  router.add("GET", "/api/v1/organisations/{id}", authed([&store](Request& req, Caller& c) {
               auto org =
                   app::get_organisation(store, c.actor, id_param(req, "entity.organisation"));
               return item_response(200, org, write_organisation);
             }));

  router.add("POST", "/api/v1/organisations", authed([&store](Request& req, Caller& c) {
               auto org =
                   app::create_organisation(store, c.actor, organisation_draft(parse_object(req)));
               Response r = item_response(201, org, write_organisation);
               r.set("Location", "/api/v1/organisations/" + std::to_string(org.id));
               return r;
             }));

  router.add("PATCH", "/api/v1/organisations/{id}", authed([&store](Request& req, Caller& c) {
               std::int64_t id = id_param(req, "entity.organisation");
               auto org = app::update_organisation(store, c.actor, id,
                                                   organisation_draft(parse_object(req)));
               return item_response(200, org, write_organisation);
             }));

  router.add("POST", "/api/v1/organisations/import", authed([&store](Request& req, Caller& c) {
               require_csv(req);
               auto created = app::import_structures(store, c.actor, req.body_text());
               JsonWriter w(512 + 320 * created.size());
               w.begin_object().key("created").value(static_cast<std::int64_t>(created.size()));
               w.key("items").begin_array();
               for (const auto& o : created) write_organisation(w, o);
               return json_response(201, w.end_array().end_object().take());
             }),
             Router::Cost::kFast, Router::Body::kFile);

  auto numbering_response = [](const OperatorProfile& p) {
    JsonWriter w;
    w.begin_object().key("iccid_prefixes").begin_array();
    for (const auto& x : p.iccid_prefixes) w.value(x);
    w.end_array().key("mobile_network_codes").begin_array();
    for (const auto& x : p.mobile_network_codes) w.value(x);
    w.end_array().key("apn").value(p.apn);
    return json_response(200, w.end_object().take());
  };

  router.add("GET", "/api/v1/operators/{code}/numbering",
             authed([&store, numbering_response](Request& req, Caller& c) {
               return numbering_response(app::get_numbering(store, c.actor, req.params.at("code")));
             }));

  router.add("PUT", "/api/v1/operators/{code}/numbering",
             authed([&store, numbering_response](Request& req, Caller& c) {
               json::object body = parse_object(req);
               Fields f(body);
               auto prefixes = f.words("iccid_prefixes");
               auto mncs = f.words("mobile_network_codes");
               auto apn = f.text("apn");
               f.finish({"iccid_prefixes", "mobile_network_codes", "apn"});
               return numbering_response(
                   app::set_numbering(store, c.actor, req.params.at("code"), prefixes, mncs, apn));
             }));

  router.add("GET", "/api/v1/plans", authed([&store](Request&, Caller& c) {
               JsonWriter w;
               w.begin_object().key("items").begin_array();
               for (const auto& p : app::list_plans(store, c.actor)) write_plan(w, p);
               return json_response(200, w.end_array().end_object().take());
             }));

  router.add("POST", "/api/v1/plans", authed([&store](Request& req, Caller& c) {
               json::object body = parse_object(req);
               PlanDraft d;
               std::vector<FieldError> errors;
               auto text = [&](const char* key, std::optional<std::string>& into) {
                 if (auto* v = body.if_contains(key); v && !v->is_null()) {
                   if (v->is_string()) {
                     into = std::string(v->as_string());
                   } else {
                     errors.push_back(field_error(key, json::serialize(*v), "not_a_string"));
                   }
                 }
               };
               auto number = [&](const char* key, std::optional<long long>& into) {
                 if (auto* v = body.if_contains(key); v && !v->is_null()) {
                   if (v->is_int64()) {
                     into = v->as_int64();
                   } else {
                     errors.push_back(field_error(key, json::serialize(*v), "not_a_number"));
                   }
                 }
               };
               auto flag = [&](const char* key, std::optional<bool>& into) {
                 if (auto* v = body.if_contains(key); v && !v->is_null()) {
                   if (v->is_bool()) {
                     into = v->as_bool();
                   } else {
                     errors.push_back(field_error(key, json::serialize(*v), "not_a_boolean"));
                   }
                 }
               };
               text("code", d.code);
               text("name", d.name);
               number("data_gb", d.data_gb);
               number("validity_days", d.validity_days);
               number("unit_cost_cents", d.unit_cost_cents);
               flag("calls_sms_included", d.calls_sms_included);
               flag("rechargeable", d.rechargeable);
               if (!errors.empty()) throw Error::validation(std::move(errors));
               auto plan = app::create_plan(store, c.actor, string_field(body, "operator"), d);
               return item_response(201, plan, write_plan);
             }));

  router.add("POST", "/api/v1/sim-batches", authed([&store, options](Request& req, Caller& c) {
               require_csv(req);
               app::SimImportRequest request{
                   req.query_param("operator").value_or(""), req.query_param("plan").value_or(""),
                   req.query_param("reference").value_or(""), req.body_text(), std::nullopt};
               auto outcome = app::import_sim_batch(store, *options.sealer, c.actor, request);
               Response r = item_response(outcome.created ? 201 : 200, outcome.batch, write_batch);
               r.set("Location", "/api/v1/sim-batches/" + std::to_string(outcome.batch.id));
               return r;
             }),
             Router::Cost::kSlow, Router::Body::kFile);

  router.add("GET", "/api/v1/sim-batches/{id}", authed([&store](Request& req, Caller& c) {
               auto b = app::get_batch(store, c.actor, id_param(req, "entity.batch"));
               if (!b) throw Error(ErrorKind::kNotFound, "not_found", {"entity.batch"});
               return item_response(200, *b, write_batch);
             }));

  router.add("GET", "/api/v1/sim-batches", authed([&store](Request&, Caller& c) {
               JsonWriter w;
               w.begin_object().key("items").begin_array();
               for (const auto& b : app::list_batches(store, c.actor)) write_batch(w, b);
               return json_response(200, w.end_array().end_object().take());
             }));

  router.add("GET", "/api/v1/stock/summary", authed([&store](Request& req, Caller& c) {
               auto s = app::stock_summary(store, c.actor, req.query_param("verify") == "true");
               JsonWriter w;
               w.begin_object().key("total");
               write_figure(w, s.total, s.total_hidden);
               w.key("by_state");
               write_counts(w, s.by_state, s.by_state_hidden);
               w.key("by_plan").begin_object();
               for (const auto& [plan, counts] : s.by_plan) {
                 w.key(plan);
                 static const app::StateFigures kEveryCountShown;
                 auto h = s.by_plan_hidden.find(plan);
                 write_counts(w, counts, h == s.by_plan_hidden.end() ? kEveryCountShown : h->second);
               }
               w.end_object().key("plan_totals").begin_object();
               for (const auto& [plan, n] : s.plan_totals) {
                 w.key(plan);
                 auto h = s.plan_totals_hidden.find(plan);
                 write_figure(w, n, h == s.plan_totals_hidden.end() ? Hidden::kNo : h->second);
               }
               w.end_object().key("batches").begin_array();
               for (const auto& b : s.batches) {
                 w.begin_object().key("batch");
                 write_batch_shown(w, b.batch, b.total_hidden);
                 w.key("total");
                 write_figure(w, b.total, b.total_hidden);
                 w.key("by_state");
                 write_counts(w, b.by_state, b.by_state_hidden);
                 w.key("reconciled").boolean(b.reconciled).end_object();
               }
               w.end_array().key("reconciled").boolean(s.reconciled);
               w.key("masked").boolean(s.masked);
               return json_response(200, w.end_object().take());
             }));

  router.add("POST", "/api/v1/status-reports", authed([&store](Request& req, Caller& c) {
               // CSV as the operator's systems export it, or JSON from its integration.
               std::vector<RawStatusLine> lines;
               LineErrors read_errors;
               auto type = req.header("content-type").value_or("");
               if (type.starts_with("application/json")) {
                 lines = status_lines_from_json(parse_json(req), read_errors);
               } else {
                 require_csv(req);
                 lines = read_status_csv(req.body_text(), read_errors);
               }
               auto outcome = app::apply_status_report(store, c.actor,
                                                       req.query_param("operator").value_or(""),
                                                       lines, std::move(read_errors));
               JsonWriter w;
               w.begin_object().key("applied").value(outcome.applied);
               w.key("unchanged").value(outcome.unchanged);
               return json_response(200, w.end_object().take());
             }),
             Router::Cost::kFast, Router::Body::kFile);

  router.add("GET", "/api/v1/activation-requests", authed([&store](Request& req, Caller& c) {
               auto code = req.query_param("operator").value_or("");
               auto cards = app::activation_requests(store, c.actor, code);
               std::string csv = "iccid,msisdn,imsi,plan,handed_over_at\n";
               for (const auto& s : cards) {
                 csv += s.iccid + "," + s.msisdn + "," + s.imsi.value_or("") + "," + s.plan_code +
                        "," + s.updated_at + "\n";
               }
               return csv_response(std::move(csv), "activation-requests-" + code + ".csv");
             }));

  router.add("GET", "/api/v1/sims", authed([&store](Request& req, Caller& c) {
               app::SimFilter f{req.query_param("q"),      req.query_param("state"),
                                req.query_param("plan"),   req.query_param("batch"),
                                req.query_param("holder"), req.query_param("limit"),
                                req.query_param("cursor")};
               return page_response(app::list_sims(store, c.actor, f), write_sim);
             }));

  router.add(
      "POST", "/api/v1/sims/{id}/transitions", authed([&store, options](Request& req, Caller& c) {
        json::object body = parse_object(req);
        auto d = app::apply_sim_transition(store, c.actor, req.params.at("id"),
                                           string_field(body, "transition"),
                                           string_field(body, "reason"));
        return item_response(200, d, write_sim_detail);
      }));

  router.add("GET", "/api/v1/sims/{id}", authed([&store, options](Request& req, Caller& c) {
               auto d = app::get_sim(store, c.actor, req.params.at("id"));
               return item_response(200, d, write_sim_detail);
             }));

  router.add("GET", "/api/v1/users", authed([&store](Request& req, Caller& c) {
               return page_response(app::list_users(store, c.actor, req.query_param("limit"),
                                                    req.query_param("cursor")),
                                    write_user);
             }));

  router.add("POST", "/api/v1/users", authed([&store](Request& req, Caller& c) {
               json::object body = parse_object(req);
               app::NewUser input;
               input.email = string_field(body, "email");
               input.name = string_field(body, "name");
               input.role = string_field(body, "role");
               input.password = string_field(body, "password");
               if (auto it = body.find("organisation_id"); it != body.end()) {
                 if (!it->value().is_int64()) {
                   throw Error::validation({field_error(
                       "organisation_id", json::serialize(it->value()), "not_a_number")});
                 }
                 input.organisation_id = it->value().as_int64();
               }
               auto user = app::create_user(store, c.actor, input);
               return item_response(201, user, write_user);
             }),
             Router::Cost::kSlow);
  add_account_routes(router, store, options);
  add_request_routes(router, store, options);
  add_packing_routes(router, store, options);
  add_shipment_routes(router, store, options);
  add_resident_routes(router, store, options);
  add_line_routes(router, store);
  add_results_routes(router, store, options);
}

// Disabling and enabling users, reset links, one's own password, API tokens (issue 14).
void add_account_routes(Router& router, store::Store& store, const ApiOptions& options) {
  auto authed = [&store](auto handler) { return with_caller(store, std::move(handler)); };

  router.add("POST", "/api/v1/users/{id}/disable", authed([&store](Request& req, Caller& c) {
               auto u = app::disable_user(store, c.actor, id_param(req, "entity.user"));
               return item_response(200, u, write_user);
             }));

  router.add("POST", "/api/v1/users/{id}/enable", authed([&store](Request& req, Caller& c) {
               auto u = app::enable_user(store, c.actor, id_param(req, "entity.user"));
               return item_response(200, u, write_user);
             }));

  router.add("POST", "/api/v1/users/{id}/password-reset",
             authed([&store, options](Request& req, Caller& c) {
               auto link =
                   app::create_password_reset(store, c.actor, id_param(req, "entity.user"));
               JsonWriter w;
               // A fragment is never sent to a server: the token stays out of every log.
               w.begin_object()
                   .key("url")
                   .value(public_site(options.public_url, req) + "/reset#" + link.token);
               w.key("expires_at").value(link.expires_at).key("user");
               write_user(w, link.user);
               Response r = json_response(201, w.end_object().take());
               r.set("Cache-Control", "no-store");
               return r;
             }));

  router.add(
      "POST", "/api/v1/me/password", authed([&store](Request& req, Caller& c) {
        if (!c.session) throw Error(ErrorKind::kForbidden, "session_required");
        json::object body = parse_object(req);
        Fields f(body);
        auto current = f.text("current");
        auto next = f.text("new");
        f.finish({"current", "new"});
        app::change_password(store, c.actor, c.session->session_id, current.value_or(""),
                             next.value_or(""), req.client);
        Response r;
        r.status = 204;
        return r;
      }),
      Router::Cost::kSlow, Router::Body::kSmall);

  router.add(
      "POST", "/api/v1/password-resets",
      [&store](Request& req) {
        refuse_cross_origin(req);
        json::object body = parse_object(req);
        Fields f(body);
        auto token = f.text("token");
        auto next = f.text("new");
        f.finish({"token", "new"});
        app::use_password_reset(store, token.value_or(""), next.value_or(""), req.client);
        Response r;
        r.status = 204;
        return r;
      },
      Router::Cost::kSlow, Router::Body::kSmall);

  router.add("GET", "/api/v1/tokens", authed([&store](Request& req, Caller& c) {
               return page_response(
                   app::list_api_tokens(store, c.actor, req.query_param("user"),
                                        req.query_param("limit"), req.query_param("cursor")),
                   write_api_token);
             }));

  router.add("POST", "/api/v1/tokens", authed([&store](Request& req, Caller& c) {
               json::object body = parse_object(req);
               Fields f(body);
               auto email = f.text("user_email");
               auto name = f.text("name");
               auto days = f.number("expires_days");
               f.finish({"user_email", "name", "expires_days"});
               if (days && (*days < 1 || *days > app::kMaxTokenDays)) {
                 throw Error::validation({field_error("expires_days", std::to_string(*days),
                                                      "out_of_range",
                                                      {"1", std::to_string(app::kMaxTokenDays)})});
               }
               auto made = app::create_api_token(
                   store, c.actor, email.value_or(""), name.value_or(""),
                   days ? static_cast<int>(*days) : app::kDefaultTokenDays);
               JsonWriter w;
               w.begin_object().key("token").value(made.token).key("item");
               write_api_token(w, made.record);
               Response r = json_response(201, w.end_object().take());
               r.set("Cache-Control", "no-store");
               r.set("Location", "/api/v1/tokens/" + std::to_string(made.record.id));
               return r;
             }),
             Router::Cost::kFast, Router::Body::kSmall);

  router.add("DELETE", "/api/v1/tokens/{id}", authed([&store](Request& req, Caller& c) {
               app::revoke_api_token(store, c.actor, id_param(req, "entity.api_token"));
               Response r;
               r.status = 204;
               return r;
             }));
}

}  // namespace relais::http
