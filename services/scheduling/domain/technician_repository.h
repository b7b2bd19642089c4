// The storage port for technicians: storage/mysql_technician_repository
// implements it; the domain never sees SQL.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_TECHNICIAN_REPOSITORY_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_TECHNICIAN_REPOSITORY_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/scheduling/domain/callback_rating.h"
#include "services/scheduling/domain/technician.h"

namespace fieldservice::scheduling {

struct CreatedTechnician {
  Technician technician;
  bool created = false;  // false: the request id had created it before
};

struct TechnicianQuery {
  std::string outlet;             // empty: every outlet
  bool include_inactive = false;  // default: active only
  std::optional<int64_t> after;   // the page's start: after this storage position
  int limit = 50;
};

struct TechnicianPage {
  std::vector<Technician> technicians;  // in the order they were added
  std::optional<int64_t> next_after;    // set when more follow
};

struct RatedTechnician {
  Technician technician;
  bool changed = false;  // false: the callback was recorded before, or counts for nothing
};

class TechnicianRepository {
 public:
  virtual ~TechnicianRepository() = default;

  // Stores a new technician (version 1). The same request id returns what it
  // stored first (created false); an id another request took is
  // ALREADY_EXISTS.
  virtual absl::StatusOr<CreatedTechnician> Create(const Technician& technician,
                                                   const std::string& request_id) = 0;
  // NOT_FOUND when there is none.
  virtual absl::StatusOr<Technician> Get(const std::string& id) = 0;
  virtual absl::StatusOr<TechnicianPage> List(const TechnicianQuery& query) = 0;
  // Every technician, active or not (the candidate index is built from it).
  virtual absl::StatusOr<std::vector<Technician>> ListAll() = 0;

  // Reads the technician locked, refuses a stale `expected_version`
  // (ABORTED), lets `change` edit it (a non-OK status is returned and
  // nothing is written), then stores it with the next version and
  // update_time `now`.
  using ChangeFn = std::function<absl::Status(Technician&)>;
  virtual absl::StatusOr<Technician> Update(const std::string& id, int64_t expected_version,
                                            const ChangeFn& change, absl::Time now) = 0;

  // Stores `rating` (one per callback) and, when it has a score, sets the
  // technician's satisfaction to `satisfaction_of` the scores of their
  // latest `window` scored callbacks (by callback time, this one included)
  // with the next version and update_time `now`, all in one transaction.
  // NOT_FOUND when the technician does not exist. A callback stored before
  // (a retry, or a concurrent duplicate the primary key refused) changes
  // nothing: the technician comes back as it is (changed false).
  using SatisfactionFn = std::function<std::optional<double>(const std::vector<double>&)>;
  virtual absl::StatusOr<RatedTechnician> RecordCallbackRating(
      const CallbackRating& rating, int window, const SatisfactionFn& satisfaction_of,
      absl::Time now) = 0;
};

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_TECHNICIAN_REPOSITORY_H_
