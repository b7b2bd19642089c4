#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "services/orders/domain/order_repository.h"

namespace fieldservice::orders {

std::string OwedPayload(const std::string& order_number, const OwedMessage& message) {
  if (message.visit_number > 0) {
    return absl::StrCat(order_number, "\n", message.on_behalf_of, "\n", message.visit_number);
  }
  if (message.on_behalf_of.empty()) return order_number;
  return order_number + "\n" + message.on_behalf_of;
}

OwedPayloadParts ParseOwedPayload(std::string_view payload) {
  // abseil's string_view here is its own type, not std::string_view.
  std::vector<absl::string_view> lines =
      absl::StrSplit(absl::string_view(payload.data(), payload.size()), absl::MaxSplits('\n', 2));
  OwedPayloadParts parts{std::string(lines[0]), "", 0};
  if (lines.size() > 1) parts.on_behalf_of = std::string(lines[1]);
  // A third line that is not a number reads as no visit (0): the receiver
  // refuses a visit number below 1.
  if (lines.size() > 2 && !absl::SimpleAtoi(lines[2], &parts.visit_number)) parts.visit_number = 0;
  return parts;
}

}  // namespace fieldservice::orders
