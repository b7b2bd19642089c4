#include "tests/support/test_identity.h"

#include <grpcpp/create_channel.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "services/common/auth/token_signer.h"
#include "services/common/files.h"

namespace fieldservice::testing {
namespace {

using common::auth::SigningKey;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "test identity: %s\n", what.c_str());
  std::abort();
}

std::string ReadOrDie(const std::string& path) {
  auto text = common::ReadTextFile(path);
  if (!text.ok()) Die(std::string(text.status().message()));
  return *std::move(text);
}

SigningKey MakeKey(const char* kid) {
  auto key = SigningKey::Generate(SigningKey::Algorithm::kEs256, kid);
  if (!key.ok()) Die(std::string(key.status().message()));
  return *std::move(key);
}

const SigningKey& Key(TestKey which) {
  static const SigningKey* current = new SigningKey(MakeKey("test-key"));
  static const SigningKey* next = new SigningKey(MakeKey("next-key"));
  static const SigningKey* unknown = new SigningKey(MakeKey("stranger-key"));
  switch (which) {
    case TestKey::kCurrent:
      return *current;
    case TestKey::kNext:
      return *next;
    case TestKey::kUnknown:
      break;
  }
  return *unknown;
}

}  // namespace

const std::string& TestPkiDir() {
  static const std::string* dir = [] {
    const char* env = std::getenv("FS_TEST_PKI_DIR");
    if (env == nullptr || *env == '\0') {
      Die("FS_TEST_PKI_DIR is not set: run the tests with scripts/test.sh, or source "
          "scripts/lib/mariadb.sh and run fs_mariadb_throwaway, which makes the test PKI");
    }
    return new std::string(env);
  }();
  return *dir;
}

std::string TestCaFile() { return TestPkiDir() + "/ca.pem"; }

std::string TestToken(const std::string& user, const std::vector<std::string>& roles,
                      const TestTokenOptions& options) {
  common::auth::TokenClaims claims;
  claims.issuer = options.issuer;
  claims.audience = options.audience;
  claims.principal = user;
  claims.roles = roles;
  claims.issued_at = options.now;
  claims.not_before = options.now;
  claims.expires = options.now + options.lifetime;
  if (options.lifetime < absl::ZeroDuration()) {
    claims.issued_at = claims.not_before = claims.expires - absl::Hours(1);
  }
  auto token = Key(options.key).Sign(claims);
  if (!token.ok()) Die(std::string(token.status().message()));
  return *token;
}

std::string BearerOf(const std::string& user, const std::vector<std::string>& roles) {
  return absl::StrCat("Bearer ", TestToken(user, roles));
}

void Authorize(grpc::ClientContext& context, const std::string& user,
               const std::vector<std::string>& roles) {
  context.AddMetadata("authorization", BearerOf(user, roles));
}

std::string TestKeyId(TestKey key) { return Key(key).key_id(); }

std::string TestJwksJsonOf(const std::vector<TestKey>& keys) {
  std::vector<std::string> jwks;
  for (TestKey key : keys) {
    auto jwk = Key(key).PublicJwk();
    if (!jwk.ok()) Die(std::string(jwk.status().message()));
    jwks.push_back(*std::move(jwk));
  }
  return common::auth::JwksOf(jwks);
}

const std::string& TestJwksJson() {
  static const std::string* json = new std::string(TestJwksJsonOf({TestKey::kCurrent}));
  return *json;
}

const std::string& TestJwksFile() {
  // In the test command's temporary folder, removed with it; one file per
  // process, as each process has its own key.
  static const std::string* path = [] {
    auto* file = new std::string(absl::StrCat(TestPkiDir(), "/jwks-", getpid(), ".json"));
    std::ofstream out(*file);
    out << TestJwksJson();
    if (!out) Die(absl::StrCat("cannot write ", *file));
    return file;
  }();
  return *path;
}

std::vector<std::string> ServerSecurityFlags(const std::string& service) {
  const std::string& pki = TestPkiDir();
  return {absl::StrCat("--tls_ca=", pki, "/ca.pem"),
          absl::StrCat("--tls_cert=", pki, "/", service, ".pem"),
          absl::StrCat("--tls_key=", pki, "/", service, ".key"),
          absl::StrCat("--jwks=", TestJwksFile())};
}

std::shared_ptr<grpc::ChannelCredentials> PersonCredentials() {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ReadOrDie(TestCaFile());
  return grpc::SslCredentials(options);
}

std::shared_ptr<grpc::ChannelCredentials> ServiceCredentials(const std::string& service) {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ReadOrDie(TestCaFile());
  options.pem_cert_chain = ReadOrDie(absl::StrCat(TestPkiDir(), "/", service, ".pem"));
  options.pem_private_key = ReadOrDie(absl::StrCat(TestPkiDir(), "/", service, ".key"));
  return grpc::SslCredentials(options);
}

std::shared_ptr<grpc::ChannelCredentials> CredentialsOf(const std::string& user,
                                                        const std::vector<std::string>& roles) {
  return grpc::CompositeChannelCredentials(PersonCredentials(),
                                           grpc::AccessTokenCredentials(TestToken(user, roles)));
}

std::shared_ptr<grpc::Channel> TestChannel(int port) {
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), PersonCredentials());
}

}  // namespace fieldservice::testing
