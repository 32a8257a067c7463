// The SIM cards: where each one is, its events, the counters per batch and state, and the
// set moves of the allocation (reserve, release).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/card_search.hpp"
#include "core/records/cards.hpp"
#include "core/records/page.hpp"

namespace relais::store {

struct SimQuery {
  std::optional<CardSearch> search;  // the card matches one of its lookups
  std::optional<SimState> state;
  std::optional<std::int64_t> plan_id;
  std::optional<std::int64_t> batch_id;
  std::optional<std::int64_t> holder_id;
  std::optional<std::int64_t> operator_id;  // scope of an operator's users
  int limit = 50;
  std::optional<Cursor> after;  // key: ICCID
};

// A card that the allocation sets aside for a request.
struct Reservation {
  std::string iccid;
  std::int64_t batch_id = 0;
  std::int64_t request_id = 0;
  std::int64_t row = 0;  // the engine's own key for the card, when it has one (faster updates)
};

// A card of an import that was not stored, and why.
struct RefusedCard {
  enum class Why { kIccidTaken, kMsisdnTaken };
  std::size_t index = 0;  // in the list given
  Why why = Why::kIccidTaken;
  std::int64_t holder_batch = 0;  // the batch that holds the ICCID or number
};

class Cards {
 public:
  virtual ~Cards() = default;

  // Stores new cards in the given order. A card whose ICCID or number is already stored (by
  // an earlier batch, or earlier in this list) is not stored and is listed, in order.
  virtual std::vector<RefusedCard> insert_sims(const std::vector<SimRecord>& cards) = 0;
  // How many cards insert_sims takes best at once: many for an engine that loads them in one
  // go (PostgreSQL's COPY), few for one that inserts them row by row (SQLite: a small batch is
  // freed sooner and stays in the caches).
  virtual std::size_t bulk_rows() const { return 4096; }
  // Whether insert_sims gains from running on a thread of its own while the next cards are
  // checked: yes when the database server does the work (PostgreSQL), no when it runs on the
  // calling process's cores (SQLite, which would take them from the checking).
  virtual bool bulk_in_background() const { return false; }
  virtual std::optional<SimRecord> sim(std::string_view iccid) = 0;
  virtual Page<SimRecord> sims(const SimQuery& query) = 0;
  virtual void update_sim_state(std::string_view iccid, SimState state,
                                std::optional<std::int64_t> holder_id, std::string_view at) = 0;
  virtual void insert_sim_event(const SimEventRecord& event) = 0;
  virtual std::vector<SimEventRecord> sim_events(std::string_view iccid) = 0;
  virtual void add_state_count(std::int64_t batch_id, SimState state, std::int64_t delta) = 0;
  virtual std::vector<StateCount> state_counts() = 0;
  // The same counted from the cards themselves (slow on a large stock): to check the counters.
  virtual std::vector<StateCount> counted_states() = 0;

  // Cards a structure holds and has not handed over yet.
  virtual std::int64_t cards_held_by(std::int64_t structure_id) = 0;
  // Cards on their way to a structure (reserved, packed or in transit for its requests) plus
  // what its requests waiting for the allocation ask for (approved part, or all of it),
  // leaving out request `except`.
  virtual std::int64_t cards_coming_to(std::int64_t structure_id, std::int64_t except) = 0;

  // Cards in stock per plan, from the counters.
  virtual std::vector<std::pair<std::int64_t, std::int64_t>> in_stock_by_plan() = 0;
  // Up to `limit` cards in stock of a plan, oldest batch first, then by ICCID.
  virtual std::vector<Reservation> in_stock_cards(std::int64_t plan_id, std::int64_t limit) = 0;
  // in_stock -> reserved for each card's request, with one "reserve" event per card (reason
  // "#<request id>"), in set operations: the allocation reserves up to millions at once.
  // Returns how many were reserved: fewer than given when some were no longer in stock.
  virtual std::int64_t reserve_sims(const std::vector<Reservation>& cards, std::string_view at,
                                    std::optional<std::int64_t> actor_user_id,
                                    std::string_view actor) = 0;
  // The cards reserved for a request (still reserved, not yet packed).
  virtual std::vector<Reservation> reserved_for(std::int64_t request_id) = 0;
  // How many cards of a request are in `state`.
  virtual std::int64_t count_cards_of_request(std::int64_t request_id, SimState state) = 0;
  // reserved -> in_stock, no longer set aside for any request.
  virtual void release_sim(std::string_view iccid, std::string_view at) = 0;
  // Sets (or clears) the request and the packing order of a card.
  virtual void set_card_destination(std::string_view iccid, std::optional<std::int64_t> request_id,
                                    std::optional<std::int64_t> packing_order_id) = 0;
};

}  // namespace relais::store
