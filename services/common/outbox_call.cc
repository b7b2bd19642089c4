#include "services/common/outbox_call.h"

#include "absl/strings/str_cat.h"

namespace fieldservice::common {

absl::Status CallForOutbox(grpc::Channel& channel, absl::Duration timeout,
                           const std::string& receiver,
                           const std::function<grpc::Status(grpc::ClientContext&)>& call) {
  const absl::Time deadline = absl::Now() + timeout;
  if (!channel.WaitForConnected(absl::ToChronoTime(deadline))) {
    return absl::UnavailableError(absl::StrCat(receiver, " service unreachable"));
  }
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(deadline));
  grpc::Status status = call(context);
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(receiver, " service: ", status.error_message()));
}

}  // namespace fieldservice::common
