// Conversions of approvals between fieldservice.orders.v1 and the domain.
#ifndef FIELDSERVICE_ORDERS_API_APPROVAL_MAPPING_H_
#define FIELDSERVICE_ORDERS_API_APPROVAL_MAPPING_H_

#include <optional>
#include <string>
#include <vector>

#include "fieldservice/orders/v1/approval.pb.h"
#include "services/common/errors.h"
#include "services/orders/domain/approval_service.h"

namespace fieldservice::orders::api {

std::optional<ApprovalKind> FromProto(fieldservice::orders::v1::ApprovalKind kind);
std::optional<Decision> FromProto(fieldservice::orders::v1::Decision decision);
void ToProto(const ApprovalRecord& record, fieldservice::orders::v1::Approval* out);

// "repairOrders/{n}/approvals/{id}" -> (order number, id), or a violation.
std::optional<std::pair<std::string, int64_t>> ParseApprovalName(
    const std::string& name, const std::string& field,
    std::vector<common::FieldViolation>& violations);

}  // namespace fieldservice::orders::api

#endif  // FIELDSERVICE_ORDERS_API_APPROVAL_MAPPING_H_
