// Mapping between a repair_orders row (and its deadlines and events) and the
// domain structs. All column lists live here, in one place.
#ifndef FIELDSERVICE_ORDERS_STORAGE_ORDER_ROWS_H_
#define FIELDSERVICE_ORDERS_STORAGE_ORDER_ROWS_H_

#include <cppconn/connection.h>
#include <cppconn/resultset.h>

#include <string>
#include <vector>

#include "services/common/sql.h"
#include "services/orders/domain/repair_order.h"

namespace fieldservice::orders::rows {

// "SELECT <all columns> FROM repair_orders o" without a WHERE clause.
const std::string& SelectOrderSql();
// INSERT of every column but id.
const std::string& InsertOrderSql();
// UPDATE of every changeable column, "WHERE id = ?" last.
const std::string& UpdateOrderSql();

// Binds the columns of InsertOrderSql / UpdateOrderSql in their order.
void BindInsert(common::Statement& st, const RepairOrder& order);
void BindUpdate(common::Statement& st, const RepairOrder& order);

RepairOrder ReadOrder(sql::ResultSet& rs);

// The deadlines of a page of orders, in one statement (FindOrder reads one
// order's with it).
void LoadDeadlines(sql::Connection& c, std::vector<RepairOrder>& orders);
// Inserts the order's deadlines in one statement (a new order has none yet).
void InsertDeadlines(sql::Connection& c, const RepairOrder& order);
void ReplaceDeadlines(sql::Connection& c, const RepairOrder& order);
// Whether two lists hold the same deadlines with the same times (in order).
bool SameDeadlines(const std::vector<OrderDeadline>& a, const std::vector<OrderDeadline>& b);

// Inserts numbered events in one statement.
void InsertEvents(sql::Connection& c, int64_t order_id, const std::vector<AuditEvent>& events);

// The order (with deadlines) whose `column` equals `value`; FOR UPDATE locks
// its row until the transaction ends.
std::optional<RepairOrder> FindOrder(sql::Connection& c, const char* column,
                                     const std::string& value, bool for_update);

// Numbers `events` after the order's last one (order.last_event_sequence
// moves on).
void NumberEvents(RepairOrder& order, std::vector<AuditEvent>& events);
// NumberEvents, then InsertEvents; the caller writes
// order.last_event_sequence back.
void AppendEvents(sql::Connection& c, RepairOrder& order, std::vector<AuditEvent>& events);
AuditEvent ReadEvent(sql::ResultSet& rs);

}  // namespace fieldservice::orders::rows

#endif  // FIELDSERVICE_ORDERS_STORAGE_ORDER_ROWS_H_
