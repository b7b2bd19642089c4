#include "services/orders/storage/order_number_blocks.h"

#include "services/common/sql.h"

namespace fieldservice::orders {

absl::StatusOr<int64_t> OrderNumberBlocks::Next(absl::CivilDay day) {
  // Held while a block is reserved: the other creates of this replica wait
  // for it (one short transaction per block) rather than each reserving one.
  absl::MutexLock lock(&mu_);
  if (day == day_ && next_ < end_) return next_++;
  int64_t last = 0;
  const std::string date = absl::FormatCivilTime(day);
  absl::Status reserved = common::RunInTransaction(pool_, retry_, [&](sql::Connection& c) {
    common::Statement(c,
                      "INSERT INTO order_number_counters (business_day, last_seq) VALUES (?, ?)"
                      " ON DUPLICATE KEY UPDATE last_seq = last_seq + VALUES(last_seq)")
        .Bind(date)
        .Bind(static_cast<int64_t>(block_size_))
        .Execute();
    auto rs =
        common::Statement(c, "SELECT last_seq FROM order_number_counters WHERE business_day = ?")
            .Bind(date)
            .Query();
    if (!rs->next()) return absl::InternalError("the order number counter vanished");
    last = rs->getInt64("last_seq");
    return absl::OkStatus();
  });
  if (!reserved.ok()) return reserved;
  day_ = day;
  next_ = last - block_size_ + 1;
  end_ = last + 1;
  return next_++;
}

}  // namespace fieldservice::orders
