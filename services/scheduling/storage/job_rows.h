// dispatch_jobs rows <-> DispatchJob: the one list of columns the
// repository's statements read and write.
#ifndef FIELDSERVICE_SCHEDULING_STORAGE_JOB_ROWS_H_
#define FIELDSERVICE_SCHEDULING_STORAGE_JOB_ROWS_H_

#include <cppconn/resultset.h>

#include <string>

#include "services/common/sql.h"
#include "services/scheduling/domain/dispatch_queue.h"

namespace fieldservice::scheduling::job_rows {

// "SELECT id, <every column> FROM dispatch_jobs".
const std::string& SelectJobs();

// Binds every column but the order number.
void BindJob(common::Statement& st, const DispatchJob& job);

// Bind the order number, then BindJob.
const std::string& InsertJob();
// Bind BindJob, then the order number.
const std::string& UpdateJob();

DispatchJob ReadJob(sql::ResultSet& rs);

// The steps in which a job's visit holds time on its technician's day.
inline constexpr char kStepsHoldingTime[] = "('ASSIGNED', 'BOOKED', 'EN_ROUTE', 'ON_SITE')";

// "(?, ?, ?)" for n values (n >= 1).
std::string Placeholders(size_t n);

}  // namespace fieldservice::scheduling::job_rows

#endif  // FIELDSERVICE_SCHEDULING_STORAGE_JOB_ROWS_H_
