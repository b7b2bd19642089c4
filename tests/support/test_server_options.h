// ServerOptions for a service served in the test process: TLS with the test
// PKI's certificate for `service`, and a gatekeeper with the shipped access
// policy (data/access/policy.txt) and the test process's token key
// (test_identity.h).
#ifndef FIELDSERVICE_TESTS_SUPPORT_TEST_SERVER_OPTIONS_H_
#define FIELDSERVICE_TESTS_SUPPORT_TEST_SERVER_OPTIONS_H_

#include <map>
#include <memory>
#include <string>

#include "services/common/gatekeeper.h"
#include "services/common/server.h"

namespace fieldservice::testing {

std::shared_ptr<const common::Gatekeeper> TestGatekeeper();
// A gatekeeper with `policy` and the test process's token key.
std::shared_ptr<const common::Gatekeeper> TestGatekeeperFor(common::AccessPolicy policy);
common::TransportSecurity TestTransport(const std::string& service);
common::ServerOptions TestServerOptions(const std::string& service,
                                        const std::string& listen = "127.0.0.1:0");
// The security settings (security_settings.h) of a service configured like
// the in-process servers: the test PKI's files for `service`, the test key
// set, the shipped access policy. For tests that read a whole Config.
std::map<std::string, std::string> TestSecuritySettings(const std::string& service);

}  // namespace fieldservice::testing

#endif  // FIELDSERVICE_TESTS_SUPPORT_TEST_SERVER_OPTIONS_H_
