#include "app/allocation.hpp"
#include "store/store.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <utility>

#include "app/audit.hpp"
#include "app/auth.hpp"
#include "app/clock.hpp"
#include "app/crypto.hpp"
#include "app/pagination.hpp"
#include "app/use_case_helpers.hpp"
#include "app/versioned_cache.hpp"
#include "core/utf8.hpp"
#include "core/error.hpp"
#include "core/request_lifecycle.hpp"

namespace relais::app {
namespace {

std::int64_t need(const NeedCounts& needs, std::string_view code) {
  for (const auto& [n, c] : needs) {
    if (n == code) return c;
  }
  return 0;
}

// The weights as kept in the settings: "base=1 children=0.5 ...".
const std::vector<std::pair<const char*, double PriorityWeights::*>>& weight_fields() {
  static const std::vector<std::pair<const char*, double PriorityWeights::*>> fields = {
      {"base", &PriorityWeights::base},
      {"children", &PriorityWeights::children},
      {"training", &PriorityWeights::training},
      {"job_search", &PriorityWeights::job_search},
      {"isolation", &PriorityWeights::isolation}};
  return fields;
}

PriorityWeights read_weights(store::Transaction& tx) {
  PriorityWeights w;
  auto text = tx.setting("allocation_weights");
  if (!text) return w;
  std::size_t pos = 0;
  while (pos < text->size()) {
    std::size_t end = text->find(' ', pos);
    if (end == std::string::npos) end = text->size();
    std::string item = text->substr(pos, end - pos);
    pos = end + 1;
    auto eq = item.find('=');
    if (eq == std::string::npos) continue;
    for (const auto& [name, field] : weight_fields()) {
      if (item.compare(0, eq, name) == 0) w.*field = std::stod(item.substr(eq + 1));
    }
  }
  return w;
}

std::string format_weight(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

AllocationPreview compute_preview(store::Transaction& tx) {
  AllocationPreview p;
  AllocationInput in;
  in.weights = read_weights(tx);
  p.weights = in.weights;
  std::map<std::int64_t, std::string> plan_names;
  for (const auto& plan : tx.operators().plans()) plan_names[plan.id] = plan.code;
  std::map<std::string, std::int64_t> in_stock;
  for (const auto& [plan_id, n] : tx.cards().in_stock_by_plan()) in_stock[plan_names[plan_id]] = n;
  for (const auto& [dept, capacity] : tx.accounts().department_capacities()) {
    in.department_capacity[dept] = capacity;
  }
  store::RequestQuery q;
  q.unallocated_only = true;
  q.limit = 1'000'000'000;  // all of them, in one read
  {
    auto page = tx.requests().requests(q);
    p.requests.reserve(page.items.size());
    in.requests.reserve(page.items.size());
    for (auto& r : page.items) {
      AllocationRequest a;
      a.request_id = r.id;
      a.structure_id = r.structure_id;
      a.department = r.department.value_or("");
      a.plan = plan_names[r.plan_id];
      a.requested = r.approved_quantity.value_or(r.quantity);
      a.requested_at = r.submitted_at.value_or(r.created_at);
      auto capped = [&](std::int64_t n) { return std::min<std::int64_t>(n, a.requested); };
      a.with_children = capped(need(r.needs, "schooling"));
      a.training = capped(need(r.needs, "training") + need(r.needs, "language_course"));
      a.job_search = capped(need(r.needs, "job_search"));
      a.isolated = capped(need(r.needs, "keep_in_touch"));
      in.requests.push_back(std::move(a));
      in.stock.emplace(plan_names[r.plan_id], in_stock[plan_names[r.plan_id]]);
      p.requests.emplace(r.id, std::move(r));
    }
  }
  // The stock shown is that of every plan a programme hands out, even with no request waiting.
  for (const auto& g : tx.requests().programmes()) in.stock.emplace(g.plan_code, in_stock[g.plan_code]);
  for (const auto& [plan, n] : in.stock) p.stock += n;
  p.result = allocate(in);

  std::map<std::string, AllocationPreview::Share> depts, types;
  std::string print = "weights";
  for (const auto& [name, field] : weight_fields()) print += " " + format_weight(in.weights.*field);
  print += ";stock";
  for (const auto& [plan, n] : in.stock) print += " " + plan + "=" + std::to_string(n);
  auto count = [](AllocationPreview::Share& s, const AllocationLine& l) {
    ++s.requests;
    s.requested += l.requested;
    s.allocated += l.allocated;
    if (l.allocated == 0) {
      ++s.unserved;
    } else if (l.allocated < l.requested) {
      ++s.partly_served;
    } else {
      ++s.served;
    }
  };
  for (const auto& l : p.result.lines) {
    auto& d = depts[l.department];
    d.key = l.department;
    auto cap = in.department_capacity.find(l.department);
    d.capacity = cap == in.department_capacity.end() ? 0 : cap->second;
    count(d, l);
    const std::string type = p.requests.at(l.request_id).structure_type.value_or("other");
    types[type].key = type;
    count(types[type], l);
    count(p.total, l);
    print += ";" + std::to_string(l.request_id) + ":" + std::to_string(l.requested) + ":" +
             std::to_string(l.allocated);
  }
  for (auto& [code, d] : depts) p.departments.push_back(d);
  for (auto& [type, t] : types) p.structure_types.push_back(t);
  p.fingerprint = sha256_hex(print).substr(0, 32);
  return p;
}

}  // namespace

std::shared_ptr<const AllocationPreview> preview_allocation(store::Store& store,
                                                            const Actor& actor) {
  require(actor, Action::kAllocate);
  // One preview is kept, for the state of the data it was computed on: the last audited write
  // other than a login or logout, read in the same snapshot, which every change of the data
  // (weights included) moves on. A page of 100,000 requests then costs a sort, not a new
  // allocation, and people logging in do not make it computed again.
  static VersionedCache<AllocationPreview> cache(1);
  auto tx = store.begin(store::Mode::kRead);
  const std::string version =
      std::string(store.kind()) + ":" + tx->audit().data_version_without(kSessionEntity);
  if (auto hit = cache.get(version, "")) return hit;
  auto computed = std::make_shared<AllocationPreview>(compute_preview(*tx));
  // For the list's search and sort by name (not needed by `relais allocate` nor the apply).
  computed->folded_names.reserve(computed->result.lines.size());
  for (const auto& l : computed->result.lines) {
    computed->folded_names.push_back(
        fold_case_and_accents(computed->requests.at(l.request_id).structure_name));
  }
  std::shared_ptr<const AllocationPreview> preview = std::move(computed);
  cache.put(version, "", preview);
  return preview;
}

namespace {

// The outcome of a line for the filter: what the allocation gave it.
std::string_view outcome_of(const AllocationLine& l) {
  if (l.allocated == 0) return "unserved";
  return l.allocated < l.requested ? "partly_served" : "served";
}

}  // namespace

AllocationLinesPage preview_lines(store::Store& store, const Actor& actor,
                                  const AllocationLineFilter& filter) {
  static const std::vector<std::string_view> kSorts = {
      "score", "allocated", "requested", "missing", "department", "structure", "submitted_at",
      "request"};
  const std::string sort = filter.sort.value_or("score");
  if (std::find(kSorts.begin(), kSorts.end(), sort) == kSorts.end()) {
    throw Error(ErrorKind::kBadRequest, "bad_parameter", {"sort", sort});
  }
  // Numbers read best largest first; names and dates in their own order.
  const bool numeric = sort == "score" || sort == "allocated" || sort == "requested" ||
                       sort == "missing";
  bool descending = numeric;
  if (filter.order) {
    if (*filter.order != "asc" && *filter.order != "desc") {
      throw Error(ErrorKind::kBadRequest, "bad_parameter", {"order", *filter.order});
    }
    descending = *filter.order == "desc";
  }
  if (filter.outcome && *filter.outcome != "served" && *filter.outcome != "partly_served" &&
      *filter.outcome != "unserved") {
    throw Error(ErrorKind::kBadRequest, "bad_parameter", {"outcome", *filter.outcome});
  }
  std::string text;
  if (filter.text) {
    text = fold_case_and_accents(trim_spaces(*filter.text));
    if (utf8_length(text) > 100) throw Error(ErrorKind::kBadRequest, "bad_parameter", {"q", "…"});
  }
  const int limit = parse_limit(filter.limit);
  const auto cursor = parse_cursor(filter.cursor);

  AllocationLinesPage page;
  page.preview = preview_allocation(store, actor);
  const AllocationPreview& p = *page.preview;
  // A cursor holds the preview and the list it was cut from (sort, order, filters) and the
  // position in it: a page of another preview or list would skip or repeat requests.
  const std::string key =
      p.fingerprint + " " +
      sha256_hex(sort + (descending ? " desc\x1f" : " asc\x1f") + text + '\x1f' +
                 filter.department.value_or("") + '\x1f' + filter.structure_type.value_or("") +
                 '\x1f' + filter.outcome.value_or(""))
          .substr(0, 16);
  if (cursor && cursor->key != key) throw Error(ErrorKind::kConflict, "allocation_changed");

  auto value = [&](const AllocationLine& l, const RequestRecord& r,
                   const std::string& name) -> std::tuple<double, std::string> {
    if (sort == "score") return {l.score, ""};
    if (sort == "allocated") return {static_cast<double>(l.allocated), ""};
    if (sort == "requested") return {static_cast<double>(l.requested), ""};
    if (sort == "missing") return {static_cast<double>(l.requested - l.allocated), ""};
    if (sort == "department") return {0, l.department};
    if (sort == "structure") return {0, name};
    if (sort == "submitted_at") return {0, r.submitted_at.value_or(r.created_at)};
    return {static_cast<double>(l.request_id), ""};
  };
  // Each line with its sort key, computed once.
  struct Keyed {
    std::tuple<double, std::string> key;
    const AllocationLine* line;
  };
  std::vector<Keyed> lines;
  lines.reserve(p.result.lines.size());
  for (std::size_t i = 0; i < p.result.lines.size(); ++i) {
    const AllocationLine& l = p.result.lines[i];
    const std::string& name = p.folded_names[i];
    const RequestRecord& r = p.requests.at(l.request_id);
    if (filter.department && l.department != *filter.department) continue;
    if (filter.structure_type && r.structure_type.value_or("other") != *filter.structure_type) {
      continue;
    }
    if (filter.outcome && outcome_of(l) != *filter.outcome) continue;
    if (!text.empty() && std::to_string(l.request_id) != text &&
        name.find(text) == std::string::npos) {
      continue;
    }
    lines.push_back({value(l, r, name), &l});
  }
  // Ties keep the request number's order, so that every page is cut from one fixed order.
  std::sort(lines.begin(), lines.end(), [&](const Keyed& a, const Keyed& b) {
    if (a.key != b.key) return descending ? b.key < a.key : a.key < b.key;
    return a.line->request_id < b.line->request_id;
  });
  page.total = static_cast<std::int64_t>(lines.size());
  const std::size_t from = cursor ? static_cast<std::size_t>(cursor->id) : 0;
  for (std::size_t i = from; i < lines.size() && page.lines.size() < static_cast<std::size_t>(limit);
       ++i) {
    page.lines.push_back(lines[i].line);
  }
  const std::size_t to = from + page.lines.size();
  if (to < lines.size()) page.next = Cursor{key, static_cast<std::int64_t>(to)};
  return page;
}

PriorityWeights allocation_weights(store::Store& store, const Actor& actor) {
  require(actor, Action::kAllocate);
  auto tx = store.begin(store::Mode::kRead);
  return read_weights(*tx);
}

PriorityWeights set_allocation_weights(store::Store& store, const Actor& actor,
                                       const std::map<std::string, double>& weights) {
  require(actor, Action::kAllocate);
  auto tx = store.begin(store::Mode::kWrite);
  PriorityWeights w = read_weights(*tx);
  std::vector<FieldError> errors;
  for (const auto& [name, value] : weights) {
    auto it = std::find_if(weight_fields().begin(), weight_fields().end(),
                           [&](const auto& f) { return name == f.first; });
    if (it == weight_fields().end()) {
      errors.push_back(field_error(name, "", "unknown_field"));
    } else if (!(value >= 0 && value <= 10) || (name == "base" && value <= 0)) {
      errors.push_back(field_error(name, format_weight(value), "out_of_range",
                                   {name == "base" ? "0.01" : "0", "10"}));
    } else {
      w.*(it->second) = std::round(value * 100) / 100;  // hundredths, as shown everywhere
    }
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  std::string text;
  for (const auto& [name, field] : weight_fields()) {
    if (!text.empty()) text += ' ';
    text += std::string(name) + "=" + format_weight(w.*field);
  }
  tx->put_setting("allocation_weights", text);
  append_audit(*tx, actor, "allocation.weights", "allocation", 0, text);
  tx->commit();
  return w;
}

AllocationPreview apply_allocation(store::Store& store, const Actor& actor,
                                   const std::optional<std::string>& fingerprint) {
  require(actor, Action::kAllocate);
  auto tx = store.begin(store::Mode::kWrite);
  auto p = compute_preview(*tx);
  if (fingerprint && *fingerprint != p.fingerprint) {
    throw Error(ErrorKind::kConflict, "allocation_changed");
  }
  std::int64_t total = 0;
  for (const auto& [plan, n] : p.result.allocated) total += n;
  if (total == 0) throw Error(ErrorKind::kConflict, "allocation_empty");

  const std::string now = now_iso();
  std::map<std::string, std::int64_t> plan_ids;
  for (const auto& plan : tx->operators().plans()) plan_ids[plan.code] = plan.id;
  // Cards are taken per plan in a fixed order (oldest batch, then ICCID) and dealt to the
  // requests in the order of the preview.
  std::map<std::string, std::vector<store::Reservation>> cards;
  for (const auto& [plan, n] : p.result.allocated) {
    if (n > 0) cards[plan] = tx->cards().in_stock_cards(plan_ids[plan], n);
  }
  std::map<std::string, std::size_t> next;
  std::map<std::int64_t, std::int64_t> per_batch;
  std::vector<store::Reservation> chosen;
  chosen.reserve(static_cast<std::size_t>(total));
  for (const auto& line : p.result.lines) {
    if (line.allocated == 0) continue;  // waits, approved, for the next stock
    auto& pool = cards[line.plan];
    for (std::int64_t k = 0; k < line.allocated; ++k) {
      // Fewer cards found in stock than the counters said: the counters are wrong, apply
      // nothing (the transaction rolls back) and say so.
      if (next[line.plan] >= pool.size()) throw Error(ErrorKind::kConflict, "allocation_changed");
      store::Reservation& card = pool[next[line.plan]++];
      card.request_id = line.request_id;
      ++per_batch[card.batch_id];
      chosen.push_back(std::move(card));
    }
  }
  const std::optional<std::int64_t> user =
      actor.is_system() ? std::nullopt : std::optional(actor.user_id);
  if (tx->cards().reserve_sims(chosen, now, user, actor.email) != total) {
    throw Error(ErrorKind::kConflict, "allocation_changed");
  }
  std::vector<store::Requests::Allocated> allocated;
  for (const auto& line : p.result.lines) {
    if (line.allocated == 0) continue;
    auto& r = p.requests.at(line.request_id);
    const RequestState from = r.state;
    r.allocated = line.allocated;
    // Less than approved: the allocation approves it in part (the lifecycle's own step).
    if (line.allocated < line.requested && r.state == RequestState::kApproved) {
      r.state = *next_request_state(r.state, "approve_partially");
    }
    r.updated_at = now;
    store::Requests::Allocated a;
    a.request_id = r.id;
    a.allocated = line.allocated;
    a.state = r.state;
    a.event = {0, r.id, now, actor.email, "allocate", from, r.state,
               std::to_string(line.allocated) + "/" + std::to_string(line.requested)};
    allocated.push_back(std::move(a));
  }
  tx->requests().record_allocation(allocated, now);
  for (const auto& [batch, n] : per_batch) {
    tx->cards().add_state_count(batch, SimState::kInStock, -n);
    tx->cards().add_state_count(batch, SimState::kReserved, n);
  }
  append_audit(*tx, actor, "allocation.apply", "allocation", 0,
               std::to_string(total) + " cards reserved for " +
                   std::to_string(p.result.lines.size()) + " requests, preview " + p.fingerprint);
  tx->commit();
  return p;
}

}  // namespace relais::app
