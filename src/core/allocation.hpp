// Shares a limited stock of SIM cards between approved requests, fairly and explainably
// (issue 4): never more than the stock nor than a request asks; a priority score from
// configurable weights; a max-min fair share weighted by score (water-filling); departmental
// balance in proportion to reception capacity, then request date, to break ties. Pure and
// deterministic.
//
// Cards are handed out one at a time, each to the request whose next card comes at the lowest
// "level" (cards it would have, divided by its score). So the first N cards of a larger stock
// go exactly where a stock of N would send them: more stock never gives anyone less.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace relais {

struct PriorityWeights {
  double base = 1.0;        // every request
  double children = 0.5;    // share of households with children
  double training = 0.3;    // share needing training or a language course
  double job_search = 0.3;  // share looking for work
  double isolation = 0.4;   // share with no other way to keep in touch
};

struct AllocationRequest {
  std::int64_t request_id = 0;
  std::int64_t structure_id = 0;
  std::string department;
  std::string plan;  // the plan whose stock it draws on
  std::int64_t requested = 0;
  std::string requested_at;  // ISO 8601: earlier wins a last tie
  // Counts of the people behind the request with each need (at most `requested` each).
  std::int64_t with_children = 0, training = 0, job_search = 0, isolated = 0;
};

struct AllocationInput {
  std::map<std::string, std::int64_t> stock;  // available cards per plan
  std::vector<AllocationRequest> requests;
  PriorityWeights weights;
  std::map<std::string, std::int64_t> department_capacity;  // reception places
};

struct AllocationLine {
  std::int64_t request_id = 0;
  std::int64_t structure_id = 0;
  std::string department;
  std::string plan;
  std::int64_t requested = 0;
  std::int64_t allocated = 0;
  double score = 0;
  // Why: a message key of core/messages.cpp and its arguments.
  std::string explanation_key;
  std::vector<std::string> explanation_args;
};

struct AllocationResult {
  std::vector<AllocationLine> lines;                     // in the order of the input requests
  std::map<std::string, std::int64_t> stock, allocated;  // per plan
};

double priority_score(const AllocationRequest& request, const PriorityWeights& weights);

AllocationResult allocate(const AllocationInput& input);

}  // namespace relais
