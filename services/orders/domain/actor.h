// Who acts on the orders service: the verified caller as the domain needs
// it. The API maps common::Caller to an Actor in one place (ActorOf in
// repair_orders_handler.cc); nothing here comes from a request body.
#ifndef FIELDSERVICE_ORDERS_DOMAIN_ACTOR_H_
#define FIELDSERVICE_ORDERS_DOMAIN_ACTOR_H_

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace fieldservice::orders {

// The grants (object rules and privileges) the access policy gives a caller
// on a method. The same names as common::kRuleOwnJobs / kRuleSeesPhone
// (caller.h, which domain/ may not include); the API asserts they match.
inline constexpr std::string_view kGrantOwnJobs = "own_jobs";  // restriction
inline constexpr std::string_view kGrantSeesPhone = "phone";   // privilege

// Who acts: the verified caller as the domain needs it (mapped from
// common::Caller in one place, the API's ActorOf). Never from a request body.
struct Actor {
  std::string principal;
  std::vector<std::string> roles = {};
  // What the policy gives this caller on this method (kGrantOwnJobs...).
  // (Default member initializers: designated initializers may leave this
  // and the next out without a warning.)
  std::vector<std::string> grants = {};
  // For the audit trail: "agent-li", or "orders, on behalf of agent-li";
  // empty means the principal.
  std::string audit_name = {};

  bool HasRole(std::string_view role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
  }
  bool Has(std::string_view grant) const {
    return std::find(grants.begin(), grants.end(), grant) != grants.end();
  }
  const std::string& AuditName() const { return audit_name.empty() ? principal : audit_name; }
  // A technician restricted to the orders assigned to them.
  bool OwnJobsOnly() const { return Has(kGrantOwnJobs); }
};

// Roles that may act on any agent's order (hand it over, for instance).
inline constexpr std::string_view kSupervisorRole = "supervisor";

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_ACTOR_H_
