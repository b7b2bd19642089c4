// The technicians use case: checks every rule before the repository stores
// anything; the API handlers only map to and from the proto.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_TECHNICIAN_SERVICE_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_TECHNICIAN_SERVICE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/clock.h"
#include "services/scheduling/domain/callback_rating.h"
#include "services/scheduling/domain/technician.h"
#include "services/scheduling/domain/technician_directory.h"
#include "services/scheduling/domain/technician_repository.h"

namespace fieldservice::scheduling {

// Fields UpdateTechnician may name in its mask (a message or list is
// replaced whole; "skills.level" and the like name one part of it).
extern const char* const kUpdatableTechnicianPaths[];

class TechnicianService {
 public:
  // `directory` (may be null) is told of every change this service makes.
  TechnicianService(TechnicianRepository& repository, const common::Clock& clock,
                    TechnicianDirectory* directory = nullptr,
                    CallbackRatingPolicy rating_policy = {})
      : repository_(repository),
        clock_(clock),
        directory_(directory),
        rating_policy_(rating_policy) {}

  // Validates `technician` (its id included: a login) and stores it. Output
  // fields are set here: version 1, the times, active, no rating yet.
  absl::StatusOr<CreatedTechnician> Create(const std::string& request_id, Technician technician);
  absl::StatusOr<Technician> Get(const std::string& id);
  absl::StatusOr<TechnicianPage> List(const TechnicianQuery& query);
  // Copies the fields at `paths` from `values` onto the stored technician,
  // if `version` is current, and stores the result when it is valid.
  absl::StatusOr<Technician> Update(const std::string& id, int64_t version,
                                    const Technician& values,
                                    const std::vector<std::string>& paths);
  // A callback's rating of the technician (callback_rating.h): checked,
  // scored, stored once per callback, and the technician's satisfaction
  // recomputed from their latest scored callbacks. The technician as it is
  // now (unchanged when the callback was recorded before or counts for
  // nothing).
  absl::StatusOr<Technician> RecordCallbackRating(const CallbackRatingRequest& request);

 private:
  TechnicianRepository& repository_;
  const common::Clock& clock_;
  TechnicianDirectory* directory_;
  CallbackRatingPolicy rating_policy_;
};

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_TECHNICIAN_SERVICE_H_
