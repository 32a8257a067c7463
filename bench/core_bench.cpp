// Micro-benchmarks of the pure rules on the hot paths of imports and lists.
#include <benchmark/benchmark.h>

#include <string>

#include "core/cursor.hpp"
#include "core/department.hpp"
#include "core/structure_import.hpp"

namespace {

std::string structure_file(int rows) {
  std::string text = "name,type,capacity,address,postcode,commune,department\n";
  for (int i = 0; i < rows; ++i) {
    text += "CADA Test " + std::to_string(i) + ",CADA," + std::to_string(20 + i % 100) +
            ",12 rue de la Paix,35000,Rennes,35\n";
  }
  return text;
}

void BM_ParseStructureFile(benchmark::State& state) {
  const std::string text = structure_file(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto result = relais::parse_structure_file(text);
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_ParseStructureFile)->Arg(1000)->Arg(10000);

void BM_FindDepartment(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(relais::find_department("974"));
}
BENCHMARK(BM_FindDepartment);

void BM_CursorRoundTrip(benchmark::State& state) {
  relais::Cursor c{"CADA Coallia Villeurbanne", 123456};
  for (auto _ : state) benchmark::DoNotOptimize(relais::decode_cursor(relais::encode_cursor(c)));
}
BENCHMARK(BM_CursorRoundTrip);

}  // namespace
