// What every state machine of the chain shares (DESIGN.md rule 2): a named transition leaves
// one of a fixed set of states and reaches one state; every other move is refused.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace relais {

template <typename State>
struct Transition {
  std::string_view name;  // "submit", "ship", "resolve"...
  std::vector<State> from;
  State to;

  bool leaves(State state) const {
    return std::find(from.begin(), from.end(), state) != from.end();
  }
};

// The transition called `name` among `all`, or nullptr when there is none.
template <typename State>
const Transition<State>* find_transition(const std::vector<Transition<State>>& all,
                                         std::string_view name) {
  for (const auto& t : all) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

// The state after `name` from `from`, or nullopt when the transition is unknown or not allowed
// from that state (a 409 for the caller).
template <typename State>
std::optional<State> next_state(const std::vector<Transition<State>>& all, State from,
                                std::string_view name) {
  const Transition<State>* t = find_transition(all, name);
  if (!t || !t->leaves(from)) return std::nullopt;
  return t->to;
}

// Whether `state` is one of `group` (kRequestStatesUndecided, kSimStatesOnTheWay...).
template <typename State, std::size_t N>
bool in_group(State state, const std::array<State, N>& group) {
  return std::find(group.begin(), group.end(), state) != group.end();
}

// The state among `all` that `name_of` calls `name`, or nullopt: what each family's parse
// function does with its own table of names.
template <typename State, std::size_t N, typename NameOf>
std::optional<State> state_named(const std::array<State, N>& all, NameOf name_of,
                                 std::string_view name) {
  for (State s : all) {
    if (name_of(s) == name) return s;
  }
  return std::nullopt;
}

}  // namespace relais
