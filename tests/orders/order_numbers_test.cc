// Order numbers come from per-replica blocks (issue 8: "order numbers
// without a hot row"): two replicas numbering at once never give the same
// number, each replica's numbers of a day rise, and every day starts again
// from its own counter.
#include <set>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"
#include "services/orders/storage/order_number_blocks.h"
#include "tests/orders/orders_fixture.h"

namespace fieldservice::orders::testing {
namespace {

constexpr absl::CivilDay kDay(2026, 11, 23);

class OrderNumbersTest : public OrdersFixture {};

TEST_F(OrderNumbersTest, TwoReplicasNumberingAtOnceNeverShareANumber) {
  OrderNumberBlocks first(*pool_, {}, /*block_size=*/5);
  OrderNumberBlocks second(*pool_, {}, /*block_size=*/5);
  absl::Mutex mu;
  std::multiset<int64_t> taken;
  std::vector<std::thread> creates;
  for (int t = 0; t < 4; ++t) {
    creates.emplace_back([&, t] {
      OrderNumberBlocks& replica = t % 2 == 0 ? first : second;
      int64_t previous = 0;
      for (int i = 0; i < 50; ++i) {
        absl::StatusOr<int64_t> n = replica.Next(kDay);
        ASSERT_TRUE(n.ok()) << n.status();
        EXPECT_GT(*n, previous);  // one thread of one replica: rising
        previous = *n;
        absl::MutexLock lock(&mu);
        taken.insert(*n);
      }
    });
  }
  for (auto& t : creates) t.join();
  ASSERT_EQ(taken.size(), 200u);
  EXPECT_EQ(std::set<int64_t>(taken.begin(), taken.end()).size(), 200u);
  // Blocks of five, all used up: exactly 1..200.
  EXPECT_EQ(*taken.begin(), 1);
  EXPECT_EQ(*taken.rbegin(), 200);
}

TEST_F(OrderNumbersTest, EachDayHasItsOwnCounterAndARestartSkipsTheRestOfItsBlock) {
  {
    OrderNumberBlocks replica(*pool_, {}, /*block_size=*/10);
    EXPECT_EQ(*replica.Next(kDay), 1);
    EXPECT_EQ(*replica.Next(kDay), 2);
    EXPECT_EQ(*replica.Next(kDay + 1), 1);  // the next business day
    EXPECT_EQ(*replica.Next(kDay), 11);     // back to the first day: a new block
  }
  OrderNumberBlocks restarted(*pool_, {}, /*block_size=*/10);
  EXPECT_EQ(*restarted.Next(kDay), 21);  // 12..20 of the stopped replica stay unused
  EXPECT_EQ(*restarted.Next(kDay + 1), 11);
}

}  // namespace
}  // namespace fieldservice::orders::testing
