// The technician app's use case: a technician's own jobs, their change
// feed, and the steps they take on a visit. The technician is the verified
// caller; a job that is not theirs is PERMISSION_DENIED, and one that was
// theirs but moved on (reassigned, declined, unassigned) is
// FAILED_PRECONDITION, so an app replaying an old queue can say why.
//
// Every step is an app operation with a client-chosen id, recorded in the
// step's own transaction: a replay of the same id acts once and answers
// with the job as it is now; the same id with another request is refused.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_TECHNICIAN_APP_SERVICE_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_TECHNICIAN_APP_SERVICE_H_

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/scheduling/domain/dispatch_repository.h"
#include "services/scheduling/domain/job_transitions.h"
#include "services/scheduling/domain/repair_record.h"

namespace fieldservice::scheduling {

// Who acts and as which operation.
struct AppCall {
  std::string technician_id;
  std::string operation_id;
  uint64_t request_hash = 0;  // fingerprint of the whole request
  std::string order_number;   // the job acted on
};

enum class StatusUpdate {
  kDeparted,
  kArrived,
  kCustomerNotHome,
  kNeedsParts,
  kNeedsCarryIn,
  kPartsArrived,
};

class TechnicianAppService {
 public:
  TechnicianAppService(DispatchRepository& repository, absl::TimeZone business_zone,
                       RepairRecordPolicy records = {})
      : repository_(repository), zone_(business_zone), records_(records) {}

  // The technician's jobs of `day` in visit order, and their feed's cursor
  // read before the jobs (a stream from it misses nothing after them).
  absl::StatusOr<std::pair<std::vector<DispatchJob>, int64_t>> ListMyJobs(
      const std::string& technician_id, absl::CivilDay day);

  // Whether `job` shows its customer's contact to `technician_id`: theirs
  // and not finished.
  static bool ShowsCustomer(const DispatchJob& job, const std::string& technician_id);

  absl::StatusOr<DispatchJob> Accept(const AppCall& call, absl::Time now);
  absl::StatusOr<DispatchJob> Decline(const AppCall& call, const std::string& reason,
                                      absl::Time now);
  absl::StatusOr<DispatchJob> UpdateStatus(const AppCall& call, StatusUpdate update,
                                           std::optional<absl::Time> eta, const std::string& reason,
                                           absl::Time now);
  // Completes an on-site job with its repair record, checked against the
  // job's charge terms as they are in the completing transaction
  // (INVALID_ARGUMENT naming every broken rule). `encoded` (the record as
  // the app sent it) is stored with the job; its summary goes to the order.
  absl::StatusOr<DispatchJob> Complete(const AppCall& call, const RepairRecord& record,
                                       std::string encoded, absl::Time now);

  // Keeps where the technician is (a fix older than the one kept changes
  // nothing, so a replayed or late report is harmless); returns the kept
  // position and its time. `fix_time` unset: `now`.
  absl::StatusOr<std::pair<GeoPoint, absl::Time>> ReportLocation(const std::string& technician_id,
                                                                 const GeoPoint& position,
                                                                 std::optional<absl::Time> fix_time,
                                                                 absl::Time now);

 private:
  using StepFn = std::function<absl::StatusOr<DispatchJob>(DispatchJob)>;
  // Replays, ownership, then the step in one transaction with the operation.
  absl::StatusOr<DispatchJob> Act(const AppCall& call, absl::Time now,
                                  const std::optional<StoredRecord>& record, const StepFn& step);
  // The answer to an operation id already used (nullopt: not used).
  absl::StatusOr<std::optional<DispatchJob>> Replay(const AppCall& call);
  // Why `job` (as found locked) is not the caller's: FAILED_PRECONDITION
  // when it was theirs before (reassigned, unassigned, withdrawn),
  // PERMISSION_DENIED otherwise.
  absl::Status NotTheirs(const std::optional<DispatchJob>& job, const AppCall& call);

  DispatchRepository& repository_;
  const absl::TimeZone zone_;
  const RepairRecordPolicy records_;
};

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_TECHNICIAN_APP_SERVICE_H_
