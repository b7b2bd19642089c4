// What a techsim run counts, summed over its technicians, and the line it
// prints at the end ("name=value" pairs, so scripts and tests can read it).
#ifndef FIELDSERVICE_TOOLS_TECHSIM_FIGURES_H_
#define FIELDSERVICE_TOOLS_TECHSIM_FIGURES_H_

#include <atomic>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"

namespace fieldservice::tools::techsim {

struct Figures {
  std::atomic<int64_t> jobs_seen{0};          // distinct jobs on the technicians' streams
  std::atomic<int64_t> visits{0};             // visits started (departed)
  std::atomic<int64_t> completed{0};          // completed with a repair record
  std::atomic<int64_t> not_home{0};           // customer not home: back to be rebooked
  std::atomic<int64_t> waiting_for_parts{0};  // cannot fix today: parts ordered
  std::atomic<int64_t> on_time_arrivals{0};   // arrived by the appointment window's end
  std::atomic<int64_t> late_arrivals{0};
  std::atomic<int64_t> operations{0};     // app operations sent (replays included)
  std::atomic<int64_t> replays{0};        // operations sent again with the same id
  std::atomic<int64_t> resumes{0};        // streams reopened after the last cursor
  std::atomic<int64_t> stream_errors{0};  // streams the server or network ended
  std::atomic<int64_t> errors{0};         // operations that failed unexpectedly

  std::string Line() const {
    return absl::StrCat(
        "jobs_seen=", jobs_seen.load(), " visits=", visits.load(), " completed=", completed.load(),
        " not_home=", not_home.load(), " waiting_for_parts=", waiting_for_parts.load(),
        " on_time_arrivals=", on_time_arrivals.load(), " late_arrivals=", late_arrivals.load(),
        " operations=", operations.load(), " replays=", replays.load(), " resumes=", resumes.load(),
        " stream_errors=", stream_errors.load(), " errors=", errors.load());
  }
};

}  // namespace fieldservice::tools::techsim

#endif  // FIELDSERVICE_TOOLS_TECHSIM_FIGURES_H_
