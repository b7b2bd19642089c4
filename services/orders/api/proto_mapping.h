// Conversions between the fieldservice.orders.v1 protos and the domain.
// Inbound conversions report malformed values (unset enums, impossible
// dates, half-set windows) as field violations relative to the message.
#ifndef FIELDSERVICE_ORDERS_API_PROTO_MAPPING_H_
#define FIELDSERVICE_ORDERS_API_PROTO_MAPPING_H_

#include <vector>

#include "fieldservice/orders/v1/orders_service.pb.h"
#include "services/common/errors.h"
#include "services/common/proto_time.h"
#include "services/orders/domain/order_service.h"

namespace fieldservice::orders::api {

namespace v1 = ::fieldservice::orders::v1;

// The submitted order's input fields, with violations for malformed values.
NewOrder ToNewOrder(const v1::RepairOrder& proto, std::vector<common::FieldViolation>& violations);

// The resource as `viewer` may see it: everything, with the customer's phone
// and address masked (MaskContact) unless MaySeeContact(viewer, order)
// (DOMAIN.md "Confidentiality"). Every response carrying an order goes
// through here, so none can forget the rule.
void ToProto(const RepairOrder& order, const OrderService& service, const Actor& viewer,
             v1::RepairOrder* out);
// An audit event; its free-text reason has phone numbers masked unless the
// viewer holds kGrantSeesPhone (events carry no structured phone or address,
// but an agent may have typed a number into a reason).
void ToProto(const AuditEvent& event, const Actor& viewer, v1::RepairOrderEvent* out);

// The customer's phone masked (common::MaskPhone: 138****5678), the address
// kept to its region code (province, city, district) with the street detail
// "****" and no map position, and the read-back text's address masked.
void MaskContact(v1::RepairOrder* order);

// Enum conversions; nullopt for UNSPECIFIED or unknown numbers.
// A visit's repair record between the API and the domain (the domain's
// CheckDispatchProgress judges it).
VisitRecord FromProto(const v1::VisitRecord& proto);
void ToProto(const VisitRecord& record, v1::VisitRecord* out);

std::optional<OrderEvent> FromProto(v1::Event e);
std::optional<OrderStatus> FromProto(v1::Status s);
std::optional<ContactType> FromProto(v1::ContactType t);
v1::Status ToProto(OrderStatus s);

// Time conversions live in services/common/proto_time.h.
using common::SetTimestamp;
using common::ToTime;

std::optional<TimeWindow> ToWindow(const fieldservice::type::TimeWindow& w, bool present,
                                   const std::string& field,
                                   std::vector<common::FieldViolation>& violations);

// "repairOrders/{order_number}" -> order number, or a violation on `field`.
std::optional<std::string> ParseOrderName(const std::string& name, const std::string& field,
                                          std::vector<common::FieldViolation>& violations);
// An etag as sent back by clients; empty means "no check".
std::optional<int64_t> ParseEtag(const std::string& etag, const std::string& field,
                                 std::vector<common::FieldViolation>& violations);

}  // namespace fieldservice::orders::api

#endif  // FIELDSERVICE_ORDERS_API_PROTO_MAPPING_H_
