// Who may do what, checked from outside (issue 7, DESIGN.md "Identity, policy
// and transport"): the real orders_server, warranty_server,
// scheduling_server and callback_server run as child
// processes with TLS and the shipped access policy; a reflection client that
// knows nothing of the services learns every RPC from the servers themselves
// and calls each one as every role, as no one, and with every kind of bad
// token. The roles expected for each RPC are written out below, apart from
// data/access/policy.txt, so that a change to either shows here; an RPC the
// table below does not list fails the test, and so does one the policy does
// not list (everyone would be refused).
#include <grpcpp/create_channel.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/reflection_client.h"
#include "tests/support/server_process.h"
#include "tests/support/service_under_test.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"

namespace fieldservice::access {
namespace {

using ::fieldservice::testing::CredentialsOf;
using ::fieldservice::testing::ReflectionClient;
using ::fieldservice::testing::ServerProcess;
using ::fieldservice::testing::TestKey;
using ::fieldservice::testing::TestToken;
using ::fieldservice::testing::TestTokenOptions;

// Every person role the policy knows.
const std::vector<std::string> kPersonRoles = {
    "agent",           "dispatcher",          "technician",     "callback_agent",
    "supervisor",      "regional_supervisor", "centre_manager", "service_centre",
    "quality",         "customer_service",    "factory",        "production_vp",
    "catalogue_admin", "calendar_admin",      "operator"};

// The approval roles of data/orders/approval_chains.txt.
const std::vector<std::string> kApprovers = {
    "regional_supervisor", "centre_manager", "service_centre", "quality",
    "customer_service",    "factory",        "production_vp"};

std::set<std::string> Roles(std::vector<std::string> roles,
                            const std::vector<std::string>& more = {}) {
  roles.insert(roles.end(), more.begin(), more.end());
  return {roles.begin(), roles.end()};
}

// Method -> the identities that may call it ("service:orders" is the orders
// service calling with its certificate).
std::map<std::string, std::set<std::string>> ExpectedAccess() {
  const std::string o = "fieldservice.orders.v1.RepairOrders/";
  const std::string w = "fieldservice.warranty.v1.Warranty/";
  const std::string t = "fieldservice.scheduling.v1.Technicians/";
  const std::string a = "fieldservice.scheduling.v1.TechnicianApp/";
  const std::string c = "fieldservice.callback.v1.Callbacks/";
  const std::string q = "fieldservice.callback.v1.Quality/";
  const std::string r = "fieldservice.callback.v1.CallbackReports/";
  const std::vector<std::string> desk = {"agent", "dispatcher", "supervisor"};
  const auto readers =
      Roles(desk, {"technician", "callback_agent", "regional_supervisor", "centre_manager",
                   "service_centre", "quality", "customer_service", "factory", "production_vp"});
  return {
      {o + "CreateRepairOrder", Roles(desk)},
      {o + "GetRepairOrder", readers},
      {o + "ListRepairOrders", readers},
      {o + "UpdateRepairOrder", Roles(desk, {"technician"})},
      {o + "TransitionRepairOrder", Roles(desk, {"technician", "callback_agent"})},
      {o + "ListRepairOrderEvents", readers},
      {o + "HandOverRepairOrder", Roles(desk)},
      {o + "EscalateComplaint", Roles(desk)},
      {o + "RecordSpecialistContact", Roles(desk)},
      {o + "PromiseFollowUp", Roles(desk)},
      {o + "CompleteFollowUp", Roles(desk)},
      {o + "CreateApproval", Roles(desk)},
      {o + "GetApproval", Roles(desk, kApprovers)},
      {o + "ListApprovals", Roles(desk, kApprovers)},
      {o + "DecideApproval", Roles(kApprovers)},
      {o + "RecordApprovalPayment", Roles(desk, {"service_centre"})},
      {o + "RecordDispatchProgress", Roles({"service:scheduling"})},
      {o + "RecordCallbackOutcome", Roles({"service:callback"})},
      {w + "DecideCoverage", Roles(desk, {"service:orders"})},
      {w + "GetDecision", Roles(desk, {"service:orders", "service_centre"})},
      {w + "ListDecisions", Roles(desk, {"service:orders", "service_centre"})},
      {w + "LoadCatalogue", Roles({"catalogue_admin"})},
      {w + "GetCatalogue",
       Roles(desk, {"service:orders", "technician", "service_centre", "catalogue_admin"})},
      {t + "CreateTechnician", Roles({"dispatcher", "supervisor"})},
      {t + "GetTechnician", Roles({"dispatcher", "supervisor"})},
      {t + "ListTechnicians", Roles({"dispatcher", "supervisor"})},
      {t + "UpdateTechnician", Roles({"dispatcher", "supervisor"})},
      {t + "RecordCallbackRating", Roles({"service:callback"})},
      {"fieldservice.scheduling.v1.Dispatch/SyncJob", Roles({"service:orders"})},
      {"fieldservice.scheduling.v1.Dispatch/OfferAppointmentSlots", Roles(desk)},
      {"fieldservice.scheduling.v1.Dispatch/ProposeCandidates",
       Roles({"dispatcher", "supervisor"})},
      {"fieldservice.scheduling.v1.Dispatch/ListDispatchQueue",
       Roles({"dispatcher", "supervisor"})},
      {"fieldservice.scheduling.v1.Dispatch/GetDispatchJob", Roles(desk)},
      {"fieldservice.scheduling.v1.Dispatch/AssignJob", Roles({"dispatcher", "supervisor"})},
      {"fieldservice.scheduling.v1.Dispatch/ReassignJob", Roles({"dispatcher", "supervisor"})},
      {"fieldservice.scheduling.v1.Dispatch/UnassignJob", Roles({"dispatcher", "supervisor"})},
      {"fieldservice.scheduling.v1.Dispatch/BookAppointment", Roles(desk)},
      {"fieldservice.scheduling.v1.Dispatch/PlanDay", Roles({"dispatcher", "supervisor"})},
      {"fieldservice.scheduling.v1.Dispatch/CommitPlan", Roles({"dispatcher", "supervisor"})},
      {a + "ListMyJobs", Roles({"technician"})},
      {a + "StreamJobs", Roles({"technician"})},
      {a + "AcceptJob", Roles({"technician"})},
      {a + "DeclineJob", Roles({"technician"})},
      {a + "UpdateJobStatus", Roles({"technician"})},
      {a + "CompleteJob", Roles({"technician"})},
      {a + "ReportLocation", Roles({"technician"})},
      {c + "RecordVisitCompleted", Roles({"service:orders"})},
      {c + "ClaimNextCallback", Roles({"callback_agent"})},
      {c + "GetCallback", Roles({"callback_agent", "quality", "supervisor"})},
      {c + "HeartbeatCallback", Roles({"callback_agent"})},
      {c + "ReleaseCallback", Roles({"callback_agent"})},
      {c + "RecordAttempt", Roles({"callback_agent"})},
      {c + "SubmitSurvey", Roles({"callback_agent"})},
      {c + "GetSurvey", Roles({"callback_agent", "quality", "supervisor"})},
      {c + "DefineSurvey", Roles({"quality", "supervisor"})},
      {q + "ImportSalesFigures", Roles({"quality", "supervisor"})},
      {q + "ListSalesFigures", Roles({"quality", "supervisor"})},
      {q + "ListQualitySheets", Roles({"quality", "supervisor"})},
      {q + "GetQualitySheet", Roles({"quality", "supervisor"})},
      {q + "AdvanceQualitySheet", Roles({"quality"})},
      {q + "CloseQualitySheet", Roles({"quality"})},
      {r + "GetComplaintSummary", Roles({"quality", "supervisor"})},
      {r + "GetQualityReport", Roles({"quality", "supervisor"})},
      {r + "GetSatisfactionReport", Roles({"quality", "supervisor"})},
      {r + "GetFirstTimeFixReport", Roles({"quality", "supervisor"})},
      {r + "GetOnTimeArrivalReport", Roles({"quality", "supervisor"})},
      {r + "GetServiceTimesReport", Roles({"quality", "supervisor"})},
      {r + "GetInspectionSample", Roles({"quality", "supervisor"})},
      {"fieldservice.ops.v1.Operations/GetServiceStatus",
       Roles({"operator", "calendar_admin", "catalogue_admin", "supervisor"})},
      {"fieldservice.ops.v1.Operations/ReloadCalendar", Roles({"calendar_admin"})},
  };
}

// The services of ours a server offers (not health or reflection, which are
// open to anyone and tell no customer data).
bool IsOurs(const std::string& service) { return absl::StartsWith(service, "fieldservice."); }

// The edge's own refusal, as opposed to a handler's (a technician asking for
// an order that is not theirs is refused by the handler, after the edge let
// them in).
bool RefusedAtEdge(const absl::Status& status) {
  return status.code() == absl::StatusCode::kPermissionDenied &&
         (absl::StrContains(status.message(), "needs one of the roles") ||
          absl::StrContains(status.message(), "no entry in the access policy"));
}

class AccessMatrixE2ETest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    warranty_ = Start(WARRANTY_SERVER_PATH, "warranty", "access_w", {});
    ASSERT_NE(warranty_, nullptr);
    orders_ = Start(ORDERS_SERVER_PATH, "orders", "access_o",
                    {absl::StrCat("--warranty_address=127.0.0.1:", warranty_->port())});
    scheduling_ = Start(SCHEDULING_SERVER_PATH, "scheduling", "access_s", {});
    callback_ = Start(CALLBACK_SERVER_PATH, "callback", "access_c", {});
  }
  static void TearDownTestSuite() {
    for (auto* server : {&orders_, &warranty_, &scheduling_, &callback_}) {
      if (*server == nullptr) continue;
      auto code = (*server)->Terminate(absl::Seconds(15));
      EXPECT_TRUE(code.ok() && *code == 0) << (*server)->Log();
      server->reset();
    }
    for (auto& db : dbs_) fieldservice::testing::DropTestDatabase(db);
    dbs_.clear();
  }

  // `extra` flags come after the standard ones, so a later --jwks wins.
  static std::unique_ptr<ServerProcess> Start(const char* path, const std::string& service,
                                              const std::string& db_prefix,
                                              std::vector<std::string> extra) {
    return fieldservice::testing::StartService({path, service, db_prefix, std::move(extra)}, dbs_);
  }

  static std::string Address(const ServerProcess& server) {
    return absl::StrCat("127.0.0.1:", server.port());
  }

  static std::vector<common::DbSettings> dbs_;
  static std::unique_ptr<ServerProcess> orders_;
  static std::unique_ptr<ServerProcess> warranty_;
  static std::unique_ptr<ServerProcess> scheduling_;
  static std::unique_ptr<ServerProcess> callback_;
};

std::vector<common::DbSettings> AccessMatrixE2ETest::dbs_;
std::unique_ptr<ServerProcess> AccessMatrixE2ETest::orders_;
std::unique_ptr<ServerProcess> AccessMatrixE2ETest::warranty_;
std::unique_ptr<ServerProcess> AccessMatrixE2ETest::scheduling_;
std::unique_ptr<ServerProcess> AccessMatrixE2ETest::callback_;

// A caller the matrix tries: a name for messages, and its credentials.
struct Identity {
  std::string name;
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  bool authenticated;  // false: UNAUTHENTICATED everywhere
};

std::shared_ptr<grpc::ChannelCredentials> WithToken(const std::string& token) {
  return grpc::CompositeChannelCredentials(fieldservice::testing::PersonCredentials(),
                                           grpc::AccessTokenCredentials(token));
}

std::vector<Identity> Identities() {
  std::vector<Identity> out;
  for (const std::string& role : kPersonRoles) {
    out.push_back({role, CredentialsOf(absl::StrCat("user-", role), {role}), true});
  }
  out.push_back({"service:orders", fieldservice::testing::ServiceCredentials("orders"), true});
  out.push_back({"service:warranty", fieldservice::testing::ServiceCredentials("warranty"), true});
  out.push_back(
      {"service:scheduling", fieldservice::testing::ServiceCredentials("scheduling"), true});
  out.push_back({"service:callback", fieldservice::testing::ServiceCredentials("callback"), true});
  out.push_back({"no one", fieldservice::testing::PersonCredentials(), false});
  const std::vector<std::string> everyone = kPersonRoles;
  TestTokenOptions expired;
  expired.lifetime = -absl::Minutes(10);  // beyond the 60 s leeway
  out.push_back({"an expired token", WithToken(TestToken("late", everyone, expired)), false});
  TestTokenOptions stranger;
  stranger.key = TestKey::kUnknown;
  out.push_back(
      {"a token of an unknown key", WithToken(TestToken("x", everyone, stranger)), false});
  TestTokenOptions other_audience;
  other_audience.audience = "billing";
  out.push_back(
      {"a token for another audience", WithToken(TestToken("x", everyone, other_audience)), false});
  TestTokenOptions other_issuer;
  other_issuer.issuer = "https://elsewhere.example/realms/x";
  out.push_back(
      {"a token of another issuer", WithToken(TestToken("x", everyone, other_issuer)), false});
  return out;
}

TEST_F(AccessMatrixE2ETest, EveryRpcAsEveryCaller) {
  ASSERT_TRUE(orders_ && warranty_ && scheduling_ && callback_);
  const auto expected = ExpectedAccess();
  std::set<std::string> seen;
  int calls = 0;
  for (ServerProcess* server :
       {orders_.get(), warranty_.get(), scheduling_.get(), callback_.get()}) {
    ReflectionClient describer(Address(*server), fieldservice::testing::PersonCredentials());
    auto services = describer.ListServices();
    ASSERT_TRUE(services.ok()) << services.status();
    std::vector<std::string> methods;
    for (const std::string& service : *services) {
      if (!IsOurs(service)) continue;
      auto listed = describer.ListMethods(service);
      ASSERT_TRUE(listed.ok()) << listed.status();
      methods.insert(methods.end(), listed->begin(), listed->end());
    }
    ASSERT_FALSE(methods.empty());
    for (const Identity& identity : Identities()) {
      ReflectionClient client(Address(*server), identity.credentials);
      for (const std::string& method : methods) {
        seen.insert(method);
        auto it = expected.find(method);
        ASSERT_NE(it, expected.end())
            << method << " is served but has no row in this test: add it here and to "
            << "data/access/policy.txt, saying who may call it";
        // A job stream that lets its caller in stays open (here: until a
        // short deadline, with nothing to send).
        const bool stream = absl::EndsWith(method, "TechnicianApp/StreamJobs");
        absl::Status status = stream ? client.StreamJson(method, "{}", 1, absl::Seconds(1)).status
                                     : client.CallJson(method, "{}").status();
        ++calls;
        if (!identity.authenticated) {
          EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated)
              << method << " by " << identity.name << ": " << status;
        } else if (it->second.count(identity.name) == 0) {
          EXPECT_TRUE(RefusedAtEdge(status))
              << method << " by " << identity.name << " must be PERMISSION_DENIED: " << status;
        } else {
          EXPECT_NE(status.code(), absl::StatusCode::kUnauthenticated)
              << method << " by " << identity.name << ": " << status;
          EXPECT_FALSE(RefusedAtEdge(status))
              << method << " by " << identity.name << " must be let in: " << status;
        }
      }
    }
  }
  for (const auto& [method, roles] : expected) {
    EXPECT_EQ(seen.count(method), 1u) << method << " is in this table but no server serves it";
  }
  EXPECT_GT(calls, 500);
}

// A role name in a token cannot make a person a service: service roles come
// only from a client certificate of the services' CA.
TEST_F(AccessMatrixE2ETest, TokenCannotClaimAServiceRole) {
  ASSERT_TRUE(warranty_);
  ReflectionClient client(Address(*warranty_), CredentialsOf("mallory", {"service:orders"}));
  absl::Status status =
      client.CallJson("fieldservice.warranty.v1.Warranty/GetCatalogue", "{}").status();
  EXPECT_TRUE(RefusedAtEdge(status)) << status;
}

// Every port speaks TLS: a plain-text client gets no answer at all.
TEST_F(AccessMatrixE2ETest, PlainTextClientCannotConnect) {
  ASSERT_TRUE(orders_ && warranty_);
  for (ServerProcess* server : {orders_.get(), warranty_.get()}) {
    ReflectionClient plain(Address(*server), grpc::InsecureChannelCredentials(), absl::Seconds(5));
    auto status = plain.ListServices().status();
    EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  }
}

// A service that serves plain text does so only when told, and says so.
TEST_F(AccessMatrixE2ETest, PlainTextOnlyBehindTheDevelopmentSetting) {
  auto plain = Start(WARRANTY_SERVER_PATH, "warranty", "access_plain", {"--plaintext=true"});
  ASSERT_NE(plain, nullptr);
  EXPECT_TRUE(absl::StrContains(plain->Log(), "plaintext_serving")) << plain->Log();
  ReflectionClient client(Address(*plain), grpc::InsecureChannelCredentials());
  auto catalogue = client.CallJson(
      "fieldservice.warranty.v1.Warranty/GetCatalogue", R"({"name": "catalogues/active"})",
      {{"authorization", fieldservice::testing::BearerOf("agent-1", {"agent"})}});
  EXPECT_TRUE(catalogue.ok()) << catalogue.status();
  ASSERT_TRUE(plain->Terminate(absl::Seconds(15)).ok());
}

// Probes that cannot speak TLS (Kubernetes' gRPC probes) get a port of their
// own that serves health in plain text and nothing else.
TEST_F(AccessMatrixE2ETest, HealthPortServesOnlyHealthInPlainText) {
  auto server =
      Start(WARRANTY_SERVER_PATH, "warranty", "access_health", {"--health_listen=127.0.0.1:0"});
  ASSERT_NE(server, nullptr);
  const std::string log = server->Log();
  const size_t at = log.find("health_port=");
  ASSERT_NE(at, std::string::npos) << log;
  const int health_port = std::atoi(log.c_str() + at + std::string("health_port=").size());
  ASSERT_GT(health_port, 0);
  const std::string address = absl::StrCat("127.0.0.1:", health_port);

  auto health = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  for (const char* service : {"", "liveness"}) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status status = health->Check(&context, request, &response);
    ASSERT_TRUE(status.ok()) << service << ": " << status.error_message();
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING) << service;
  }
  ReflectionClient plain(address, grpc::InsecureChannelCredentials(), absl::Seconds(5));
  EXPECT_EQ(plain.ListServices().status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(plain
                .CallJson("fieldservice.warranty.v1.Warranty/GetCatalogue", "{}",
                          {{"authorization", fieldservice::testing::BearerOf("a", {"agent"})}})
                .status()
                .code(),
            absl::StatusCode::kUnimplemented);
  ASSERT_TRUE(server->Terminate(absl::Seconds(15)).ok());
}

// Orders calls warranty over mutual TLS: its certificate names it, and the
// policy lets service:orders read the catalogue it checks intake against.
TEST_F(AccessMatrixE2ETest, OrdersReachesWarrantyWithItsCertificate) {
  ASSERT_TRUE(orders_);
  EXPECT_TRUE(orders_->WaitForLog("warranty_catalogue_followed", absl::Seconds(30)))
      << orders_->Log();
}

// Keys rotate without a restart (issue 7 "Key rotation"): a token of the new
// key is accepted while both keys are listed, and once the old key is removed
// its tokens are refused, naming the key.
TEST_F(AccessMatrixE2ETest, KeyRotation) {
  const std::string jwks = absl::StrCat(::testing::TempDir(), "/rotating-jwks-", getpid(), ".json");
  const auto write = [&](const std::vector<TestKey>& keys) {
    const std::string tmp = jwks + ".new";
    std::ofstream(tmp) << fieldservice::testing::TestJwksJsonOf(keys);
    ASSERT_EQ(std::rename(tmp.c_str(), jwks.c_str()), 0);  // as a ConfigMap update does
  };
  write({TestKey::kCurrent});
  auto server = Start(WARRANTY_SERVER_PATH, "warranty", "access_rotate",
                      {"--jwks_refresh=200ms", absl::StrCat("--jwks=", jwks)});
  ASSERT_NE(server, nullptr);
  const auto call_with = [&](TestKey key) {
    TestTokenOptions options;
    options.key = key;
    ReflectionClient client(Address(*server), WithToken(TestToken("agent-1", {"agent"}, options)));
    return client
        .CallJson("fieldservice.warranty.v1.Warranty/GetCatalogue",
                  R"({"name": "catalogues/active"})")
        .status();
  };
  // Waits (bounded) until a call with `key` gets `code`; returns the last status.
  const auto eventually = [&](TestKey key, absl::StatusCode code) {
    absl::Status status;
    for (absl::Time give_up = absl::Now() + absl::Seconds(20); absl::Now() < give_up;
         absl::SleepFor(absl::Milliseconds(100))) {
      status = call_with(key);
      if (status.code() == code) break;
    }
    return status;
  };
  const std::string old_kid = fieldservice::testing::TestKeyId(TestKey::kCurrent);
  const std::string new_kid = fieldservice::testing::TestKeyId(TestKey::kNext);

  EXPECT_TRUE(call_with(TestKey::kCurrent).ok());
  absl::Status not_yet = call_with(TestKey::kNext);
  EXPECT_EQ(not_yet.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(absl::StrContains(not_yet.message(), new_kid)) << not_yet;

  write({TestKey::kCurrent, TestKey::kNext});  // the provider publishes the new key
  EXPECT_TRUE(eventually(TestKey::kNext, absl::StatusCode::kOk).ok());
  EXPECT_TRUE(call_with(TestKey::kCurrent).ok()) << "both keys are valid while both are listed";

  write({TestKey::kNext});  // and retires the old one
  absl::Status retired = eventually(TestKey::kCurrent, absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(retired.code(), absl::StatusCode::kUnauthenticated) << retired;
  EXPECT_TRUE(absl::StrContains(retired.message(), old_kid)) << retired;
  EXPECT_TRUE(call_with(TestKey::kNext).ok());
  ASSERT_TRUE(server->Terminate(absl::Seconds(15)).ok());
  std::remove(jwks.c_str());
}

}  // namespace
}  // namespace fieldservice::access
