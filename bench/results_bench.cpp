// A programme's results (issue 13) at the national demo's size (500,000 cards, 3 programmes),
// on SQLite (or on PostgreSQL when RELAIS_BENCH_PG names a server): the dashboard's answer as the
// funder reads it again (target: under 200 ms), after a write (the facts read again), with
// another filter, and every export of it (target: under 5 s), beside the funder's stock summary
// (the page the funder had before) in the same run.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "app/audit.hpp"
#include "app/clock.hpp"
#include "app/demo_national.hpp"
#include "app/results.hpp"
#include "app/results_exports.hpp"
#include "app/sims.hpp"
#include "store/store.hpp"

namespace {

using namespace relais;

struct Nation {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "relais-bench-results";
  std::unique_ptr<store::Store> store;
  app::Actor funder;
  std::int64_t programme = 0;
  std::string pg_name;

  Nation() {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    if (const char* pg = std::getenv("RELAIS_BENCH_PG")) {
      pg_name = "relais_bench_results";
      std::system(("psql '" + std::string(pg) + "/postgres' -q -c 'DROP DATABASE IF EXISTS " +
                   pg_name + "' -c 'CREATE DATABASE " + pg_name + "'")
                      .c_str());
      store = store::open_postgres(std::string(pg) + "/" + pg_name);
    } else {
      store = store::open_sqlite((dir / "relais.db").string());
    }
    store->migrate();
    app::create_national_demo(*store, app::Sealer::with_key({7}));
    auto tx = store->begin(store::Mode::kRead);
    programme = tx->requests().programmes().front().id;
    funder.role = Role::kFunder;
    funder.email = "funder@bench";
    funder.user_id = 2;
  }
  ~Nation() {
    store.reset();
    std::filesystem::remove_all(dir);
    if (const char* pg = std::getenv("RELAIS_BENCH_PG")) {
      std::system(("psql '" + std::string(pg) + "/postgres' -q -c 'DROP DATABASE IF EXISTS " +
                   pg_name + "'")
                      .c_str());
    }
  }
  // A write: the next read sees another data version and reads the facts again.
  void touch() {
    auto tx = store->begin(store::Mode::kWrite);
    app::append_audit(*tx, app::Actor::system(), "bench.touch", "programme", programme, "");
    tx->commit();
  }
};

Nation& nation() {
  static Nation n;
  return n;
}

void ResultsDashboardAgain(benchmark::State& state) {
  auto& n = nation();
  app::programme_results(*n.store, n.funder, n.programme, {});
  for (auto _ : state) {
    benchmark::DoNotOptimize(app::programme_results(*n.store, n.funder, n.programme, {}));
  }
}
BENCHMARK(ResultsDashboardAgain)->Unit(benchmark::kMillisecond);

void ResultsDashboardAfterAWrite(benchmark::State& state) {
  auto& n = nation();
  for (auto _ : state) {
    state.PauseTiming();
    n.touch();
    state.ResumeTiming();
    benchmark::DoNotOptimize(app::programme_results(*n.store, n.funder, n.programme, {}));
  }
}
BENCHMARK(ResultsDashboardAfterAWrite)->Unit(benchmark::kMillisecond)->Iterations(5);

void ResultsDashboardAnotherFilter(benchmark::State& state) {
  auto& n = nation();
  const char* departments[] = {"75", "93", "13", "69", "59", "33", "31", "44", "67", "974"};
  int i = 0;
  app::programme_results(*n.store, n.funder, n.programme, {});
  for (auto _ : state) {
    // A filter never asked before (the facts are kept, the results computed): a department, a
    // type every third time, a period starting on another day each time.
    app::ResultsQuery q;
    q.department = departments[i % 10];
    q.structure_type = i % 3 == 0 ? std::optional<std::string>("CADA") : std::nullopt;
    q.from = app::iso_utc(app::Clock::time_point{} + std::chrono::days(20089 + i)).substr(0, 10);
    ++i;
    benchmark::DoNotOptimize(app::programme_results(*n.store, n.funder, n.programme, q));
  }
}
BENCHMARK(ResultsDashboardAnotherFilter)->Unit(benchmark::kMillisecond);

void ResultsExport(benchmark::State& state, const char* format) {
  auto& n = nation();
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        app::export_results(*n.store, n.funder, n.programme, {}, format, "fr"));
  }
}
BENCHMARK_CAPTURE(ResultsExport, csv, "csv")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(ResultsExport, xlsx, "xlsx")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(ResultsExport, pdf, "pdf")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(ResultsExport, iati, "iati")->Unit(benchmark::kMillisecond);

// The reference: the funder's stock summary, what its page showed before the results.
void ResultsReferenceStockSummary(benchmark::State& state) {
  auto& n = nation();
  for (auto _ : state) benchmark::DoNotOptimize(app::stock_summary(*n.store, n.funder));
}
BENCHMARK(ResultsReferenceStockSummary)->Unit(benchmark::kMillisecond);

}  // namespace
