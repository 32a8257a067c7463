#include "http/api.hpp"

#include <sodium.h>

#include <boost/json.hpp>
#include <charconv>

#include "app/auth.hpp"
#include "app/organisations.hpp"
#include "app/users.hpp"
#include "core/department.hpp"
#include "core/error.hpp"

namespace relais::http {
namespace json = boost::json;

namespace {

constexpr const char* kSessionCookie = "relais_session";

// ---- JSON mapping -------------------------------------------------------------------------

json::value nullable(const std::optional<std::string>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::object to_json(const Organisation& o) {
  return {{"id", o.id},
          {"kind", role_name(o.kind)},
          {"name", o.name},
          {"code", nullable(o.code)},
          {"structure_type", nullable(o.structure_type)},
          {"capacity", o.capacity ? json::value(*o.capacity) : json::value(nullptr)},
          {"address", nullable(o.address)},
          {"postcode", nullable(o.postcode)},
          {"commune", nullable(o.commune)},
          {"department", nullable(o.department)},
          {"created_at", o.created_at},
          {"updated_at", o.updated_at}};
}

json::object to_json(const store::UserRecord& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"name", u.name},
          {"role", role_name(u.role)},
          {"organisation_id", u.organisation_id},
          {"organisation_name", u.organisation_name},
          {"created_at", u.created_at}};
}

json::object to_json(const app::Actor& a, const std::string& created_at) {
  store::UserRecord u;
  u.id = a.user_id;
  u.email = a.email;
  u.name = a.name;
  u.role = a.role;
  u.organisation_id = a.organisation_id;
  u.organisation_name = a.organisation_name;
  u.created_at = created_at;
  return to_json(u);
}

template <typename T>
Response page_response(const store::Page<T>& page) {
  json::array items;
  for (const auto& item : page.items) items.push_back(to_json(item));
  json::object body{
      {"items", std::move(items)},
      {"next_cursor", page.next ? json::value(encode_cursor(*page.next)) : json::value(nullptr)},
      {"total", page.total}};
  return json_response(200, json::serialize(body));
}

// Parses a JSON object body, naming the problem and its byte offset when malformed.
json::object parse_object(const Request& req) {
  json::stream_parser parser;
  boost::system::error_code ec;
  std::size_t used = parser.write(req.body.data(), req.body.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    throw Error(ErrorKind::kBadRequest, "malformed_json",
                {ec.message() + " (offset " + std::to_string(used) + ")"});
  }
  json::value v = parser.release();
  if (!v.is_object()) throw Error(ErrorKind::kBadRequest, "json_object_expected");
  return std::move(v.as_object());
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

std::string string_field(const json::object& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}

std::int64_t id_param(const Request& req, const char* entity) {
  const std::string& text = req.params.at("id");
  std::int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0) {
    throw Error(ErrorKind::kNotFound, "not_found", {entity});
  }
  return id;
}

// ---- authentication -------------------------------------------------------------------------

struct Caller {
  app::Actor actor;
  std::optional<app::SessionActor> session;  // absent for API tokens
};

bool is_write(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

Caller authenticate(store::Store& store, const Request& req) {
  if (auto auth = req.header("authorization"); auth && auth->starts_with("Bearer ")) {
    auto actor = app::actor_for_api_token(store, auth->substr(7));
    if (!actor) throw Error(ErrorKind::kUnauthenticated, "not_authenticated");
    return {*actor, std::nullopt};
  }
  auto session = app::session_for_token(store, req.cookie(kSessionCookie).value_or(""));
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

std::string session_cookie(const std::string& value, int max_age, bool secure) {
  std::string c = std::string(kSessionCookie) + "=" + value +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (secure) c += "; Secure";
  return c;
}

json::object session_json(const app::Actor& actor, const std::string& csrf,
                          const std::string& expires_at, const std::string& user_created_at) {
  return {
      {"user", to_json(actor, user_created_at)}, {"csrf_token", csrf}, {"expires_at", expires_at}};
}

void require_csv(const Request& req) {
  auto type = req.header("content-type").value_or("");
  if (!type.starts_with("text/csv") && !type.starts_with("text/plain")) {
    throw Error(ErrorKind::kUnsupportedMediaType, "unsupported_media_type", {"text/csv"});
  }
}

}  // namespace

void add_api_routes(Router& router, store::Store& store, const ApiOptions& options) {
  // Wraps a handler that needs a logged-in caller.
  auto authed = [&store](auto handler) {
    return [&store, handler](Request& req) {
      Caller caller = authenticate(store, req);
      return handler(req, caller);
    };
  };

  router.add("GET", "/api/v1/health", [&store, options](Request&) {
    int schema = store.begin(store::Mode::kRead)->schema_version();
    json::object body{{"status", "ok"},
                      {"version", options.version},
                      {"database", store.kind()},
                      {"schema_version", schema}};
    return json_response(200, json::serialize(body));
  });

  router.add("POST", "/api/v1/session", [&store, options](Request& req) {
    json::object body = parse_object(req);
    auto result = app::login(store, string_field(body, "email"), string_field(body, "password"));
    auto tx = store.begin(store::Mode::kRead);
    auto user = tx->user(result.actor.user_id);
    Response r = json_response(
        200, json::serialize(session_json(result.actor, result.csrf_token, result.expires_at,
                                          user ? user->created_at : "")));
    r.set("Set-Cookie",
          session_cookie(result.session_token, app::kSessionHours * 3600, options.secure_cookies));
    r.set("Cache-Control", "no-store");
    return r;
  });

  router.add(
      "GET", "/api/v1/session", authed([&store](Request&, Caller& c) {
        if (!c.session) throw Error(ErrorKind::kUnauthenticated, "not_authenticated");
        auto tx = store.begin(store::Mode::kRead);
        auto user = tx->user(c.actor.user_id);
        Response r = json_response(
            200, json::serialize(session_json(c.actor, c.session->csrf_token, c.session->expires_at,
                                              user ? user->created_at : "")));
        r.set("Cache-Control", "no-store");
        return r;
      }));

  router.add("DELETE", "/api/v1/session", authed([&store, options](Request&, Caller& c) {
               if (!c.session) throw Error(ErrorKind::kUnauthenticated, "not_authenticated");
               app::logout(store, *c.session);
               Response r;
               r.status = 204;
               r.set("Set-Cookie", session_cookie("", 0, options.secure_cookies));
               return r;
             }));

  router.add("GET", "/api/v1/departments", authed([](Request&, Caller&) {
               json::array items;
               for (const auto& d : departments()) {
                 items.push_back(json::object{{"code", d.code},
                                              {"name", d.name},
                                              {"region_code", d.region_code},
                                              {"region_name", d.region_name}});
               }
               return json_response(200, json::serialize(json::object{{"items", items}}));
             }));

  router.add("GET", "/api/v1/organisations", authed([&store](Request& req, Caller& c) {
               app::OrganisationFilter f{req.query_param("kind"), req.query_param("department"),
                                         req.query_param("q"), req.query_param("limit"),
                                         req.query_param("cursor")};
               return page_response(app::list_organisations(store, c.actor, f));
             }));

  router.add("GET", "/api/v1/organisations/{id}", authed([&store](Request& req, Caller& c) {
               auto org =
                   app::get_organisation(store, c.actor, id_param(req, "entity.organisation"));
               return json_response(200, json::serialize(to_json(org)));
             }));

  router.add("POST", "/api/v1/organisations", authed([&store](Request& req, Caller& c) {
               auto org =
                   app::create_organisation(store, c.actor, organisation_draft(parse_object(req)));
               Response r = json_response(201, json::serialize(to_json(org)));
               r.set("Location", "/api/v1/organisations/" + std::to_string(org.id));
               return r;
             }));

  router.add("PATCH", "/api/v1/organisations/{id}", authed([&store](Request& req, Caller& c) {
               std::int64_t id = id_param(req, "entity.organisation");
               auto org = app::update_organisation(store, c.actor, id,
                                                   organisation_draft(parse_object(req)));
               return json_response(200, json::serialize(to_json(org)));
             }));

  router.add("POST", "/api/v1/organisations/import", authed([&store](Request& req, Caller& c) {
               require_csv(req);
               auto created = app::import_structures(store, c.actor, req.body);
               json::array items;
               for (const auto& o : created) items.push_back(to_json(o));
               json::object body{{"created", created.size()}, {"items", std::move(items)}};
               return json_response(201, json::serialize(body));
             }));

  router.add("GET", "/api/v1/users", authed([&store](Request& req, Caller& c) {
               return page_response(app::list_users(store, c.actor, req.query_param("limit"),
                                                    req.query_param("cursor")));
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
               return json_response(201, json::serialize(to_json(user)));
             }));
}

}  // namespace relais::http
