// A programme's results (issue 13): budget, funders, share links, and the rows the results are
// computed from.
#include "store/sql/parts.hpp"
#include "store/sql/rows.hpp"

namespace relais::store::sql {
namespace {

const std::string kShareLinkColumns =
    "id, programme_id, token_sha256, expires_at, created_by, created_at, revoked_at";

ShareLinkRecord read_share_link(Query& q) {
  return {q.i64(0), q.i64(1), q.text(2), q.text(3), q.opt_i64(4), q.text(5), q.opt_text(6)};
}

class SqlResults final : public Results {
 public:
  explicit SqlResults(Connection& conn) : conn_(conn) {}

  ProgrammeProfileRecord programme_profile(std::int64_t programme_id) override {
    Query q(conn_,
            "SELECT target_people, starts_on, ends_on, iati_identifier, iati_org_ref "
            "FROM programmes WHERE id = ?");
    q.bind(programme_id);
    return first_row(q, [](Query& r) {
             return ProgrammeProfileRecord{r.opt_i64(0), r.opt_text(1), r.opt_text(2),
                                           r.opt_text(3), r.opt_text(4)};
           })
        .value_or(ProgrammeProfileRecord{});
  }

  void set_programme_profile(std::int64_t programme_id,
                             const ProgrammeProfileRecord& p) override {
    Query q(conn_,
            "UPDATE programmes SET target_people = ?, starts_on = ?, ends_on = ?, "
            "iati_identifier = ?, iati_org_ref = ? WHERE id = ?");
    q.bind(p.target_people).bind(p.starts_on).bind(p.ends_on).bind(p.iati_identifier);
    q.bind(p.iati_org_ref).bind(programme_id).run();
  }

  std::vector<BudgetLineRecord> budget_lines(std::int64_t programme_id) override {
    Query q(conn_,
            "SELECT category, budget_cents, spent_cents FROM budget_lines "
            "WHERE programme_id = ? ORDER BY category");
    q.bind(programme_id);
    return all_rows(q, [](Query& r) {
      return BudgetLineRecord{r.text(0), r.i64(1), r.opt_i64(2)};
    });
  }

  std::vector<FunderRecord> funders(std::int64_t programme_id) override {
    Query q(conn_,
            "SELECT id, name, iati_ref, category, share_bp, amount_cents FROM programme_funders "
            "WHERE programme_id = ? ORDER BY id");
    q.bind(programme_id);
    return all_rows(q, [](Query& r) {
      return FunderRecord{r.i64(0), r.text(1), r.opt_text(2), r.opt_text(3), r.opt_i64(4),
                          r.opt_i64(5)};
    });
  }

  void replace_budget(std::int64_t programme_id, const std::vector<BudgetLineRecord>& lines,
                      const std::vector<FunderRecord>& funders) override {
    Query(conn_, "DELETE FROM budget_lines WHERE programme_id = ?").bind(programme_id).run();
    Query(conn_, "DELETE FROM programme_funders WHERE programme_id = ?").bind(programme_id).run();
    for (const auto& l : lines) {
      Query q(conn_,
              "INSERT INTO budget_lines (programme_id, category, budget_cents, spent_cents) "
              "VALUES (?, ?, ?, ?)");
      q.bind(programme_id).bind(l.category).bind(l.budget_cents).bind(l.spent_cents).run();
    }
    for (const auto& f : funders) {
      Query q(conn_,
              "INSERT INTO programme_funders (programme_id, name, iati_ref, category, share_bp, "
              "amount_cents) VALUES (?, ?, ?, ?, ?, ?)");
      q.bind(programme_id).bind(f.name).bind(f.iati_ref).bind(f.category).bind(f.share_bp);
      q.bind(f.amount_cents).run();
    }
  }

  std::int64_t insert_share_link(const ShareLinkRecord& l) override {
    Query q(conn_,
            "INSERT INTO share_links (programme_id, token_sha256, expires_at, created_by, "
            "created_at) VALUES (?, ?, ?, ?, ?) RETURNING id");
    q.bind(l.programme_id).bind(l.token_sha256).bind(l.expires_at).bind(l.created_by);
    q.bind(l.created_at);
    return returning_id(q);
  }

  std::optional<ShareLinkRecord> share_link_by_token(std::string_view token_sha256) override {
    Query q(conn_, "SELECT " + kShareLinkColumns + " FROM share_links WHERE token_sha256 = ?");
    q.bind(token_sha256);
    return first_row(q, read_share_link);
  }

  std::vector<ShareLinkRecord> share_links(std::int64_t programme_id) override {
    Query q(conn_, "SELECT " + kShareLinkColumns +
                       " FROM share_links WHERE programme_id = ? ORDER BY id DESC LIMIT 500");
    q.bind(programme_id);
    return all_rows(q, read_share_link);
  }

  bool revoke_share_link(std::int64_t programme_id, std::int64_t id,
                         const std::string& at) override {
    Query q(conn_,
            "UPDATE share_links SET revoked_at = ? WHERE programme_id = ? AND id = ? "
            "AND revoked_at IS NULL RETURNING id");
    q.bind(at).bind(programme_id).bind(id);
    return q.step();
  }

  std::vector<ResultStructureRow> result_structures() override {
    Query q(conn_,
            "SELECT id, COALESCE(department, ''), COALESCE(structure_type, ''), "
            "COALESCE(capacity, 0) FROM organisations WHERE kind = 'structure'");
    return all_rows(q, [](Query& r) {
      return ResultStructureRow{r.i64(0), r.text(1), r.text(2), r.i64(3)};
    });
  }

  std::vector<ResultBatchRow> result_batches(std::int64_t programme_id) override {
    Query q(conn_,
            "SELECT b.received_at, b.quantity FROM sim_batches b "
            "JOIN programmes g ON g.plan_id = b.plan_id WHERE g.id = ? ORDER BY b.id");
    q.bind(programme_id);
    return all_rows(q, [](Query& r) { return ResultBatchRow{r.text(0), r.i64(1)}; });
  }

  std::vector<ResultRequestRow> result_requests(std::int64_t programme_id) override {
    Query q(conn_,
            "SELECT id, structure_id, submitted_at FROM requests "
            "WHERE programme_id = ? AND submitted_at IS NOT NULL");
    q.bind(programme_id);
    return all_rows(q, [](Query& r) { return ResultRequestRow{r.i64(0), r.i64(1), r.text(2)}; });
  }

  std::vector<ResultCardRow> result_cards(std::int64_t programme_id) override {
    // The first time each step happened to each card that left the stock.
    auto first = [](const char* transition) {
      return std::string("COALESCE(MIN(CASE WHEN e.transition = '") + transition +
             "' THEN e.at END), '')";
    };
    Query q(conn_,
            "SELECT s.iccid, COALESCE(r.structure_id, s.holder_id), s.request_id, " +
                first("reserve") + ", " + first("pack") + ", " + first("ship") + ", " +
                first("deliver") + ", " + first("hand_over") + ", " + first("activate") +
                " FROM sims s JOIN sim_batches b ON b.id = s.batch_id "
                "JOIN programmes g ON g.plan_id = b.plan_id "
                "JOIN sim_events e ON e.iccid = s.iccid "
                "LEFT JOIN requests r ON r.id = s.request_id "
                "WHERE g.id = ? AND e.transition IN "
                "('reserve', 'pack', 'ship', 'deliver', 'hand_over', 'activate') "
                "GROUP BY s.iccid, r.structure_id, s.holder_id, s.request_id");
    q.bind(programme_id);
    return all_rows(q, [](Query& r) {
      return ResultCardRow{r.text(0), r.opt_i64(1), r.opt_i64(2), r.text(3), r.text(4),
                           r.text(5), r.text(6), r.text(7), r.text(8)};
    });
  }

  std::vector<ResultLineRow> result_lines(std::int64_t programme_id) override {
    Query q(conn_,
            "SELECT h.iccid, CASE WHEN h.replaces_id IS NULL THEN 0 ELSE 1 END, r.household_size, r.languages "
            "FROM handovers h JOIN residents r ON r.id = h.resident_id "
            "WHERE h.programme_id = ? AND h.taken_back_at IS NULL");
    q.bind(programme_id);
    return all_rows(q, [](Query& r) {
      const auto languages = split_words(r.text(3));
      return ResultLineRow{r.text(0), r.i64(1) != 0, r.i64(2),
                           languages.empty() ? std::string() : languages.front()};
    });
  }

  std::vector<ResultFollowUpRow> result_follow_ups(std::int64_t programme_id) override {
    Query q(conn_,
            "SELECT h.iccid, f.recorded_at, f.language, f.uses, f.still_used, f.satisfaction, "
            "CASE WHEN EXISTS (SELECT 1 FROM consents c WHERE c.resident_id = f.resident_id "
            "AND c.purpose = 'testimony' AND c.status = 'given') THEN f.testimony END "
            "FROM follow_ups f JOIN handovers h ON h.id = f.handover_id "
            "WHERE f.programme_id = ? ORDER BY f.id");
    q.bind(programme_id);
    return all_rows(q, [](Query& r) {
      const auto still = r.opt_i64(4);
      return ResultFollowUpRow{r.text(0), r.text(1), r.text(2), r.text(3),
                               still ? std::optional<bool>(*still != 0) : std::nullopt,
                               r.opt_i64(5), r.opt_text(6)};
    });
  }

  std::vector<ResultTopupRow> result_topups(std::int64_t programme_id) override {
    Query q(conn_,
            "SELECT iccid, status, requested_at, COALESCE(confirmed_at, ''), cost_cents "
            "FROM topups WHERE programme_id = ?");
    q.bind(programme_id);
    return all_rows(q, [](Query& r) {
      return ResultTopupRow{r.text(0), r.text(1), r.text(2), r.text(3), r.i64(4)};
    });
  }

  std::vector<ResultParcelRow> result_parcels(std::int64_t programme_id) override {
    Query q(conn_,
            "SELECT po.structure_id, COALESCE(po.packed_at, ''), COALESCE(sh.shipped_at, ''), "
            "COALESCE(sh.parcel_price_cents, c.parcel_price_cents, 0) FROM packing_orders po "
            "LEFT JOIN shipments sh ON sh.id = po.shipment_id "
            "LEFT JOIN carriers c ON c.code = sh.carrier "
            "WHERE EXISTS (SELECT 1 FROM sims s JOIN requests r ON r.id = s.request_id "
            "WHERE s.packing_order_id = po.id AND r.programme_id = ?)");
    q.bind(programme_id);
    return all_rows(q, [](Query& r) {
      return ResultParcelRow{r.i64(0), r.text(1), r.text(2), r.i64(3)};
    });
  }

 private:
  Connection& conn_;
};

}  // namespace

std::unique_ptr<Results> make_results(Connection& conn) {
  return std::make_unique<SqlResults>(conn);
}

}  // namespace relais::store::sql
