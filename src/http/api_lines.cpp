// API routes of lines in use (issue 12): lists of lines, top-ups, line incidents, follow-ups,
// to-do lists, a programme's line settings, and what the operator is asked to do (CSV files).
#include <boost/json.hpp>

#include "app/lines.hpp"
#include "core/error.hpp"
#include "http/api.hpp"
#include "http/api_support.hpp"
#include "http/fields.hpp"

namespace relais::http {
namespace json = boost::json;

void write_topup(JsonWriter& w, const TopupRecord& t) {
  w.begin_object().key("id").value(t.id).key("handover_id").value(t.handover_id);
  w.key("iccid").value(t.iccid).key("msisdn").value(t.msisdn.empty() ? std::nullopt : std::optional(t.msisdn));
  w.key("programme").value(t.programme_code).key("structure_id").value(t.structure_id);
  w.key("structure_name").value(t.structure_name).key("pseudonym").value(t.pseudonym);
  w.key("operator").value(t.operator_code).key("cost_cents").value(t.cost_cents);
  w.key("validity_days").value(t.validity_days).key("status").value(t.status);
  w.key("requested_at").value(t.requested_at).key("decided_at").value(t.decided_at);
  w.key("confirmed_at").value(t.confirmed_at);
  w.end_object();
}

void write_line_incident(JsonWriter& w, const LineIncidentRecord& i) {
  w.begin_object().key("id").value(i.id).key("handover_id").value(i.handover_id);
  w.key("iccid").value(i.iccid).key("msisdn").value(i.msisdn.empty() ? std::nullopt : std::optional(i.msisdn));
  w.key("resident_id").value(i.resident_id).key("pseudonym").value(i.pseudonym);
  w.key("structure_id").value(i.structure_id).key("structure_name").value(i.structure_name);
  w.key("operator").value(i.operator_code).key("kind").value(i.kind);
  w.key("status").value(i.status).key("declared_at").value(i.declared_at);
  w.key("block_requested_at").value(i.block_requested_at).key("blocked_at").value(i.blocked_at);
  w.key("replacement_mode").value(i.replacement_mode);
  w.key("replacement_iccid").value(i.replacement_iccid);
  w.key("replacement_handover_id").value(i.replacement_handover_id);
  w.key("replaced_at").value(i.replaced_at).key("swapped_at").value(i.swapped_at);
  w.end_object();
}

void write_line(JsonWriter& w, const LineRow& row) {
  const HandoverRecord& h = row.line;
  w.begin_object().key("id").value(h.id).key("resident_id").value(h.resident_id);
  w.key("pseudonym").value(row.pseudonym).key("structure_id").value(h.structure_id);
  w.key("structure_name").value(row.structure_name);
  w.key("iccid").value(h.iccid).key("msisdn").value(h.msisdn.empty() ? std::nullopt : std::optional(h.msisdn));
  w.key("programme").value(h.programme_code).key("state").value(sim_state_name(row.state));
  w.key("handed_over_at").value(h.handed_over_at).key("activated_at").value(h.activated_at);
  w.key("ends_at").value(h.ends_at).key("replaces_id").value(h.replaces_id);
  w.key("data_used_mb").value(row.data_used_mb ? std::optional<std::int64_t>(*row.data_used_mb) : std::nullopt);
  w.end_object();
}

void write_todo(JsonWriter& w, const TodoItemRecord& t) {
  w.begin_object().key("kind").value(t.kind).key("structure_id").value(t.structure_id);
  w.key("resident_id").value(t.resident_id).key("pseudonym").value(t.pseudonym);
  w.key("handover_id").value(t.handover_id).key("incident_id").value(t.incident_id);
  w.key("iccid").value(t.iccid).key("date").value(t.due_at);
  w.key("detail").value(t.detail.empty() ? std::nullopt : std::optional(t.detail));
  w.end_object();
}

void write_follow_up(JsonWriter& w, const FollowUpRecord& f) {
  w.begin_object().key("id").value(f.id).key("resident_id").value(f.resident_id);
  w.key("handover_id").value(f.handover_id).key("recorded_at").value(f.recorded_at);
  w.key("recorded_by_name").value(f.recorded_by_name).key("language").value(f.language);
  w.key("answers").json(f.answers).key("uses");
  write_words(w, f.uses);
  w.key("still_used");
  if (f.still_used) {
    w.boolean(*f.still_used);
  } else {
    w.null();
  }
  w.key("satisfaction").value(f.satisfaction).key("testimony").value(f.testimony);
  w.end_object();
}

namespace {

// One survey answer as JSON sends it: a list of options, true or false, a number, a text.
std::map<std::string, SurveyAnswer> answers_of(const json::value* v,
                                               std::vector<FieldError>& errors) {
  std::map<std::string, SurveyAnswer> out;
  if (!v || v->is_null()) {
    errors.push_back(field_error("answers", "", "required"));
    return out;
  }
  if (!v->is_object()) {
    errors.push_back(field_error("answers", "", "not_an_object"));
    return out;
  }
  if (v->as_object().size() > kMaxQuestions) {
    errors.push_back(field_error("answers", std::to_string(v->as_object().size()), "too_many",
                                 {std::to_string(kMaxQuestions)}));
    return out;
  }
  for (const auto& [key, value] : v->as_object()) {
    SurveyAnswer a;
    const std::string field = "answers." + std::string(key).substr(0, 30);
    if (value.is_array()) {
      a.is_choices = true;
      if (value.as_array().size() > kMaxOptions) {
        errors.push_back(field_error(field, "", "too_many", {std::to_string(kMaxOptions)}));
        continue;
      }
      for (const auto& c : value.as_array()) {
        if (c.is_string()) {
          a.choices.emplace_back(c.as_string());
        } else {
          errors.push_back(field_error(field, "", "not_a_string"));
        }
      }
    } else if (value.is_bool()) {
      a.yes = value.as_bool();
    } else if (value.is_int64()) {
      a.number = value.as_int64();
    } else if (value.is_string()) {
      a.text = std::string(value.as_string());
    } else if (!value.is_null()) {
      errors.push_back(field_error(field, "", "bad_answer"));
      continue;
    } else {
      continue;  // null: not answered
    }
    out[std::string(key)] = std::move(a);
  }
  return out;
}

std::string csv_cell(const std::optional<std::string>& v) { return v.value_or(""); }

}  // namespace

void add_line_routes(Router& router, store::Store& store) {
  auto authed = [&store](auto handler) { return with_caller(store, handler); };

  router.add("GET", "/api/v1/lines", authed([&store](Request& req, Caller& c) {
               app::LineFilter f{req.query_param("filter"), req.query_param("structure_id"),
                                 req.query_param("programme_id"), req.query_param("limit"),
                                 req.query_param("cursor")};
               return page_response(app::list_lines(store, c.actor, f), write_line);
             }));

  router.add("GET", "/api/v1/lines/usage", authed([&store](Request&, Caller& c) {
               JsonWriter w;
               w.begin_object().key("months").begin_array();
               for (const auto& m : app::line_usage(store, c.actor)) {
                 w.begin_object().key("month").value(m.month).key("lines").value(m.lines);
                 w.key("used").value(m.used).key("total_mb").value(m.total_mb).end_object();
               }
               return json_response(200, w.end_array().end_object().take());
             }));

  router.add("POST", "/api/v1/topups", authed([&store](Request& req, Caller& c) {
               json::object body = parse_object(req);
               Fields f(body);
               app::TopupInput in{f.text("iccid"), f.number("programme_id")};
               f.finish({"iccid", "programme_id"});
               auto topups = app::request_topups(store, c.actor, in);
               JsonWriter w;
               w.begin_object().key("items").begin_array();
               for (const auto& t : topups) write_topup(w, t);
               w.end_array().key("count").value(static_cast<std::int64_t>(topups.size()));
               return json_response(201, w.end_object().take());
             }));

  router.add("GET", "/api/v1/topups", authed([&store](Request& req, Caller& c) {
               app::TopupFilter f{req.query_param("status"), req.query_param("programme_id"),
                                  req.query_param("limit"), req.query_param("cursor")};
               return page_response(app::list_topups(store, c.actor, f), write_topup);
             }));

  auto decide = [&store, authed](bool approve) {
    return authed([&store, approve](Request& req, Caller& c) {
      auto t = app::decide_topup(store, c.actor, id_param(req, "entity.topup"), approve);
      return item_response(200, t, write_topup);
    });
  };
  router.add("POST", "/api/v1/topups/{id}/approve", decide(true));
  router.add("POST", "/api/v1/topups/{id}/refuse", decide(false));

  router.add("GET", "/api/v1/programmes/{id}/topup-budget", authed([&store](Request& req, Caller& c) {
               auto b = app::topup_budget(store, c.actor, id_param(req, "entity.programme"));
               JsonWriter w;
               w.begin_object().key("budget_cents").value(b.budget_cents);
               w.key("committed_cents").value(b.committed_cents);
               w.key("requested_cents").value(b.requested_cents);
               w.key("left_cents").value(b.left_cents);
               return json_response(200, w.end_object().take());
             }));

  router.add("GET", "/api/v1/programmes/{id}/topup-round", authed([&store](Request& req, Caller& c) {
               auto r = app::topup_round(store, c.actor, id_param(req, "entity.programme"));
               JsonWriter w;
               w.begin_object().key("lines").value(r.lines);
               w.key("unit_cost_cents").value(r.unit_cost_cents);
               w.key("cost_cents").value(r.cost_cents);
               w.key("rechargeable").boolean(r.rechargeable);
               return json_response(200, w.end_object().take());
             }));

  router.add("GET", "/api/v1/topup-requests", authed([&store](Request& req, Caller& c) {
               auto code = req.query_param("operator").value_or("");
               std::string csv = "topup_id,iccid,msisdn,programme,validity_days,approved_at\n";
               for (const auto& t : app::topup_requests(store, c.actor, code)) {
                 csv += std::to_string(t.id) + "," + t.iccid + "," + t.msisdn + "," +
                        t.programme_code + "," + std::to_string(t.validity_days) + "," +
                        csv_cell(t.decided_at) + "\n";
               }
               return csv_response(std::move(csv), "topup-requests-" + code + ".csv");
             }));

  router.add("POST", "/api/v1/line-incidents", authed([&store](Request& req, Caller& c) {
               json::object body = parse_object(req);
               Fields f(body);
               auto iccid = f.text("iccid");
               auto kind = f.text("kind");
               f.finish({"iccid", "kind"});
               auto i = app::declare_incident(store, c.actor, iccid, kind);
               Response r = item_response(201, i, write_line_incident);
               r.set("Location", "/api/v1/line-incidents/" + std::to_string(i.id));
               return r;
             }));

  router.add("GET", "/api/v1/line-incidents", authed([&store](Request& req, Caller& c) {
               app::IncidentFilter f{req.query_param("status"), req.query_param("open"),
                                     req.query_param("limit"), req.query_param("cursor")};
               return page_response(app::list_line_incidents(store, c.actor, f), write_line_incident);
             }));

  router.add("GET", "/api/v1/line-incidents/{id}", authed([&store](Request& req, Caller& c) {
               return item_response(
                   200, app::get_line_incident(store, c.actor, id_param(req, "entity.line_incident")),
                   write_line_incident);
             }));

  router.add("POST", "/api/v1/line-incidents/{id}/block", authed([&store](Request& req, Caller& c) {
               return item_response(
                   200, app::request_block(store, c.actor, id_param(req, "entity.line_incident")),
                   write_line_incident);
             }));

  router.add("POST", "/api/v1/line-incidents/{id}/replacement",
             authed([&store](Request& req, Caller& c) {
               const std::int64_t id = id_param(req, "entity.line_incident");
               json::object body = parse_object(req);
               Fields f(body);
               auto mode = f.text("mode");
               auto iccid = f.text("iccid");
               f.finish({"mode", "iccid"});
               return item_response(200, app::replace_line(store, c.actor, id, mode, iccid),
                                    write_line_incident);
             }));

  router.add("GET", "/api/v1/block-requests", authed([&store](Request& req, Caller& c) {
               auto code = req.query_param("operator").value_or("");
               std::string csv = "incident_id,iccid,msisdn,kind,requested_at\n";
               for (const auto& i : app::block_requests(store, c.actor, code)) {
                 csv += std::to_string(i.id) + "," + i.iccid + "," + i.msisdn + "," + i.kind +
                        "," + csv_cell(i.block_requested_at) + "\n";
               }
               return csv_response(std::move(csv), "block-requests-" + code + ".csv");
             }));

  router.add("GET", "/api/v1/swap-requests", authed([&store](Request& req, Caller& c) {
               auto code = req.query_param("operator").value_or("");
               std::string csv = "incident_id,iccid,msisdn,new_iccid,requested_at\n";
               for (const auto& i : app::swap_requests(store, c.actor, code)) {
                 csv += std::to_string(i.id) + "," + i.iccid + "," + i.msisdn + "," +
                        csv_cell(i.replacement_iccid) + "," + csv_cell(i.replaced_at) + "\n";
               }
               return csv_response(std::move(csv), "swap-requests-" + code + ".csv");
             }));

  router.add("POST", "/api/v1/follow-ups", authed([&store](Request& req, Caller& c) {
               json::object body = parse_object(req);
               Fields f(body);
               app::SurveyInput in;
               in.resident_id = f.number("resident_id");
               in.language = f.text("language");
               std::vector<FieldError> errors;
               in.answers = answers_of(body.if_contains("answers"), errors);
               try {
                 f.finish({"resident_id", "language", "answers"});
               } catch (Error& e) {
                 for (auto& x : e.errors()) errors.push_back(std::move(x));
               }
               if (!errors.empty()) throw Error::validation(std::move(errors));
               auto fu = app::record_follow_up(store, c.actor, in);
               return item_response(201, fu, write_follow_up);
             }));

  router.add("GET", "/api/v1/todo", authed([&store](Request& req, Caller& c) {
               auto list = app::todo_list(store, c.actor, req.query_param("structure_id"));
               JsonWriter w;
               w.begin_object().key("built_at").value(list.built_at);
               w.key("items").begin_array();
               for (const auto& t : list.items) write_todo(w, t);
               w.end_array().key("structures").begin_array();
               for (const auto& [id, kinds] : list.counts) {
                 w.begin_object().key("structure_id").value(id);
                 w.key("structure_name").value(list.structure_names[id]).key("counts").begin_object();
                 for (const auto& [kind, n] : kinds) w.key(kind).value(n);
                 w.end_object().end_object();
               }
               return json_response(200, w.end_array().end_object().take());
             }));

  router.add("PATCH", "/api/v1/programmes/{id}", authed([&store](Request& req, Caller& c) {
               const std::int64_t id = id_param(req, "entity.programme");
               json::object body = parse_object(req);
               Fields f(body);
               app::ProgrammeLineSettings in;
               in.topup_budget_cents = f.number("topup_budget_cents");
               in.clear_budget = body.contains("topup_budget_cents") &&
                                 body.at("topup_budget_cents").is_null();
               in.follow_up_days = f.number("follow_up_days");
               if (auto* q = body.if_contains("follow_up_questions")) {
                 if (q->is_null()) {
                   in.standard_survey = true;
                 } else {
                   in.follow_up_questions = json::serialize(*q);
                 }
               }
               f.finish({"topup_budget_cents", "follow_up_days", "follow_up_questions"});
               return item_response(200, app::update_programme_lines(store, c.actor, id, in),
                                    write_programme);
             }));
}

}  // namespace relais::http
