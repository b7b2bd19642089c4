// The callback storage port (domain/callback_repository.h) on a
// MySQL-protocol database. All of the callback service's SQL lives here.
#ifndef FIELDSERVICE_CALLBACK_STORAGE_MYSQL_CALLBACK_REPOSITORY_H_
#define FIELDSERVICE_CALLBACK_STORAGE_MYSQL_CALLBACK_REPOSITORY_H_

#include <string>
#include <vector>

#include "services/callback/domain/callback_repository.h"
#include "services/common/db_pool.h"
#include "services/common/migrations.h"
#include "services/common/transaction.h"

namespace fieldservice::callback {

// The schema files of services/callback/migrations, compiled in.
const std::vector<common::Migration>& EmbeddedMigrations();

class MySqlCallbackRepository final : public CallbackRepository {
 public:
  MySqlCallbackRepository(common::ConnectionPool& pool, common::RetryPolicy retry)
      : pool_(pool), retry_(retry) {}

  absl::StatusOr<CallbackRecord> InsertOnce(const CallbackRecord& record) override;
  absl::StatusOr<CallbackRecord> Get(const std::string& key) override;
  absl::StatusOr<CallbackRecord> ChangeMostUrgent(absl::Time now, absl::Duration claim_lapse,
                                                  const RecordChange& change) override;
  absl::StatusOr<CallbackRecord> Change(const std::string& key, absl::Time now,
                                        const RecordChange& change) override;

 private:
  common::ConnectionPool& pool_;
  common::RetryPolicy retry_;
};

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_STORAGE_MYSQL_CALLBACK_REPOSITORY_H_
