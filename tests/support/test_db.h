// A fresh database per test suite on the throwaway MariaDB that the test
// command (scripts/test.sh) starts. Its address comes from FS_TEST_DB_HOST,
// FS_TEST_DB_PORT, FS_TEST_DB_USER and FS_TEST_DB_PASSWORD; a test that needs
// a database fails (never skips) when they are missing.
#ifndef FIELDSERVICE_TESTS_SUPPORT_TEST_DB_H_
#define FIELDSERVICE_TESTS_SUPPORT_TEST_DB_H_

#include <memory>
#include <string>

#include "services/common/db_pool.h"

namespace fieldservice::testing {

// Creates a database with a unique name (prefix + pid + counter) and returns
// settings that point at it. Aborts the test binary with a clear message when
// no test server is configured.
common::DbSettings CreateTestDatabase(const std::string& prefix);

// Drops it again.
void DropTestDatabase(const common::DbSettings& settings);

// A plain connection to it (no pool), as another client of the database
// would have: to hold locks or look at the server from outside a service.
std::unique_ptr<sql::Connection> ConnectTestDatabase(const common::DbSettings& settings);

}  // namespace fieldservice::testing

#endif  // FIELDSERVICE_TESTS_SUPPORT_TEST_DB_H_
