#include "services/common/service_checks.h"

#include "absl/strings/str_cat.h"
#include "services/common/outbox.h"

namespace fieldservice::common {

CheckResult DatabaseCheck(const ConnectionPool& pool) {
  CheckResult r;
  r.ok = pool.reachable();
  r.detail = r.ok ? "reachable"
                  : "unreachable: calls that need it fail with UNAVAILABLE; health is NOT_SERVING";
  return r;
}

CheckResult OutboxCheck(ConnectionPool& pool, const Clock& clock, absl::Duration warn_age) {
  CheckResult r;
  absl::StatusOr<OutboxBacklog> backlog = ReadBacklog(pool, clock);
  if (!backlog.ok()) {
    r.ok = false;
    r.detail = absl::StrCat("backlog unreadable: ", backlog.status().message());
    return r;
  }
  r.ok = backlog->parked == 0 && backlog->oldest_pending_age <= warn_age;
  r.figures = {{"pending", backlog->pending},
               {"parked", backlog->parked},
               {"oldest_pending_seconds", absl::ToInt64Seconds(backlog->oldest_pending_age)}};
  r.detail = absl::StrCat("pending ", backlog->pending, ", parked ", backlog->parked,
                          ", oldest pending ", absl::FormatDuration(backlog->oldest_pending_age));
  if (backlog->parked > 0) {
    absl::StrAppend(&r.detail,
                    "; parked messages failed for good: see outbox_delivery_failed in the log");
  } else if (!r.ok) {
    absl::StrAppend(&r.detail, "; older than ", absl::FormatDuration(warn_age),
                    ": is the receiving service down?");
  }
  return r;
}

}  // namespace fieldservice::common
