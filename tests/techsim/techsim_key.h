// The token key of a techsim test. techsim signs its technicians' tokens
// with a key file, as fs_token does; the server under test trusts that
// key's set alone, so the test signs its own callers' tokens with it too.
#ifndef FIELDSERVICE_TESTS_TECHSIM_TECHSIM_KEY_H_
#define FIELDSERVICE_TESTS_TECHSIM_TECHSIM_KEY_H_

#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/auth/token_signer.h"
#include "tests/support/test_identity.h"

namespace fieldservice::techsim {

class TechsimKey {
 public:
  // A new ES256 key, written as `name`-PID.pem (techsim's --key) and
  // `name`-PID.jwks (the server's --jwks) in the test's temporary folder.
  explicit TechsimKey(const std::string& name)
      : key_(common::auth::SigningKey::Generate(common::auth::SigningKey::Algorithm::kEs256)
                 .value()),
        key_file_(absl::StrCat(::testing::TempDir(), "/", name, "-", getpid(), ".pem")),
        jwks_file_(absl::StrCat(::testing::TempDir(), "/", name, "-", getpid(), ".jwks")) {
    std::ofstream(key_file_) << *key_.PrivatePem();
    std::ofstream(jwks_file_) << common::auth::JwksOf({*key_.PublicJwk()});
  }
  ~TechsimKey() {
    std::remove(key_file_.c_str());
    std::remove(jwks_file_.c_str());
  }
  TechsimKey(const TechsimKey&) = delete;
  TechsimKey& operator=(const TechsimKey&) = delete;

  const std::string& key_file() const { return key_file_; }
  const std::string& jwks_file() const { return jwks_file_; }

  // TLS with the test CA and an hour's token of `user` with `role`.
  std::shared_ptr<grpc::ChannelCredentials> CredentialsOf(const std::string& user,
                                                          const std::string& role) const {
    common::auth::TokenClaims claims{.issuer = fieldservice::testing::kTestIssuer,
                                     .audience = fieldservice::testing::kTestAudience,
                                     .principal = user,
                                     .roles = {role},
                                     .issued_at = absl::Now(),
                                     .not_before = absl::Now(),
                                     .expires = absl::Now() + absl::Hours(1)};
    return grpc::CompositeChannelCredentials(fieldservice::testing::PersonCredentials(),
                                             grpc::AccessTokenCredentials(*key_.Sign(claims)));
  }

 private:
  common::auth::SigningKey key_;
  const std::string key_file_;
  const std::string jwks_file_;
};

}  // namespace fieldservice::techsim

#endif  // FIELDSERVICE_TESTS_TECHSIM_TECHSIM_KEY_H_
