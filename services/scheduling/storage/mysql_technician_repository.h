// The technicians storage port (domain/technician_repository.h) on a
// MySQL-protocol database. All of the scheduling service's SQL lives in
// storage/.
#ifndef FIELDSERVICE_SCHEDULING_STORAGE_MYSQL_TECHNICIAN_REPOSITORY_H_
#define FIELDSERVICE_SCHEDULING_STORAGE_MYSQL_TECHNICIAN_REPOSITORY_H_

#include <cppconn/resultset.h>

#include <vector>

#include "services/common/db_pool.h"
#include "services/common/migrations.h"
#include "services/common/transaction.h"
#include "services/scheduling/domain/technician_repository.h"

namespace fieldservice::scheduling {

// A technicians row as a Technician, for the repositories that read them
// (the day planner reads the region's technicians in its transaction).
namespace technician_rows {
// "SELECT <every column> FROM technicians".
extern const char kSelect[];
Technician ReadTechnician(sql::ResultSet& rs);
}  // namespace technician_rows

// The schema files of services/scheduling/migrations, compiled in.
const std::vector<common::Migration>& EmbeddedMigrations();

class MySqlTechnicianRepository final : public TechnicianRepository {
 public:
  MySqlTechnicianRepository(common::ConnectionPool& pool, common::RetryPolicy retry)
      : pool_(pool), retry_(retry) {}

  absl::StatusOr<CreatedTechnician> Create(const Technician& technician,
                                           const std::string& request_id) override;
  absl::StatusOr<Technician> Get(const std::string& id) override;
  absl::StatusOr<TechnicianPage> List(const TechnicianQuery& query) override;
  absl::StatusOr<std::vector<Technician>> ListAll() override;
  absl::StatusOr<Technician> Update(const std::string& id, int64_t expected_version,
                                    const ChangeFn& change, absl::Time now) override;
  absl::StatusOr<RatedTechnician> RecordCallbackRating(const CallbackRating& rating, int window,
                                                       const SatisfactionFn& satisfaction_of,
                                                       absl::Time now) override;

 private:
  common::ConnectionPool& pool_;
  common::RetryPolicy retry_;
};

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_STORAGE_MYSQL_TECHNICIAN_REPOSITORY_H_
