// A service binary started for an end-to-end test the way it is deployed:
// its own fresh test database, TLS with the test PKI's certificate for the
// service, and tokens checked against the test process's key set.
#ifndef FIELDSERVICE_TESTS_SUPPORT_SERVICE_UNDER_TEST_H_
#define FIELDSERVICE_TESTS_SUPPORT_SERVICE_UNDER_TEST_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/db_pool.h"
#include "tests/support/server_process.h"

namespace fieldservice::testing {

struct ServiceLaunch {
  std::string path;               // the binary
  std::string service;            // "orders", "warranty": names its certificate
  std::string db_prefix;          // of the fresh database made for it
  std::vector<std::string> args;  // more flags, after the standard ones
};

// The options that start `launch` on a new database, which is added to
// `databases` for the caller to drop.
ServerProcessOptions ServiceOptions(const ServiceLaunch& launch,
                                    std::vector<common::DbSettings>& databases);

// Starts it; null (with a test failure naming why) when it does not start.
std::unique_ptr<ServerProcess> StartService(const ServiceLaunch& launch,
                                            std::vector<common::DbSettings>& databases);

}  // namespace fieldservice::testing

#endif  // FIELDSERVICE_TESTS_SUPPORT_SERVICE_UNDER_TEST_H_
