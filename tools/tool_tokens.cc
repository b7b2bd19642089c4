#include "tools/tool_tokens.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/files.h"

namespace fieldservice::tools {

using common::auth::SigningKey;
using common::auth::TokenClaims;

void AddTokenOptions(boost::program_options::options_description& description,
                     ToolTokenOptions& options, const std::string& token_dir_help) {
  namespace po = boost::program_options;
  description.add_options()("key", po::value(&options.key_file),
                            "sign the tokens here with this private key file")(
      "kid", po::value(&options.kid),
      "the key id (default: derived from the key, as fs_token does)")(
      "issuer", po::value(&options.issuer)->default_value("fieldservice-dev"), "tokens' iss")(
      "audience", po::value(&options.audience)->default_value("fieldservice"), "tokens' aud")(
      "ttl", po::value(&options.ttl)->default_value("8h"), "tokens' lifetime (wall clock)")(
      "token_dir", po::value(&options.token_dir), token_dir_help.c_str());
}

absl::Status CheckTokenSource(const ToolTokenOptions& options) {
  if (options.key_file.empty() == options.token_dir.empty()) {
    return absl::InvalidArgumentError("give one of --key and --token_dir");
  }
  return absl::OkStatus();
}

absl::StatusOr<ToolTokens> ToolTokens::Open(const ToolTokenOptions& options) {
  ToolTokens tokens(options);
  if (options.key_file.empty()) return tokens;
  auto key = SigningKey::FromPemFile(options.key_file, options.kid);
  if (!key.ok()) return key.status();
  tokens.key_ = std::make_shared<const SigningKey>(*std::move(key));
  if (!absl::ParseDuration(options.ttl, &tokens.ttl_) || tokens.ttl_ <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--ttl must be a positive duration like 8h, not '", options.ttl, "'"));
  }
  return tokens;
}

absl::StatusOr<std::string> ToolTokens::Get(const std::string& user, const std::string& role,
                                            const std::string& file) const {
  if (key_ == nullptr) {
    auto token = common::ReadTextFile(absl::StrCat(options_.token_dir, "/", file));
    if (!token.ok()) return token.status();
    return std::string(absl::StripAsciiWhitespace(*token));
  }
  TokenClaims claims;
  claims.issuer = options_.issuer;
  claims.audience = options_.audience;
  claims.principal = user;
  claims.roles = {role};
  claims.issued_at = claims.not_before = absl::Now();
  claims.expires = claims.issued_at + ttl_;
  return key_->Sign(claims);
}

}  // namespace fieldservice::tools
