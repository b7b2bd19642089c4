#include "services/orders/domain/order_repository.h"

namespace fieldservice::orders {

std::string OwedPayload(const std::string& order_number, const OwedMessage& message) {
  if (message.on_behalf_of.empty()) return order_number;
  return order_number + "\n" + message.on_behalf_of;
}

OwedPayloadParts ParseOwedPayload(std::string_view payload) {
  const size_t newline = payload.find('\n');
  if (newline == std::string_view::npos) return {std::string(payload), ""};
  return {std::string(payload.substr(0, newline)), std::string(payload.substr(newline + 1))};
}

}  // namespace fieldservice::orders
