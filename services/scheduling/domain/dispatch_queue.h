// The dispatch queue: the orders service's on-site orders waiting for a
// technician, as jobs. Orders syncs each change through its outbox
// (SyncJob); the facts of the newest order version win, so a message
// delivered twice or late changes nothing.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_QUEUE_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_QUEUE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/common/errors.h"
#include "services/scheduling/domain/technician.h"

namespace fieldservice::scheduling {

// How dispatch turns an order into a job; the service fills it from
// configuration (README "Configuration").
struct DispatchPolicy {
  // An on-site repair is visited within this of being queued (company
  // service promise; DOMAIN.md: arrive on time, 守信誉不失约).
  absl::Duration visit_within = absl::Hours(48);
  // A complaint sooner.
  absl::Duration complaint_visit_within = absl::Hours(24);
  // The lowest skill level a job needs, a complaint's and a major
  // complaint's (a senior technician handles the unhappy customer).
  int min_level = kMinSkillLevel;
  int complaint_min_level = 3;
  int major_complaint_min_level = 4;
  // Priorities among equal deadlines: repairs 0.
  int complaint_priority = 1;
  int major_complaint_priority = 2;
  // Expected time on site.
  absl::Duration service_time = absl::Minutes(60);
};

// OK, or INVALID_ARGUMENT naming each setting out of range.
absl::Status CheckDispatchPolicy(const DispatchPolicy& policy);

// What the orders service tells of one order (SyncJobRequest).
struct OrderFacts {
  std::string order_number;
  int64_t order_version = 0;
  bool in_dispatch = false;
  std::string region_code;
  std::optional<GeoPoint> location;
  std::string category;
  std::string brand;
  std::optional<Interval> preferred_window;
  bool complaint = false;
  bool major_complaint = false;
  absl::Time change_time;
};

// A job with its place in the queue.
struct DispatchJob {
  Job job;
  bool has_location = false;  // job.location is meaningful
  bool queued = false;
  int64_t order_version = 0;
  absl::Time queue_time;  // when it (last) entered the queue
};

// Adds a violation for each fact the queue cannot take, paths as in
// SyncJobRequest.
void CheckOrderFacts(const OrderFacts& facts, common::Violations& v);

// The job `facts` make, given the job stored before (if any): a job that
// stays queued keeps its queue time (and so its deadline); one entering the
// queue starts waiting at `facts.change_time`.
DispatchJob JobFromFacts(const OrderFacts& facts, const std::optional<DispatchJob>& before,
                         const DispatchPolicy& policy);

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_QUEUE_H_
