#include "app/programmes.hpp"
#include "store/store.hpp"

#include <optional>

#include "app/audit.hpp"
#include "app/clock.hpp"
#include "app/use_case_helpers.hpp"
#include "core/error.hpp"
#include "core/utf8.hpp"

namespace relais::app {

std::vector<ProgrammeRecord> list_programmes(store::Store& store, const Actor&) {
  // Every signed-in role may know which programmes exist (names, not data).
  auto tx = store.begin(store::Mode::kRead);
  return tx->requests().programmes();
}

ProgrammeRecord create_programme(store::Store& store, const Actor& actor,
                                        const std::string& code, const std::string& name,
                                        const std::string& operator_code,
                                        const std::string& plan_code,
                                        const std::string& helpline) {
  require(actor, Action::kDecideRequests);
  auto tx = store.begin(store::Mode::kWrite);
  std::vector<FieldError> errors;
  auto text = [&](const char* field, const std::string& v, std::size_t max) {
    if (v.empty()) {
      errors.push_back(field_error(field, "", "required"));
    } else if (first_invalid_utf8(v) != std::string_view::npos) {
      errors.push_back(field_error(field, "", "not_utf8_text"));
    } else if (has_control_characters(v)) {
      errors.push_back(field_error(field, "", "control_characters"));
    } else if (utf8_length(v) > max) {
      errors.push_back(field_error(field, "", "too_long", {std::to_string(max)}));
    }
  };
  text("code", code, 40);
  text("name", name, 200);
  if (helpline.size() > 30 || helpline.find_first_not_of("0123456789 +") != std::string::npos) {
    errors.push_back(field_error("helpline", helpline.substr(0, 30), "bad_phone"));
  }
  if (!code.empty() && tx->requests().programme_by_code(code)) {
    errors.push_back(field_error("code", code, "already_used"));
  }
  std::optional<PlanRecord> plan;
  auto op = tx->accounts().organisation_by_code(operator_code);
  if (!op || op->kind != Role::kOperator) {
    errors.push_back(field_error("operator", operator_code, "unknown_operator"));
  } else if (!(plan = tx->operators().plan_by_code(op->id, plan_code))) {
    errors.push_back(field_error("plan", plan_code, "unknown_plan"));
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  ProgrammeRecord g{0, code, name, plan->id, plan->code, now_iso()};
  if (!helpline.empty()) g.helpline = helpline;
  g.id = tx->requests().insert_programme(g);
  append_audit(*tx, actor, "programme.create", "programme", g.id, code + " (" + plan->code + ")");
  tx->commit();
  return g;
}

}  // namespace relais::app
