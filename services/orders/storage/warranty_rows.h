// The repair_orders columns of the 三包 claim (WarrantyClaim) and of the
// recorded decision's details (remedies, refund, quote, reasons). Part of the
// order row: order_rows.cc appends these columns and calls these functions.
#ifndef FIELDSERVICE_ORDERS_STORAGE_WARRANTY_ROWS_H_
#define FIELDSERVICE_ORDERS_STORAGE_WARRANTY_ROWS_H_

#include <cppconn/resultset.h>

#include <span>

#include "services/common/sql.h"
#include "services/orders/domain/repair_order.h"

namespace fieldservice::orders::rows {

// The columns, in the order BindWarranty binds them.
std::span<const char* const> WarrantyColumns();

void BindWarranty(common::Statement& st, const RepairOrder& order);

// Reads the columns into `order`; throws sql::SQLException for a value that
// does not parse (an unknown enum name, a malformed list line), so corrupt
// data is an error, never a silent default.
void ReadWarranty(sql::ResultSet& rs, RepairOrder& order);

}  // namespace fieldservice::orders::rows

#endif  // FIELDSERVICE_ORDERS_STORAGE_WARRANTY_ROWS_H_
