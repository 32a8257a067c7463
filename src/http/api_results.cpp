// API routes of a programme's results (issue 13): the dashboard's figures and their exports,
// the budget and co-funding, read-only share links and the public results they open.
#include "app/results.hpp"
#include "app/results_exports.hpp"
#include "http/api.hpp"
#include "http/api_support.hpp"
#include "http/router.hpp"

namespace relais::http {
namespace {

namespace json = boost::json;

void write_fig(JsonWriter& w, const Figure& f) { write_figure(w, f.n, f.hidden); }

void write_opt_decimal(JsonWriter& w, const std::optional<double>& v) {
  if (v) {
    w.decimal(*v);
  } else {
    w.null();
  }
}

void write_place(JsonWriter& w, const PlaceRow& p, const char* key_name) {
  w.begin_object().key(key_name).value(p.key);
  if (std::string_view(key_name) == "code") w.key("name").value(p.name);
  w.key("structures").value(p.structures).key("places").value(p.places);
  w.key("connected");
  write_fig(w, p.connected);
  w.key("per_100_places");
  write_opt_decimal(w, p.per_100_places);
  w.end_object();
}

void write_counts(JsonWriter& w, const std::vector<CountRow>& rows, const char* key_name,
                  const char* value_name) {
  w.begin_array();
  for (const auto& r : rows) {
    w.begin_object().key(key_name).value(r.key).key(value_name);
    write_fig(w, r.people);
    w.end_object();
  }
  w.end_array();
}

void write_budget_line(JsonWriter& w, const BudgetLineResult& l) {
  w.begin_object().key("category").value(l.category);
  w.key("budget_cents").value(l.budget_cents).key("committed_cents").value(l.committed_cents);
  w.key("spent_cents").value(l.spent_cents).key("left_cents").value(l.left_cents);
  w.end_object();
}

void write_profile(JsonWriter& w, const ProgrammeProfileRecord& p) {
  w.begin_object().key("target_people").value(p.target_people);
  w.key("starts_on").value(p.starts_on).key("ends_on").value(p.ends_on);
  w.key("iati_identifier").value(p.iati_identifier).key("iati_org_ref").value(p.iati_org_ref);
  w.end_object();
}

std::string results_json(const ProgrammeResults& r) {
  JsonWriter w;
  w.begin_object();
  w.key("programme").begin_object().key("id").value(r.programme_id);
  w.key("code").value(r.programme_code).key("name").value(r.programme_name);
  w.key("operator").value(r.operator_name).key("plan").value(r.plan_name);
  w.key("coordinator").value(r.coordinator_name).end_object();
  w.key("as_of").value(r.as_of);
  auto opt = [](const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string>(s);
  };
  w.key("filter").begin_object().key("from").value(opt(r.filter.from));
  w.key("to").value(opt(r.filter.to)).key("department").value(opt(r.filter.department));
  w.key("structure_type").value(opt(r.filter.structure_type)).end_object();
  w.key("profile");
  write_profile(w, r.profile);

  const auto& b = r.budget;
  w.key("budget").begin_object().key("currency").value("EUR").key("lines").begin_array();
  for (const auto& l : b.lines) write_budget_line(w, l);
  w.end_array().key("total");
  write_budget_line(w, b.total);
  w.key("funders").begin_array();
  for (const auto& f : b.funders) {
    w.begin_object().key("name").value(f.name).key("iati_ref").value(f.iati_ref);
    w.key("category").value(f.category).key("share_bp").value(f.share_bp);
    w.key("committed_cents").value(f.committed_cents).key("spent_cents").value(f.spent_cents);
    w.key("left_cents").value(f.left_cents).end_object();
  }
  w.end_array().key("people_connected");
  write_fig(w, b.people_connected);
  w.key("cost_per_person_cents").value(b.cost_per_person_cents).end_object();

  w.key("months").begin_array();
  for (const auto& m : r.months) w.value(m);
  w.end_array();
  // A stage not counted under the filter (cards received, by place) is left out.
  w.key("funnel").begin_array();
  for (const auto& st : r.funnel) {
    if (!st.total) continue;
    w.begin_object().key("stage").value(st.stage).key("total");
    write_fig(w, *st.total);
    w.key("by_month").begin_array();
    for (const auto& f : st.by_month) write_fig(w, f);
    w.end_array().end_object();
  }
  w.end_array();
  w.key("lead_times").begin_array();
  for (const auto& l : r.lead_times) {
    w.begin_object().key("measure").value(l.measure).key("count");
    write_fig(w, l.count);
    w.key("median_hours");
    write_opt_decimal(w, l.median_hours);
    w.key("p90_hours");
    write_opt_decimal(w, l.p90_hours);
    w.end_object();
  }
  w.end_array();
  w.key("departments").begin_array();
  for (const auto& d : r.departments) write_place(w, d, "code");
  w.end_array().key("departments_total");
  write_place(w, r.departments_total, "code");
  w.key("structure_types").begin_array();
  for (const auto& t : r.structure_types) write_place(w, t, "type");
  w.end_array().key("structure_types_total");
  write_place(w, r.structure_types_total, "type");
  w.key("household_sizes");
  write_counts(w, r.household_sizes, "size", "people");
  w.key("household_total");
  write_fig(w, r.household_total);
  w.key("languages");
  write_counts(w, r.languages, "language", "people");
  w.key("language_total");
  write_fig(w, r.language_total);

  const auto& c = r.changes;
  w.key("changes").begin_object().key("surveys");
  write_fig(w, c.surveys);
  w.key("uses");
  write_counts(w, c.uses, "use", "people");
  w.key("still_used");
  write_fig(w, c.still_used);
  w.key("not_used");
  write_fig(w, c.not_used);
  w.key("not_asked");
  write_fig(w, c.not_asked);
  w.key("still_used_rate");
  write_opt_decimal(w, c.still_used_rate);
  w.key("satisfaction");
  write_counts(w, c.satisfaction, "score", "people");
  w.key("satisfaction_answers");
  write_fig(w, c.satisfaction_answers);
  w.key("satisfaction_mean");
  write_opt_decimal(w, c.satisfaction_mean);
  w.key("testimonies").begin_array();
  for (const auto& t : c.testimonies) {
    w.begin_object().key("text").value(t.text).key("year").value(t.year).end_object();
  }
  w.end_array().end_object();
  w.end_object();
  return w.take();
}

app::ResultsQuery results_query(const Request& req) {
  return {req.query_param("from"), req.query_param("to"), req.query_param("department"),
          req.query_param("structure_type")};
}

// Results are aggregates, but a reader's view of them is theirs: never kept by a cache. Their
// routes run on the server's slow pool (reading a national programme's facts, a PDF report).
Response results_response(const ProgrammeResults& r) {
  Response res = json_response(200, results_json(r));
  res.set("Cache-Control", "no-store");
  return res;
}

void write_share_link(JsonWriter& w, const ShareLinkRecord& l) {
  w.begin_object().key("id").value(l.id).key("programme_id").value(l.programme_id);
  w.key("expires_at").value(l.expires_at).key("created_at").value(l.created_at);
  w.key("revoked_at").value(l.revoked_at).end_object();
}

void write_budget(JsonWriter& w, const app::ProgrammeBudget& b) {
  w.begin_object().key("profile");
  write_profile(w, b.profile);
  w.key("lines").begin_array();
  for (const auto& l : b.lines) {
    w.begin_object().key("category").value(l.category).key("budget_cents").value(l.budget_cents);
    w.key("spent_cents").value(l.spent_cents).end_object();
  }
  w.end_array().key("funders").begin_array();
  for (const auto& f : b.funders) {
    w.begin_object().key("name").value(f.name).key("iati_ref").value(f.iati_ref);
    w.key("category").value(f.category).key("share_bp").value(f.share_bp);
    w.key("amount_cents").value(f.amount_cents).end_object();
  }
  w.end_array().end_object();
}

// Reading a budget body: every field named, of the right type, or 422 naming each.
class BudgetReader {
 public:
  app::ProgrammeBudget read(const json::object& body) {
    known(body, "", {"profile", "lines", "funders"});
    app::ProgrammeBudget b;
    if (auto* p = body.if_contains("profile"); p && !p->is_null()) {
      if (!p->is_object()) {
        errors_.push_back(field_error("profile", "", "not_an_object"));
      } else {
        const auto& o = p->as_object();
        known(o, "", {"target_people", "starts_on", "ends_on", "iati_identifier", "iati_org_ref"});
        b.profile.target_people = integer(o, "target_people", "target_people");
        b.profile.starts_on = text(o, "starts_on", "starts_on");
        b.profile.ends_on = text(o, "ends_on", "ends_on");
        b.profile.iati_identifier = text(o, "iati_identifier", "iati_identifier");
        b.profile.iati_org_ref = text(o, "iati_org_ref", "iati_org_ref");
      }
    }
    for_each(body, "lines", [&](const json::object& o, const std::string& at) {
      known(o, at, {"category", "budget_cents", "spent_cents"});
      BudgetLineRecord l;
      l.category = text(o, "category", at + "category").value_or("");
      auto cents = integer(o, "budget_cents", at + "budget_cents");
      if (!cents && !o.contains("budget_cents")) {
        errors_.push_back(field_error(at + "budget_cents", "", "required"));
      }
      l.budget_cents = cents.value_or(0);
      l.spent_cents = integer(o, "spent_cents", at + "spent_cents");
      b.lines.push_back(std::move(l));
    });
    for_each(body, "funders", [&](const json::object& o, const std::string& at) {
      known(o, at, {"name", "iati_ref", "category", "share_bp", "amount_cents"});
      FunderRecord f;
      f.name = text(o, "name", at + "name").value_or("");
      f.iati_ref = text(o, "iati_ref", at + "iati_ref");
      f.category = text(o, "category", at + "category");
      f.share_bp = integer(o, "share_bp", at + "share_bp");
      f.amount_cents = integer(o, "amount_cents", at + "amount_cents");
      b.funders.push_back(std::move(f));
    });
    if (!errors_.empty()) throw Error::validation(std::move(errors_));
    return b;
  }

 private:
  // Lists longer than this are refused before they are read (the app's limits are lower).
  static constexpr std::size_t kMaxItems = 50;

  void known(const json::object& o, const std::string& at, std::initializer_list<const char*> keys) {
    for (const auto& [k, v] : o) {
      if (std::none_of(keys.begin(), keys.end(), [&](const char* x) { return k == x; })) {
        errors_.push_back(field_error(at + std::string(k.substr(0, 40)), "", "unknown_field"));
      }
    }
  }
  std::optional<std::string> text(const json::object& o, const char* key, const std::string& field) {
    auto* v = o.if_contains(key);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_string()) {
      errors_.push_back(field_error(field, "", "not_a_string"));
      return std::nullopt;
    }
    return std::string(v->as_string());
  }
  std::optional<std::int64_t> integer(const json::object& o, const char* key,
                                      const std::string& field) {
    auto* v = o.if_contains(key);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_int64()) {
      errors_.push_back(field_error(field, "", "not_a_number"));
      return std::nullopt;
    }
    return v->as_int64();
  }
  template <typename Read>
  void for_each(const json::object& body, const char* key, Read read) {
    auto* v = body.if_contains(key);
    if (!v || v->is_null()) return;
    if (!v->is_array()) {
      errors_.push_back(field_error(key, "", "not_a_list"));
      return;
    }
    const auto& items = v->as_array();
    if (items.size() > kMaxItems) {
      errors_.push_back(field_error(key, std::to_string(items.size()), "too_many",
                                    {std::to_string(kMaxItems)}));
      return;
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string at = std::string(key) + "." + std::to_string(i) + ".";
      if (!items[i].is_object()) {
        errors_.push_back(field_error(at.substr(0, at.size() - 1), "", "not_an_object"));
        continue;
      }
      read(items[i].as_object(), at);
    }
  }

  std::vector<FieldError> errors_;
};

}  // namespace

void add_results_routes(Router& router, store::Store& store, const ApiOptions& options) {
  auto authed = [&store](auto handler) { return with_caller(store, std::move(handler)); };
  auto site = [options](const Request& req) { return public_site(options.public_url, req); };

  router.add("GET", "/api/v1/programmes/{id}/results", authed([&store](Request& req, Caller& c) {
               auto r = app::programme_results(store, c.actor, id_param(req, "entity.programme"),
                                               results_query(req));
               return results_response(*r);
             }),
             Router::Cost::kSlow);

  // The same results as files (CSV with HXL, XLSX, PDF, IATI), with the same filters.
  for (const auto& [suffix, format] : {std::pair{"results.csv", "csv"}, {"results.xlsx", "xlsx"},
                                       {"results.pdf", "pdf"}, {"iati.xml", "iati"}}) {
    router.add("GET", std::string("/api/v1/programmes/{id}/") + suffix,
               authed([&store, fmt = std::string(format)](Request& req, Caller& c) {
                 const auto file = app::export_results(
                     store, c.actor, id_param(req, "entity.programme"), results_query(req), fmt,
                     req.query_param("lang").value_or("fr"));
                 Response r;
                 r.status = 200;
                 r.body = file.bytes;
                 r.set("Content-Type", file.content_type);
                 r.set("Content-Disposition", "attachment; filename=\"" + file.filename + "\"");
                 r.set("Cache-Control", "no-store");
                 r.set("X-Content-Type-Options", "nosniff");
                 return r;
               }),
               Router::Cost::kSlow);
  }

  router.add("GET", "/api/v1/programmes/{id}/budget", authed([&store](Request& req, Caller& c) {
               JsonWriter w;
               write_budget(w, app::programme_budget(store, c.actor,
                                                     id_param(req, "entity.programme")));
               return json_response(200, w.take());
             }));

  router.add("PUT", "/api/v1/programmes/{id}/budget", authed([&store](Request& req, Caller& c) {
               const std::int64_t id = id_param(req, "entity.programme");
               app::ProgrammeBudget in = BudgetReader().read(parse_object(req));
               JsonWriter w;
               write_budget(w, app::set_programme_budget(store, c.actor, id, in));
               return json_response(200, w.take());
             }));

  router.add("POST", "/api/v1/programmes/{id}/share-links",
             authed([&store, site](Request& req, Caller& c) {
               const std::int64_t id = id_param(req, "entity.programme");
               json::object body = parse_object(req);
               std::optional<std::string> expires;
               if (auto* v = body.if_contains("expires_at"); v && v->is_string()) {
                 expires = std::string(v->as_string());
               } else if (v && !v->is_null()) {
                 throw Error::validation({field_error("expires_at", "", "not_a_string")});
               }
               for (const auto& [k, v] : body) {
                 if (k != "expires_at") {
                   throw Error::validation(
                       {field_error(std::string(k.substr(0, 40)), "", "unknown_field")});
                 }
               }
               auto made = app::create_share_link(store, c.actor, id, expires);
               JsonWriter w;
               w.begin_object().key("id").value(made.link.id);
               w.key("url").value(site(req) + "/shared/" + made.token);
               w.key("expires_at").value(made.link.expires_at).end_object();
               Response r = json_response(201, w.take());
               r.set("Cache-Control", "no-store");
               return r;
             }));

  router.add("GET", "/api/v1/programmes/{id}/share-links",
             authed([&store](Request& req, Caller& c) {
               JsonWriter w;
               w.begin_object().key("items").begin_array();
               for (const auto& l : app::list_share_links(store, c.actor,
                                                          id_param(req, "entity.programme"))) {
                 write_share_link(w, l);
               }
               return json_response(200, w.end_array().end_object().take());
             }));

  router.add("DELETE", "/api/v1/programmes/{id}/share-links/{link}",
             authed([&store](Request& req, Caller& c) {
               const std::int64_t id = id_param(req, "entity.programme");
               const std::int64_t link = id_param(req, "entity.share_link", "link");
               app::revoke_share_link(store, c.actor, id, link);
               Response r;
               r.status = 204;
               return r;
             }));

  // The public results page's figures: no account, the token is the right to read.
  router.add("GET", "/api/v1/shared/{token}/results", [&store](Request& req) {
    auto r = app::shared_results(store, req.params.at("token"), results_query(req));
    Response res = results_response(*r);
    res.set("X-Robots-Tag", "noindex");
    return res;
  }, Router::Cost::kSlow);
}

}  // namespace relais::http
