#include "services/orders/storage/mysql_approval_repository.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/sql.h"
#include "services/orders/storage/order_rows.h"
#include "services/orders/storage/stored_value.h"

namespace fieldservice::orders {
namespace {

using common::GetOptionalTime;
using common::GetTime;
using common::Statement;

constexpr char kSelect[] =
    "SELECT a.id, a.request_id, a.kind, a.chain, a.proposal, a.amount_fen, a.state,"
    " a.receipt_reference, a.receipt_recorded_by, a.receipt_recorded_at,"
    " a.paid_amount_fen, a.created_at, a.version, o.order_number"
    " FROM approvals a JOIN repair_orders o ON o.id = a.order_id";

std::string ChainText(const ApprovalChain& chain) {
  std::vector<std::string> steps;
  for (const ChainStep& s : chain) steps.push_back(absl::StrCat(s.role, ":", s.action));
  return absl::StrJoin(steps, ",");
}

ApprovalChain ParseChain(const std::string& text) {
  ApprovalChain chain;
  for (absl::string_view step : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    std::pair<std::string, std::string> parts = absl::StrSplit(step, absl::MaxSplits(':', 1));
    chain.push_back({parts.first, parts.second});
  }
  return chain;
}

ApprovalRecord ReadRecord(sql::ResultSet& rs) {
  ApprovalRecord r;
  r.id = rs.getInt64("id");
  r.order_number = rs.getString("order_number");
  r.request_id = rs.getString("request_id");
  r.request.kind =
      rows::Parsed(ParseApprovalKind(std::string(rs.getString("kind"))), "approvals.kind");
  r.request.chain = ParseChain(rs.getString("chain"));
  r.proposal = rs.getString("proposal");
  r.amount_fen = rs.getInt64("amount_fen");
  r.request.state =
      rows::Parsed(ParseApprovalState(std::string(rs.getString("state"))), "approvals.state");
  r.request.receipt_reference = rs.getString("receipt_reference");
  r.request.receipt_recorded_by = rs.getString("receipt_recorded_by");
  r.request.receipt_recorded_at = GetOptionalTime(rs, "receipt_recorded_at");
  r.paid_amount_fen = rs.getInt64("paid_amount_fen");
  r.created_at = GetTime(rs, "created_at");
  r.version = rs.getInt64("version");
  return r;
}

void LoadSteps(sql::Connection& c, ApprovalRecord& r) {
  auto rs = Statement(c,
                      "SELECT role, action, actor, decision, comment, at FROM approval_steps"
                      " WHERE approval_id = ? ORDER BY seq")
                .Bind(r.id)
                .Query();
  r.request.steps.clear();
  while (rs->next()) {
    ApprovalStepRecord s;
    s.role = rs->getString("role");
    s.action = rs->getString("action");
    s.actor = rs->getString("actor");
    s.decision = rows::Parsed(ParseDecision(std::string(rs->getString("decision"))),
                              "approval_steps.decision");
    s.comment = rs->getString("comment");
    s.at = GetTime(*rs, "at");
    r.request.steps.push_back(s);
  }
}

// Writes the steps not yet stored (steps are append-only).
void InsertNewSteps(sql::Connection& c, const ApprovalRecord& r, size_t stored) {
  for (size_t i = stored; i < r.request.steps.size(); ++i) {
    const ApprovalStepRecord& s = r.request.steps[i];
    Statement(c,
              "INSERT INTO approval_steps (approval_id, seq, role, action, actor, decision,"
              " comment, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .Bind(r.id)
        .Bind(static_cast<int64_t>(i + 1))
        .Bind(s.role)
        .Bind(s.action)
        .Bind(s.actor)
        .Bind(std::string(DecisionName(s.decision)))
        .Bind(s.comment)
        .Bind(s.at)
        .Execute();
  }
}

std::optional<ApprovalRecord> FindRecord(sql::Connection& c, const char* where,
                                         const std::function<void(Statement&)>& bind,
                                         bool for_update) {
  Statement st(c, absl::StrCat(kSelect, " WHERE ", where, for_update ? " FOR UPDATE" : "").c_str());
  bind(st);
  auto rs = st.Query();
  if (!rs->next()) return std::nullopt;
  ApprovalRecord r = ReadRecord(*rs);
  LoadSteps(c, r);
  return r;
}

// Appends approval events to the (locked) order's trail.
void AppendToOrder(sql::Connection& c, RepairOrder& order, std::vector<AuditEvent> events) {
  for (AuditEvent& e : events) e.from_status = e.to_status = order.status;
  rows::AppendEvents(c, order, events);
  Statement(c, "UPDATE repair_orders SET last_event_seq = ? WHERE id = ?")
      .Bind(order.last_event_sequence)
      .Bind(order.id)
      .Execute();
}

absl::Status OrderNotFound(const std::string& n) {
  return absl::NotFoundError(absl::StrCat("repair order ", n, " does not exist"));
}

absl::Status ApprovalNotFound(const std::string& n, int64_t id) {
  return absl::NotFoundError(
      absl::StrCat("repairOrders/", n, "/approvals/", id, " does not exist"));
}

}  // namespace

absl::StatusOr<ApprovalCreateResult> MySqlApprovalRepository::Create(
    ApprovalRecord record, const AuditEvent& event, const CheckOrderFn& check_order) {
  ApprovalCreateResult result;
  auto by_request = [&](sql::Connection& c) {
    std::optional<ApprovalRecord> existing = FindRecord(
        c, "a.request_id = ?", [&](Statement& st) { st.Bind(record.request_id); }, false);
    if (existing.has_value()) result = {*existing, false};
    return existing.has_value();
  };
  absl::Status status = common::CreateOnce(
      pool_, retry_,
      [&](sql::Connection& c) {
        std::optional<RepairOrder> order =
            rows::FindOrder(c, "order_number", record.order_number, true);
        if (!order.has_value()) return OrderNotFound(record.order_number);
        if (by_request(c)) return absl::OkStatus();
        ApprovalRecord fresh = record;
        if (absl::Status ok = check_order(*order, fresh); !ok.ok()) return ok;
        Statement(c,
                  "INSERT INTO approvals (order_id, request_id, kind, chain, proposal, amount_fen,"
                  " state, receipt_reference, receipt_recorded_by, receipt_recorded_at,"
                  " paid_amount_fen, created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, '', '',"
                  " NULL, 0, ?, 1)")
            .Bind(order->id)
            .Bind(fresh.request_id)
            .Bind(std::string(ApprovalKindName(fresh.request.kind)))
            .Bind(ChainText(fresh.request.chain))
            .Bind(fresh.proposal)
            .Bind(fresh.amount_fen)
            .Bind(std::string(ApprovalStateName(fresh.request.state)))
            .Bind(fresh.created_at)
            .Execute();
        fresh.id = common::LastInsertId(c);
        InsertNewSteps(c, fresh, 0);
        AuditEvent e = event;
        e.reason = absl::StrCat(e.reason, " as approvals/", fresh.id);
        AppendToOrder(c, *order, {e});
        result = {fresh, true};
        return absl::OkStatus();
      },
      by_request);
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<ApprovalRecord> MySqlApprovalRepository::Get(const std::string& order_number,
                                                            int64_t approval_id) {
  std::optional<ApprovalRecord> found;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    found = FindRecord(
        c, "o.order_number = ? AND a.id = ?",
        [&](Statement& st) { st.Bind(order_number).Bind(approval_id); }, false);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (!found.has_value()) return ApprovalNotFound(order_number, approval_id);
  return *found;
}

absl::StatusOr<std::vector<ApprovalRecord>> MySqlApprovalRepository::List(
    const std::string& order_number) {
  std::vector<ApprovalRecord> out;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    out.clear();
    if (!rows::FindOrder(c, "order_number", order_number, false).has_value()) {
      return OrderNotFound(order_number);
    }
    auto rs = Statement(c, absl::StrCat(kSelect, " WHERE o.order_number = ? ORDER BY a.id").c_str())
                  .Bind(order_number)
                  .Query();
    while (rs->next()) out.push_back(ReadRecord(*rs));
    for (ApprovalRecord& r : out) LoadSteps(c, r);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return out;
}

absl::StatusOr<ApprovalRecord> MySqlApprovalRepository::Mutate(const std::string& order_number,
                                                               int64_t approval_id,
                                                               const ChangeFn& change) {
  ApprovalRecord result;
  absl::Status status = common::RunInTransaction(pool_, retry_, [&](sql::Connection& c) {
    // Lock order first, then approval: the same order as Create, so the two
    // never deadlock each other.
    std::optional<RepairOrder> order = rows::FindOrder(c, "order_number", order_number, true);
    if (!order.has_value()) return OrderNotFound(order_number);
    std::optional<ApprovalRecord> loaded = FindRecord(
        c, "o.order_number = ? AND a.id = ?",
        [&](Statement& st) { st.Bind(order_number).Bind(approval_id); }, true);
    if (!loaded.has_value()) return ApprovalNotFound(order_number, approval_id);
    ApprovalRecord r = *loaded;
    std::vector<AuditEvent> events;
    if (absl::Status ok = change(r, events); !ok.ok()) return ok;
    r.version = loaded->version + 1;
    Statement(c,
              "UPDATE approvals SET state = ?, receipt_reference = ?, receipt_recorded_by = ?,"
              " receipt_recorded_at = ?, paid_amount_fen = ?, version = ? WHERE id = ?")
        .Bind(std::string(ApprovalStateName(r.request.state)))
        .Bind(r.request.receipt_reference)
        .Bind(r.request.receipt_recorded_by)
        .Bind(r.request.receipt_recorded_at)
        .Bind(r.paid_amount_fen)
        .Bind(r.version)
        .Bind(r.id)
        .Execute();
    InsertNewSteps(c, r, loaded->request.steps.size());
    AppendToOrder(c, *order, events);
    result = r;
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return result;
}

}  // namespace fieldservice::orders
