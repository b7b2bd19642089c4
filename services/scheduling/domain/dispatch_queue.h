// The dispatch queue: the orders service's on-site orders waiting for a
// technician, as jobs. Orders syncs each change through its outbox
// (SyncJob); the facts of the newest order version win, so a message
// delivered twice or late changes nothing.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_QUEUE_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_QUEUE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/common/errors.h"
#include "services/scheduling/domain/job_steps.h"
#include "services/scheduling/domain/repair_record.h"
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
  // A technician's reported position counts for travel this long; older,
  // they are taken to start from their home base.
  absl::Duration position_max_age = absl::Hours(2);
};

// OK, or INVALID_ARGUMENT naming each setting out of range.
absl::Status CheckDispatchPolicy(const DispatchPolicy& policy);

// Who to visit: shown to the technician the job is with, never logged.
struct CustomerContact {
  std::string name;
  std::string phone;
  std::string address;
  friend bool operator==(const CustomerContact&, const CustomerContact&) = default;
};

// What the orders service tells of one order (SyncJobRequest).
struct OrderFacts {
  std::string order_number;
  int64_t order_version = 0;
  bool in_dispatch = false;
  // The order's visit (1, +1 per reopen); 0: the sender did not say.
  int64_t visit = 0;
  std::string region_code;
  std::optional<GeoPoint> location;
  std::string category;
  std::string brand;
  std::optional<Interval> preferred_window;
  // What the visit takes of the van (Job::load).
  double load = 0;
  bool complaint = false;
  bool major_complaint = false;
  absl::Time change_time;
  CustomerContact customer;
  std::string model;
  std::string fault_description;
  ChargeTerms charges;
};

// A job: its facts from the order, its place in the queue, and what
// happened to it since (job_steps.h).
struct DispatchJob {
  Job job;
  bool has_location = false;  // job.location is meaningful
  int64_t order_version = 0;
  // The order's visit this job serves (OrderFacts::visit; 0: unknown).
  int64_t order_visit = 0;
  absl::Time queue_time;  // when it (last) entered the queue
  JobStep step = JobStep::kQueued;
  int64_t version = 0;  // bumped by every change (stored)
  std::string technician_id;
  bool accepted = false;
  std::optional<Interval> visit;              // planned arrival to end on site
  std::optional<Interval> appointment;        // agreed with the customer (预约)
  std::optional<Interval> missed;             // the last window the customer missed
  std::optional<absl::Time> eta;              // EN_ROUTE: as the technician said
  std::string step_reason;                    // why the last step happened
  std::vector<std::string> overridden_rules;  // rule names a dispatcher overrode
  std::string override_reason;
  absl::Time step_time;  // when the last step happened
  CustomerContact customer;
  std::string model;
  std::string fault_description;
  ChargeTerms charges;  // what the visit may charge (the order's 三包 decision)

  bool queued() const { return step == JobStep::kQueued; }
};

// The most one job may load a van with.
inline constexpr double kMaxJobLoad = 10000;

// Adds a violation for each fact the queue cannot take, paths as in
// SyncJobRequest.
void CheckOrderFacts(const OrderFacts& facts, common::Violations& v);

// The job `facts` make, given the job stored before (if any). The facts
// are the order's; the step is scheduling's: an order in dispatch keeps its
// job's step (a job that stays queued keeps its queue time and so its
// deadline); one entering dispatch (new, or after it ended, or a later
// visit after it completed: a reopen) is queued at `facts.change_time`; an
// order leaving dispatch ends an open job (a completed or carried-in one
// stays as it is). Facts of the visit a job completed that arrive after the
// completion (orders not yet told of it: its progress and this sync cross)
// leave it completed.
DispatchJob JobFromFacts(const OrderFacts& facts, const std::optional<DispatchJob>& before,
                         const DispatchPolicy& policy);

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_QUEUE_H_
