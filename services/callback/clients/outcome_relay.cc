#include "services/callback/clients/outcome_relay.h"

#include "absl/strings/str_cat.h"
#include "services/callback/domain/outcome_report.h"
#include "services/common/logging.h"
#include "services/common/outbox_call.h"
#include "services/common/proto_time.h"

namespace fieldservice::callback {
namespace {

namespace ov1 = ::fieldservice::orders::v1;
namespace sv1 = ::fieldservice::scheduling::v1;

ov1::CallbackVerdict ToProto(OrderVerdict verdict) {
  switch (verdict) {
    case OrderVerdict::kSatisfied:
      return ov1::SATISFIED;
    case OrderVerdict::kNotSolved:
      return ov1::NOT_SOLVED;
    case OrderVerdict::kUnreachable:
      return ov1::UNREACHABLE;
  }
  return ov1::CALLBACK_VERDICT_UNSPECIFIED;
}

std::string CallbackName(const CallbackRecord& record) {
  return absl::StrCat("callbacks/", record.task.key());
}

}  // namespace

OrdersOutcomeRelay::OrdersOutcomeRelay(CallbackService& callbacks,
                                       std::shared_ptr<grpc::Channel> channel,
                                       absl::Duration call_timeout)
    : callbacks_(callbacks),
      channel_(channel),
      stub_(ov1::RepairOrders::NewStub(channel)),
      call_timeout_(call_timeout) {}

absl::StatusOr<ov1::RecordCallbackOutcomeRequest> OrdersOutcomeRelay::RequestFor(
    const CallbackRecord& record) {
  std::optional<VerdictReport> verdict = VerdictOf(record);
  if (!verdict.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat(CallbackName(record), " has not ended: no verdict to report"));
  }
  ov1::RecordCallbackOutcomeRequest r;
  r.set_name(absl::StrCat("repairOrders/", record.task.visit.order_number));
  r.set_visit_number(record.task.visit.visit_number);
  r.set_verdict(ToProto(verdict->verdict));
  r.set_reason(verdict->reason);
  return r;
}

absl::Status OrdersOutcomeRelay::Deliver(const common::OutboxMessage& message) {
  auto record = callbacks_.Get(message.payload);
  if (!record.ok()) return record.status();
  auto request = RequestFor(*record);
  if (!request.ok()) return request.status();
  ov1::RepairOrder order;
  absl::Status told = common::CallForOutbox(
      *channel_, call_timeout_, "orders",
      [&](grpc::ClientContext& c) { return stub_->RecordCallbackOutcome(&c, *request, &order); });
  if (!told.ok()) return told;
  common::LogInfo("callback_outcome_told",
                  {{"callback", message.payload},
                   {"verdict", ov1::CallbackVerdict_Name(request->verdict())},
                   {"order_status", ov1::Status_Name(order.status())}});
  return absl::OkStatus();
}

SchedulingRatingRelay::SchedulingRatingRelay(CallbackService& callbacks,
                                             std::shared_ptr<grpc::Channel> channel,
                                             absl::Duration call_timeout)
    : callbacks_(callbacks),
      channel_(channel),
      stub_(sv1::Technicians::NewStub(channel)),
      call_timeout_(call_timeout) {}

absl::StatusOr<sv1::RecordCallbackRatingRequest> SchedulingRatingRelay::RequestFor(
    const CallbackRecord& record, const Survey& survey) {
  std::optional<RatingReport> rating = RatingOf(record, survey);
  if (!rating.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat(CallbackName(record), " is not completed: no rating to report"));
  }
  sv1::RecordCallbackRatingRequest r;
  r.set_technician(absl::StrCat("technicians/", record.task.visit.technician_id));
  r.set_callback(CallbackName(record));
  r.set_rating(rating->rating);
  for (const std::string& finding : rating->conduct_findings) r.add_conduct_findings(finding);
  common::SetTimestamp(record.task.finished_at, r.mutable_callback_time());
  return r;
}

absl::Status SchedulingRatingRelay::Deliver(const common::OutboxMessage& message) {
  auto record = callbacks_.Get(message.payload);
  if (!record.ok()) return record.status();
  if (!record->result.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("callbacks/", message.payload, " has no survey result"));
  }
  auto survey = callbacks_.GetSurvey(record->result->submitted.survey_id,
                                     record->result->submitted.survey_version);
  if (!survey.ok()) return survey.status();
  auto request = RequestFor(*record, *survey);
  if (!request.ok()) return request.status();
  sv1::Technician technician;
  absl::Status told =
      common::CallForOutbox(*channel_, call_timeout_, "scheduling", [&](grpc::ClientContext& c) {
        return stub_->RecordCallbackRating(&c, *request, &technician);
      });
  if (!told.ok()) return told;
  common::LogInfo("callback_rating_told", {{"callback", message.payload},
                                           {"technician", record->task.visit.technician_id},
                                           {"rating", absl::StrCat(request->rating())}});
  return absl::OkStatus();
}

}  // namespace fieldservice::callback
