#include "core/request_lifecycle.hpp"

#include <algorithm>

namespace relais {

bool is_request_state(std::string_view state) {
  return std::find(std::begin(kRequestStates), std::end(kRequestStates), state) !=
         std::end(kRequestStates);
}

const std::vector<RequestTransition>& request_transitions() {
  static const std::vector<RequestTransition> all = {
      {"submit", {"draft"}, "submitted"},
      {"endorse", {"submitted"}, "endorsed"},
      {"approve", {"submitted", "endorsed"}, "approved"},
      {"approve_partially", {"submitted", "endorsed", "approved"}, "partially_approved"},
      {"reject", {"submitted", "endorsed"}, "rejected"},
      {"fulfil", {"approved", "partially_approved"}, "fulfilled"},
      {"cancel", {"draft", "submitted", "endorsed", "approved", "partially_approved"}, "cancelled"},
  };
  return all;
}

std::optional<std::string_view> next_request_state(std::string_view from,
                                                   std::string_view transition) {
  for (const auto& t : request_transitions()) {
    if (t.name != transition) continue;
    if (std::find(t.from.begin(), t.from.end(), from) == t.from.end()) return std::nullopt;
    return t.to;
  }
  return std::nullopt;
}

}  // namespace relais
