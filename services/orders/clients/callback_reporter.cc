#include "services/orders/clients/callback_reporter.h"

#include <grpcpp/client_context.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/gatekeeper.h"
#include "services/common/logging.h"
#include "services/common/outbox_call.h"
#include "services/common/proto_time.h"
#include "services/orders/domain/dispatch_sync.h"

namespace fieldservice::orders {

namespace cv1 = ::fieldservice::callback::v1;

namespace {

// Audit events read per page while looking for the visit's COMPLETE.
constexpr int kEventPage = 100;

}  // namespace

CallbackReporter::CallbackReporter(OrderService& orders, std::shared_ptr<grpc::Channel> channel,
                                   absl::Duration call_timeout)
    : orders_(orders),
      channel_(channel),
      stub_(cv1::Callbacks::NewStub(channel)),
      call_timeout_(call_timeout) {}

namespace {

cv1::ComplaintKind ComplaintKindOf(const RepairOrder& order) {
  const std::optional<Complaint>& complaint = order.details.complaint;
  if (order.details.contact_type != ContactType::kComplaint || !complaint.has_value()) {
    return cv1::COMPLAINT_KIND_UNSPECIFIED;
  }
  if (complaint->severity == ComplaintSeverity::kGeneral) return cv1::GENERAL;
  return complaint->major_kind == MajorComplaintKind::kBatchAccident ? cv1::BATCH_ACCIDENT
                                                                     : cv1::CRISIS;
}

std::string CoverageOf(const ChargeTerms& charges) {
  if (!charges.decided) return "UNDECIDED";
  return charges.free ? "FREE" : "PAID";
}

}  // namespace

cv1::RecordVisitCompletedRequest CallbackReporter::RequestFor(const RepairOrder& order,
                                                              int64_t visit_number,
                                                              const VisitMilestones& milestones) {
  const DispatchFacts facts = DispatchFactsOf(order);
  cv1::RecordVisitCompletedRequest r;
  r.set_order_number(order.order_number);
  r.set_visit_number(visit_number);
  common::SetTimestamp(milestones.completed_at.value_or(order.updated_at),
                       r.mutable_completed_time());
  r.set_complaint(ComplaintKindOf(order) != cv1::COMPLAINT_KIND_UNSPECIFIED);
  r.set_complaint_kind(ComplaintKindOf(order));
  r.set_product_model(facts.model);
  r.set_region_code(facts.region_code);
  r.set_technician_id(order.technician_id);
  r.set_brand(facts.brand);
  r.set_category(facts.category);
  r.set_serial(order.details.product.serial);
  r.set_symptom_code(order.details.symptom_code);
  common::SetTimestamp(order.created_at, r.mutable_received_time());
  if (milestones.assigned_at) {
    common::SetTimestamp(*milestones.assigned_at, r.mutable_assigned_time());
  }
  if (milestones.arrived_at) common::SetTimestamp(*milestones.arrived_at, r.mutable_arrived_time());
  // The booked window is the visit's while the order has not moved on to
  // another visit (a reopen clears it).
  if (order.appointment.has_value() && VisitNumberOf(order) == visit_number) {
    common::SetTimestamp(order.appointment->end, r.mutable_promised_time());
  }
  r.mutable_customer()->set_name(order.details.customer.name);
  r.mutable_customer()->set_phone(order.details.customer.phone);
  cv1::RepairFacts* repair = r.mutable_repair_facts();
  repair->set_free_under_warranty(facts.charges.decided && facts.charges.free);
  // The technician's repair record, as scheduling reported it with the
  // visit's COMPLETE, belongs to the order's current visit: a reopen clears
  // it, so an earlier visit's report (delivered late) goes without it.
  const bool this_visit = VisitNumberOf(order) == visit_number;
  if (this_visit && order.visit_record.has_value()) {
    const VisitRecord& record = *order.visit_record;
    repair->set_record_known(true);
    repair->set_record_signed(record.signed_by_customer);
    repair->set_function_test_recorded(record.function_test_passed);
    int64_t charged = 0;
    for (const VisitFee& f : record.fees) {
      charged += f.amount_fen;
      cv1::RecordFee* fee = r.mutable_record()->add_fees();
      fee->set_kind(f.kind);
      fee->set_part_id(f.part_id);
      fee->set_amount_fen(f.amount_fen);
    }
    repair->set_charged_fen(charged);
    for (const VisitPart& p : record.parts) {
      cv1::RecordPart* part = r.mutable_record()->add_parts();
      part->set_part_id(p.part_id);
      part->set_serial(p.serial);
      part->set_quantity(p.quantity);
    }
  } else if (facts.charges.decided && !facts.charges.free) {
    // No record (a visit completed by a person, without the app): what the
    // visit may charge under the 三包 decision, the price list's quote, and
    // record_known stays false so nothing is read from the record.
    repair->set_charged_fen(facts.charges.labour_fen + facts.charges.part_fen +
                            facts.charges.callout_fen);
  }
  // The technician's outlet (网点), reported by scheduling with the record;
  // empty when unknown (the callback service takes it as optional).
  if (this_visit) r.set_outlet_id(order.technician_outlet);
  r.mutable_record()->set_coverage(CoverageOf(facts.charges));
  r.mutable_record()->set_coverage_reason(order.warranty.summary);
  cv1::OrderSummary* summary = r.mutable_summary();
  std::vector<std::string> product;
  for (const std::string* part : {&facts.brand, &facts.category, &facts.model}) {
    if (!part->empty()) product.push_back(*part);
  }
  summary->set_product(absl::StrJoin(product, " "));
  summary->set_fault(facts.fault_description);
  summary->set_work_done(order.visit_summary);
  return r;
}

absl::StatusOr<VisitMilestones> CallbackReporter::MilestonesOfVisit(const RepairOrder& order,
                                                                    int64_t visit_number) {
  std::vector<AuditEvent> events;
  int64_t after = 0;
  while (true) {
    auto page = orders_.ListEvents(order.order_number, after, kEventPage);
    if (!page.ok()) return page.status();
    events.insert(events.end(), page->events.begin(), page->events.end());
    if (!page->next_after_sequence.has_value()) break;
    after = *page->next_after_sequence;
  }
  return MilestonesOf(events, visit_number);
}

absl::Status CallbackReporter::Deliver(const common::OutboxMessage& message) {
  const OwedPayloadParts owed = ParseOwedPayload(message.payload);
  auto order = orders_.Get(owed.order_number);
  if (!order.ok()) return order.status();
  auto milestones = MilestonesOfVisit(*order, owed.visit_number);
  if (!milestones.ok()) return milestones.status();
  cv1::CallbackTask task;
  absl::Status told =
      common::CallForOutbox(*channel_, call_timeout_, "callback", [&](grpc::ClientContext& c) {
        if (!owed.on_behalf_of.empty())
          c.AddMetadata(common::kOnBehalfOfMetadata, owed.on_behalf_of);
        return stub_->RecordVisitCompleted(&c, RequestFor(*order, owed.visit_number, *milestones),
                                           &task);
      });
  if (!told.ok()) return told;
  common::LogInfo("visit_reported", {{"order", owed.order_number},
                                     {"visit", absl::StrCat(owed.visit_number)},
                                     {"task", task.name()}});
  return absl::OkStatus();
}

}  // namespace fieldservice::orders
