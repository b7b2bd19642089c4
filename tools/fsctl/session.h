// What every fsctl command shares, from the global options: where each
// service listens, the caller's token, TLS, the output form (--json) and
// each call's deadline. Addresses come from the options, else the
// environment scripts/run.sh uses (FS_ORDERS_ADDRESS, ...), else the
// addresses file a running scripts/run.sh keeps (var/run/addresses).
#ifndef FIELDSERVICE_TOOLS_FSCTL_SESSION_H_
#define FIELDSERVICE_TOOLS_FSCTL_SESSION_H_

#include <grpcpp/client_context.h>

#include <boost/program_options.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tools/caller_channel.h"

namespace fieldservice::fsctl {

// The services fsctl talks to, by the name of their address option.
const std::vector<std::string>& ServiceNames();

class Session {
 public:
  // The global options, accepted before or after the command words.
  static boost::program_options::options_description Options();
  // The environment variable that gives `option` its default ("" for none):
  // for boost::program_options::parse_environment.
  static std::string OptionOfEnvironment(const std::string& variable);

  // INVALID_ARGUMENT naming the option when a value is unusable (--timeout).
  static absl::StatusOr<Session> FromOptions(const boost::program_options::variables_map& values);

  // A channel to `service` ("orders", "scheduling", ...) with the caller's
  // token; INVALID_ARGUMENT naming what to set when its address or the
  // token is missing, or a file cannot be read. `need_token` false: a
  // channel without one is fine (grpc.health asks for none).
  absl::StatusOr<tools::CallerChannel> Open(const std::string& service,
                                            bool need_token = true) const;
  // The address of `service`; empty when none is known.
  std::string Address(const std::string& service) const;

  // A context for one call: the token, and the deadline --timeout from now.
  std::unique_ptr<grpc::ClientContext> NewCall(const tools::CallerChannel& channel) const;

  bool json() const { return json_; }
  // --prompt: ask for what the command line left out, even when stdin is
  // not a terminal (a script feeding the answers).
  bool prompt() const { return prompt_; }

 private:
  std::map<std::string, std::string> addresses_;
  std::string token_;
  std::string token_file_;
  std::string ca_file_;
  bool plaintext_ = false;
  bool json_ = false;
  bool prompt_ = false;
  absl::Duration timeout_ = absl::Seconds(10);
};

}  // namespace fieldservice::fsctl

#endif  // FIELDSERVICE_TOOLS_FSCTL_SESSION_H_
