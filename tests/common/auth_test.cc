// Token verification against real keys: every key is generated in-process
// (or by the fs_token binary), every token really signed, and the clock fixed.
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/auth/jwks_source.h"
#include "services/common/auth/token_signer.h"
#include "services/common/auth/token_verifier.h"
#include "services/common/auth/verified_token_cache.h"

namespace fieldservice::common::auth {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2026, 11, 23, 10, 0, 0), absl::UTCTimeZone());

// Valid at kNow (exp is two hours later), for tokens written as JSON.
constexpr char kAgentClaimsJson[] =
    R"({"iss":"fieldservice-dev","aud":"fieldservice","exp":1795435200,)"
    R"("preferred_username":"agent-li"})";

TokenRules DevRules() {
  TokenRules rules;
  rules.issuer = "fieldservice-dev";
  rules.audience = "fieldservice";
  rules.leeway = absl::Seconds(60);
  return rules;
}

TokenClaims AgentClaims() {
  TokenClaims claims;
  claims.issuer = "fieldservice-dev";
  claims.audience = "fieldservice";
  claims.principal = "agent-li";
  claims.roles = {"call_agent", "dispatcher"};
  claims.issued_at = kNow - absl::Minutes(1);
  claims.not_before = claims.issued_at;
  claims.expires = kNow + absl::Hours(1);
  return claims;
}

SigningKey NewKey(SigningKey::Algorithm algorithm, std::string key_id) {
  absl::StatusOr<SigningKey> key = SigningKey::Generate(algorithm, std::move(key_id));
  EXPECT_TRUE(key.ok()) << key.status();
  return *std::move(key);
}

std::string JwksText(const std::vector<const SigningKey*>& keys) {
  std::vector<std::string> jwks;
  for (const SigningKey* key : keys) jwks.push_back(*key->PublicJwk());
  return JwksOf(jwks);
}

std::shared_ptr<const KeySet> KeysOf(const std::vector<const SigningKey*>& keys) {
  absl::StatusOr<std::shared_ptr<const KeySet>> set = KeySet::Parse(JwksText(keys));
  EXPECT_TRUE(set.ok()) << set.status();
  return *set;
}

std::string SignedBy(const SigningKey& key, const TokenClaims& claims = AgentClaims()) {
  absl::StatusOr<std::string> token = key.Sign(claims);
  EXPECT_TRUE(token.ok()) << token.status();
  return *token;
}

// The reason a token is refused; fails the test when it is accepted.
std::string Refusal(const TokenVerifier& verifier, const std::string& token, const KeySet& keys,
                    absl::Time now = kNow) {
  absl::StatusOr<VerifiedToken> verified = verifier.Verify(token, keys, now);
  EXPECT_FALSE(verified.ok()) << "accepted: " << verified->principal;
  if (verified.ok()) return "";
  EXPECT_EQ(verified.status().code(), absl::StatusCode::kUnauthenticated) << verified.status();
  return std::string(verified.status().message());
}

std::string Base64Url(absl::string_view text) { return absl::WebSafeBase64Escape(text); }

// The token's three parts.
std::vector<std::string> Parts(const std::string& token) { return absl::StrSplit(token, '.'); }

class TokenVerifierTest : public ::testing::Test {
 protected:
  SigningKey es_key_ = NewKey(SigningKey::Algorithm::kEs256, "es-1");
  SigningKey ed_key_ = NewKey(SigningKey::Algorithm::kEdDsa, "ed-1");
  std::shared_ptr<const KeySet> keys_ = KeysOf({&es_key_, &ed_key_});
  TokenVerifier verifier_{DevRules()};
};

TEST_F(TokenVerifierTest, AcceptsEs256) {
  absl::StatusOr<VerifiedToken> verified = verifier_.Verify(SignedBy(es_key_), *keys_, kNow);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->principal, "agent-li");
  EXPECT_THAT(verified->roles, ElementsAre("call_agent", "dispatcher"));
  EXPECT_EQ(verified->key_id, "es-1");
  EXPECT_EQ(verified->expires, kNow + absl::Hours(1));
}

// A verified token is remembered for the key set it was verified with and
// until its expiry plus the leeway, never longer (issue 8: the edge checks a
// token's signature once, not on every call).
TEST_F(TokenVerifierTest, AVerifiedTokenIsRememberedOnlyForItsKeysAndLifetime) {
  const std::string token = SignedBy(es_key_);
  absl::StatusOr<VerifiedToken> verified = verifier_.Verify(token, *keys_, kNow);
  ASSERT_TRUE(verified.ok()) << verified.status();
  VerifiedTokenCache cache(/*capacity=*/10, DevRules().leeway);
  EXPECT_FALSE(cache.Find(token, keys_, kNow).has_value());
  cache.Add(token, keys_, *verified);
  ASSERT_TRUE(cache.Find(token, keys_, kNow).has_value());
  EXPECT_EQ(cache.Find(token, keys_, kNow)->principal, verified->principal);
  // A reloaded key set (even with the same keys) verifies afresh.
  EXPECT_FALSE(cache.Find(token, KeysOf({&es_key_, &ed_key_}), kNow).has_value());
  // Within the leeway after expiry still; beyond it, not.
  const absl::Time expires = AgentClaims().expires;
  EXPECT_TRUE(cache.Find(token, keys_, expires + DevRules().leeway).has_value());
  EXPECT_FALSE(
      cache.Find(token, keys_, expires + DevRules().leeway + absl::Seconds(1)).has_value());
  // Another token is another entry; a full cache starts again.
  VerifiedTokenCache one(/*capacity=*/1, DevRules().leeway);
  one.Add(token, keys_, *verified);
  one.Add(SignedBy(ed_key_), keys_, *verified);
  EXPECT_FALSE(one.Find(token, keys_, kNow).has_value());
  VerifiedTokenCache off(/*capacity=*/0, DevRules().leeway);
  off.Add(token, keys_, *verified);
  EXPECT_FALSE(off.Find(token, keys_, kNow).has_value());
}

TEST_F(TokenVerifierTest, AcceptsEdDsa) {
  absl::StatusOr<VerifiedToken> verified = verifier_.Verify(SignedBy(ed_key_), *keys_, kNow);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->principal, "agent-li");
  EXPECT_EQ(verified->key_id, "ed-1");
}

TEST_F(TokenVerifierTest, RefusesAnotherIssuer) {
  TokenClaims claims = AgentClaims();
  claims.issuer = "https://evil.example/realms/x";
  EXPECT_EQ(Refusal(verifier_, SignedBy(es_key_, claims), *keys_),
            "token issuer 'https://evil.example/realms/x' is not 'fieldservice-dev'");
}

TEST_F(TokenVerifierTest, RefusesAnotherAudience) {
  TokenClaims claims = AgentClaims();
  claims.audience = "billing";
  EXPECT_EQ(Refusal(verifier_, SignedBy(es_key_, claims), *keys_),
            "token audience [billing] does not include 'fieldservice'");
}

TEST_F(TokenVerifierTest, AcceptsAnAudienceArrayThatIncludesOurs) {
  std::string header = absl::StrCat(R"({"alg":"ES256","kid":"es-1"})");
  std::string claims =
      R"({"iss":"fieldservice-dev","aud":["account","fieldservice"],"exp":1795435200,)"
      R"("preferred_username":"tech-wang"})";
  absl::StatusOr<VerifiedToken> verified =
      verifier_.Verify(*es_key_.SignCompact(header, claims), *keys_, kNow);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->principal, "tech-wang");
  EXPECT_THAT(verified->roles, IsEmpty());
}

TEST_F(TokenVerifierTest, RefusesAnExpiredTokenBeyondTheLeeway) {
  TokenClaims claims = AgentClaims();
  claims.issued_at = claims.not_before = kNow - absl::Hours(1);
  claims.expires = kNow - absl::Seconds(61);
  EXPECT_EQ(Refusal(verifier_, SignedBy(es_key_, claims), *keys_),
            "token expired at 2026-11-23T09:58:59Z");
}

TEST_F(TokenVerifierTest, AcceptsAnExpiredTokenWithinTheLeeway) {
  TokenClaims claims = AgentClaims();
  claims.issued_at = claims.not_before = kNow - absl::Hours(1);
  claims.expires = kNow - absl::Seconds(30);
  EXPECT_TRUE(verifier_.Verify(SignedBy(es_key_, claims), *keys_, kNow).ok());
}

TEST_F(TokenVerifierTest, RefusesATokenNotYetValid) {
  TokenClaims claims = AgentClaims();
  claims.issued_at = kNow;
  claims.not_before = kNow + absl::Minutes(5);
  EXPECT_EQ(Refusal(verifier_, SignedBy(es_key_, claims), *keys_),
            "token not valid before 2026-11-23T10:05:00Z");
  // Within the leeway it is.
  claims.not_before = kNow + absl::Seconds(30);
  EXPECT_TRUE(verifier_.Verify(SignedBy(es_key_, claims), *keys_, kNow).ok());
}

TEST_F(TokenVerifierTest, RefusesATokenIssuedInTheFuture) {
  TokenClaims claims = AgentClaims();
  claims.not_before = kNow;
  claims.issued_at = kNow + absl::Minutes(10);
  EXPECT_EQ(Refusal(verifier_, SignedBy(es_key_, claims), *keys_),
            "token issued in the future, at 2026-11-23T10:10:00Z");
}

TEST_F(TokenVerifierTest, RefusesATamperedPayload) {
  TokenClaims elevated = AgentClaims();
  elevated.roles = {"supervisor"};
  std::vector<std::string> genuine = Parts(SignedBy(es_key_));
  std::vector<std::string> forged = Parts(SignedBy(es_key_, elevated));
  std::string token = absl::StrCat(genuine[0], ".", forged[1], ".", genuine[2]);
  EXPECT_EQ(Refusal(verifier_, token, *keys_), "token signature does not verify with key 'es-1'");
}

TEST_F(TokenVerifierTest, RefusesATamperedSignature) {
  for (const SigningKey* key : {&es_key_, &ed_key_}) {
    std::vector<std::string> parts = Parts(SignedBy(*key));
    // A middle character: the last one may carry only padding bits.
    char& c = parts[2][parts[2].size() / 2];
    c = c == 'A' ? 'B' : 'A';
    std::string token = absl::StrJoin(parts, ".");
    EXPECT_THAT(Refusal(verifier_, token, *keys_), HasSubstr("signature does not verify"));
  }
}

TEST_F(TokenVerifierTest, RefusesAlgNone) {
  std::vector<std::string> parts = Parts(SignedBy(es_key_));
  std::string token = absl::StrCat(Base64Url(R"({"alg":"none","typ":"JWT"})"), ".", parts[1], ".");
  EXPECT_EQ(Refusal(verifier_, token, *keys_), "token alg 'none' (unsigned) is not accepted");
}

TEST_F(TokenVerifierTest, RefusesHmac) {
  // The classic confusion: HMAC "signed" with the public key's text.
  std::vector<std::string> parts = Parts(SignedBy(es_key_));
  std::string token = absl::StrCat(Base64Url(R"({"alg":"HS256","kid":"es-1"})"), ".", parts[1], ".",
                                   Base64Url("0123456789abcdef0123456789abcdef"));
  EXPECT_EQ(Refusal(verifier_, token, *keys_),
            "token alg 'HS256' (a shared secret) is not accepted");
}

TEST_F(TokenVerifierTest, RefusesAnAlgThatDoesNotFitTheKey) {
  // Signed by the Ed25519 key but naming the P-256 one.
  std::string token = *ed_key_.SignCompact(R"({"alg":"EdDSA","kid":"es-1"})", kAgentClaimsJson);
  EXPECT_EQ(Refusal(verifier_, token, *keys_), "token alg 'EdDSA' does not fit key 'es-1' (ES256)");
}

TEST_F(TokenVerifierTest, RefusesAnUnknownKeyByName) {
  SigningKey stranger = NewKey(SigningKey::Algorithm::kEs256, "k2");
  EXPECT_EQ(Refusal(verifier_, SignedBy(stranger), *keys_), "token signed by unknown key 'k2'");
  // Marked, so the edge knows to ask for fresh keys; other refusals are not.
  EXPECT_TRUE(SignedByUnknownKey(verifier_.Verify(SignedBy(stranger), *keys_, kNow).status()));
  EXPECT_FALSE(SignedByUnknownKey(
      verifier_.Verify(SignedBy(es_key_), *keys_, kNow + absl::Hours(2)).status()));
}

TEST_F(TokenVerifierTest, AcceptsATokenWithoutKidOnlyWhenTheSetHoldsOneKey) {
  std::string token = *es_key_.SignCompact(R"({"alg":"ES256","typ":"JWT"})", kAgentClaimsJson);
  EXPECT_TRUE(verifier_.Verify(token, *KeysOf({&es_key_}), kNow).ok());
  EXPECT_EQ(Refusal(verifier_, token, *keys_), "token names no key (kid) and the key set holds 2");
}

TEST_F(TokenVerifierTest, RefusesATokenWithoutPrincipal) {
  std::string claims = R"({"iss":"fieldservice-dev","aud":"fieldservice","exp":1795435200,)"
                       R"("sub":"2f1c"})";
  std::string token = *es_key_.SignCompact(R"({"alg":"ES256","kid":"es-1"})", claims);
  EXPECT_EQ(Refusal(verifier_, token, *keys_), "token has no principal claim 'preferred_username'");
}

TEST_F(TokenVerifierTest, RefusesMalformedTokens) {
  EXPECT_THAT(Refusal(verifier_, "", *keys_), HasSubstr("not a signed JWT"));
  EXPECT_THAT(Refusal(verifier_, "a.b.c.d.e", *keys_), HasSubstr("5 parts"));
  EXPECT_EQ(Refusal(verifier_, "e30=.e30.", *keys_), "token header is not base64url JSON");
  EXPECT_EQ(Refusal(verifier_, absl::StrCat(Base64Url("[1]"), ".e30."), *keys_),
            "token header is not base64url JSON");
}

TEST_F(TokenVerifierTest, ReadsRolesFromAConfiguredClaim) {
  TokenRules rules = DevRules();
  rules.roles_claim = "roles";
  rules.principal_claim = "sub";
  TokenVerifier verifier(rules);
  std::string claims = R"({"iss":"fieldservice-dev","aud":"fieldservice","exp":1795435200,)"
                       R"("sub":"tech-wang","roles":"technician  callback_agent"})";
  absl::StatusOr<VerifiedToken> verified = verifier.Verify(
      *es_key_.SignCompact(R"({"alg":"ES256","kid":"es-1"})", claims), *keys_, kNow);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->principal, "tech-wang");
  EXPECT_THAT(verified->roles, ElementsAre("technician", "callback_agent"));
}

TEST_F(TokenVerifierTest, ReadsKeycloakRealmRoles) {
  // As Keycloak writes them, among its other claims.
  std::string claims =
      R"({"iss":"fieldservice-dev","aud":"fieldservice","exp":1795435200,"typ":"Bearer",)"
      R"("realm_access":{"roles":["offline_access","supervisor"]},)"
      R"("resource_access":{"account":{"roles":["view-profile"]}},)"
      R"("preferred_username":"sup-zhao","scope":"openid profile"})";
  absl::StatusOr<VerifiedToken> verified = verifier_.Verify(
      *ed_key_.SignCompact(R"({"alg":"EdDSA","typ":"JWT","kid":"ed-1"})", claims), *keys_, kNow);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_THAT(verified->roles, ElementsAre("offline_access", "supervisor"));
}

TEST_F(TokenVerifierTest, RefusesRolesOfTheWrongShape) {
  std::string claims = R"({"iss":"fieldservice-dev","aud":"fieldservice","exp":1795435200,)"
                       R"("preferred_username":"x","realm_access":{"roles":[1]}})";
  EXPECT_EQ(
      Refusal(verifier_, *es_key_.SignCompact(R"({"alg":"ES256","kid":"es-1"})", claims), *keys_),
      "token roles claim 'realm_access.roles' holds a non-string");
}

TEST_F(TokenVerifierTest, ServesManyThreadsAtOnce) {
  // One verifier and key set for every call, as the server's edge uses them.
  const std::string es_token = SignedBy(es_key_);
  const std::string ed_token = SignedBy(ed_key_);
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        if (verifier_.Verify(t % 2 == 0 ? es_token : ed_token, *keys_, kNow).ok()) ++accepted;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(accepted.load(), 400);
}

// --- Key sets ---

TEST(KeySetTest, SkipsKeysItDoesNotUse) {
  SigningKey key = NewKey(SigningKey::Algorithm::kEs256, "sig-ec");
  // A Keycloak realm's keys: RSA for RS256, and an RSA-OAEP encryption key.
  std::string jwks = absl::StrCat(
      R"({"keys":[)",
      R"({"kid":"rsa-sig","kty":"RSA","alg":"RS256","use":"sig","n":"0vx7agoebGcQSuu","e":"AQAB"},)",
      R"({"kid":"rsa-enc","kty":"RSA","alg":"RSA-OAEP","use":"enc","n":"0vx7agoebGcQSuu","e":"AQAB"},)",
      R"({"kid":"ec-enc","kty":"EC","crv":"P-256","use":"enc","x":"","y":""},)",
      R"({"kid":"p384","kty":"EC","crv":"P-384","x":"","y":""},)", *key.PublicJwk(), "]}");
  absl::StatusOr<std::shared_ptr<const KeySet>> keys = KeySet::Parse(jwks);
  ASSERT_TRUE(keys.ok()) << keys.status();
  EXPECT_THAT((*keys)->key_ids(), ElementsAre("sig-ec"));
  EXPECT_TRUE(TokenVerifier(DevRules()).Verify(SignedBy(key), **keys, kNow).ok());
}

TEST(KeySetTest, RefusesMalformedSets) {
  auto message = [](std::string_view jwks) {
    absl::StatusOr<std::shared_ptr<const KeySet>> keys = KeySet::Parse(jwks);
    EXPECT_FALSE(keys.ok());
    EXPECT_EQ(keys.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(keys.status().message());
  };
  EXPECT_THAT(message("not json"), HasSubstr("JWKS is not JSON"));
  EXPECT_EQ(message(R"({"keys":{}})"), "JWKS has no \"keys\" array");
  EXPECT_EQ(message(R"({"keys":[]})"), "JWKS holds no EC P-256 or Ed25519 signing key");
  EXPECT_EQ(message(R"({"keys":[{"kty":"RSA","n":"x","e":"AQAB"}]})"),
            "JWKS holds no EC P-256 or Ed25519 signing key");
  EXPECT_EQ(message(R"({"keys":[{"kid":"k1","kty":"OKP","crv":"Ed25519","x":"AAAA"}]})"),
            "JWKS key 'k1': \"x\" is not 32 bytes of base64url");
  // 32 bytes each, but not a point on the curve.
  std::string zeros = absl::WebSafeBase64Escape(std::string(32, '\x01'));
  EXPECT_EQ(message(absl::StrCat(R"({"keys":[{"kid":"k2","kty":"EC","crv":"P-256","x":")", zeros,
                                 R"(","y":")", zeros, R"("}]})")),
            "JWKS key 'k2': x, y are not a point on P-256");
  EXPECT_EQ(message(R"({"keys":[{"kid":"k3","kty":"OKP","crv":"Ed25519","alg":"ES256","x":""}]})"),
            "JWKS key 'k3': alg 'ES256' does not fit a Ed25519 key");
}

TEST(KeySetTest, RefusesAPrivateKeyAndDuplicateIds) {
  SigningKey key = NewKey(SigningKey::Algorithm::kEdDsa, "k1");
  std::string jwk = *key.PublicJwk();
  std::string with_d = absl::StrCat(jwk.substr(0, jwk.size() - 1), R"(,"d":"AAAA"})");
  EXPECT_THAT(KeySet::Parse(JwksOf({with_d})).status().message(), HasSubstr("private key"));
  EXPECT_EQ(KeySet::Parse(JwksOf({jwk, jwk})).status().message(), "JWKS lists key 'k1' twice");
}

// --- Signing keys ---

TEST(SigningKeyTest, DerivesTheSameKeyIdFromTheSameKey) {
  for (auto algorithm : {SigningKey::Algorithm::kEs256, SigningKey::Algorithm::kEdDsa}) {
    SigningKey key = NewKey(algorithm, "");
    EXPECT_EQ(key.key_id().size(), 16u);
    absl::StatusOr<SigningKey> reread = SigningKey::FromPem(*key.PrivatePem());
    ASSERT_TRUE(reread.ok()) << reread.status();
    EXPECT_EQ(reread->key_id(), key.key_id());
    EXPECT_EQ(reread->algorithm(), algorithm);
    EXPECT_NE(NewKey(algorithm, "").key_id(), key.key_id());
  }
}

TEST(SigningKeyTest, RefusesKeyIdsThatNeedEscaping) {
  EXPECT_EQ(SigningKey::Generate(SigningKey::Algorithm::kEs256, "a\"b").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(SigningKey::FromPem("not a key").ok());
}

// --- Key sources ---

class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "/fs_auth_XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp " << pattern;
    path_ = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string Path(absl::string_view name) const { return absl::StrCat(path_, "/", name); }

 private:
  std::string path_;
};

// Written whole and renamed into place, as an operator's deploy would.
void WriteFile(const std::string& path, const std::string& text) {
  {
    std::ofstream out(path + ".tmp", std::ios::trunc);
    out << text;
  }
  ASSERT_EQ(std::rename((path + ".tmp").c_str(), path.c_str()), 0);
}

// Waits (bounded) for the source to serve exactly these key ids.
bool ServesKeys(const JwksSource& source, const std::vector<std::string>& ids) {
  absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (source.Current()->key_ids() != ids) {
    if (absl::Now() > give_up) return false;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return true;
}

TEST(JwksSourceTest, RotatesKeysFromAFile) {
  TempDir dir;
  const std::string path = dir.Path("jwks.json");
  SigningKey old_key = NewKey(SigningKey::Algorithm::kEs256, "old");
  SigningKey new_key = NewKey(SigningKey::Algorithm::kEdDsa, "new");
  TokenVerifier verifier(DevRules());
  WriteFile(path, JwksText({&old_key}));
  // RefreshSoon reloads after refresh / 10: 200 ms here.
  absl::StatusOr<std::unique_ptr<JwksSource>> source = JwksSource::Start(path, absl::Seconds(2));
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_TRUE(verifier.Verify(SignedBy(old_key), *(*source)->Current(), kNow).ok());

  // The new key is published next to the old one: both verify.
  WriteFile(path, JwksText({&old_key, &new_key}));
  (*source)->RefreshSoon();
  ASSERT_TRUE(ServesKeys(**source, {"old", "new"}));
  EXPECT_TRUE(verifier.Verify(SignedBy(new_key), *(*source)->Current(), kNow).ok());
  EXPECT_TRUE(verifier.Verify(SignedBy(old_key), *(*source)->Current(), kNow).ok());

  // A broken file keeps the last good set.
  WriteFile(path, "{\"keys\": [");
  (*source)->RefreshSoon();
  absl::SleepFor(absl::Milliseconds(400));
  EXPECT_THAT((*source)->Current()->key_ids(), ElementsAre("old", "new"));

  // The old key retired: its tokens are refused by name.
  WriteFile(path, JwksText({&new_key}));
  (*source)->RefreshSoon();
  ASSERT_TRUE(ServesKeys(**source, {"new"}));
  EXPECT_EQ(Refusal(verifier, SignedBy(old_key), *(*source)->Current()),
            "token signed by unknown key 'old'");
  EXPECT_TRUE(verifier.Verify(SignedBy(new_key), *(*source)->Current(), kNow).ok());
}

TEST(JwksSourceTest, RefusesToStartWithoutKeys) {
  TempDir dir;
  absl::StatusOr<std::unique_ptr<JwksSource>> missing =
      JwksSource::Start(dir.Path("none.json"), absl::Minutes(5));
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  WriteFile(dir.Path("empty.json"), R"({"keys":[]})");
  absl::StatusOr<std::unique_ptr<JwksSource>> empty =
      JwksSource::Start(dir.Path("empty.json"), absl::Minutes(5));
  EXPECT_THAT(empty.status().message(), HasSubstr("empty.json: JWKS holds no"));
}

// One HTTP/1.1 server on 127.0.0.1, port 0, answering every request with the
// same status and body until destroyed.
class TinyHttpServer {
 public:
  TinyHttpServer(int status, std::string body) : status_(status), body_(std::move(body)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (bind(fd_, reinterpret_cast<sockaddr*>(&address), size) != 0 || listen(fd_, 4) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
      ADD_FAILURE() << "cannot listen";
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~TinyHttpServer() {
    shutdown(fd_, SHUT_RDWR);  // ends the blocked accept()
    thread_.join();
    close(fd_);
  }
  std::string Url() const { return absl::StrCat("http://127.0.0.1:", port_, "/certs"); }
  int requests() const { return requests_.load(); }

 private:
  void Serve() {
    for (int client; (client = accept(fd_, nullptr, nullptr)) >= 0; close(client)) {
      std::string request;
      char buffer[4096];
      ssize_t got;
      while (request.find("\r\n\r\n") == std::string::npos &&
             (got = read(client, buffer, sizeof buffer)) > 0) {
        request.append(buffer, static_cast<size_t>(got));
      }
      ++requests_;
      std::string response =
          absl::StrCat("HTTP/1.1 ", status_, " X\r\nContent-Type: application/json\r\n",
                       "Content-Length: ", body_.size(), "\r\nConnection: close\r\n\r\n", body_);
      // The client may hang up mid-body (the size cap): no SIGPIPE.
      ssize_t ignored = send(client, response.data(), response.size(), MSG_NOSIGNAL);
      (void)ignored;
    }
  }

  const int status_;
  const std::string body_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<int> requests_{0};
  std::thread thread_;
};

TEST(JwksSourceTest, FetchesAKeySetOverHttp) {
  SigningKey key = NewKey(SigningKey::Algorithm::kEs256, "idp-1");
  TinyHttpServer server(200, JwksText({&key}));
  absl::StatusOr<std::unique_ptr<JwksSource>> source =
      JwksSource::Start(server.Url(), absl::Hours(1));
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_THAT((*source)->Current()->key_ids(), ElementsAre("idp-1"));
  EXPECT_TRUE(TokenVerifier(DevRules()).Verify(SignedBy(key), *(*source)->Current(), kNow).ok());
  EXPECT_EQ(server.requests(), 1);
  // Destroying the source does not wait out the hour.
  absl::Time before = absl::Now();
  source->reset();
  EXPECT_LT(absl::Now() - before, absl::Seconds(2));
}

TEST(JwksSourceTest, ReportsAnHttpError) {
  TinyHttpServer server(404, "not here");
  absl::StatusOr<std::unique_ptr<JwksSource>> source =
      JwksSource::Start(server.Url(), absl::Hours(1));
  EXPECT_EQ(source.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(source.status().message(), HasSubstr("HTTP status 404"));
}

TEST(JwksSourceTest, StopsReadingAnOversizedKeySet) {
  TinyHttpServer server(200, std::string(2 << 20, ' '));
  absl::StatusOr<std::unique_ptr<JwksSource>> source =
      JwksSource::Start(server.Url(), absl::Hours(1));
  EXPECT_EQ(source.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(source.status().message(), HasSubstr("larger than 1048576 bytes"));
}

// --- The fs_token tool ---

// Runs a shell command; its stdout, or "" and a test failure when it fails.
std::string RunTool(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  std::string out;
  char buffer[4096];
  for (size_t got; (got = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, got);
  int status = pclose(pipe);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command;
  return out;
}

TEST(FsTokenTest, SignsTokensTheVerifierAccepts) {
  TempDir dir;
  const std::string tool = FS_TOKEN_PATH;
  const std::string key_file = dir.Path("dev-key.pem");
  RunTool(absl::StrCat(tool, " keygen --alg EdDSA --out '", key_file, "' 2>/dev/null"));
  struct stat info;
  ASSERT_EQ(stat(key_file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  // Never over an existing key.
  EXPECT_NE(std::system(absl::StrCat(tool, " keygen --out '", key_file, "' 2>/dev/null").c_str()),
            0);

  std::string jwks = RunTool(absl::StrCat(tool, " jwks --key '", key_file, "'"));
  std::string token =
      RunTool(absl::StrCat(tool, " sign --key '", key_file,
                           "' --user tech-wang --roles technician,callback_agent --ttl 30m",
                           " --issued-at 2026-11-23T09:45:00Z"));
  ASSERT_FALSE(token.empty());
  ASSERT_EQ(token.back(), '\n');
  token.pop_back();

  absl::StatusOr<std::shared_ptr<const KeySet>> keys = KeySet::Parse(jwks);
  ASSERT_TRUE(keys.ok()) << keys.status();
  TokenVerifier verifier(DevRules());  // the tool's defaults
  absl::StatusOr<VerifiedToken> verified = verifier.Verify(token, **keys, kNow);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->principal, "tech-wang");
  EXPECT_THAT(verified->roles, ElementsAre("technician", "callback_agent"));
  EXPECT_EQ(verified->expires, kNow + absl::Minutes(15));
  EXPECT_EQ(Refusal(verifier, token, **keys, kNow + absl::Minutes(20)),
            "token expired at 2026-11-23T10:15:00Z");
}

}  // namespace
}  // namespace fieldservice::common::auth
