// The payload of a message an order owes another service: the order number,
// and the person whose change owes it (issue 7: "orders, on behalf of
// agent-li" in the receiver's audit trail).
#include "gtest/gtest.h"
#include "services/orders/domain/order_repository.h"

namespace fieldservice::orders {
namespace {

TEST(OwedPayloadTest, CarriesTheOrderAndWhoAsked) {
  OwedMessage asked{"warranty.decide", "m-1", "agent-li"};
  OwedPayloadParts parts = ParseOwedPayload(OwedPayload("2611230018", asked));
  EXPECT_EQ(parts.order_number, "2611230018");
  EXPECT_EQ(parts.on_behalf_of, "agent-li");
}

// Messages written before the person was carried still read as before.
TEST(OwedPayloadTest, AnOlderPayloadIsTheOrderNumberAlone) {
  OwedMessage own{"warranty.decide", "m-2", ""};
  EXPECT_EQ(OwedPayload("2611230018", own), "2611230018");
  OwedPayloadParts parts = ParseOwedPayload("2611230018");
  EXPECT_EQ(parts.order_number, "2611230018");
  EXPECT_EQ(parts.on_behalf_of, "");
}

}  // namespace
}  // namespace fieldservice::orders
