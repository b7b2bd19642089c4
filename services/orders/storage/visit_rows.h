// The repair_orders columns of the completed visit's repair record
// (RepairOrder::visit_record) and the technician's outlet (migration 0050).
// Part of the order row: order_rows.cc appends these columns and calls
// these functions.
#ifndef FIELDSERVICE_ORDERS_STORAGE_VISIT_ROWS_H_
#define FIELDSERVICE_ORDERS_STORAGE_VISIT_ROWS_H_

#include <cppconn/resultset.h>

#include <span>

#include "services/common/sql.h"
#include "services/orders/domain/repair_order.h"

namespace fieldservice::orders::rows {

// The columns, in the order BindVisit binds them.
std::span<const char* const> VisitColumns();

void BindVisit(common::Statement& st, const RepairOrder& order);

// Reads the columns into `order`; throws sql::SQLException (UnreadableValue)
// for a malformed list line or number, so corrupt data is an error, never a
// silent default.
void ReadVisit(sql::ResultSet& rs, RepairOrder& order);

}  // namespace fieldservice::orders::rows

#endif  // FIELDSERVICE_ORDERS_STORAGE_VISIT_ROWS_H_
