#include "services/common/caller.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/caller_scope.h"

namespace fieldservice::common {
namespace {

struct Slot {
  const grpc::ServerContextBase* context = nullptr;
  Caller caller;
};
thread_local Slot current;

const Caller& Nobody() {
  static const Caller* nobody = new Caller();
  return *nobody;
}

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

bool Caller::HasRole(std::string_view role) const { return Contains(roles, role); }
bool Caller::Has(std::string_view grant) const { return Contains(grants, grant); }

std::string Caller::AuditName() const {
  if (on_behalf_of.empty()) return principal;
  return absl::StrCat(principal, ", on behalf of ", on_behalf_of);
}

const Caller& CallerOf(const grpc::ServerContextBase& context) {
  return current.context == &context ? current.caller : Nobody();
}

ScopedCaller::ScopedCaller(const grpc::ServerContextBase* context, Caller caller)
    : outer_context_(current.context), outer_caller_(std::move(current.caller)) {
  current.context = context;
  current.caller = std::move(caller);
}

ScopedCaller::~ScopedCaller() {
  current.context = outer_context_;
  current.caller = std::move(outer_caller_);
}

}  // namespace fieldservice::common
