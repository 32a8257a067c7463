#include "store/sql/rows.hpp"

#include "core/error.hpp"

namespace relais::store::sql {

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    if (end > pos) out.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

std::string like_pattern(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

std::string placeholders(std::size_t n) {
  std::string out = "(";
  for (std::size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out + ")";
}

void bind_names(Query& q, std::span<const std::string_view> names) {
  for (std::string_view n : names) q.bind(n);
}

void unknown_state(const char* what, const std::string& name) {
  throw Error(ErrorKind::kInternal, "database_error", {std::string("unknown ") + what, name});
}

const char* const kOrganisationColumns =
    "id, kind, name, code, structure_type, capacity, address, postcode, commune, department, "
    "created_at, updated_at";

Organisation read_organisation(Query& q, int at) {
  Organisation o;
  o.id = q.i64(at);
  o.kind = parse_role(q.text(at + 1)).value_or(Role::kStructure);
  o.name = q.text(at + 2);
  o.code = q.opt_text(at + 3);
  o.structure_type = q.opt_text(at + 4);
  if (auto cap = q.opt_i64(at + 5)) o.capacity = static_cast<int>(*cap);
  o.address = q.opt_text(at + 6);
  o.postcode = q.opt_text(at + 7);
  o.commune = q.opt_text(at + 8);
  o.department = q.opt_text(at + 9);
  o.created_at = q.text(at + 10);
  o.updated_at = q.text(at + 11);
  return o;
}

const char* const kSimColumns =
    "s.iccid, s.msisdn, s.imsi, s.puk_sealed, s.batch_id, s.state, s.holder_id, s.updated_at, "
    "b.operator_id, p.code, COALESCE(h.name, ''), s.data_used_mb, s.reported_at, s.request_id, "
    "s.packing_order_id, b.plan_id FROM sims s "
    "JOIN sim_batches b ON b.id = s.batch_id JOIN plans p ON p.id = b.plan_id "
    "LEFT JOIN organisations h ON h.id = s.holder_id";

SimRecord read_sim(Query& q) {
  SimRecord r;
  r.iccid = q.text(0);
  r.msisdn = q.null(1) ? "" : q.text(1);  // none until activation
  r.imsi = q.opt_text(2);
  r.puk_sealed = q.opt_blob(3);
  r.batch_id = q.i64(4);
  r.state = read_state<SimState>(q, 5);
  r.holder_id = q.opt_i64(6);
  r.updated_at = q.text(7);
  r.operator_id = q.i64(8);
  r.plan_code = q.text(9);
  r.holder_name = q.text(10);
  r.data_used_mb = q.opt_i64(11);
  r.reported_at = q.opt_text(12);
  r.request_id = q.opt_i64(13);
  r.packing_order_id = q.opt_i64(14);
  r.plan_id = q.i64(15);
  return r;
}

std::string name_of_user(const char* column) {
  return std::string("(SELECT un.name FROM users un WHERE un.id = ") + column + ")";
}

const std::string kHandoverFields =
    "h.id, h.resident_id, h.iccid, h.programme_id, h.structure_id, h.handed_over_at, "
    "h.handed_over_by, h.ends_at, h.replaces_id, h.taken_back_at, h.taken_back_by, "
    "h.taken_back_reason, g.code, s.msisdn, " + name_of_user("h.handed_over_by") + ", " +
    name_of_user("h.taken_back_by") + ", h.activated_at";
const std::string kHandoverFrom =
    " FROM handovers h JOIN programmes g ON g.id = h.programme_id "
    "JOIN sims s ON s.iccid = h.iccid";
const std::string kHandoverColumns = kHandoverFields + kHandoverFrom;

HandoverRecord read_handover(Query& q) {
  HandoverRecord h;
  h.id = q.i64(0);
  h.resident_id = q.i64(1);
  h.iccid = q.text(2);
  h.programme_id = q.i64(3);
  h.structure_id = q.i64(4);
  h.handed_over_at = q.text(5);
  h.handed_over_by = q.opt_i64(6);
  h.ends_at = q.text(7);
  h.replaces_id = q.opt_i64(8);
  h.taken_back_at = q.opt_text(9);
  h.taken_back_by = q.opt_i64(10);
  h.taken_back_reason = q.opt_text(11);
  h.programme_code = q.text(12);
  h.msisdn = q.null(13) ? "" : q.text(13);
  h.handed_over_by_name = q.opt_text(14);
  h.taken_back_by_name = q.opt_text(15);
  h.activated_at = q.opt_text(16);
  return h;
}

}  // namespace relais::store::sql
