// A MariaDB server of the test's own, which the test may kill with SIGKILL
// and start again: on a port the system gave, in a new folder under /tmp,
// started by the project's shell library (scripts/lib/mariadb.sh, the same
// lines the run and test commands use). The throwaway server of the test
// command is shared by every test, so no test may kill that one.
#ifndef FIELDSERVICE_TESTS_SUPPORT_PRIVATE_MARIADB_H_
#define FIELDSERVICE_TESTS_SUPPORT_PRIVATE_MARIADB_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace fieldservice::testing {

class PrivateMariaDb {
 public:
  // Initialises the data folder, starts the server and creates a user who
  // may create databases.
  static absl::StatusOr<std::unique_ptr<PrivateMariaDb>> Start();

  // Stops the server and deletes its folder.
  ~PrivateMariaDb();
  PrivateMariaDb(const PrivateMariaDb&) = delete;
  PrivateMariaDb& operator=(const PrivateMariaDb&) = delete;

  // SIGKILL: no clean shutdown, so the restart runs InnoDB's crash recovery.
  // Returns once the process is gone.
  void Kill();
  // Starts it again on the same port and data; returns once it answers.
  absl::Status Restart();

  // Points this process's FS_TEST_DB_* at this server, so that
  // CreateTestDatabase (test_db.h) makes the databases here.
  void UseForTestDatabases() const;

  int port() const { return port_; }

 private:
  PrivateMariaDb(std::string dir, int port, std::string password)
      : dir_(std::move(dir)), port_(port), password_(std::move(password)) {}

  const std::string dir_;
  const int port_;
  const std::string password_;
};

}  // namespace fieldservice::testing

#endif  // FIELDSERVICE_TESTS_SUPPORT_PRIVATE_MARIADB_H_
