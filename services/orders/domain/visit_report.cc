#include "services/orders/domain/visit_report.h"

namespace fieldservice::orders {

bool CompletesAVisit(const OrderChanges& changes) {
  for (const AuditEvent& e : changes.events) {
    if (e.action == AuditAction::kTransitioned && e.event == OrderEvent::kComplete) return true;
  }
  return false;
}

int64_t VisitNumberOf(const RepairOrder& order) { return int64_t{order.reopen_count} + 1; }

}  // namespace fieldservice::orders
