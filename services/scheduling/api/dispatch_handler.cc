#include "services/scheduling/api/dispatch_handler.h"

#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/call_deadline.h"
#include "services/common/errors.h"
#include "services/common/grpc_status.h"
#include "services/common/page_token.h"
#include "services/common/proto_time.h"
#include "services/scheduling/api/day_plan_mapping.h"
#include "services/scheduling/api/job_mapping.h"

namespace fieldservice::scheduling::api {
namespace {

using common::FieldViolation;
using common::ToGrpcStatus;

// ListDispatchQueue's page sizes, as its request documents them.
constexpr int kDefaultPage = 50;
constexpr int kMaxPage = 500;
// ProposeCandidates' list lengths, as its request documents them.
constexpr int kDefaultCandidates = 10;
constexpr int kMaxCandidates = 50;
// The queue's page tokens have no filters to bind them to.
constexpr char kQueueFilters[] = "dispatch-queue";

}  // namespace

grpc::Status DispatchHandler::SyncJob(grpc::ServerContext* context,
                                      const v1::SyncJobRequest* request,
                                      v1::DispatchJob* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  std::vector<FieldViolation> bad;
  OrderFacts facts = OrderFactsFromProto(*request, bad);
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  auto job = dispatch_.SyncJob(facts);
  if (!job.ok()) return ToGrpcStatus(job.status());
  DispatchJobToProto(*job, clock_.Now(), response);
  return grpc::Status::OK;
}

grpc::Status DispatchHandler::ListDispatchQueue(grpc::ServerContext* context,
                                                const v1::ListDispatchQueueRequest* request,
                                                v1::ListDispatchQueueResponse* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> bad;
  const uint64_t fingerprint = common::FilterFingerprint(kQueueFilters);
  const common::PageRequest page_request = common::ReadPageRequest(
      request->page_size(), request->page_token(), kDefaultPage, kMaxPage, fingerprint, bad);
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  auto page = dispatch_.ListQueue(page_request.after, page_request.limit);
  if (!page.ok()) return ToGrpcStatus(page.status());
  const absl::Time now = clock_.Now();
  for (const DispatchJob& job : page->jobs) DispatchJobToProto(job, now, response->add_jobs());
  if (page->next_after) {
    response->set_next_page_token(common::EncodePageToken(*page->next_after, fingerprint));
  }
  return grpc::Status::OK;
}

grpc::Status DispatchHandler::ProposeCandidates(grpc::ServerContext* context,
                                                const v1::ProposeCandidatesRequest* request,
                                                v1::ProposeCandidatesResponse* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> bad;
  const std::string order_number = JobOrderNumber(request->job(), "job", bad);
  auto limit = common::ClampPageSize(request->max_candidates(), kDefaultCandidates, kMaxCandidates);
  if (!limit.ok()) bad.push_back({"max_candidates", "must not be negative"});
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  auto proposal = dispatch_.ProposeCandidates(order_number, *limit, clock_.Now());
  if (!proposal.ok()) return ToGrpcStatus(proposal.status());
  for (const Candidate& c : proposal->candidates) {
    v1::CandidateTechnician* out = response->add_candidates();
    out->set_technician(absl::StrCat("technicians/", c.technician_id));
    out->set_display_name(c.display_name);
    out->set_score(c.total);
    v1::ScoreParts* parts = out->mutable_parts();
    parts->set_skill_fit(c.parts.skill_fit);
    parts->set_travel(c.parts.travel);
    parts->set_window_fit(c.parts.window_fit);
    parts->set_deadline_slack(c.parts.deadline_slack);
    parts->set_load(c.parts.load);
    parts->set_satisfaction(c.parts.satisfaction);
    out->set_travel_km(c.travel.distance_km);
    out->set_travel_minutes(static_cast<int32_t>(absl::ToInt64Minutes(c.travel.time)));
    common::SetTimestamp(c.earliest_start, out->mutable_earliest_start());
  }
  for (const Exclusion& e : proposal->excluded) {
    v1::ExcludedTechnician* out = response->add_excluded();
    out->set_technician(absl::StrCat("technicians/", e.technician_id));
    for (const ExclusionReason& r : e.reasons) {
      v1::ExclusionReason* reason = out->add_reasons();
      reason->set_code(std::string(ExclusionCodeName(r.code)));
      reason->set_reason(r.text);
    }
  }
  response->set_eligible(proposal->eligible);
  response->set_covering(proposal->covering);
  return grpc::Status::OK;
}

grpc::Status DispatchHandler::OfferAppointmentSlots(grpc::ServerContext* context,
                                                    const v1::OfferAppointmentSlotsRequest* request,
                                                    v1::OfferAppointmentSlotsResponse* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> bad;
  const std::string order_number = JobOrderNumber(request->job(), "job", bad);
  std::vector<Interval> windows;
  for (int i = 0; i < request->excluded_windows_size(); ++i) {
    auto window = WindowFromProto(request->excluded_windows(i),
                                  absl::StrCat("excluded_windows[", i, "]"), bad);
    if (window.has_value()) windows.push_back(*window);
  }
  std::vector<std::string> technicians;
  for (int i = 0; i < request->excluded_technicians_size(); ++i) {
    technicians.push_back(IdFromName(request->excluded_technicians(i), kTechnicianPrefix,
                                     absl::StrCat("excluded_technicians[", i, "]"), bad));
  }
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  auto slots = dispatch_.OfferAppointmentSlots(order_number, clock_.Now(), windows, technicians);
  if (!slots.ok()) return ToGrpcStatus(slots.status());
  for (const AppointmentSlot& slot : *slots) {
    v1::AppointmentSlot* out = response->add_slots();
    WindowToProto(slot.window, out->mutable_window());
    for (const SlotTechnician& t : slot.technicians) {
      v1::SlotTechnician* who = out->add_technicians();
      who->set_technician(absl::StrCat("technicians/", t.technician_id));
      common::SetTimestamp(t.earliest_start, who->mutable_earliest_start());
      who->set_travel_minutes(static_cast<int32_t>(absl::ToInt64Minutes(t.travel)));
    }
  }
  return grpc::Status::OK;
}

grpc::Status DispatchHandler::GetDispatchJob(grpc::ServerContext* context,
                                             const v1::GetDispatchJobRequest* request,
                                             v1::DispatchJob* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> bad;
  const std::string order_number = JobOrderNumber(request->name(), "name", bad);
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  auto job = dispatch_.GetJob(order_number);
  if (!job.ok()) return ToGrpcStatus(job.status());
  DispatchJobToProto(*job, clock_.Now(), response);
  return grpc::Status::OK;
}

namespace {

// Who and when, from AssignJob's, ReassignJob's or BookAppointment's
// request (the same field names in each).
template <typename Request>
DispatchService::AssignRequest AssignRequestOf(const Request& request, bool technician_required,
                                               std::vector<FieldViolation>& bad) {
  DispatchService::AssignRequest r;
  r.order_number = JobOrderNumber(request.job(), "job", bad);
  r.technician_id =
      IdFromName(request.technician(), kTechnicianPrefix, "technician", bad, technician_required);
  if constexpr (requires { request.start_time(); }) {
    if (request.has_start_time()) {
      r.start = common::ToTime(request.start_time(), true, "start_time", bad);
    }
  }
  r.override_reason = request.override_reason();
  return r;
}

grpc::Status Answer(const absl::StatusOr<DispatchJob>& job, absl::Time now,
                    v1::DispatchJob* response) {
  if (!job.ok()) return ToGrpcStatus(job.status());
  DispatchJobToProto(*job, now, response);
  return grpc::Status::OK;
}

}  // namespace

grpc::Status DispatchHandler::AssignJob(grpc::ServerContext* context,
                                        const v1::AssignJobRequest* request,
                                        v1::DispatchJob* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> bad;
  const DispatchService::AssignRequest r =
      AssignRequestOf(*request, /*technician_required=*/false, bad);
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  return Answer(dispatch_.AssignJob(r, clock_.Now()), clock_.Now(), response);
}

grpc::Status DispatchHandler::ReassignJob(grpc::ServerContext* context,
                                          const v1::ReassignJobRequest* request,
                                          v1::DispatchJob* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> bad;
  DispatchService::AssignRequest r = AssignRequestOf(*request, /*technician_required=*/true, bad);
  r.reason = request->reason();
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  return Answer(dispatch_.ReassignJob(r, clock_.Now()), clock_.Now(), response);
}

grpc::Status DispatchHandler::UnassignJob(grpc::ServerContext* context,
                                          const v1::UnassignJobRequest* request,
                                          v1::DispatchJob* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> bad;
  const std::string order_number = JobOrderNumber(request->job(), "job", bad);
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  return Answer(dispatch_.UnassignJob(order_number, request->reason(), clock_.Now()), clock_.Now(),
                response);
}

grpc::Status DispatchHandler::BookAppointment(grpc::ServerContext* context,
                                              const v1::BookAppointmentRequest* request,
                                              v1::DispatchJob* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> bad;
  const DispatchService::AssignRequest r =
      AssignRequestOf(*request, /*technician_required=*/false, bad);
  std::optional<Interval> window;
  if (!request->has_window()) {
    bad.push_back({"window", "required: the window agreed with the customer"});
  } else {
    window = WindowFromProto(request->window(), "window", bad);
  }
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  return Answer(dispatch_.BookAppointment(r, *window, clock_.Now()), clock_.Now(), response);
}

grpc::Status DispatchHandler::PlanDay(grpc::ServerContext* context,
                                      const v1::PlanDayRequest* request, v1::DayPlan* response) {
  if (planner_ == nullptr) return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "no day planner");
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> bad;
  DayPlanRequest r;
  r.region_code = request->region_code();
  if (r.region_code.empty()) bad.push_back({"region_code", "required: a GB/T 2260 code"});
  auto date = common::ToDay(request->date(), request->has_date(), "date", bad);
  if (!request->has_date()) bad.push_back({"date", "required: the business day to plan"});
  if (date.has_value()) r.date = *date;
  for (int i = 0; i < request->pinned_jobs_size(); ++i) {
    r.pinned_jobs.push_back(
        JobOrderNumber(request->pinned_jobs(i), absl::StrCat("pinned_jobs[", i, "]"), bad));
  }
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  // Half of what is left of the caller's deadline for the search, the rest
  // for reading the day and storing the preview.
  r.search_limit = (common::CallDeadlineOf(*context) - absl::Now()) / 2;
  auto plan = planner_->PlanDay(r, clock_.Now());
  if (!plan.ok()) return ToGrpcStatus(plan.status());
  DayPlanToProto(*plan, response);
  return grpc::Status::OK;
}

grpc::Status DispatchHandler::CommitPlan(grpc::ServerContext* context,
                                         const v1::CommitPlanRequest* request,
                                         v1::CommitPlanResponse* response) {
  if (planner_ == nullptr) return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "no day planner");
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> bad;
  const std::string id = IdFromName(request->name(), kDayPlanPrefix, "name", bad);
  if (request->etag().empty()) bad.push_back({"etag", "required: the preview's etag"});
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  auto jobs = planner_->CommitPlan(id, request->etag(), clock_.Now());
  if (!jobs.ok()) return ToGrpcStatus(jobs.status());
  const absl::Time now = clock_.Now();
  for (const DispatchJob& job : *jobs) DispatchJobToProto(job, now, response->add_jobs());
  return grpc::Status::OK;
}

}  // namespace fieldservice::scheduling::api
