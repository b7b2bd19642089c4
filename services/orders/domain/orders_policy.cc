#include "services/orders/domain/orders_policy.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace fieldservice::orders {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read policy file ", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Parses one file, prefixing any error with its path.
template <typename T, typename Parser>
absl::Status LoadInto(const std::string& path, Parser parse, T* out) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  auto parsed = parse(*text);
  if (!parsed.ok()) {
    return absl::Status(parsed.status().code(),
                        absl::StrCat(path, ": ", parsed.status().message()));
  }
  *out = *std::move(parsed);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<OrdersPolicy> LoadOrdersPolicy(const std::string& directory) {
  OrdersPolicy p;
  absl::Status s;
  s = LoadInto(directory + "/intake_policy.txt",
               [](std::string_view t) { return ParseIntakePolicy(t); }, &p.intake);
  if (!s.ok()) return s;
  s = LoadInto(directory + "/deadline_policy.txt",
               [](std::string_view t) { return ParseDeadlinePolicy(t); }, &p.deadlines);
  if (!s.ok()) return s;
  s = LoadInto(directory + "/complaint_policy.txt",
               [](std::string_view t) { return ParseComplaintPolicy(t); }, &p.complaints);
  if (!s.ok()) return s;
  s = LoadInto(directory + "/approval_chains.txt",
               [](std::string_view t) { return ParseApprovalChains(t); }, &p.approval_chains);
  if (!s.ok()) return s;
  return p;
}

}  // namespace fieldservice::orders
