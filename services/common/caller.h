// Who is calling. The server's edge (checked_service.cc) verifies the
// caller's token or client certificate, checks the access policy
// (access_policy.h), and only then runs the handler; handlers read the
// verified caller from here and nowhere else: never from a request field or
// raw metadata (DESIGN.md "Identity, policy and transport").
#ifndef FIELDSERVICE_COMMON_CALLER_H_
#define FIELDSERVICE_COMMON_CALLER_H_

#include <string>
#include <string_view>
#include <vector>

namespace grpc {
class ServerContextBase;
}

namespace fieldservice::common {

// The object rules and privileges a policy entry can attach to a role
// (data/access/policy.txt). A restriction narrows which objects the caller
// may touch; a privilege widens what it sees of them.
inline constexpr char kRuleOwnJobs[] = "own_jobs";  // restriction: assigned technician only
inline constexpr char kRuleClaimedCallbacks[] = "claimed_callbacks";  // restriction
inline constexpr char kRuleSeesPhone[] = "phone";  // privilege: phone and address unmasked

struct Caller {
  // The verified user (token's principal claim) or, for a service calling
  // with its client certificate, the service's name.
  std::string principal;
  std::vector<std::string> roles;
  // The calling service ("orders") when the call came over mutual TLS with a
  // service certificate; empty for people.
  std::string service;
  // For a service call made for a person: that person, as the service says.
  std::string on_behalf_of;
  // What the policy gives this caller on this method: restrictions
  // (kRuleOwnJobs...) apply only when no other role of the caller is
  // unrestricted there; privileges (kRuleSeesPhone) add up.
  std::vector<std::string> grants;

  bool HasRole(std::string_view role) const;
  bool Has(std::string_view grant) const;
  // For audit trails: "agent-li", or "orders, on behalf of agent-li".
  std::string AuditName() const;
};

// The verified caller of the call `context` belongs to. Inside a handler run
// by ServerHost this is always set; elsewhere (a call that did not pass the
// edge) it is a caller with no principal, no roles and no grants.
//
// Takes either kind of context: a synchronous handler's grpc::ServerContext
// or a callback method's grpc::CallbackServerContext. A callback streaming
// method sees its caller only while its reactor is being created (the
// generated `Method(CallbackServerContext*, const Request*)`), on the thread
// the edge runs it on; the reactor's later reactions run on other threads
// and get the empty caller, so the reactor copies the Caller when it is made.
const Caller& CallerOf(const grpc::ServerContextBase& context);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_CALLER_H_
