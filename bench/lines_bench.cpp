// Lines in use (issue 12) at the scale of a national operation, on SQLite (or on PostgreSQL when
// RELAIS_BENCH_PG names a server: a database is created there and dropped after):
// - an operator's status report of 100,000 lines, activations, usage and top-up confirmations
//   mixed, applied all or nothing (target: under 10 s), beside the import of a 100,000-card batch
//   in the same run (the other large file an operator sends);
// - the to-do list of a structure holding 2,000 lines (target: under 50 ms), and its rebuilding,
//   which every write that settles an item pays.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "app/audit.hpp"
#include "app/clock.hpp"
#include "app/demo.hpp"
#include "app/lines.hpp"
#include "app/sims.hpp"
#include "store/store.hpp"

namespace {

using namespace relais;

constexpr int kLines = 100000;
constexpr int kBigStructureLines = 2000;

std::string iccid_of(int batch, int n) {
  char body[20];
  std::snprintf(body, sizeof body, "8933109%02d%09d", batch, n);
  int sum = 0;
  const std::string s(body);
  for (std::size_t i = 0; i < s.size(); ++i) {
    int d = s[s.size() - 1 - i] - '0';
    if (i % 2 == 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return s + std::to_string((10 - sum % 10) % 10);
}

std::string sim_file(int batch, int n) {
  std::string text = "iccid;msisdn\n";
  text.reserve(static_cast<std::size_t>(n) * 34);
  for (int i = 0; i < n; ++i) {
    char msisdn[16];
    std::snprintf(msisdn, sizeof msisdn, "07%02d%06d", 50 + batch, i);
    text += iccid_of(batch, i) + ";" + msisdn + "\n";
  }
  return text;
}

struct Nation {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "relais-bench-lines";
  std::unique_ptr<store::Store> store;
  app::Actor coordinator = app::Actor::system();
  app::Actor sfr;
  std::int64_t big_structure = 0;
  std::string pg_name;
  std::vector<RawStatusLine> report;

  Nation() {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    if (const char* pg = std::getenv("RELAIS_BENCH_PG")) {
      pg_name = "relais_bench_lines";
      std::system(("psql '" + std::string(pg) + "/postgres' -q -c 'DROP DATABASE IF EXISTS " +
                   pg_name + "' -c 'CREATE DATABASE " + pg_name + "'")
                      .c_str());
      store = store::open_postgres(std::string(pg) + "/" + pg_name);
    } else {
      store = store::open_sqlite((dir / "relais.db").string());
    }
    store->migrate();
    const auto sealer = app::Sealer::with_key({7});
    app::create_demo(*store, sealer);
    app::import_sim_batch(*store, sealer, coordinator,
                          {"SFR", "CU-2020", "Lignes nationales", sim_file(1, kLines + kBigStructureLines), std::nullopt});
    // 100,000 lines handed over at 49 structures, 60,000 active (30,000 of them with a top-up sent
    // to the operator), 40,000 waiting for activation; and a 50th structure holding 2,000.
    auto tx = store->begin(store::Mode::kWrite);
    std::vector<std::int64_t> structures;
    store::OrganisationQuery oq;
    oq.kind = Role::kStructure;
    oq.limit = 50;
    for (const auto& o : tx->accounts().organisations(oq).items) structures.push_back(o.id);
    big_structure = structures.front();
    const auto programme = *tx->requests().programme_by_code("CU-2020");
    sfr.role = Role::kOperator;
    sfr.organisation_id = tx->accounts().organisation_by_code("SFR")->id;
    sfr.email = "operator@bench";
    const std::int64_t batch = tx->operators().batches().back().id;
    const std::string now = app::now_iso();
    for (int i = 0; i < kLines + kBigStructureLines; ++i) {
      const std::int64_t structure =
          i >= kLines ? big_structure : structures[1 + i % (structures.size() - 1)];
      const std::string iccid = iccid_of(1, i);
      const bool active = i % 5 < 3;
      tx->cards().update_sim_state(iccid, active ? SimState::kActive : SimState::kHandedOver,
                                   structure, now);
      ResidentRecord r;
      r.pseudonym = "R-BNCH-" + std::to_string(i);
      r.structure_id = structure;
      r.languages = {"fr"};
      r.created_by = "bench";
      r.created_at = r.updated_at = now;
      r.id = tx->residents().insert_resident(r);
      HandoverRecord h;
      h.resident_id = r.id;
      h.iccid = iccid;
      h.programme_id = programme.id;
      h.structure_id = structure;
      h.handed_over_at = "2026-10-01T10:00:00Z";
      h.ends_at = "2026-12-30T10:00:00Z";
      const bool big = structure == big_structure;
      if (big) {
        // The structure whose to-do list is read: its active lines end within the week, its
        // residents agreed to the follow-up, due long ago; 800 lines are still not active.
        ConsentRecord c;
        c.resident_id = r.id;
        c.purpose = "follow_up";
        c.method = "oral";
        c.notice_version = "2026-12";
        c.notice_language = "fr";
        c.given_at = now;
        c.status = "given";
        tx->residents().insert_consent(c);
        h.ends_at = app::iso_utc(app::Clock::now() + std::chrono::hours(24 * 3));
      }
      h.id = tx->residents().insert_handover(h);
      if (active) {
        tx->lines().set_lines_dates({{h.id, "2026-10-02", big ? h.ends_at : "2026-12-31T00:00:00Z"}});
      }
      if (big) continue;  // not in the report
      if (active && i % 2 == 0) {
        TopupRecord t;
        t.handover_id = h.id;
        t.iccid = iccid;
        t.programme_id = programme.id;
        t.structure_id = structure;
        t.operator_id = sfr.organisation_id;
        t.cost_cents = 1000;
        t.validity_days = 90;
        t.status = "approved";
        t.requested_at = now;
        t.decided_at = now;
        tx->lines().insert_topup(t);
      }
      // The report: the line's activation, its top-up confirmed, or its usage of the month.
      report.push_back({i + 2, iccid, active ? (i % 2 == 0 ? "topped_up" : "activated") : "activated",
                        "2026-12-01", std::to_string(i % 3000), "", ""});
    }
    const int all = kLines + kBigStructureLines;
    tx->cards().add_state_count(batch, SimState::kInStock, -all);
    tx->cards().add_state_count(batch, SimState::kActive, all / 5 * 3);
    tx->cards().add_state_count(batch, SimState::kHandedOver, all / 5 * 2);
    tx->commit();
    // What autovacuum does on its own in a running database, done now.
    store->begin(store::Mode::kWrite)->commit();
    if (!pg_name.empty()) {
      std::system(("psql '" + std::string(std::getenv("RELAIS_BENCH_PG")) + "/" + pg_name +
                   "' -q -c 'ANALYZE'")
                      .c_str());
    }
    app::build_todo_lists(*store, app::Clock::now());
  }
  ~Nation() {
    store.reset();
    std::filesystem::remove_all(dir);
    if (!pg_name.empty()) {
      std::system(("psql '" + std::string(std::getenv("RELAIS_BENCH_PG")) +
                   "/postgres' -q -c 'DROP DATABASE IF EXISTS " + pg_name + " WITH (FORCE)'")
                      .c_str());
    }
  }
};

Nation& nation() {
  static Nation n;
  return n;
}

void BM_StatusReport100k(benchmark::State& state) {
  auto& n = nation();
  for (auto _ : state) {
    auto out = app::apply_status_report(*n.store, n.sfr, "SFR", n.report, {});
    state.counters["applied"] = out.applied;
    state.counters["unchanged"] = out.unchanged;
  }
}
BENCHMARK(BM_StatusReport100k)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// The reference beside it: a batch of 100,000 cards imported (read, checked, stored).
void BM_ImportBatch100kReference(benchmark::State& state) {
  auto& n = nation();
  const std::string file = sim_file(2, kLines);
  for (auto _ : state) {
    app::import_sim_batch(*n.store, app::Sealer::with_key({7}), n.coordinator,
                          {"SFR", "CU-2020", "Référence", file, std::nullopt});
  }
}
BENCHMARK(BM_ImportBatch100kReference)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_TodoOfStructure2000Lines(benchmark::State& state) {
  auto& n = nation();
  app::Actor c = app::Actor::system();
  const std::string id = std::to_string(n.big_structure);
  std::size_t items = 0;
  for (auto _ : state) items = app::todo_list(*n.store, c, id).items.size();
  if (items != 4000) state.SkipWithError("the structure's list should hold 4,000 items");
  state.counters["items"] = static_cast<double>(items);
}
BENCHMARK(BM_TodoOfStructure2000Lines)->Unit(benchmark::kMillisecond);

// What a status report pays per structure it touches to keep the list fresh.
void BM_RefreshTodoOfStructure2000Lines(benchmark::State& state) {
  auto& n = nation();
  for (auto _ : state) {
    auto tx = n.store->begin(store::Mode::kWrite);
    app::refresh_todo(*tx, n.big_structure);
    tx->commit();
  }
}
BENCHMARK(BM_RefreshTodoOfStructure2000Lines)->Unit(benchmark::kMillisecond);

// What a handover, a top-up or a follow-up pays: its resident's items only.
void BM_RefreshTodoOfOneResident(benchmark::State& state) {
  auto& n = nation();
  std::int64_t resident = 0;
  {
    auto tx = n.store->begin(store::Mode::kRead);
    resident = tx->lines().todo(n.big_structure).front().resident_id.value_or(0);
  }
  for (auto _ : state) {
    auto tx = n.store->begin(store::Mode::kWrite);
    app::refresh_resident_todo(*tx, resident);
    tx->commit();
  }
}
BENCHMARK(BM_RefreshTodoOfOneResident)->Unit(benchmark::kMillisecond);

// The daily job over every structure (100,000 lines).
void BM_BuildAllTodoLists100kLines(benchmark::State& state) {
  auto& n = nation();
  for (auto _ : state) app::build_todo_lists(*n.store, app::Clock::now());
}
BENCHMARK(BM_BuildAllTodoLists100kLines)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
