// The access policy: one table, kept as data (data/access/policy.txt), that
// says for every RPC which roles may call it and under which object rule
// (DESIGN.md "Identity, policy and transport"). The server's edge consults it
// for every call before the handler runs; a method without an entry is
// denied to everyone, so a new RPC is closed until someone decides who may
// call it.
//
// Format (policy_text.h), one line per method:
//   fieldservice.orders.v1.RepairOrders/GetRepairOrder = agent(phone) technician(own_jobs)
// Roles are separated by spaces; a role may carry rules in parentheses,
// separated by commas: restrictions (own_jobs, claimed_callbacks) narrow the
// objects it may touch, privileges (phone) widen what it sees.
#ifndef FIELDSERVICE_COMMON_ACCESS_POLICY_H_
#define FIELDSERVICE_COMMON_ACCESS_POLICY_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace fieldservice::common {

// The role a service gets when it calls with its client certificate:
// "service:" + the certificate's common name. Tokens cannot carry these.
inline constexpr char kServiceRolePrefix[] = "service:";

struct RoleGrant {
  std::string role;
  std::vector<std::string> rules;
};

// What the policy lets a caller do on one method.
struct AccessDecision {
  bool allowed = false;
  // The rules of the caller's matching roles: a restriction only when every
  // matching role has it (a role without it is unrestricted there), the
  // privileges of all matching roles.
  std::vector<std::string> grants;
};

class AccessPolicy {
 public:
  // INVALID_ARGUMENT naming the line: a method not written as
  // "package.Service/Method", a role not in snake_case (or service:name), an
  // unknown rule, a method listed twice or with no roles.
  static absl::StatusOr<AccessPolicy> Parse(std::string_view text);
  static absl::StatusOr<AccessPolicy> Load(const std::string& path);

  // The method's entry ("package.Service/Method"), or nullptr.
  const std::vector<RoleGrant>* Find(std::string_view method) const;
  AccessDecision Decide(std::string_view method, const std::vector<std::string>& roles) const;
  // Every method with an entry, sorted.
  std::vector<std::string> Methods() const;

 private:
  std::map<std::string, std::vector<RoleGrant>, std::less<>> entries_;
};

// The rules a policy line may name, and whether each restricts.
bool IsKnownAccessRule(std::string_view rule);
bool IsRestrictingAccessRule(std::string_view rule);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_ACCESS_POLICY_H_
