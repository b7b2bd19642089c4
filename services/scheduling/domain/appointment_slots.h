// Appointment windows (预约) offered to a customer on the phone: blocks of
// business time at fixed start times in which at least one eligible
// technician can arrive and do the job, from their real availability
// (shifts, absences, booked visits and the travel between them).
//
// Which technicians are eligible (skills, area) is the caller's choice; this
// only asks whether their days have room.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_APPOINTMENT_SLOTS_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_APPOINTMENT_SLOTS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/scheduling/domain/technician.h"
#include "services/scheduling/domain/travel.h"

namespace fieldservice::scheduling {

// The offer's policy; the service fills it from configuration.
struct SlotPolicy {
  // How long a window promised to the customer is: the technician arrives
  // (starts the job) within it.
  absl::Duration window_length = absl::Hours(2);
  // When windows start, minutes after local midnight in business time:
  // 09:00, 11:00, 14:00 and 16:00 (around the lunch break).
  std::vector<int> window_start_minutes = {9 * 60, 11 * 60, 14 * 60, 16 * 60};
  // No window starts sooner than this after `now`: time to plan the route
  // and for the technician to get there.
  absl::Duration lead_time = absl::Hours(2);
  // Business days offered, counting the day of `now`; at most
  // kMaxHorizonDays, which bounds the work of one offer.
  int horizon_days = 7;
  static constexpr int kMaxHorizonDays = 60;
  // Most windows in one offer: a call agent reads them out.
  int max_slots = 12;
  // Arrival times tried within a window, from its start: a technician's
  // earliest start is on this grid (quarter hours read well to customers).
  absl::Duration start_step = absl::Minutes(15);
};

// OK, or InvalidArgument naming each setting out of range: the service checks
// the policy it built from configuration once, at start-up.
absl::Status CheckSlotPolicy(const SlotPolicy& policy);

// A technician who can take the job and their booked visits (any days;
// each day keeps its own).
struct TechnicianBookings {
  Technician technician;
  std::vector<BookedVisit> visits;
};

struct SlotRequest {
  // Its location, service time, preferred window (offered windows overlap
  // it and the start lies in it) and deadline (the visit ends by it).
  Job job;
  absl::Time now;
  // Rebooking when the customer was not home: windows overlapping any of
  // these are left out (the customer said they cannot be in then), and
  // these technicians are not offered (e.g. the one who just went there,
  // if the dispatcher wants another). The missed visit itself needs no
  // exclusion: visits of the job's own order are ignored, since a booking
  // replaces them.
  std::vector<Interval> excluded_windows;
  std::vector<std::string> excluded_technicians;
};

// One technician who can take a window.
struct SlotTechnician {
  std::string technician_id;
  // Their earliest start in the window (on the policy's grid).
  absl::Time earliest_start;
  // The travel into the job from where they would be.
  absl::Duration travel;
  friend bool operator==(const SlotTechnician&, const SlotTechnician&) = default;
};

struct AppointmentSlot {
  Interval window;
  // By technician id.
  std::vector<SlotTechnician> technicians;
};

// The windows from `request.now` over the horizon in which at least one
// technician can start the job with the travel fitting (FitVisit), by window
// start, at most `policy.max_slots`. Windows are whole: one already begun,
// or starting within the lead time, is not offered. The same inputs give the
// same offer. `policy` passed CheckSlotPolicy (otherwise nothing may be
// offered). Public holidays are not known here: a technician's absences
// (or the caller's excluded_windows) carry them.
std::vector<AppointmentSlot> OfferAppointmentSlots(
    const SlotRequest& request, const std::vector<TechnicianBookings>& technicians,
    const SlotPolicy& policy, absl::TimeZone zone, const TravelEstimator& travel);

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_APPOINTMENT_SLOTS_H_
