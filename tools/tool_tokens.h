// The tokens a tool sends for the people it acts as (techsim's technicians,
// the cluster load's agent and dispatcher): signed here with a development
// key (fs_token's), or read from a folder holding one <name>.jwt per person,
// as a real identity provider's tokens would be.
#ifndef FIELDSERVICE_TOOLS_TOOL_TOKENS_H_
#define FIELDSERVICE_TOOLS_TOOL_TOKENS_H_

#include <boost/program_options.hpp>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/auth/token_signer.h"

namespace fieldservice::tools {

struct ToolTokenOptions {
  std::string key_file;    // a PEM private key: tokens are signed here
  std::string kid;         // its key id in the services' key set
  std::string issuer;      // the tokens' iss
  std::string audience;    // and aud
  std::string ttl = "8h";  // their lifetime (wall clock), e.g. "8h"
  std::string token_dir;   // without a key: the folder of <name>.jwt files
};

// The command line's --key, --kid, --issuer, --audience, --ttl and
// --token_dir, into `options`; `token_dir_help` says which files the folder
// holds for this tool.
void AddTokenOptions(boost::program_options::options_description& description,
                     ToolTokenOptions& options, const std::string& token_dir_help);

// INVALID_ARGUMENT unless exactly one of --key and --token_dir was given.
absl::Status CheckTokenSource(const ToolTokenOptions& options);

class ToolTokens {
 public:
  // INVALID_ARGUMENT naming --ttl when it is not a positive duration, or
  // the key file's problem.
  static absl::StatusOr<ToolTokens> Open(const ToolTokenOptions& options);

  // Whether tokens are signed here (a key), rather than read from files.
  bool signs() const { return key_ != nullptr; }

  // A token for `user` with `role`, signed here; or, without a key, the
  // one in <token_dir>/`file`.
  absl::StatusOr<std::string> Get(const std::string& user, const std::string& role,
                                  const std::string& file) const;

 private:
  explicit ToolTokens(ToolTokenOptions options) : options_(std::move(options)) {}

  ToolTokenOptions options_;
  std::shared_ptr<const common::auth::SigningKey> key_;
  absl::Duration ttl_;
};

}  // namespace fieldservice::tools

#endif  // FIELDSERVICE_TOOLS_TOOL_TOKENS_H_
