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

// Issue 11: a completed visit's message carries the visit number too, with
// or without a person.
TEST(OwedPayloadTest, AVisitReportCarriesTheVisitNumber) {
  OwedMessage by_person{"callback.visit_completed", "m-3", "tech-7", 2};
  OwedPayloadParts parts = ParseOwedPayload(OwedPayload("2611230018", by_person));
  EXPECT_EQ(parts.order_number, "2611230018");
  EXPECT_EQ(parts.on_behalf_of, "tech-7");
  EXPECT_EQ(parts.visit_number, 2);
  OwedMessage own{"callback.visit_completed", "m-4", "", 1};
  parts = ParseOwedPayload(OwedPayload("2611230018", own));
  EXPECT_EQ(parts.order_number, "2611230018");
  EXPECT_EQ(parts.on_behalf_of, "");
  EXPECT_EQ(parts.visit_number, 1);
  EXPECT_EQ(ParseOwedPayload("2611230018\nagent-li").visit_number, 0);
}

}  // namespace
}  // namespace fieldservice::orders
