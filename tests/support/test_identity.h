// Identity for tests, as the test command sets it up: the private CA and the
// services' certificates in FS_TEST_PKI_DIR (scripts/lib/pki.sh, made in the
// test command's temporary folder), and a token signing key made fresh for
// each test process, published as a JWKS file the servers under test read.
// Tokens carry the services' default issuer and audience, so a server needs
// only ServerFlags().
//
// Links no service code (only the token signer and gRPC's credentials), so
// end-to-end tests that must not link the services can use it.
#ifndef FIELDSERVICE_TESTS_SUPPORT_TEST_IDENTITY_H_
#define FIELDSERVICE_TESTS_SUPPORT_TEST_IDENTITY_H_

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/security/credentials.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace fieldservice::testing {

// The issuer and audience the services accept by default.
inline constexpr char kTestIssuer[] = "fieldservice-dev";
inline constexpr char kTestAudience[] = "fieldservice";

// The test process's signing keys: the one TestJwksFile lists, a second one
// for rotation tests, and one no key set lists.
enum class TestKey { kCurrent, kNext, kUnknown };
// Their key ids, as tokens name them.
std::string TestKeyId(TestKey key);

// A token's claims, for tests of what the gatekeeper refuses.
struct TestTokenOptions {
  std::string issuer = kTestIssuer;
  std::string audience = kTestAudience;
  absl::Duration lifetime = absl::Hours(1);  // negative: already expired
  absl::Time now = absl::Now();              // issued at
  TestKey key = TestKey::kCurrent;           // which key signs it
};

// The folder made by the test command (FS_TEST_PKI_DIR); aborts the test
// process with a message saying how to set it when missing.
const std::string& TestPkiDir();
std::string TestCaFile();

// A token for `user` with `roles`, signed by the process's test key.
std::string TestToken(const std::string& user, const std::vector<std::string>& roles,
                      const TestTokenOptions& options = {});
// "Bearer <token>" as the `authorization` metadata value.
std::string BearerOf(const std::string& user, const std::vector<std::string>& roles);
// Adds `authorization` to a call.
void Authorize(grpc::ClientContext& context, const std::string& user,
               const std::vector<std::string>& roles);

// The JWKS file listing the process's current test key.
const std::string& TestJwksFile();
// The public keys document itself.
const std::string& TestJwksJson();
// A JWKS document listing `keys`, for rotation tests.
std::string TestJwksJsonOf(const std::vector<TestKey>& keys);
// Flags for a service binary under test: its certificate (`service`.pem in
// the PKI), the CA, and the JWKS file.
std::vector<std::string> ServerSecurityFlags(const std::string& service);

// TLS checked against the test CA, no client certificate (a person's app).
std::shared_ptr<grpc::ChannelCredentials> PersonCredentials();
// Mutual TLS with `service`'s certificate (a service calling another).
std::shared_ptr<grpc::ChannelCredentials> ServiceCredentials(const std::string& service);
// TLS checked against the test CA, with a token for `user` and `roles` on
// every call.
std::shared_ptr<grpc::ChannelCredentials> CredentialsOf(const std::string& user,
                                                        const std::vector<std::string>& roles);
// A TLS channel to 127.0.0.1:`port` as a person (add a token per call).
std::shared_ptr<grpc::Channel> TestChannel(int port);

}  // namespace fieldservice::testing

#endif  // FIELDSERVICE_TESTS_SUPPORT_TEST_IDENTITY_H_
