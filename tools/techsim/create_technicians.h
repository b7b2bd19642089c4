// techsim --create: the simulated technicians made through the Technicians
// API as a dispatcher would, all alike: refrigerators, washing machines and
// air conditioners of the common brands (海尔, 美的, 格力, 小天鹅, 西门子),
// level 3, one district, Monday to Saturday 08:00-20:00 business time. The request id is the
// technician's, so a second run (or a retry) creates nothing new.
#ifndef FIELDSERVICE_TOOLS_TECHSIM_CREATE_TECHNICIANS_H_
#define FIELDSERVICE_TOOLS_TECHSIM_CREATE_TECHNICIANS_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace fieldservice::tools::techsim {

struct NewTechnicians {
  std::vector<std::string> ids;
  std::string region_code;     // the district they serve (GB/T 2260)
  double latitude, longitude;  // their home base
  std::string authorization;   // a dispatcher's "Bearer <token>"
};

// The first failure, naming the technician.
absl::Status CreateTechnicians(const std::shared_ptr<grpc::Channel>& channel,
                               const NewTechnicians& request);

}  // namespace fieldservice::tools::techsim

#endif  // FIELDSERVICE_TOOLS_TECHSIM_CREATE_TECHNICIANS_H_
