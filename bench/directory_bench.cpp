// The work behind GET /api/v1/organisations?limit=50, piece by piece, on the demo programme.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "app/auth.hpp"
#include "app/demo.hpp"
#include "app/organisations.hpp"
#include "store/store.hpp"

namespace {

struct Demo {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "relais-bench-directory";
  std::unique_ptr<relais::store::Store> store;
  relais::app::LoginResult login;
  Demo() {
    std::filesystem::remove_all(dir);
    store = relais::store::open_sqlite((dir / "relais.db").string());
    store->migrate();
    relais::app::create_demo(*store, relais::app::Sealer::with_key({7}));
    login = relais::app::login(*store, "coordinator@demo.relais", relais::app::kDemoPassword);
  }
  ~Demo() { std::filesystem::remove_all(dir); }
};

Demo& demo() {
  static Demo d;
  return d;
}

void BM_SessionForToken(benchmark::State& state) {
  auto& d = demo();
  for (auto _ : state) {
    benchmark::DoNotOptimize(relais::app::session_for_token(*d.store, d.login.session_token));
  }
}
BENCHMARK(BM_SessionForToken);

void BM_ListOrganisations50(benchmark::State& state) {
  auto& d = demo();
  relais::app::OrganisationFilter f;
  f.limit = "50";
  for (auto _ : state) {
    benchmark::DoNotOptimize(relais::app::list_organisations(*d.store, d.login.actor, f));
  }
}
BENCHMARK(BM_ListOrganisations50);

// The same without the in-memory cache: what the first reader after a write pays.
void BM_QueryOrganisations50(benchmark::State& state) {
  auto& d = demo();
  relais::store::OrganisationQuery q;
  q.limit = 50;
  for (auto _ : state) {
    auto tx = d.store->begin(relais::store::Mode::kRead);
    benchmark::DoNotOptimize(tx->accounts().organisations(q));
  }
}
BENCHMARK(BM_QueryOrganisations50);

}  // namespace
