#include "services/scheduling/api/dispatch_handler.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/call_deadline.h"
#include "services/common/errors.h"
#include "services/common/grpc_status.h"
#include "services/common/page_token.h"
#include "services/common/proto_time.h"

namespace fieldservice::scheduling::api {
namespace {

using common::FieldViolation;
using common::ToGrpcStatus;

// ListDispatchQueue's page sizes, as its request documents them.
constexpr int kDefaultPage = 50;
constexpr int kMaxPage = 500;
constexpr char kOrderPrefix[] = "repairOrders/";
// ProposeCandidates' list lengths, as its request documents them.
constexpr int kDefaultCandidates = 10;
constexpr int kMaxCandidates = 50;
constexpr char kJobPrefix[] = "dispatchJobs/";
// The queue's page tokens have no filters to bind them to.
constexpr char kQueueFilters[] = "dispatch-queue";

void ToProto(const DispatchJob& d, absl::Time now, v1::DispatchJob* out) {
  const Job& j = d.job;
  out->set_name(absl::StrCat("dispatchJobs/", j.order_number));
  out->set_order(absl::StrCat(kOrderPrefix, j.order_number));
  out->set_queued(d.queued);
  out->set_region_code(j.region_code);
  if (d.has_location) {
    out->mutable_location()->set_latitude(j.location.latitude);
    out->mutable_location()->set_longitude(j.location.longitude);
  }
  out->set_category(j.category);
  out->set_brand(j.brand);
  out->set_min_level(j.min_level);
  if (j.window.has_value()) {
    common::SetTimestamp(j.window->start, out->mutable_preferred_window()->mutable_start_time());
    common::SetTimestamp(j.window->end, out->mutable_preferred_window()->mutable_end_time());
  }
  common::SetTimestamp(j.deadline, out->mutable_deadline());
  out->set_priority(j.priority);
  out->set_complaint(j.complaint);
  out->set_service_minutes(static_cast<int32_t>(absl::ToInt64Minutes(j.service_time)));
  common::SetTimestamp(d.queue_time, out->mutable_queue_time());
  out->set_age_seconds(d.queued ? std::max<int64_t>(0, absl::ToInt64Seconds(now - d.queue_time))
                                : 0);
  out->set_order_version(d.order_version);
}

OrderFacts FromProto(const v1::SyncJobRequest& r, std::vector<FieldViolation>& bad) {
  OrderFacts f;
  if (absl::StartsWith(r.order(), kOrderPrefix)) {
    f.order_number = r.order().substr(sizeof(kOrderPrefix) - 1);
  } else {
    bad.push_back({"order", "must be repairOrders/{order_number}"});
  }
  f.order_version = r.order_version();
  f.in_dispatch = r.in_dispatch();
  f.region_code = r.region_code();
  if (r.has_location()) f.location = GeoPoint{r.location().latitude(), r.location().longitude()};
  f.category = r.category();
  f.brand = r.brand();
  if (r.has_preferred_window()) {
    auto start =
        common::ToTime(r.preferred_window().start_time(), true, "preferred_window.start_time", bad);
    auto end =
        common::ToTime(r.preferred_window().end_time(), true, "preferred_window.end_time", bad);
    if (start.has_value() && end.has_value()) f.preferred_window = Interval{*start, *end};
  }
  f.complaint = r.complaint() || r.major_complaint();
  f.major_complaint = r.major_complaint();
  auto changed = common::ToTime(r.change_time(), r.has_change_time(), "change_time", bad);
  if (!changed.has_value()) {
    if (!r.has_change_time()) bad.push_back({"change_time", "required: when the order changed"});
  } else {
    f.change_time = *changed;
  }
  return f;
}

}  // namespace

grpc::Status DispatchHandler::SyncJob(grpc::ServerContext* context,
                                      const v1::SyncJobRequest* request,
                                      v1::DispatchJob* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  std::vector<FieldViolation> bad;
  OrderFacts facts = FromProto(*request, bad);
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  auto job = dispatch_.SyncJob(facts);
  if (!job.ok()) return ToGrpcStatus(job.status());
  ToProto(*job, clock_.Now(), response);
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
  for (const DispatchJob& job : page->jobs) ToProto(job, now, response->add_jobs());
  if (page->next_after) {
    response->set_next_page_token(common::EncodePageToken(*page->next_after, fingerprint));
  }
  return grpc::Status::OK;
}

namespace {

// The order number of "dispatchJobs/{order_number}"; a violation on
// `field` otherwise.
std::string JobOrderNumber(const std::string& name, const std::string& field,
                           std::vector<FieldViolation>& bad) {
  if (absl::StartsWith(name, kJobPrefix) && name.size() > sizeof(kJobPrefix) - 1) {
    return name.substr(sizeof(kJobPrefix) - 1);
  }
  bad.push_back({field, "must be dispatchJobs/{order_number}"});
  return "";
}

}  // namespace

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
    const auto& w = request->excluded_windows(i);
    const std::string path = absl::StrCat("excluded_windows[", i, "]");
    auto start = common::ToTime(w.start_time(), true, path + ".start_time", bad);
    auto end = common::ToTime(w.end_time(), true, path + ".end_time", bad);
    if (start.has_value() && end.has_value()) {
      if (*start >= *end) {
        bad.push_back({path, "start_time before end_time"});
      } else {
        windows.push_back({*start, *end});
      }
    }
  }
  std::vector<std::string> technicians;
  for (int i = 0; i < request->excluded_technicians_size(); ++i) {
    const std::string& name = request->excluded_technicians(i);
    if (!absl::StartsWith(name, "technicians/")) {
      bad.push_back(
          {absl::StrCat("excluded_technicians[", i, "]"), "must be technicians/{technician_id}"});
    } else {
      technicians.push_back(name.substr(std::string("technicians/").size()));
    }
  }
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  auto slots = dispatch_.OfferAppointmentSlots(order_number, clock_.Now(), windows, technicians);
  if (!slots.ok()) return ToGrpcStatus(slots.status());
  for (const AppointmentSlot& slot : *slots) {
    v1::AppointmentSlot* out = response->add_slots();
    common::SetTimestamp(slot.window.start, out->mutable_window()->mutable_start_time());
    common::SetTimestamp(slot.window.end, out->mutable_window()->mutable_end_time());
    for (const SlotTechnician& t : slot.technicians) {
      v1::SlotTechnician* who = out->add_technicians();
      who->set_technician(absl::StrCat("technicians/", t.technician_id));
      common::SetTimestamp(t.earliest_start, who->mutable_earliest_start());
      who->set_travel_minutes(static_cast<int32_t>(absl::ToInt64Minutes(t.travel)));
    }
  }
  return grpc::Status::OK;
}

}  // namespace fieldservice::scheduling::api
