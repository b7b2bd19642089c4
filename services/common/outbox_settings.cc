#include "services/common/outbox_settings.h"

#include "absl/strings/str_cat.h"
#include "services/common/ids.h"

namespace fieldservice::common {

void AddOutboxSettings(std::vector<Setting>& s, const std::string& service,
                       const std::string& receivers) {
  s.push_back({"outbox_poll_interval", "1s", "how often undelivered messages are looked for"});
  s.push_back({"outbox_initial_backoff", "1s", "wait before the first retry of a failed delivery"});
  s.push_back({"outbox_max_backoff", "5m", "longest wait between delivery retries"});
  s.push_back({"outbox_round_budget", "30s",
               "a relay round starts no delivery after this long; the rest waits for the next"});
  s.push_back({"outbox_lease", "60s",
               absl::StrCat("how long a relay owns the messages it took; at least "
                            "outbox_round_budget + ",
                            receivers)});
  s.push_back({"outbox_retention", "168h", "delivered messages are deleted after this long"});
  s.push_back({"outbox_batch_size", "100", "messages a relay round leases at once"});
  s.push_back({"outbox_max_in_flight", "8",
               "deliveries the relay runs at the same time (one thread each), 1 to 256"});
  s.push_back({"outbox_purge_batch", "1000",
               "delivered messages past retention deleted per statement (a short lock)"});
  s.push_back({"outbox_purge_interval", "1m",
               "how often delivered messages past retention are looked for (continuously "
               "while a purge finds full batches)"});
  s.push_back({"outbox_backlog_warn_age", "10m",
               "GetServiceStatus fails its outbox check when a message has waited this long"});
  s.push_back({"outbox_replica_id", "",
               absl::StrCat("who holds outbox leases, unique per running replica and stable "
                            "across its restarts (default: <hostname>/",
                            service, ")")});
}

absl::StatusOr<OutboxSettings> ReadOutboxSettings(const Config& config, const std::string& service,
                                                  absl::Duration longest_delivery,
                                                  const std::string& receivers) {
  auto poll = config.GetDuration("outbox_poll_interval");
  auto initial_backoff = config.GetDuration("outbox_initial_backoff");
  auto max_backoff = config.GetDuration("outbox_max_backoff");
  auto round_budget = config.GetDuration("outbox_round_budget");
  auto lease = config.GetDuration("outbox_lease");
  auto retention = config.GetDuration("outbox_retention");
  auto warn_age = config.GetDuration("outbox_backlog_warn_age");
  auto batch = config.GetInt("outbox_batch_size");
  auto in_flight = config.GetInt("outbox_max_in_flight");
  auto purge_batch = config.GetInt("outbox_purge_batch");
  auto purge_interval = config.GetDuration("outbox_purge_interval");
  for (const absl::Status& s :
       {poll.status(), initial_backoff.status(), max_backoff.status(), round_budget.status(),
        lease.status(), retention.status(), warn_age.status(), batch.status(), in_flight.status(),
        purge_batch.status(), purge_interval.status()}) {
    if (!s.ok()) return s;
  }
  OutboxSettings out;
  out.backlog_warn_age = *warn_age;
  out.relay = {.poll_interval = *poll,
               .batch_size = static_cast<int>(*batch),
               .max_in_flight = static_cast<int>(*in_flight),
               .backoff = {.initial = *initial_backoff, .max = *max_backoff},
               .lease = *lease,
               .round_budget = *round_budget,
               .retention = *retention,
               .purge_batch = static_cast<int>(*purge_batch),
               .purge_interval = *purge_interval,
               .replica_id = config.Get("outbox_replica_id").empty()
                                 ? absl::StrCat(HostName(), "/", service)
                                 : config.Get("outbox_replica_id")};
  if (out.relay.lease < out.relay.round_budget + longest_delivery) {
    return absl::InvalidArgumentError(
        absl::StrCat("setting outbox_lease: at least outbox_round_budget + ", receivers));
  }
  if (absl::Status s = CheckRelayPolicy(out.relay); !s.ok()) return s;
  return out;
}

}  // namespace fieldservice::common
