#include "services/common/access_policy.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/common/caller.h"
#include "services/common/files.h"
#include "services/common/policy_text.h"

namespace fieldservice::common {
namespace {

struct RuleInfo {
  const char* name;
  bool restricts;
};
constexpr RuleInfo kRules[] = {
    {kRuleOwnJobs, true},
    {kRuleClaimedCallbacks, true},
    {kRuleSeesPhone, false},
};

bool IsSnakeCase(std::string_view s) {
  if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool IsRoleName(std::string_view role) {
  if (absl::StartsWith(ToAbsl(role), kServiceRolePrefix)) {
    return IsSnakeCase(role.substr(std::string_view(kServiceRolePrefix).size()));
  }
  return IsSnakeCase(role);
}

// "package.Service/Method": a dotted service name, one slash, a method name.
bool IsMethodName(std::string_view method) {
  std::vector<absl::string_view> parts = absl::StrSplit(ToAbsl(method), '/');
  if (parts.size() != 2 || parts[1].empty() || !absl::StrContains(parts[0], '.')) return false;
  const auto ok = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  return std::all_of(parts[1].begin(), parts[1].end(), ok) &&
         std::all_of(parts[0].begin(), parts[0].end(), [&](char c) { return ok(c) || c == '.'; });
}

absl::StatusOr<RoleGrant> ParseGrant(const PolicyLine& line, absl::string_view word) {
  RoleGrant grant;
  absl::string_view role = word;
  absl::string_view rules;
  if (size_t open = word.find('('); open != absl::string_view::npos) {
    if (!absl::EndsWith(word, ")")) {
      return PolicyLineError(line, absl::StrCat("'", word, "' opens '(' without closing it"));
    }
    role = word.substr(0, open);
    rules = word.substr(open + 1, word.size() - open - 2);
  }
  grant.role = std::string(role);
  if (!IsRoleName(grant.role)) {
    return PolicyLineError(line,
                           absl::StrCat("'", role, "' is not a role (snake_case or service:name)"));
  }
  for (absl::string_view rule : absl::StrSplit(rules, ',', absl::SkipWhitespace())) {
    rule = absl::StripAsciiWhitespace(rule);
    if (!IsKnownAccessRule(std::string_view(rule.data(), rule.size()))) {
      std::vector<std::string> known;
      for (const RuleInfo& r : kRules) known.push_back(r.name);
      return PolicyLineError(line, absl::StrCat("unknown rule '", rule, "' for role ", role,
                                                "; known: ", absl::StrJoin(known, ", ")));
    }
    grant.rules.emplace_back(rule);
  }
  return grant;
}

}  // namespace

bool IsKnownAccessRule(std::string_view rule) {
  return std::any_of(std::begin(kRules), std::end(kRules),
                     [&](const RuleInfo& r) { return rule == r.name; });
}

bool IsRestrictingAccessRule(std::string_view rule) {
  return std::any_of(std::begin(kRules), std::end(kRules),
                     [&](const RuleInfo& r) { return rule == r.name && r.restricts; });
}

absl::StatusOr<AccessPolicy> AccessPolicy::Parse(std::string_view text) {
  auto lines = ParsePolicyLines(text);
  if (!lines.ok()) return lines.status();
  AccessPolicy policy;
  for (const PolicyLine& line : *lines) {
    if (!IsMethodName(line.key)) {
      return PolicyLineError(line, absl::StrCat("'", line.key, "' is not package.Service/Method"));
    }
    std::vector<RoleGrant> grants;
    for (absl::string_view word : absl::StrSplit(ToAbsl(line.value), ' ', absl::SkipEmpty())) {
      auto grant = ParseGrant(line, word);
      if (!grant.ok()) return grant.status();
      grants.push_back(*std::move(grant));
    }
    if (grants.empty()) return PolicyLineError(line, "no roles: write the roles that may call it");
    policy.entries_.emplace(line.key, std::move(grants));
  }
  return policy;
}

absl::StatusOr<AccessPolicy> AccessPolicy::Load(const std::string& path) {
  return ParseFile<AccessPolicy>(path, &AccessPolicy::Parse);
}

const std::vector<RoleGrant>* AccessPolicy::Find(std::string_view method) const {
  auto it = entries_.find(method);
  return it == entries_.end() ? nullptr : &it->second;
}

AccessDecision AccessPolicy::Decide(std::string_view method,
                                    const std::vector<std::string>& roles) const {
  AccessDecision decision;
  const std::vector<RoleGrant>* grants = Find(method);
  if (grants == nullptr) return decision;
  std::vector<std::string> restrictions;
  bool unrestricted = false;
  for (const RoleGrant& grant : *grants) {
    if (std::find(roles.begin(), roles.end(), grant.role) == roles.end()) continue;
    decision.allowed = true;
    bool restricted = false;
    for (const std::string& rule : grant.rules) {
      std::vector<std::string>& into =
          IsRestrictingAccessRule(rule) ? (restricted = true, restrictions) : decision.grants;
      if (std::find(into.begin(), into.end(), rule) == into.end()) into.push_back(rule);
    }
    if (!restricted) unrestricted = true;
  }
  if (!unrestricted) {
    decision.grants.insert(decision.grants.end(), restrictions.begin(), restrictions.end());
  }
  return decision;
}

std::vector<std::string> AccessPolicy::Methods() const {
  std::vector<std::string> methods;
  for (const auto& [method, grants] : entries_) methods.push_back(method);
  return methods;
}

}  // namespace fieldservice::common
