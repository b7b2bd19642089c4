#include "services/orders/api/repair_orders_handler.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "absl/strings/str_cat.h"
#include "services/common/call_deadline.h"
#include "services/common/caller.h"
#include "services/common/errors.h"
#include "services/common/grpc_status.h"
#include "services/common/logging.h"
#include "services/common/page_token.h"
#include "services/orders/api/approval_mapping.h"
#include "services/orders/api/proto_mapping.h"

namespace fieldservice::orders::api {
namespace {

using common::FieldViolation;
using common::ToGrpcStatus;

// API paging contract, documented on the request messages.
constexpr int kDefaultOrderPage = 50;
constexpr int kMaxOrderPage = 500;
constexpr int kDefaultEventPage = 100;
constexpr int kMaxEventPage = 1000;

// The domain's grant names are the policy's (domain/ may not include caller.h).
static_assert(kGrantOwnJobs == std::string_view(common::kRuleOwnJobs));
static_assert(kGrantSeesPhone == std::string_view(common::kRuleSeesPhone));

// The verified caller (set by the server's edge) as the domain's Actor: the
// one place identity enters the orders service.
Actor ActorOf(const grpc::ServerContext* context) {
  const common::Caller& caller = common::CallerOf(*context);
  return Actor{.principal = caller.principal,
               .roles = caller.roles,
               .grants = caller.grants,
               .audit_name = caller.AuditName()};
}

// Domain violations are relative to the RepairOrder; the request nests it.
absl::Status UnderRepairOrder(const absl::Status& status) {
  std::vector<FieldViolation> violations = common::FieldViolationsOf(status);
  if (violations.empty()) return status;
  for (FieldViolation& v : violations) {
    if (v.field != "request_id") v.field = "repair_order." + v.field;
  }
  return common::InvalidArgumentError(violations);
}

// The request's content, to tell a retry from another call reusing its
// request_id: a hash of the deterministic serialization.
std::string RequestFingerprint(const google::protobuf::Message& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&out);
  }
  return absl::StrCat(absl::Hex(common::FilterFingerprint(bytes), absl::kZeroPad16));
}

}  // namespace

grpc::Status RepairOrdersHandler::Reply(const absl::StatusOr<RepairOrder>& result,
                                        const Actor& actor, v1::RepairOrder* response) {
  if (!result.ok()) return ToGrpcStatus(result.status());
  ToProto(*result, orders_, actor, response);
  return grpc::Status::OK;
}

grpc::Status RepairOrdersHandler::CreateRepairOrder(grpc::ServerContext* context,
                                                    const v1::CreateRepairOrderRequest* request,
                                                    v1::RepairOrder* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  const Actor actor = ActorOf(context);
  std::vector<FieldViolation> malformed;
  NewOrder order = ToNewOrder(request->repair_order(), malformed);
  if (!malformed.empty()) {
    // Shape errors first, then the rules' own findings, so every bad field is
    // named in one answer; nothing is written.
    std::vector<FieldViolation> all;
    for (FieldViolation& v : malformed) all.push_back({"repair_order." + v.field, v.description});
    absl::Status rules =
        common::InvalidArgumentError(orders_.CheckNew(request->request_id(), order, actor));
    for (FieldViolation& v : common::FieldViolationsOf(UnderRepairOrder(rules))) {
      bool dup = false;
      for (const FieldViolation& a : all) dup = dup || a.field == v.field;
      if (!dup) all.push_back(v);
    }
    return common::InvalidArgumentStatus(all);
  }
  auto created = orders_.Create(request->request_id(), std::move(order), actor,
                                RequestFingerprint(request->repair_order()));
  if (!created.ok()) return ToGrpcStatus(UnderRepairOrder(created.status()));
  if (created->created) {
    common::LogInfo("order_created",
                    {{"order", created->order.order_number},
                     {"phone", common::MaskPhone(created->order.details.customer.phone)},
                     {"region", created->order.details.customer.address.region_code},
                     {"agent", created->order.owner_agent}});
  }
  ToProto(created->order, orders_, actor, response);
  return grpc::Status::OK;
}

grpc::Status RepairOrdersHandler::GetRepairOrder(grpc::ServerContext* context,
                                                 const v1::GetRepairOrderRequest* request,
                                                 v1::RepairOrder* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  const Actor actor = ActorOf(context);
  std::vector<FieldViolation> bad;
  auto number = ParseOrderName(request->name(), "name", bad);
  if (!number) return common::InvalidArgumentStatus(bad);
  return Reply(orders_.Get(*number, actor), actor, response);
}

grpc::Status RepairOrdersHandler::ListRepairOrders(grpc::ServerContext* context,
                                                   const v1::ListRepairOrdersRequest* request,
                                                   v1::ListRepairOrdersResponse* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  const Actor actor = ActorOf(context);
  std::vector<FieldViolation> bad;
  OrderQuery query;
  auto size = common::ClampPageSize(request->page_size(), kDefaultOrderPage, kMaxOrderPage);
  if (!size.ok()) return ToGrpcStatus(size.status());
  query.limit = *size;
  for (int i = 0; i < request->statuses_size(); ++i) {
    auto s = FromProto(static_cast<v1::Status>(request->statuses(i)));
    if (s.has_value())
      query.statuses.push_back(*s);
    else
      bad.push_back({absl::StrCat("statuses[", i, "]"), "unknown status"});
  }
  if (request->contact_type() != v1::CONTACT_TYPE_UNSPECIFIED) {
    query.contact_type = FromProto(request->contact_type());
    if (!query.contact_type) bad.push_back({"contact_type", "unknown contact type"});
  }
  query.phone = request->phone();
  const std::string& prefix = request->region_code_prefix();
  if (!prefix.empty() &&
      (prefix.size() > 6 || prefix.find_first_not_of("0123456789") != std::string::npos)) {
    bad.push_back({"region_code_prefix", "1 to 6 digits of a GB/T 2260 code"});
  }
  query.region_code_prefix = prefix;
  query.technician_id = request->technician_id();
  query.created_from =
      ToTime(request->create_time_from(), request->has_create_time_from(), "create_time_from", bad);
  query.created_to =
      ToTime(request->create_time_to(), request->has_create_time_to(), "create_time_to", bad);
  switch (request->deadline_filter()) {
    case v1::AT_RISK_OR_OVERDUE:
      query.deadline_filter = DeadlineFilter::kAtRiskOrOverdue;
      break;
    case v1::OVERDUE_ONLY:
      query.deadline_filter = DeadlineFilter::kOverdue;
      break;
    default:
      break;
  }
  // The token is bound to the filters: everything but paging fields.
  v1::ListRepairOrdersRequest filters = *request;
  filters.clear_page_size();
  filters.clear_page_token();
  uint64_t fingerprint = common::FilterFingerprint(filters.SerializeAsString());
  if (!request->page_token().empty()) {
    auto position = common::DecodePageToken(request->page_token(), fingerprint);
    if (!position.ok()) {
      for (auto& v : common::FieldViolationsOf(position.status())) bad.push_back(v);
    } else {
      query.before_id = *position;
    }
  }
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  auto page = orders_.List(query, actor);
  if (!page.ok()) return ToGrpcStatus(page.status());
  for (const RepairOrder& o : page->orders)
    ToProto(o, orders_, actor, response->add_repair_orders());
  if (page->next_before_id) {
    response->set_next_page_token(common::EncodePageToken(*page->next_before_id, fingerprint));
  }
  return grpc::Status::OK;
}

grpc::Status RepairOrdersHandler::UpdateRepairOrder(grpc::ServerContext* context,
                                                    const v1::UpdateRepairOrderRequest* request,
                                                    v1::RepairOrder* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  const Actor actor = ActorOf(context);
  std::vector<FieldViolation> bad;
  auto number = ParseOrderName(request->repair_order().name(), "repair_order.name", bad);
  auto version = ParseEtag(request->repair_order().etag(), "repair_order.etag", bad);
  if (request->repair_order().etag().empty()) {
    bad.push_back({"repair_order.etag", "required: the etag of the order as last read"});
  }
  std::vector<std::string> paths(request->update_mask().paths().begin(),
                                 request->update_mask().paths().end());
  // Only the masked fields' shapes matter; the rest of the message is ignored.
  std::vector<FieldViolation> shape;
  NewOrder values = ToNewOrder(request->repair_order(), shape);
  for (const FieldViolation& v : shape) {
    for (const std::string& p : paths) {
      if (v.field == p || v.field.rfind(p + ".", 0) == 0) {
        bad.push_back({"repair_order." + v.field, v.description});
        break;
      }
    }
  }
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  auto updated = orders_.Update(*number, *version, values, paths, request->reason(), actor);
  if (!updated.ok()) {
    // Mask paths are reported as given; rule violations under repair_order.
    std::vector<FieldViolation> violations = common::FieldViolationsOf(updated.status());
    if (violations.empty()) return ToGrpcStatus(updated.status());
    for (FieldViolation& v : violations) {
      if (v.field.rfind("update_mask", 0) != 0) v.field = "repair_order." + v.field;
    }
    return common::InvalidArgumentStatus(violations);
  }
  return Reply(updated, actor, response);
}

grpc::Status RepairOrdersHandler::TransitionRepairOrder(
    grpc::ServerContext* context, const v1::TransitionRepairOrderRequest* request,
    v1::RepairOrder* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  const Actor actor = ActorOf(context);
  std::vector<FieldViolation> bad;
  auto number = ParseOrderName(request->name(), "name", bad);
  auto version = ParseEtag(request->etag(), "etag", bad);
  auto event = FromProto(request->event());
  if (!event) bad.push_back({"event", "required: one of the Event values"});
  TransitionPayload payload;
  payload.technician_id = request->technician_id();
  payload.reason = request->reason();
  payload.appointment =
      ToWindow(request->appointment(), request->has_appointment(), "appointment", bad);
  payload.promised_completion =
      ToTime(request->promised_completion_time(), request->has_promised_completion_time(),
             "promised_completion_time", bad);
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  return Reply(orders_.Transition(*number, version, *event, payload, actor), actor, response);
}

grpc::Status RepairOrdersHandler::ListRepairOrderEvents(
    grpc::ServerContext* context, const v1::ListRepairOrderEventsRequest* request,
    v1::ListRepairOrderEventsResponse* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  const Actor actor = ActorOf(context);
  std::vector<FieldViolation> bad;
  auto number = ParseOrderName(request->name(), "name", bad);
  auto size = common::ClampPageSize(request->page_size(), kDefaultEventPage, kMaxEventPage);
  if (!size.ok())
    for (auto& v : common::FieldViolationsOf(size.status())) bad.push_back(v);
  uint64_t fingerprint = common::FilterFingerprint(request->name());
  int64_t after = 0;
  if (!request->page_token().empty()) {
    auto position = common::DecodePageToken(request->page_token(), fingerprint);
    if (!position.ok()) {
      for (auto& v : common::FieldViolationsOf(position.status())) bad.push_back(v);
    } else {
      after = *position;
    }
  }
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  auto page = orders_.ListEvents(*number, after, *size, actor);
  if (!page.ok()) return ToGrpcStatus(page.status());
  for (const AuditEvent& e : page->events) ToProto(e, actor, response->add_events());
  if (page->next_after_sequence) {
    response->set_next_page_token(common::EncodePageToken(*page->next_after_sequence, fingerprint));
  }
  return grpc::Status::OK;
}

grpc::Status RepairOrdersHandler::HandOverRepairOrder(grpc::ServerContext* context,
                                                      const v1::HandOverRepairOrderRequest* request,
                                                      v1::RepairOrder* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  const Actor actor = ActorOf(context);
  std::vector<FieldViolation> bad;
  auto number = ParseOrderName(request->name(), "name", bad);
  auto version = ParseEtag(request->etag(), "etag", bad);
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  return Reply(orders_.HandOver(*number, version, request->to_agent(), request->reason(), actor),
               actor, response);
}

grpc::Status RepairOrdersHandler::EscalateComplaint(grpc::ServerContext* context,
                                                    const v1::EscalateComplaintRequest* request,
                                                    v1::RepairOrder* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  const Actor actor = ActorOf(context);
  std::vector<FieldViolation> bad;
  auto number = ParseOrderName(request->name(), "name", bad);
  auto version = ParseEtag(request->etag(), "etag", bad);
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  return Reply(orders_.EscalateComplaint(*number, version, request->reason(), actor), actor,
               response);
}

grpc::Status RepairOrdersHandler::RecordSpecialistContact(
    grpc::ServerContext* context, const v1::RecordSpecialistContactRequest* request,
    v1::RepairOrder* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  const Actor actor = ActorOf(context);
  std::vector<FieldViolation> bad;
  auto number = ParseOrderName(request->name(), "name", bad);
  auto version = ParseEtag(request->etag(), "etag", bad);
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  return Reply(orders_.RecordSpecialistContact(*number, version, request->specialist(),
                                               request->note(), actor),
               actor, response);
}

grpc::Status RepairOrdersHandler::PromiseFollowUp(grpc::ServerContext* context,
                                                  const v1::PromiseFollowUpRequest* request,
                                                  v1::RepairOrder* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  const Actor actor = ActorOf(context);
  std::vector<FieldViolation> bad;
  auto number = ParseOrderName(request->name(), "name", bad);
  auto version = ParseEtag(request->etag(), "etag", bad);
  auto due = ToTime(request->due_time(), request->has_due_time(), "due_time", bad);
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  return Reply(orders_.PromiseFollowUp(*number, version, due, request->note(), actor), actor,
               response);
}

grpc::Status RepairOrdersHandler::CompleteFollowUp(grpc::ServerContext* context,
                                                   const v1::CompleteFollowUpRequest* request,
                                                   v1::RepairOrder* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  const Actor actor = ActorOf(context);
  std::vector<FieldViolation> bad;
  auto number = ParseOrderName(request->name(), "name", bad);
  auto version = ParseEtag(request->etag(), "etag", bad);
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  return Reply(orders_.CompleteFollowUp(*number, version, request->note(), actor), actor, response);
}

grpc::Status RepairOrdersHandler::CreateApproval(grpc::ServerContext* context,
                                                 const v1::CreateApprovalRequest* request,
                                                 v1::Approval* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  const Actor actor = ActorOf(context);
  std::vector<FieldViolation> bad;
  auto number = ParseOrderName(request->parent(), "parent", bad);
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  if (absl::Status s = orders_.CheckOwnJob(*number, actor); !s.ok()) return ToGrpcStatus(s);
  auto created = approvals_.Propose(
      *number, request->request_id(), FromProto(request->approval().kind()),
      request->approval().proposal(), request->approval().amount().amount_fen(), actor);
  if (!created.ok()) return ToGrpcStatus(created.status());
  ToProto(created->approval, response);
  return grpc::Status::OK;
}

grpc::Status RepairOrdersHandler::GetApproval(grpc::ServerContext* context,
                                              const v1::GetApprovalRequest* request,
                                              v1::Approval* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  const Actor actor = ActorOf(context);
  std::vector<FieldViolation> bad;
  auto name = ParseApprovalName(request->name(), "name", bad);
  if (!name) return common::InvalidArgumentStatus(bad);
  if (absl::Status s = orders_.CheckOwnJob(name->first, actor); !s.ok()) return ToGrpcStatus(s);
  auto found = approvals_.Get(name->first, name->second);
  if (!found.ok()) return ToGrpcStatus(found.status());
  ToProto(*found, response);
  return grpc::Status::OK;
}

grpc::Status RepairOrdersHandler::ListApprovals(grpc::ServerContext* context,
                                                const v1::ListApprovalsRequest* request,
                                                v1::ListApprovalsResponse* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  const Actor actor = ActorOf(context);
  std::vector<FieldViolation> bad;
  auto number = ParseOrderName(request->parent(), "parent", bad);
  if (!number) return common::InvalidArgumentStatus(bad);
  if (absl::Status s = orders_.CheckOwnJob(*number, actor); !s.ok()) return ToGrpcStatus(s);
  auto list = approvals_.List(*number);
  if (!list.ok()) return ToGrpcStatus(list.status());
  for (const ApprovalRecord& r : *list) ToProto(r, response->add_approvals());
  return grpc::Status::OK;
}

grpc::Status RepairOrdersHandler::DecideApproval(grpc::ServerContext* context,
                                                 const v1::DecideApprovalRequest* request,
                                                 v1::Approval* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  const Actor actor = ActorOf(context);
  std::vector<FieldViolation> bad;
  auto name = ParseApprovalName(request->name(), "name", bad);
  if (!name) return common::InvalidArgumentStatus(bad);
  if (absl::Status s = orders_.CheckOwnJob(name->first, actor); !s.ok()) return ToGrpcStatus(s);
  auto decided = approvals_.Decide(name->first, name->second, FromProto(request->decision()),
                                   request->comment(), actor);
  if (!decided.ok()) return ToGrpcStatus(decided.status());
  ToProto(*decided, response);
  return grpc::Status::OK;
}

grpc::Status RepairOrdersHandler::RecordApprovalPayment(
    grpc::ServerContext* context, const v1::RecordApprovalPaymentRequest* request,
    v1::Approval* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  const Actor actor = ActorOf(context);
  std::vector<FieldViolation> bad;
  auto name = ParseApprovalName(request->name(), "name", bad);
  if (!name) return common::InvalidArgumentStatus(bad);
  if (absl::Status s = orders_.CheckOwnJob(name->first, actor); !s.ok()) return ToGrpcStatus(s);
  auto paid = approvals_.RecordPayment(name->first, name->second, request->receipt_reference(),
                                       request->amount().amount_fen(), actor);
  if (!paid.ok()) return ToGrpcStatus(paid.status());
  ToProto(*paid, response);
  return grpc::Status::OK;
}

grpc::Status RepairOrdersHandler::RecordDispatchProgress(
    grpc::ServerContext* context, const v1::RecordDispatchProgressRequest* request,
    v1::RepairOrder* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  const Actor actor = ActorOf(context);
  std::vector<FieldViolation> bad;
  auto number = ParseOrderName(request->name(), "name", bad);
  DispatchProgress progress;
  progress.dispatch_version = request->dispatch_version();
  // An unknown or unspecified status is refused by the domain's check, in
  // the same answer as every other bad field.
  progress.status = FromProto(request->status()).value_or(OrderStatus::kReceived);
  progress.technician_id = request->technician_id();
  progress.appointment =
      ToWindow(request->appointment(), request->has_appointment(), "appointment", bad);
  progress.reason = request->reason();
  progress.eta = ToTime(request->eta(), request->has_eta(), "eta", bad);
  progress.visit_summary = request->visit_summary();
  for (FieldViolation& v : CheckDispatchProgress(progress)) {
    auto same = [&](const FieldViolation& seen) { return seen.field == v.field; };
    if (std::none_of(bad.begin(), bad.end(), same)) bad.push_back(v);
  }
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  return Reply(orders_.RecordDispatchProgress(*number, progress, actor), actor, response);
}

grpc::Status RepairOrdersHandler::RecordCallbackOutcome(
    grpc::ServerContext* context, const v1::RecordCallbackOutcomeRequest* request,
    v1::RepairOrder* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  const Actor actor = ActorOf(context);
  std::vector<FieldViolation> bad;
  auto number = ParseOrderName(request->name(), "name", bad);
  CallbackOutcome outcome;
  outcome.visit_number = request->visit_number();
  outcome.reason = request->reason();
  switch (request->verdict()) {
    case v1::SATISFIED:
      outcome.verdict = CallbackVerdict::kSatisfied;
      break;
    case v1::NOT_SOLVED:
      outcome.verdict = CallbackVerdict::kNotSolved;
      break;
    case v1::UNREACHABLE:
      outcome.verdict = CallbackVerdict::kUnreachable;
      break;
    default:
      bad.push_back({"verdict", "one of SATISFIED, NOT_SOLVED, UNREACHABLE"});
  }
  for (FieldViolation& v : CheckCallbackOutcome(outcome)) bad.push_back(std::move(v));
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  return Reply(orders_.RecordCallbackOutcome(*number, outcome, actor), actor, response);
}

}  // namespace fieldservice::orders::api
