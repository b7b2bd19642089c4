// Each business day's order sequence numbers, handed out from blocks this
// replica reserves: one short transaction of its own reserves `block_size`
// numbers at a time on the day's counter row, and creates then take numbers
// from memory. Before, every create took the day's counter row inside its
// own transaction and held its lock until commit, so creates ran one after
// another and a second replica made nothing faster.
//
// Numbers stay unique and short (YYMMDD + sequence + check digit, ids.h); they
// are no longer gapless nor in creation order across replicas: the unused
// rest of a block is skipped when a replica stops, and two replicas number
// from different blocks. Nothing in DOMAIN.md asks for either.
#ifndef FIELDSERVICE_ORDERS_STORAGE_ORDER_NUMBER_BLOCKS_H_
#define FIELDSERVICE_ORDERS_STORAGE_ORDER_NUMBER_BLOCKS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "services/common/db_pool.h"
#include "services/common/transaction.h"

namespace fieldservice::orders {

class OrderNumberBlocks {
 public:
  // `block_size`: numbers reserved at once, at least 1 (1: one short
  // transaction per order).
  OrderNumberBlocks(common::ConnectionPool& pool, common::RetryPolicy retry, int block_size)
      : pool_(pool), retry_(retry), block_size_(block_size < 1 ? 1 : block_size) {}

  // The next sequence number of `day` (from 1); reserves a new block when
  // this replica's block of the day is used up.
  absl::StatusOr<int64_t> Next(absl::CivilDay day);

 private:
  common::ConnectionPool& pool_;
  const common::RetryPolicy retry_;
  const int block_size_;
  absl::Mutex mu_;
  absl::CivilDay day_ ABSL_GUARDED_BY(mu_);
  int64_t next_ ABSL_GUARDED_BY(mu_) = 0;  // the block is [next_, end_)
  int64_t end_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_STORAGE_ORDER_NUMBER_BLOCKS_H_
