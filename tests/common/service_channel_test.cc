// Channels to replicated services (services/common/service_channel.h): how an
// address list becomes a gRPC target, and that calls through one channel
// reach every replica, over TLS checked against the first replica's host,
// and keep being served when one replica stops.
#include "services/common/service_channel.h"

#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <map>

#include "absl/strings/str_cat.h"
#include "fieldservice/ops/v1/ops.grpc.pb.h"
#include "services/common/calendar_keeper.h"
#include "services/common/clock.h"
#include "services/common/files.h"
#include "services/common/operations_handler.h"
#include "services/common/server.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_server_options.h"

namespace fieldservice::common {
namespace {

namespace ov1 = ::fieldservice::ops::v1;

TEST(ChannelTargetTest, OneAddressOrASchemeIsKeptAsItIs) {
  EXPECT_EQ(*ChannelTarget("127.0.0.1:50051"), "127.0.0.1:50051");
  EXPECT_EQ(*ChannelTarget("orders:50051"), "orders:50051");
  EXPECT_EQ(*ChannelTarget("dns:///orders-replicas:50051"), "dns:///orders-replicas:50051");
  EXPECT_EQ(*ChannelTarget(""), "");
}

TEST(ChannelTargetTest, AListBecomesOneTargetOverEveryReplica) {
  EXPECT_EQ(*ChannelTarget("127.0.0.1:5001,127.0.0.1:5002"), "ipv4:127.0.0.1:5001,127.0.0.1:5002");
  EXPECT_EQ(*ChannelTarget("10.0.0.1:5001, 10.0.0.2:5001"), "ipv4:10.0.0.1:5001,10.0.0.2:5001");
  EXPECT_EQ(*ChannelTarget("[::1]:5001,[::1]:5002"), "ipv6:[::1]:5001,[::1]:5002");
}

TEST(ChannelTargetTest, ABadListNamesTheEntryAndTheRule) {
  auto named = ChannelTarget("orders-a:5001,orders-b:5001");
  ASSERT_EQ(named.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(named.status().message().find("'orders-a:5001' is not a numeric IP address"),
            std::string::npos)
      << named.status();
  auto no_port = ChannelTarget("127.0.0.1:5001,127.0.0.1");
  ASSERT_EQ(no_port.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(no_port.status().message().find("'127.0.0.1' has no port"), std::string::npos)
      << no_port.status();
  EXPECT_EQ(ChannelTarget("127.0.0.1:5001,,127.0.0.1:5002").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ChannelTarget("127.0.0.1:0,127.0.0.1:5002").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ChannelTarget("127.0.0.1:5001,[::1]:5002").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ChannelTarget("dns:///a:1,b:2").status().code(), absl::StatusCode::kInvalidArgument);
}

// One Operations server per replica, each naming itself in its status.
class Replica {
 public:
  // On `port`, or one from the system (0).
  explicit Replica(const std::string& name, int port = 0)
      : calendar_(*WorkingCalendar::LoadFile(
            std::string(FS_SOURCE_DIR) + "/data/calendar/cn_holidays.txt", absl::UTCTimeZone())),
        keeper_(calendar_, clock_, CalendarWatchOptions{}),
        handler_(name, keeper_, checks_) {
    ServerOptions options = testing::TestServerOptions("orders");
    options.listen_address = absl::StrCat("127.0.0.1:", port);
    auto host = ServerHost::Start(options, {handler_.Served()});
    EXPECT_TRUE(host.ok()) << host.status();
    if (host.ok()) host_ = *std::move(host);
  }
  ~Replica() { Stop(); }
  void Stop() {
    if (host_ != nullptr) host_->Shutdown(absl::Milliseconds(100));
    host_.reset();
  }
  int port() const { return host_->port(); }
  std::string address() const { return absl::StrCat("127.0.0.1:", port()); }

 private:
  FakeClock clock_{absl::FromUnixSeconds(1796083200)};
  WorkingCalendar calendar_;
  CalendarKeeper keeper_;
  StatusChecks checks_;
  OperationsHandler handler_;
  std::unique_ptr<ServerHost> host_;
};

// Which replica answered each of `calls` calls (name -> count); failures
// count under "error".
std::map<std::string, int> WhoAnswers(const std::shared_ptr<grpc::Channel>& channel, int calls) {
  auto stub = ov1::Operations::NewStub(channel);
  std::map<std::string, int> answered;
  for (int i = 0; i < calls; ++i) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    testing::Authorize(context, "ops-1", {"operator"});
    ov1::ServiceStatus status;
    grpc::Status s = stub->GetServiceStatus(&context, {}, &status);
    ++answered[s.ok() ? status.service() : "error"];
  }
  return answered;
}

TEST(ServiceChannelTest, CallsGoRoundRobinOverEveryReplicaOverTls) {
  Replica a("replica-a"), b("replica-b");
  auto channel = OpenServiceChannel(absl::StrCat(a.address(), ",", b.address()),
                                    testing::ServiceCredentials("orders"));
  ASSERT_TRUE(channel.ok()) << channel.status();
  // Round robin spreads calls over the connections that are ready: until
  // both are (a busy machine may take a while), calls land on the first.
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  for (std::map<std::string, int> seen; absl::Now() < give_up;) {
    seen = WhoAnswers(*channel, 2);
    if (seen.count("replica-a") > 0 && seen.count("replica-b") > 0) break;
  }
  std::map<std::string, int> answered = WhoAnswers(*channel, 20);
  EXPECT_EQ(answered["error"], 0);
  EXPECT_EQ(answered["replica-a"], 10);
  EXPECT_EQ(answered["replica-b"], 10);
}

TEST(ServiceChannelTest, AStoppedReplicaLeavesTheOtherServingEveryCall) {
  Replica a("replica-a"), b("replica-b");
  auto channel = OpenServiceChannel(absl::StrCat(a.address(), ",", b.address()),
                                    testing::ServiceCredentials("orders"));
  ASSERT_TRUE(channel.ok()) << channel.status();
  WhoAnswers(*channel, 4);
  a.Stop();
  // Calls in flight when it stopped may fail; after the channel has seen
  // the connection go, every call goes to the replica left.
  WhoAnswers(*channel, 4);
  std::map<std::string, int> answered = WhoAnswers(*channel, 10);
  EXPECT_EQ(answered["replica-b"], 10);
  EXPECT_EQ(answered.size(), 1u);
}

// How long after `since` calls through `channel` reach `name` again (or
// `limit`, if they never do).
absl::Duration UntilAnswering(const std::shared_ptr<grpc::Channel>& channel,
                              const std::string& name, absl::Time since, absl::Duration limit) {
  while (WhoAnswers(channel, 2)[name] == 0 && absl::Now() - since < limit) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  return absl::Now() - since;
}

// A replica stopped for two seconds, with calls failing meanwhile, and
// started again on its port (a restart; a pod keeping its address) gets
// calls again within a few seconds from the channels open all along: a
// list's and a single address's alike (gRPC reconnects with backoff; it
// does not wait for the address to be resolved again).
TEST(ServiceChannelTest, ARestartedReplicaGetsCallsAgainSoon) {
  auto a = std::make_unique<Replica>("replica-a");
  Replica b("replica-b");
  const int a_port = a->port();
  auto list = OpenServiceChannel(absl::StrCat(a->address(), ",", b.address()),
                                 testing::ServiceCredentials("orders"));
  auto single = OpenServiceChannel(a->address(), testing::ServiceCredentials("orders"));
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_TRUE(single.ok()) << single.status();
  WhoAnswers(*list, 4);
  WhoAnswers(*single, 2);
  a.reset();
  const absl::Time stopped = absl::Now();
  while (absl::Now() - stopped < absl::Seconds(2)) {
    EXPECT_EQ(WhoAnswers(*single, 1)["replica-a"], 0);
    WhoAnswers(*list, 1);
    absl::SleepFor(absl::Milliseconds(200));
  }
  const absl::Time restarted = absl::Now();
  a = std::make_unique<Replica>("replica-a", a_port);
  const absl::Duration list_back = UntilAnswering(*list, "replica-a", restarted, absl::Seconds(30));
  const absl::Duration single_back =
      UntilAnswering(*single, "replica-a", restarted, absl::Seconds(30));
  std::printf("the restarted replica had calls again after %s (list), %s (one address)\n",
              absl::FormatDuration(list_back).c_str(), absl::FormatDuration(single_back).c_str());
  EXPECT_LT(list_back, absl::Seconds(5));
  EXPECT_LT(single_back, absl::Seconds(5));
}

TEST(ServiceChannelTest, ABadAddressIsRefusedBeforeAnyCall) {
  auto channel = OpenServiceChannel("orders-a:1,orders-b:2", testing::ServiceCredentials("orders"));
  EXPECT_EQ(channel.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace fieldservice::common
