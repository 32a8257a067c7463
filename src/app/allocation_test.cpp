// The allocation applied on a real SQLite file when the stock is short: every card reserved
// once, partial approvals recorded, counters reconciled.
#include <gtest/gtest.h>

#include <set>

#include "app/allocation.hpp"
#include "store/store.hpp"
#include "app/auth.hpp"
#include "app/demo.hpp"
#include "app/requests.hpp"
#include "app/sims.hpp"
#include "core/test_error.hpp"
#include "store/test_store.hpp"

namespace relais::app {

TEST(Allocation, AShortStockIsSharedAndPartialApprovalsRecorded) {
  testing::TempStore db;
  const Sealer sealer = Sealer::with_key({9});
  create_demo(*db, sealer);
  const Actor coordinator = login(*db, "coordinator@demo.relais", kDemoPassword).actor;
  // Every structure without cards asks for all its places: far more than the 2,428 in stock.
  std::vector<Organisation> structures;
  std::set<std::int64_t> busy;  // structures of the demo's requests: cards held or coming
  {
    auto tx = db->begin(store::Mode::kRead);
    store::RequestQuery all;
    all.limit = 100;
    for (const auto& r : tx->requests().requests(all).items) busy.insert(r.structure_id);
    store::OrganisationQuery q;
    q.kind = Role::kStructure;
    q.limit = 200;
    structures = tx->accounts().organisations(q).items;
  }
  std::int64_t asked = 0;
  std::vector<std::int64_t> ids;
  for (const auto& s : structures) {
    if (busy.count(s.id) || !s.capacity) continue;
    Actor structure;
    structure.role = Role::kStructure;
    structure.organisation_id = s.id;
    structure.email = "test";
    RequestInput in;
    in.programme = "CU-2020";
    in.draft = {*s.capacity, {{"keep_in_touch", *s.capacity / 2}}, {"fr"}, ""};
    auto v = create_request(*db, structure, in);
    apply_request_transition(*db, structure, v.request.id, "submit", "");
    apply_request_transition(*db, coordinator, v.request.id, "approve", "");
    ids.push_back(v.request.id);
    asked += *s.capacity;
  }
  const auto before = stock_summary(*db, coordinator);
  const std::int64_t stock = before.by_state.at("in_stock");
  ASSERT_GT(asked, stock);

  auto preview = preview_allocation(*db, coordinator);
  // The summary adds up: every request counted once per department, per type and in all.
  const auto& total_share = preview->total;
  EXPECT_EQ(total_share.requests, static_cast<std::int64_t>(preview->result.lines.size()));
  EXPECT_EQ(total_share.served + total_share.partly_served + total_share.unserved,
            total_share.requests);
  EXPECT_EQ(total_share.allocated, stock);
  std::int64_t by_department = 0, by_type = 0;
  for (const auto& d : preview->departments) by_department += d.allocated;
  for (const auto& t : preview->structure_types) by_type += t.requests;
  EXPECT_EQ(by_department, stock);
  EXPECT_EQ(by_type, total_share.requests);
  // Its pages give every request once, highest score first, from the one cached preview.
  AllocationLineFilter filter;
  filter.limit = "7";
  std::set<std::int64_t> seen;
  double last_score = 1e18;
  std::optional<std::string> stale_cursor;
  for (;;) {
    auto page = preview_lines(*db, coordinator, filter);
    EXPECT_EQ(page.preview.get(), preview.get());
    EXPECT_EQ(page.total, total_share.requests);
    for (const auto* l : page.lines) {
      EXPECT_LE(l->score, last_score);
      last_score = l->score;
      EXPECT_TRUE(seen.insert(l->request_id).second);
    }
    if (!page.next) break;
    filter.cursor = encode_cursor(*page.next);
    stale_cursor = filter.cursor;
  }
  EXPECT_EQ(seen.size(), preview->result.lines.size());
  AllocationLineFilter unserved;
  unserved.outcome = "unserved";
  EXPECT_EQ(preview_lines(*db, coordinator, unserved).total, total_share.unserved);
  AllocationLineFilter by_name;
  by_name.text = "CADA";
  by_name.sort = "structure";
  auto named = preview_lines(*db, coordinator, by_name);
  EXPECT_GT(named.total, 0);
  for (const auto* l : named.lines) {
    EXPECT_NE(preview->requests.at(l->request_id).structure_name.find("CADA"), std::string::npos);
  }
  // A cursor goes with the list it was cut from: under another filter it is refused.
  AllocationLineFilter other_list;
  other_list.limit = "7";
  other_list.outcome = "served";
  other_list.cursor = stale_cursor;
  EXPECT_EQ(testing::thrown_by([&] { preview_lines(*db, coordinator, other_list); }).code(), "allocation_changed")
      << "a cursor of another list was accepted";
  AllocationLineFilter bad_sort;
  bad_sort.sort = "name; DROP TABLE requests";
  EXPECT_THROW(preview_lines(*db, coordinator, bad_sort), Error);

  auto applied = apply_allocation(*db, coordinator, preview->fingerprint);
  // The demo's two waiting requests share the stock too.
  ASSERT_EQ(applied.result.lines.size(), ids.size() + 2);
  std::int64_t total = 0;
  int partial = 0;
  for (const auto& line : applied.result.lines) {
    EXPECT_LE(line.allocated, line.requested);
    total += line.allocated;
    auto r = get_request(*db, coordinator, line.request_id);
    EXPECT_EQ(r.reserved, line.allocated);
    if (line.allocated == 0) {
      EXPECT_FALSE(r.request.allocated) << "waits, approved, for the next stock";
    } else {
      EXPECT_EQ(r.request.allocated, line.allocated);
    }
    if (line.allocated > 0 && line.allocated < line.requested) {
      EXPECT_EQ(r.request.state, RequestState::kPartiallyApproved);
      ++partial;
    }
  }
  EXPECT_EQ(total, stock) << "every card in stock, none twice";
  EXPECT_GT(partial, 0);
  const auto after = stock_summary(*db, coordinator, /*verify=*/true);
  EXPECT_TRUE(after.reconciled);
  EXPECT_EQ(after.by_state.count("in_stock") ? after.by_state.at("in_stock") : 0, 0);
  EXPECT_EQ(after.by_state.at("reserved"), before.by_state.at("reserved") + stock);
  // A second apply finds nothing to hand out.
  EXPECT_THROW(apply_allocation(*db, coordinator, std::nullopt), Error);
  // A page asked with a cursor of the old preview is refused, not cut from the new one.
  ASSERT_TRUE(stale_cursor);
  AllocationLineFilter stale;
  stale.limit = "7";
  stale.cursor = stale_cursor;
  EXPECT_EQ(testing::thrown_by([&] { preview_lines(*db, coordinator, stale); }).code(), "allocation_changed")
      << "a stale cursor was accepted";
}

}  // namespace relais::app
