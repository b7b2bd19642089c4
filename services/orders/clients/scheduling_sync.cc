#include "services/orders/clients/scheduling_sync.h"

#include <grpcpp/client_context.h>

#include "absl/strings/str_cat.h"
#include "services/common/gatekeeper.h"
#include "services/common/logging.h"
#include "services/common/outbox_call.h"
#include "services/common/proto_time.h"
#include "services/orders/domain/dispatch_sync.h"

namespace fieldservice::orders {

namespace sv1 = ::fieldservice::scheduling::v1;

SchedulingSync::SchedulingSync(OrderService& orders, std::shared_ptr<grpc::Channel> channel,
                               absl::Duration call_timeout)
    : orders_(orders),
      channel_(channel),
      stub_(sv1::Dispatch::NewStub(channel)),
      call_timeout_(call_timeout) {}

sv1::SyncJobRequest SchedulingSync::RequestFor(const RepairOrder& order) {
  const DispatchFacts facts = DispatchFactsOf(order);
  sv1::SyncJobRequest r;
  r.set_order(absl::StrCat("repairOrders/", order.order_number));
  r.set_order_version(order.version);
  r.set_in_dispatch(facts.in_dispatch);
  r.set_visit(facts.visit);
  r.set_region_code(facts.region_code);
  if (facts.location.has_value()) {
    r.mutable_location()->set_latitude(facts.location->latitude);
    r.mutable_location()->set_longitude(facts.location->longitude);
  }
  r.set_category(facts.category);
  r.set_brand(facts.brand);
  if (facts.preferred_window.has_value()) {
    common::SetTimestamp(facts.preferred_window->start,
                         r.mutable_preferred_window()->mutable_start_time());
    common::SetTimestamp(facts.preferred_window->end,
                         r.mutable_preferred_window()->mutable_end_time());
  }
  r.set_complaint(facts.complaint);
  r.set_major_complaint(facts.major_complaint);
  common::SetTimestamp(order.updated_at, r.mutable_change_time());
  sv1::CustomerContact* customer = r.mutable_customer();
  customer->set_name(facts.customer_name);
  customer->set_phone(facts.customer_phone);
  customer->set_address(facts.customer_address);
  sv1::ChargeTerms* charges = r.mutable_charges();
  charges->set_decided(facts.charges.decided);
  charges->set_free(facts.charges.free);
  charges->mutable_labour()->set_amount_fen(facts.charges.labour_fen);
  charges->mutable_part()->set_amount_fen(facts.charges.part_fen);
  charges->set_part_priced(facts.charges.part_priced);
  charges->mutable_callout()->set_amount_fen(facts.charges.callout_fen);
  r.set_model(facts.model);
  r.set_fault_description(facts.fault_description);
  return r;
}

absl::Status SchedulingSync::Deliver(const common::OutboxMessage& message) {
  const OwedPayloadParts owed = ParseOwedPayload(message.payload);
  auto order = orders_.Get(owed.order_number);
  if (!order.ok()) return order.status();
  sv1::DispatchJob job;
  absl::Status told =
      common::CallForOutbox(*channel_, call_timeout_, "scheduling", [&](grpc::ClientContext& c) {
        if (!owed.on_behalf_of.empty())
          c.AddMetadata(common::kOnBehalfOfMetadata, owed.on_behalf_of);
        return stub_->SyncJob(&c, RequestFor(*order), &job);
      });
  if (!told.ok()) return told;
  common::LogInfo("dispatch_synced", {{"order", owed.order_number},
                                      {"version", absl::StrCat(order->version)},
                                      {"queued", job.queued() ? "yes" : "no"}});
  return absl::OkStatus();
}

}  // namespace fieldservice::orders
