// The server's edge (issue 7; DESIGN.md "Identity, policy and transport"):
// who a caller is comes only from a verified token or a service certificate,
// the policy is applied before the handler runs, and the handler sees the
// verified caller. A test-only WhoAmI service reports what the edge let in.
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>

#include <atomic>

#include "absl/synchronization/notification.h"
#include "fieldservice/test/v1/whoami.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/caller.h"
#include "services/common/server.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_server_options.h"

namespace fieldservice::common {
namespace {

namespace tv1 = ::fieldservice::test::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// CountTo is left unimplemented (streaming_edge_test.cc serves it).
class WhoAmIHandler final : public tv1::WhoAmI::WithCallbackMethod_CountTo<tv1::WhoAmI::Service> {
 public:
  grpc::Status Get(grpc::ServerContext* context, const tv1::WhoAmIRequest*,
                   tv1::CallerView* out) override {
    ++calls;
    const Caller& caller = CallerOf(*context);
    out->set_principal(caller.principal);
    for (const std::string& role : caller.roles) out->add_roles(role);
    out->set_service(caller.service);
    out->set_on_behalf_of(caller.on_behalf_of);
    for (const std::string& grant : caller.grants) out->add_grants(grant);
    out->set_audit_name(caller.AuditName());
    return grpc::Status::OK;
  }
  grpc::Status Unlisted(grpc::ServerContext* context, const tv1::WhoAmIRequest* request,
                        tv1::CallerView* out) override {
    return Get(context, request, out);
  }
  std::atomic<int> calls{0};
};

constexpr char kPolicy[] =
    "fieldservice.test.v1.WhoAmI/Get = agent(phone) technician(own_jobs) service:orders\n";

class GatekeeperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto policy = AccessPolicy::Parse(kPolicy);
    ASSERT_TRUE(policy.ok()) << policy.status();
    ServerOptions options = testing::TestServerOptions("warranty");
    options.gatekeeper = testing::TestGatekeeperFor(*std::move(policy));
    auto host = ServerHost::Start(options, {Served<tv1::WhoAmI>(&handler_)});
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = *std::move(host);
  }
  void TearDown() override { host_->Shutdown(absl::Seconds(1)); }

  std::unique_ptr<tv1::WhoAmI::Stub> Stub(std::shared_ptr<grpc::ChannelCredentials> credentials) {
    return tv1::WhoAmI::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", host_->port()), std::move(credentials)));
  }
  grpc::Status Ask(std::shared_ptr<grpc::ChannelCredentials> credentials, tv1::CallerView* out,
                   const std::map<std::string, std::string>& metadata = {}) {
    grpc::ClientContext context;
    for (const auto& [key, value] : metadata) context.AddMetadata(key, value);
    return Stub(std::move(credentials))->Get(&context, {}, out);
  }

  WhoAmIHandler handler_;
  std::unique_ptr<ServerHost> host_;
};

TEST_F(GatekeeperTest, APersonIsWhoTheirTokenSays) {
  tv1::CallerView me;
  ASSERT_TRUE(Ask(testing::CredentialsOf("agent-li", {"agent", "quality"}), &me).ok());
  EXPECT_EQ(me.principal(), "agent-li");
  EXPECT_THAT(me.roles(), ElementsAre("agent", "quality"));
  EXPECT_EQ(me.service(), "");
  EXPECT_THAT(me.grants(), ElementsAre("phone"));  // what the policy gives an agent here
  EXPECT_EQ(me.audit_name(), "agent-li");
}

TEST_F(GatekeeperTest, TheRulesOfTheCallersRolesComeWithTheCall) {
  tv1::CallerView tech;
  ASSERT_TRUE(Ask(testing::CredentialsOf("tech-7", {"technician"}), &tech).ok());
  EXPECT_THAT(tech.grants(), ElementsAre("own_jobs"));
}

// A service is who its certificate says, and may name the person it acts
// for; the audit trail then says both.
TEST_F(GatekeeperTest, AServiceIsWhoItsCertificateSaysAndMayActForAPerson) {
  tv1::CallerView orders;
  ASSERT_TRUE(
      Ask(testing::ServiceCredentials("orders"), &orders, {{kOnBehalfOfMetadata, "agent-li"}})
          .ok());
  EXPECT_EQ(orders.principal(), "orders");
  EXPECT_EQ(orders.service(), "orders");
  EXPECT_THAT(orders.roles(), ElementsAre("service:orders"));
  EXPECT_EQ(orders.on_behalf_of(), "agent-li");
  EXPECT_EQ(orders.audit_name(), "orders, on behalf of agent-li");
}

// What a caller chooses to send is not identity: a person's on-behalf-of is
// ignored, a token cannot claim a service role, and the old x-fs-* metadata
// mean nothing.
TEST_F(GatekeeperTest, NothingTheCallerChoosesIsBelieved) {
  tv1::CallerView me;
  ASSERT_TRUE(Ask(testing::CredentialsOf("agent-li", {"agent"}), &me,
                  {{kOnBehalfOfMetadata, "supervisor-wang"},
                   {"x-fs-principal", "supervisor-wang"},
                   {"x-fs-role", "supervisor"}})
                  .ok());
  EXPECT_EQ(me.principal(), "agent-li");
  EXPECT_EQ(me.on_behalf_of(), "");
  EXPECT_THAT(me.roles(), ElementsAre("agent"));

  grpc::Status claimed = Ask(testing::CredentialsOf("mallory", {"service:orders"}), &me);
  EXPECT_EQ(claimed.error_code(), grpc::StatusCode::PERMISSION_DENIED);

  grpc::Status headers_only = Ask(testing::PersonCredentials(), &me,
                                  {{"x-fs-principal", "agent-li"}, {"x-fs-role", "agent"}});
  EXPECT_EQ(headers_only.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(GatekeeperTest, RefusalsSayWhyAndTheHandlerNeverRuns) {
  tv1::CallerView out;
  grpc::Status none = Ask(testing::PersonCredentials(), &out);
  EXPECT_EQ(none.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(none.error_message(), HasSubstr("authorization: Bearer"));

  grpc::Status basic =
      Ask(testing::PersonCredentials(), &out, {{"authorization", "Basic YWdlbnQ6cHc="}});
  EXPECT_EQ(basic.error_code(), grpc::StatusCode::UNAUTHENTICATED);

  testing::TestTokenOptions expired;
  expired.lifetime = -absl::Minutes(5);
  grpc::Status late =
      Ask(testing::PersonCredentials(), &out,
          {{"authorization",
            absl::StrCat("Bearer ", testing::TestToken("agent-li", {"agent"}, expired))}});
  EXPECT_EQ(late.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(late.error_message(), HasSubstr("expired"));

  grpc::Status wrong_role = Ask(testing::CredentialsOf("qa-1", {"quality"}), &out);
  EXPECT_EQ(wrong_role.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(wrong_role.error_message(), HasSubstr("needs one of the roles agent"));

  grpc::ClientContext context;
  grpc::Status unlisted =
      Stub(testing::CredentialsOf("agent-li", {"agent"}))->Unlisted(&context, {}, &out);
  EXPECT_EQ(unlisted.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(unlisted.error_message(), HasSubstr("no entry in the access policy"));

  EXPECT_EQ(handler_.calls.load(), 0);
}

// Identity comes before the request is judged: a caller without a token
// learns nothing from how its request would have been refused.
TEST_F(GatekeeperTest, IdentityIsCheckedBeforeTheRequest) {
  tv1::WhoAmIRequest bad;
  bad.set_note(std::string("\xff\xfe", 2));  // not UTF-8: INVALID_ARGUMENT for a known caller
  grpc::Slice slice(bad.SerializePartialAsString());
  tv1::CallerView out;
  for (const auto& [credentials, code] :
       {std::pair{testing::PersonCredentials(), grpc::StatusCode::UNAUTHENTICATED},
        std::pair{testing::CredentialsOf("agent-li", {"agent"}),
                  grpc::StatusCode::INVALID_ARGUMENT}}) {
    grpc::ClientContext context;
    grpc::GenericStub generic(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", host_->port()), credentials));
    grpc::ByteBuffer request(&slice, 1), response;
    absl::Notification done;
    grpc::Status status;
    generic.UnaryCall(&context, "/fieldservice.test.v1.WhoAmI/Get", grpc::StubOptions(), &request,
                      &response, [&](grpc::Status s) {
                        status = std::move(s);
                        done.Notify();
                      });
    done.WaitForNotification();
    EXPECT_EQ(status.error_code(), code) << status.error_message();
  }
}

}  // namespace
}  // namespace fieldservice::common
