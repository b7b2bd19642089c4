// Which fields UpdateRepairOrder may change in which status. Status itself
// only moves through the transitions of state_machine.h; identity and
// history fields never change, so that the audit trail and the 3-minute
// entry measurement stay true.
#ifndef FIELDSERVICE_ORDERS_DOMAIN_UPDATE_RULES_H_
#define FIELDSERVICE_ORDERS_DOMAIN_UPDATE_RULES_H_

#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "services/common/errors.h"
#include "services/orders/domain/repair_order.h"

namespace fieldservice::orders {

// One row of the table: a field path as in the API's RepairOrder message
// and the statuses in which it may be written. An empty set means never; then
// `why_never` says how the field does change, if at all.
struct UpdatableField {
  std::string_view path;
  std::set<OrderStatus> statuses;
  std::string_view why_never;
};

// The whole table, read-only, for tests and documentation.
std::span<const UpdatableField> UpdatableFieldTable();

// The statuses in which `path` may be written, or nullopt for an unknown
// path. A parent path ("customer") is editable where all of its table
// children are; a path below a table row ("customer.address.location.
// latitude") follows that row.
std::optional<std::set<OrderStatus>> EditableStatuses(std::string_view path);

// One violation per refused mask path, naming the statuses in which it is
// editable (or why it never is). Unknown paths are refused too, so a typo is
// not silently ignored.
std::vector<common::FieldViolation> CheckUpdatable(const std::vector<std::string>& field_mask_paths,
                                                   OrderStatus status);

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_UPDATE_RULES_H_
