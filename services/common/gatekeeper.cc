#include "services/common/gatekeeper.h"

#include <grpc/grpc_security_constants.h>
#include <grpcpp/security/auth_context.h>
#include <grpcpp/server_context.h>

#include <algorithm>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "services/common/policy_text.h"

namespace fieldservice::common {
namespace {

// Longest on-behalf-of name kept from a service's metadata.
constexpr size_t kMaxOnBehalfOf = 128;

std::optional<std::string> MetadataValue(const grpc::ServerContextBase& context, const char* key) {
  const auto& md = context.client_metadata();
  auto it = md.find(key);
  if (it == md.end()) return std::nullopt;
  return std::string(it->second.data(), it->second.size());
}

// The common name of a client certificate the TLS handshake verified against
// the CA; empty when the caller presented none (or the port is plain text).
std::string VerifiedPeerService(const grpc::ServerContextBase& context) {
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr || !auth->IsPeerAuthenticated()) return "";
  std::vector<grpc::string_ref> names = auth->FindPropertyValues(GRPC_X509_CN_PROPERTY_NAME);
  if (names.empty()) return "";
  return std::string(names.front().data(), names.front().size());
}

bool IsPrintableName(std::string_view s) {
  return !s.empty() && s.size() <= kMaxOnBehalfOf &&
         std::all_of(s.begin(), s.end(), [](char c) { return c > ' ' && c != 0x7f; });
}

}  // namespace

Gatekeeper::Gatekeeper(AccessPolicy policy, auth::TokenRules rules,
                       std::shared_ptr<auth::JwksSource> keys, std::function<absl::Time()> now,
                       size_t token_cache_size)
    : policy_(std::move(policy)),
      verifier_(std::move(rules)),
      keys_(std::move(keys)),
      now_(std::move(now)),
      verified_(token_cache_size, verifier_.rules().leeway) {}

absl::StatusOr<Caller> Gatekeeper::Identify(const grpc::ServerContextBase& context) const {
  Caller caller;
  if (std::optional<std::string> header = MetadataValue(context, "authorization")) {
    absl::string_view value(*header);
    if (!absl::ConsumePrefix(&value, "Bearer ") && !absl::ConsumePrefix(&value, "bearer ")) {
      return absl::UnauthenticatedError(
          "the authorization metadata must be 'Bearer <token>' (a JWT from the identity provider)");
    }
    std::shared_ptr<const auth::KeySet> keys = keys_->Current();
    const std::string_view compact(value.data(), value.size());
    const absl::Time now = now_();
    absl::StatusOr<auth::VerifiedToken> token;
    if (std::optional<auth::VerifiedToken> known = verified_.Find(compact, keys, now)) {
      token = *std::move(known);
    } else {
      token = verifier_.Verify(compact, *keys, now);
      if (!token.ok()) {
        // The provider may have rotated to a key we have not fetched yet.
        if (auth::SignedByUnknownKey(token.status())) keys_->RefreshSoon();
        return token.status();
      }
      verified_.Add(compact, keys, *token);
    }
    caller.principal = std::move(token->principal);
    // Service roles belong to certificates: a token cannot claim one.
    for (std::string& role : token->roles) {
      if (!absl::StartsWith(role, kServiceRolePrefix)) caller.roles.push_back(std::move(role));
    }
    return caller;
  }
  std::string service = VerifiedPeerService(context);
  if (service.empty()) {
    return absl::UnauthenticatedError(
        "no credentials: send 'authorization: Bearer <token>' (tools/fs_token prints one for "
        "development)");
  }
  caller.principal = service;
  caller.service = service;
  caller.roles.push_back(absl::StrCat(kServiceRolePrefix, service));
  if (std::optional<std::string> person = MetadataValue(context, kOnBehalfOfMetadata)) {
    if (!IsPrintableName(*person)) {
      return absl::InvalidArgumentError(absl::StrCat(kOnBehalfOfMetadata,
                                                     " must be a user name of 1 to ",
                                                     kMaxOnBehalfOf, " printable characters"));
    }
    caller.on_behalf_of = *std::move(person);
  }
  return caller;
}

absl::StatusOr<Caller> Gatekeeper::Admit(std::string_view method,
                                         const grpc::ServerContextBase& context) const {
  auto caller = Identify(context);
  if (!caller.ok()) return caller.status();
  if (policy_.Find(method) == nullptr) {
    return absl::PermissionDeniedError(
        absl::StrCat(ToAbsl(method), " has no entry in the access policy, so no one may call it"));
  }
  AccessDecision decision = policy_.Decide(method, caller->roles);
  if (!decision.allowed) {
    std::vector<std::string> allowed;
    for (const RoleGrant& grant : *policy_.Find(method)) allowed.push_back(grant.role);
    return absl::PermissionDeniedError(
        absl::StrCat(ToAbsl(method), " needs one of the roles ", absl::StrJoin(allowed, ", "), "; ",
                     caller->principal, " has ",
                     caller->roles.empty() ? "none" : absl::StrJoin(caller->roles, ", ")));
  }
  caller->grants = std::move(decision.grants);
  return caller;
}

}  // namespace fieldservice::common
