#include "tools/tool_tokens.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/files.h"

namespace fieldservice::tools {

using common::auth::SigningKey;
using common::auth::TokenClaims;

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
