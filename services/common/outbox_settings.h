// The outbox relay's settings (outbox_*), the same in every service that
// owes other services messages: their documented defaults, and the relay
// policy they make.
#ifndef FIELDSERVICE_COMMON_OUTBOX_SETTINGS_H_
#define FIELDSERVICE_COMMON_OUTBOX_SETTINGS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/config.h"
#include "services/common/outbox.h"

namespace fieldservice::common {

// Adds the outbox_* settings; `service` names the default replica id
// ("<hostname>/<service>") and `receivers` the settings of the receivers'
// call timeouts, for the lease's help text.
void AddOutboxSettings(std::vector<Setting>& settings, const std::string& service,
                       const std::string& receivers);

struct OutboxSettings {
  RelayPolicy relay;
  // GetServiceStatus fails its outbox check past this.
  absl::Duration backlog_warn_age;
};

// Reads them. `longest_delivery` is the longest receiver call timeout: a
// lease shorter than the round budget plus it is refused, naming
// `receivers`.
absl::StatusOr<OutboxSettings> ReadOutboxSettings(const Config& config, const std::string& service,
                                                  absl::Duration longest_delivery,
                                                  const std::string& receivers);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_OUTBOX_SETTINGS_H_
