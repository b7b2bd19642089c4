#include "services/orders/clients/warranty_requester.h"

#include <grpcpp/client_context.h>

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/common/logging.h"
#include "services/common/proto_time.h"
#include "services/orders/domain/names.h"

namespace fieldservice::orders {
namespace {

namespace wv1 = ::fieldservice::warranty::v1;

// "field: rule; field: rule" from a google.rpc.BadRequest, else the message.
std::string Problem(const grpc::Status& status) {
  google::rpc::Status details;
  std::string out;
  if (details.ParseFromString(status.error_details())) {
    for (const auto& any : details.details()) {
      google::rpc::BadRequest bad;
      if (!any.UnpackTo(&bad)) continue;
      for (const auto& v : bad.field_violations()) {
        absl::StrAppend(&out, out.empty() ? "" : "; ", v.field(), ": ", v.description());
      }
    }
  }
  return out.empty() ? status.error_message() : out;
}

}  // namespace

WarrantyRequester::WarrantyRequester(OrderService& orders, std::shared_ptr<grpc::Channel> channel,
                                     absl::Duration call_timeout)
    : orders_(orders),
      channel_(channel),
      stub_(wv1::Warranty::NewStub(channel)),
      call_timeout_(call_timeout) {}

wv1::DecideCoverageRequest WarrantyRequester::RequestFor(const RepairOrder& order,
                                                         const std::string& request_id) {
  const Product& p = order.details.product;
  wv1::DecideCoverageRequest r;
  r.set_request_id(request_id);
  r.set_order(absl::StrCat("repairOrders/", order.order_number));
  r.mutable_product()->set_category(p.category);
  r.mutable_product()->set_brand(p.brand);
  r.mutable_product()->set_model(p.model);
  r.mutable_product()->set_serial(p.serial);
  bool invoice = !p.invoice_number.empty();
  r.mutable_proof()->set_invoice_present(invoice);
  r.mutable_proof()->set_warranty_card_present(p.warranty_card_present);
  r.mutable_proof()->set_altered(p.proof_altered);
  if (invoice && p.purchase_date.has_value()) {
    common::SetDate(*p.purchase_date, r.mutable_invoice_date());
  }
  r.mutable_fault()->set_performance_fault(true);
  common::SetTimestamp(order.created_at, r.mutable_request_time());
  return r;
}

absl::Status WarrantyRequester::Deliver(const common::OutboxMessage& message) {
  auto order = orders_.Get(message.payload);
  if (!order.ok()) return order.status();
  // Answered before, or superseded by a newer request (the product facts were
  // corrected): nothing to ask.
  if (order->warranty.state != WarrantyState::kPending ||
      order->warranty.request_id != message.message_id) {
    return absl::OkStatus();
  }

  // Wait for a connection within the timeout: a channel still backing off
  // from an earlier failure would otherwise fail fast after the warranty
  // service came back.
  absl::Time deadline = absl::Now() + call_timeout_;
  if (!channel_->WaitForConnected(absl::ToChronoTime(deadline))) {
    return absl::UnavailableError("warranty service unreachable");
  }
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(deadline));
  context.AddMetadata("x-fs-principal", "orders-service");
  context.AddMetadata("x-fs-role", "service");
  wv1::Decision decision;
  grpc::Status status =
      stub_->DecideCoverage(&context, RequestFor(*order, message.message_id), &decision);
  WarrantyInfo info;
  if (status.ok()) {
    info.state = WarrantyState::kDecided;
    info.decision = decision.name();
    info.coverage = wv1::Coverage_Name(decision.coverage());
    info.summary = decision.summary();
  } else if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
    // The facts on the order are not enough; an agent must add them.
    info.state = WarrantyState::kNeedsInformation;
    info.problem = Problem(status).substr(0, 1000);
  } else {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        absl::StrCat("warranty service: ", status.error_message()));
  }
  auto recorded = orders_.RecordWarrantyDecision(message.payload, message.message_id, info);
  if (!recorded.ok()) return recorded.status();
  common::LogInfo("warranty_recorded", {{"order", message.payload},
                                        {"state", std::string(WarrantyStateName(info.state))},
                                        {"coverage", info.coverage}});
  return absl::OkStatus();
}

}  // namespace fieldservice::orders
