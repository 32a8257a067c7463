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

// The allocation preview of issue 4: 100,000 requests over 1,000,000 cards.
#include "core/allocation.hpp"

namespace {

void BM_AllocatePreview(benchmark::State& state) {
  relais::AllocationInput in;
  in.stock["CU-2020"] = 1000000;
  const char* depts[] = {"75", "93", "69", "13", "59", "33", "67", "2A", "974", "35"};
  for (int d = 0; d < 10; ++d) in.department_capacity[depts[d]] = 1000 + 300 * d;
  const int n = static_cast<int>(state.range(0));
  for (int i = 0; i < n; ++i) {
    relais::AllocationRequest r;
    r.request_id = i + 1;
    r.structure_id = i / 3 + 1;
    r.department = depts[i % 10];
    r.plan = "CU-2020";
    r.requested = 5 + (i * 37) % 20;
    r.requested_at = "2020-04-" + std::to_string(10 + i % 18) + "T10:00:00Z";
    r.with_children = i % 4;
    r.training = i % 3;
    r.job_search = i % 5;
    r.isolated = i % 2;
    in.requests.push_back(r);
  }
  for (auto _ : state) benchmark::DoNotOptimize(relais::allocate(in));
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_AllocatePreview)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
