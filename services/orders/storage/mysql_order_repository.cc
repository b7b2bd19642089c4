#include "services/orders/storage/mysql_order_repository.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/ids.h"
#include "services/common/outbox.h"
#include "services/common/sql.h"
#include "services/orders/domain/names.h"
#include "services/orders/domain/state_machine.h"
#include "services/orders/storage/order_rows.h"

namespace fieldservice::orders {
namespace {

using common::Statement;

// Orders numbers carry at least this many sequence digits (see ids.h).
constexpr int kMinSequenceDigits = 3;

absl::Status NotFound(const std::string& order_number) {
  return absl::NotFoundError(absl::StrCat("repair order ", order_number, " does not exist"));
}

}  // namespace

absl::StatusOr<CreateResult> MySqlOrderRepository::Create(
    RepairOrder order, absl::CivilDay business_day, OrderChanges changes,
    const std::function<void(RepairOrder&)>& numbered) {
  // The number comes first, from this replica's block (no lock is held by
  // the create), and stays the same if the transaction is retried.
  absl::StatusOr<int64_t> sequence = numbers_.Next(business_day);
  if (!sequence.ok()) return sequence.status();
  RepairOrder fresh = std::move(order);
  fresh.order_number = common::FormatOrderNumber(business_day, *sequence, kMinSequenceDigits);
  numbered(fresh);
  // Numbered before the insert, so the order row carries its last event's
  // sequence from the start.
  std::vector<AuditEvent> trail = changes.events;
  rows::NumberEvents(fresh, trail);
  CreateResult result;
  // A retried request (same request_id) is refused by the unique key, and
  // CreateOnce then reads what the first one stored: the common case, a new
  // order, needs no lookup first. Its number is then a harmless gap.
  absl::Status status = common::CreateOnce(
      pool_, retry_,
      [&](sql::Connection& c) {
        Statement insert(c, rows::InsertOrderSql());
        rows::BindInsert(insert, fresh);
        insert.Execute();
        RepairOrder created = fresh;
        created.id = common::LastInsertId(c);
        rows::InsertEvents(c, created.id, trail);
        rows::InsertDeadlines(c, created);
        for (const OwedMessage& m : changes.owed) {
          common::EnqueueMessage(c, m.topic, OwedPayload(created.order_number, m),
                                 created.created_at, m.message_id);
        }
        result = {std::move(created), true};
        return absl::OkStatus();
      },
      [&](sql::Connection& c) {
        std::optional<RepairOrder> existing =
            rows::FindOrder(c, "request_id", fresh.request_id, false);
        if (existing.has_value()) result = {*existing, false};
        return existing.has_value();
      });
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<RepairOrder> MySqlOrderRepository::Get(const std::string& order_number) {
  std::optional<RepairOrder> found;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    found = rows::FindOrder(c, "order_number", order_number, false);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (!found.has_value()) return NotFound(order_number);
  return *found;
}

BoundQuery ListOrdersQuery(const OrderQuery& q) {
  // The WHERE clause is assembled from fixed fragments; every value is bound.
  std::vector<std::string> where;
  std::vector<std::function<void(Statement&)>> binders;
  if (!q.statuses.empty()) {
    std::vector<std::string> marks(q.statuses.size(), "?");
    where.push_back(absl::StrCat("o.status IN (", absl::StrJoin(marks, ","), ")"));
    for (OrderStatus s : q.statuses) {
      binders.push_back([s](Statement& st) { st.Bind(std::string(StatusName(s))); });
    }
  }
  if (q.contact_type.has_value()) {
    where.push_back("o.contact_type = ?");
    binders.push_back(
        [t = *q.contact_type](Statement& st) { st.Bind(std::string(ContactTypeName(t))); });
  }
  if (!q.phone.empty()) {
    where.push_back("o.customer_phone = ?");
    binders.push_back([p = q.phone](Statement& st) { st.Bind(p); });
  }
  if (!q.region_code_prefix.empty()) {
    where.push_back("o.region_code LIKE ?");
    binders.push_back([p = q.region_code_prefix](Statement& st) { st.Bind(p + "%"); });
  }
  if (!q.technician_id.empty()) {
    where.push_back("o.technician_id = ?");
    binders.push_back([t = q.technician_id](Statement& st) { st.Bind(t); });
  }
  if (q.created_from.has_value()) {
    where.push_back("o.created_at >= ?");
    binders.push_back([t = *q.created_from](Statement& st) { st.Bind(t); });
  }
  if (q.created_to.has_value()) {
    where.push_back("o.created_at < ?");
    binders.push_back([t = *q.created_to](Statement& st) { st.Bind(t); });
  }
  if (q.deadline_filter != DeadlineFilter::kNone) {
    // Open deadlines past their warning time, through ix_order_deadlines_late
    // (met_at, closed_at, warn_at). Overdue ones are a subset (warn_at <=
    // due_at always), so they use the same index range and filter on due_at.
    where.push_back(absl::StrCat(
        "EXISTS (SELECT 1 FROM order_deadlines d WHERE d.order_id = o.id"
        " AND d.met_at IS NULL AND d.closed_at IS NULL AND d.warn_at < ?",
        q.deadline_filter == DeadlineFilter::kOverdue ? " AND d.due_at < ?" : "", ")"));
    binders.push_back([t = q.now](Statement& st) { st.Bind(t); });
    if (q.deadline_filter == DeadlineFilter::kOverdue) {
      binders.push_back([t = q.now](Statement& st) { st.Bind(t); });
    }
  }
  if (q.before_id.has_value()) {
    where.push_back("o.id < ?");
    binders.push_back([id = *q.before_id](Statement& st) { st.Bind(id); });
  }
  std::string sql = rows::SelectOrderSql();
  if (!where.empty()) absl::StrAppend(&sql, " WHERE ", absl::StrJoin(where, " AND "));
  // One row more than asked tells whether another page follows.
  absl::StrAppend(&sql, " ORDER BY o.id DESC LIMIT ?");
  binders.push_back([limit = q.limit + 1](Statement& st) { st.Bind(limit); });
  return {std::move(sql), std::move(binders)};
}

absl::StatusOr<OrderPage> MySqlOrderRepository::List(const OrderQuery& q) {
  const BoundQuery query = ListOrdersQuery(q);
  OrderPage page;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    page = OrderPage{};
    Statement st(c, query.sql.c_str());
    query.BindAll(st);
    auto rs = st.Query();
    while (rs->next()) page.orders.push_back(rows::ReadOrder(*rs));
    if (static_cast<int>(page.orders.size()) > q.limit) {
      page.orders.pop_back();
      page.next_before_id = page.orders.back().id;
    }
    rows::LoadDeadlines(c, page.orders);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return page;
}

absl::StatusOr<RepairOrder> MySqlOrderRepository::Mutate(const std::string& order_number,
                                                         std::optional<int64_t> expected_version,
                                                         const ChangeFn& change) {
  RepairOrder result;
  absl::Status status = common::RunInTransaction(pool_, retry_, [&](sql::Connection& c) {
    std::optional<RepairOrder> loaded = rows::FindOrder(c, "order_number", order_number, true);
    if (!loaded.has_value()) return NotFound(order_number);
    if (expected_version.has_value() && *expected_version != loaded->version) {
      return absl::AbortedError(absl::StrCat("etag is stale: repair order ", order_number,
                                             " changed since it was read (now etag ",
                                             loaded->version, "); read it again"));
    }
    RepairOrder order = *loaded;
    OrderChanges changes;
    absl::Status changed = change(order, changes);
    if (!changed.ok()) return changed;
    if (changes.nothing_to_write) {
      result = *loaded;
      return absl::OkStatus();
    }
    order.version = loaded->version + 1;
    rows::AppendEvents(c, order, changes.events);
    for (const OwedMessage& m : changes.owed) {
      common::EnqueueMessage(c, m.topic, OwedPayload(order.order_number, m), order.updated_at,
                             m.message_id);
    }
    Statement update(c, rows::UpdateOrderSql().c_str());
    rows::BindUpdate(update, order);
    update.Execute();
    // Most changes (a 三包 decision recorded, a field edited) leave the
    // deadlines as they were: then they are not rewritten.
    if (!rows::SameDeadlines(loaded->deadlines, order.deadlines)) rows::ReplaceDeadlines(c, order);
    result = order;
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<EventPage> MySqlOrderRepository::ListEvents(const std::string& order_number,
                                                           int64_t after_sequence, int limit) {
  EventPage page;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    page = EventPage{};
    auto id_rs = Statement(c, "SELECT id FROM repair_orders WHERE order_number = ?")
                     .Bind(order_number)
                     .Query();
    if (!id_rs->next()) return NotFound(order_number);
    auto rs = Statement(c,
                        "SELECT seq, at, actor, action, event, from_status, to_status,"
                        " reason, changed_fields FROM order_events"
                        " WHERE order_id = ? AND seq > ? ORDER BY seq LIMIT ?")
                  .Bind(id_rs->getInt64("id"))
                  .Bind(after_sequence)
                  .Bind(limit + 1)
                  .Query();
    while (rs->next()) page.events.push_back(rows::ReadEvent(*rs));
    if (static_cast<int>(page.events.size()) > limit) {
      page.events.pop_back();
      page.next_after_sequence = page.events.back().sequence;
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return page;
}

BoundQuery DeadlinesToSweepQuery(absl::Time now, const std::optional<DueDeadline>& after,
                                 int limit) {
  // ix_order_deadlines_sweep (sweep_at, order_id, kind) holds only what the
  // sweeper still has to record, in sweep order: the range below reads the
  // rows to act on and no others. Final orders are left out even if an old
  // row of theirs was never closed.
  std::vector<std::string> final_names;
  for (OrderStatus status : AllStatuses()) {
    if (IsFinal(status))
      final_names.push_back(absl::StrCat("'", std::string(StatusName(status)), "'"));
  }
  BoundQuery q;
  q.sql = absl::StrCat(
      "SELECT o.order_number, d.order_id, d.kind, d.sweep_at FROM order_deadlines d"
      " JOIN repair_orders o ON o.id = d.order_id WHERE d.sweep_at < ?",
      after.has_value() ? " AND (d.sweep_at > ? OR (d.sweep_at = ? AND (d.order_id > ?"
                          " OR (d.order_id = ? AND d.kind > ?))))"
                        : "",
      " AND o.status NOT IN (", absl::StrJoin(final_names, ", "), ")",
      " ORDER BY d.sweep_at, d.order_id, d.kind LIMIT ?");
  q.binders.push_back([now](Statement& st) { st.Bind(now); });
  if (after.has_value()) {
    q.binders.push_back([a = *after](Statement& st) {
      st.Bind(a.sweep_at).Bind(a.sweep_at).Bind(a.order_id).Bind(a.order_id).Bind(a.kind_name);
    });
  }
  q.binders.push_back([limit](Statement& st) { st.Bind(limit); });
  return q;
}

absl::StatusOr<std::vector<DueDeadline>> MySqlOrderRepository::DeadlinesToSweep(
    absl::Time now, const std::optional<DueDeadline>& after, int limit) {
  const BoundQuery query = DeadlinesToSweepQuery(now, after, limit);
  std::vector<DueDeadline> due;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    due.clear();
    Statement st(c, query.sql.c_str());
    query.BindAll(st);
    auto rs = st.Query();
    while (rs->next()) {
      std::string kind = rs->getString("kind");
      due.push_back({rs->getString("order_number"), ParseDeadlineKind(kind), kind,
                     rs->getInt64("order_id"), common::GetTime(*rs, "sweep_at")});
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return due;
}

absl::StatusOr<int> MySqlOrderRepository::OweForStatuses(const std::string& topic,
                                                         std::span<const OrderStatus> statuses,
                                                         ServiceMode mode, absl::Time now) {
  if (statuses.empty()) return 0;
  std::vector<std::string> marks(statuses.size(), "?");
  const std::string sql = absl::StrCat(
      "INSERT INTO outbox (message_id, topic, payload, created_at, attempts, next_attempt_at)"
      " SELECT UUID(), ?, order_number, ?, 0, ? FROM repair_orders WHERE status IN (",
      absl::StrJoin(marks, ", "), ") AND service_mode = ?");
  int owed = 0;
  // One statement: the messages exist once it commits, or not at all.
  absl::Status status = common::RunAutocommit(pool_, retry_, [&](sql::Connection& c) {
    common::Statement st(c, sql);
    st.Bind(topic).Bind(now).Bind(now);
    for (OrderStatus s : statuses) st.Bind(std::string(StatusName(s)));
    owed = st.Bind(std::string(ServiceModeName(mode))).Execute();
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return owed;
}

}  // namespace fieldservice::orders
