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
  f.waiting_for_dispatch = r.waiting_for_dispatch();
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
  int limit = kDefaultPage;
  auto size = common::ClampPageSize(request->page_size(), kDefaultPage, kMaxPage);
  if (!size.ok()) {
    for (auto& v : common::FieldViolationsOf(size.status())) bad.push_back(v);
  } else {
    limit = *size;
  }
  const uint64_t fingerprint = common::FilterFingerprint(kQueueFilters);
  std::optional<int64_t> after;
  if (!request->page_token().empty()) {
    auto position = common::DecodePageToken(request->page_token(), fingerprint);
    if (!position.ok()) {
      for (auto& v : common::FieldViolationsOf(position.status())) bad.push_back(v);
    } else {
      after = *position;
    }
  }
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  auto page = dispatch_.ListQueue(after, limit);
  if (!page.ok()) return ToGrpcStatus(page.status());
  const absl::Time now = clock_.Now();
  for (const DispatchJob& job : page->jobs) ToProto(job, now, response->add_jobs());
  if (page->next_after) {
    response->set_next_page_token(common::EncodePageToken(*page->next_after, fingerprint));
  }
  return grpc::Status::OK;
}

}  // namespace fieldservice::scheduling::api
