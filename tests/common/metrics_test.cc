// The /metrics endpoint of a server (issue 8, "Metrics"): every call, its
// method and its status code, is counted and timed by the server itself,
// refused ones and health and reflection included; open streams show as
// calls in progress. A real TLS server with the gatekeeper, scraped over HTTP.
#include "services/common/metrics.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>

#include "fieldservice/test/v1/whoami.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/common/server.h"
#include "tests/support/metrics_scrape.h"
#include "tests/support/raw_call.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_server_options.h"

namespace fieldservice::common {
namespace {

namespace tv1 = ::fieldservice::test::v1;
using testing::SampleValue;

constexpr char kGet[] = "/fieldservice.test.v1.WhoAmI/Get";
constexpr char kUnlisted[] = "/fieldservice.test.v1.WhoAmI/Unlisted";
constexpr char kHealthCheck[] = "/grpc.health.v1.Health/Check";
constexpr char kReflection[] = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";
constexpr char kHandled[] = "fs_grpc_server_handling_seconds_count";
constexpr char kInProgress[] = "fs_grpc_server_in_progress";

// CountTo is left unimplemented (streaming_edge_test.cc serves it).
class WhoAmIHandler final : public tv1::WhoAmI::WithCallbackMethod_CountTo<tv1::WhoAmI::Service> {
 public:
  grpc::Status Get(grpc::ServerContext*, const tv1::WhoAmIRequest*, tv1::CallerView*) override {
    return grpc::Status::OK;
  }
};

class MetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto policy = AccessPolicy::Parse("fieldservice.test.v1.WhoAmI/Get = agent(phone)\n");
    ASSERT_TRUE(policy.ok()) << policy.status();
    auto keys = auth::KeySet::Parse(testing::TestJwksJson());
    ASSERT_TRUE(keys.ok()) << keys.status();
    auth::TokenRules rules;
    rules.issuer = testing::kTestIssuer;
    rules.audience = testing::kTestAudience;
    ServerOptions options = testing::TestServerOptions("warranty");
    options.gatekeeper = std::make_shared<Gatekeeper>(*std::move(policy), rules,
                                                      auth::JwksSource::Fixed(*std::move(keys)));
    auto host = ServerHost::Start(options, {Served<tv1::WhoAmI>(&handler_)});
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = *std::move(host);
    auto endpoint = metrics::Endpoint::Start("127.0.0.1:0");
    ASSERT_TRUE(endpoint.ok()) << endpoint.status();
    endpoint_ = *std::move(endpoint);
  }
  void TearDown() override { host_->Shutdown(absl::Seconds(1)); }

  std::shared_ptr<grpc::Channel> Channel(std::shared_ptr<grpc::ChannelCredentials> credentials) {
    return grpc::CreateChannel(absl::StrCat("127.0.0.1:", host_->port()), std::move(credentials));
  }
  grpc::Status Get(std::shared_ptr<grpc::ChannelCredentials> credentials, const char* method) {
    return testing::RawUnaryCall(Channel(std::move(credentials)), method, "");
  }
  std::string Scrape() {
    auto text = testing::ScrapeMetrics(endpoint_->port());
    EXPECT_TRUE(text.ok()) << text.status();
    return text.ok() ? *text : "";
  }
  // Calls of `method` that ended with `code`, as the endpoint reports them.
  double Handled(const std::string& text, const char* method, const char* code) {
    return SampleValue(text, kHandled, {{"method", method}, {"code", code}}).value_or(0);
  }

  WhoAmIHandler handler_;
  std::unique_ptr<ServerHost> host_;
  std::unique_ptr<metrics::Endpoint> endpoint_;
};

TEST_F(MetricsTest, EveryCallIsCountedByMethodAndCodeRefusalsIncluded) {
  const std::string before = Scrape();
  auto agent = testing::CredentialsOf("agent-li", {"agent"});
  ASSERT_TRUE(Get(agent, kGet).ok());
  ASSERT_EQ(Get(testing::PersonCredentials(), kGet).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  ASSERT_EQ(Get(agent, kUnlisted).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Get(testing::PersonCredentials(), kHealthCheck).ok());  // health needs no token

  const std::string after = Scrape();
  EXPECT_EQ(Handled(after, kGet, "OK") - Handled(before, kGet, "OK"), 1) << after;
  EXPECT_EQ(Handled(after, kGet, "UNAUTHENTICATED") - Handled(before, kGet, "UNAUTHENTICATED"), 1);
  EXPECT_EQ(Handled(after, kUnlisted, "PERMISSION_DENIED") -
                Handled(before, kUnlisted, "PERMISSION_DENIED"),
            1);
  EXPECT_EQ(Handled(after, kHealthCheck, "OK") - Handled(before, kHealthCheck, "OK"), 1);
  // The latency histogram has its buckets, from 0.5 ms to 5 s and +Inf, and
  // a call is counted in +Inf like in every bucket it fits.
  for (const char* le : {"0.0005", "5", "+Inf"}) {
    EXPECT_TRUE(SampleValue(after, "fs_grpc_server_handling_seconds_bucket",
                            {{"method", kGet}, {"code", "OK"}, {"le", le}})
                    .has_value())
        << le;
  }
  EXPECT_EQ(SampleValue(after, "fs_grpc_server_handling_seconds_bucket",
                        {{"method", kGet}, {"code", "OK"}, {"le", "+Inf"}}),
            SampleValue(after, kHandled, {{"method", kGet}, {"code", "OK"}}));
  EXPECT_EQ(SampleValue(after, kInProgress, {{"method", kGet}}), 0);
}

// A reflection stream is a call in progress for as long as it is open, and
// is counted with its code when it ends.
TEST_F(MetricsTest, OpenStreamsAreCallsInProgress) {
  grpc::GenericStub stub(Channel(testing::PersonCredentials()));
  grpc::CompletionQueue queue;
  grpc::ClientContext context;
  auto stream = stub.PrepareCall(&context, kReflection, &queue);
  void* tag;
  bool ok;
  auto step = [&] {
    ASSERT_TRUE(queue.Next(&tag, &ok));
    ASSERT_TRUE(ok);
  };
  stream->StartCall(nullptr);
  step();
  // One answered request (list_services): the server is in the stream now.
  grpc::Slice list_services(testing::LengthDelimitedField(7, ""));
  grpc::ByteBuffer request(&list_services, 1);
  stream->Write(request, nullptr);
  step();
  grpc::ByteBuffer response;
  stream->Read(&response, nullptr);
  step();
  const std::string open = Scrape();
  EXPECT_EQ(SampleValue(open, kInProgress, {{"method", kReflection}}), 1) << open;
  const double ended_before = Handled(open, kReflection, "OK");

  stream->WritesDone(nullptr);
  step();
  grpc::Status status;
  stream->Finish(&status, nullptr);
  step();
  ASSERT_TRUE(status.ok()) << status.error_message();
  const std::string closed = Scrape();
  EXPECT_EQ(SampleValue(closed, kInProgress, {{"method", kReflection}}), 0);
  EXPECT_EQ(Handled(closed, kReflection, "OK") - ended_before, 1);
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
}

TEST(MetricsEndpointTest, AnAddressInUseIsAClearStartupError) {
  auto first = metrics::Endpoint::Start("127.0.0.1:0");
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = metrics::Endpoint::Start(absl::StrCat("127.0.0.1:", (*first)->port()));
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(second.status().message().find("metrics_listen"), std::string::npos) << second.status();
}

// A source read at scrape time is served while registered, and not after.
TEST(MetricsEndpointTest, ScrapeSourcesAreReadWhileRegistered) {
  class Fixed final : public prometheus::Collectable {
   public:
    std::vector<prometheus::MetricFamily> Collect() const override {
      prometheus::ClientMetric m;
      m.gauge.value = 42;
      return {{.name = "fs_test_fixed",
               .help = "a test gauge",
               .type = prometheus::MetricType::Gauge,
               .metric = {m}}};
    }
  };
  auto endpoint = metrics::Endpoint::Start("127.0.0.1:0");
  ASSERT_TRUE(endpoint.ok()) << endpoint.status();
  Fixed fixed;
  auto registration = metrics::ReadAtScrape(fixed);
  auto text = testing::ScrapeMetrics((*endpoint)->port());
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(SampleValue(*text, "fs_test_fixed", {}), 42);
  registration.reset();
  text = testing::ScrapeMetrics((*endpoint)->port());
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_FALSE(SampleValue(*text, "fs_test_fixed", {}).has_value());
}

}  // namespace
}  // namespace fieldservice::common
