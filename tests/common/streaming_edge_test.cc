// Server-streaming methods on gRPC's callback API pass the same edge as
// synchronous unary ones (checked_service.h): the gatekeeper admits the
// caller before the reactor is made, the request's bytes are checked, the
// reactor factory reads the verified caller, and refusals carry their own
// status, not the UNIMPLEMENTED gRPC would put in their place. An open stream
// holds no place in the admission queue, and ends cleanly when its client
// cancels or the server shuts down.
#include <grpcpp/create_channel.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "fieldservice/test/v1/whoami.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/caller.h"
#include "services/common/server.h"
#include "tests/support/raw_call.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_server_options.h"

namespace fieldservice::common {
namespace {

namespace tv1 = ::fieldservice::test::v1;
using ::testing::HasSubstr;

constexpr char kPolicy[] =
    "fieldservice.test.v1.WhoAmI/Get = agent\n"
    "fieldservice.test.v1.WhoAmI/CountTo = technician\n";

// Counts from 1 to `to`, one write at a time, each reply naming the caller
// it copied when it was made (its reactions run without the edge's scope).
// With note "hold" it writes 1 and then waits until the call is cancelled,
// as a stream waiting for news does. Finishes exactly once, also when
// cancelled, and never with a write outstanding.
class Counter final : public grpc::ServerWriteReactor<tv1::CountReply> {
 public:
  Counter(std::atomic<int>& open, Caller caller, const tv1::CountRequest& request)
      : open_(open),
        caller_(std::move(caller)),
        to_(request.to()),
        hold_(request.note() == "hold") {
    ++open_;
    absl::MutexLock lock(&mu_);
    Next();
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (!ok || cancelled_) {
      FinishOnce(grpc::Status(grpc::StatusCode::CANCELLED, "the stream was cancelled"));
      return;
    }
    Next();
  }
  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
    if (!writing_) {
      FinishOnce(grpc::Status(grpc::StatusCode::CANCELLED, "the stream was cancelled"));
    }
  }
  void OnDone() override {
    --open_;
    delete this;
  }

 private:
  void Next() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (n_ == to_) {
      FinishOnce(grpc::Status::OK);
      return;
    }
    if (hold_ && n_ == 1) return;  // until OnCancel
    reply_.set_n(++n_);
    reply_.set_principal(caller_.principal);
    writing_ = true;
    StartWrite(&reply_);
  }
  void FinishOnce(grpc::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_) return;
    finished_ = true;
    Finish(std::move(status));
  }

  std::atomic<int>& open_;
  const Caller caller_;
  const int to_;
  const bool hold_;
  absl::Mutex mu_;
  tv1::CountReply reply_ ABSL_GUARDED_BY(mu_);
  int n_ ABSL_GUARDED_BY(mu_) = 0;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

// One service mixing both kinds: Get synchronous, CountTo a callback stream.
class CountingWhoAmI final : public tv1::WhoAmI::WithCallbackMethod_CountTo<tv1::WhoAmI::Service> {
 public:
  grpc::Status Get(grpc::ServerContext* context, const tv1::WhoAmIRequest*,
                   tv1::CallerView* out) override {
    out->set_principal(CallerOf(*context).principal);
    return grpc::Status::OK;
  }
  grpc::ServerWriteReactor<tv1::CountReply>* CountTo(grpc::CallbackServerContext* context,
                                                     const tv1::CountRequest* request) override {
    ++made;
    return new Counter(open, CallerOf(*context), *request);
  }

  std::atomic<int> made{0};  // reactors made: streams the edge let through
  std::atomic<int> open{0};  // reactors not yet done
};

// Waits up to 10 s for `value` to reach `want`.
bool Reaches(const std::atomic<int>& value, int want) {
  const absl::Time until = absl::Now() + absl::Seconds(10);
  while (value.load() != want && absl::Now() < until) absl::SleepFor(absl::Milliseconds(10));
  return value.load() == want;
}

class StreamingEdgeTest : public ::testing::Test {
 protected:
  void Start(const char* policy_text = kPolicy, int max_threads = 16, int max_queued = 256) {
    auto policy = AccessPolicy::Parse(policy_text);
    ASSERT_TRUE(policy.ok()) << policy.status();
    ServerOptions options = testing::TestServerOptions("warranty");
    options.gatekeeper = testing::TestGatekeeperFor(*std::move(policy));
    options.max_threads = max_threads;
    options.max_queued_calls = max_queued;
    auto host = ServerHost::Start(options, {Served<tv1::WhoAmI>(&handler_)});
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = *std::move(host);
  }
  void TearDown() override {
    if (host_ != nullptr) host_->Shutdown(absl::Seconds(1));
  }

  std::shared_ptr<grpc::Channel> Channel(std::shared_ptr<grpc::ChannelCredentials> credentials) {
    return grpc::CreateChannel(absl::StrCat("127.0.0.1:", host_->port()), std::move(credentials));
  }
  std::unique_ptr<tv1::WhoAmI::Stub> Stub(std::shared_ptr<grpc::ChannelCredentials> credentials) {
    return tv1::WhoAmI::NewStub(Channel(std::move(credentials)));
  }
  // The whole stream CountTo(to) sends, and its status.
  grpc::Status Count(std::shared_ptr<grpc::ChannelCredentials> credentials, int to,
                     std::vector<tv1::CountReply>* replies) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    tv1::CountRequest request;
    request.set_to(to);
    auto reader = Stub(std::move(credentials))->CountTo(&context, request);
    tv1::CountReply reply;
    while (reader->Read(&reply)) replies->push_back(reply);
    return reader->Finish();
  }

  CountingWhoAmI handler_;
  std::unique_ptr<ServerHost> host_;
};

TEST_F(StreamingEdgeTest, AnAdmittedCallerGetsTheStreamAndTheFactorySeesWhoTheyAre) {
  Start();
  std::vector<tv1::CountReply> replies;
  grpc::Status status = Count(testing::CredentialsOf("tech-7", {"technician"}), 3, &replies);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(replies.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(replies[i].n(), i + 1);
    EXPECT_EQ(replies[i].principal(), "tech-7");
  }
  // The synchronous method of the same service is served beside it.
  grpc::ClientContext context;
  tv1::CallerView me;
  ASSERT_TRUE(Stub(testing::CredentialsOf("agent-li", {"agent"}))->Get(&context, {}, &me).ok());
  EXPECT_EQ(me.principal(), "agent-li");
}

TEST_F(StreamingEdgeTest, RefusedCallersGetTheGatekeepersStatusAndNoReactorIsMade) {
  Start();
  std::vector<tv1::CountReply> replies;
  grpc::Status none = Count(testing::PersonCredentials(), 3, &replies);
  EXPECT_EQ(none.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(none.error_message(), HasSubstr("authorization: Bearer"));

  grpc::Status wrong_role = Count(testing::CredentialsOf("agent-li", {"agent"}), 3, &replies);
  EXPECT_EQ(wrong_role.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(wrong_role.error_message(), HasSubstr("needs one of the roles technician"));

  EXPECT_TRUE(replies.empty());
  EXPECT_EQ(handler_.made.load(), 0);
}

TEST_F(StreamingEdgeTest, AStreamWithNoPolicyEntryIsRefused) {
  Start("fieldservice.test.v1.WhoAmI/Get = agent technician\n");
  std::vector<tv1::CountReply> replies;
  grpc::Status unlisted = Count(testing::CredentialsOf("tech-7", {"technician"}), 3, &replies);
  EXPECT_EQ(unlisted.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(unlisted.error_message(), HasSubstr("no entry in the access policy"));
  EXPECT_EQ(handler_.made.load(), 0);
}

TEST_F(StreamingEdgeTest, AMalformedRequestIsInvalidArgumentNamingTheField) {
  Start();
  // CountRequest{to: 2, note: <not UTF-8>}, as a broken encoder would send it.
  const std::string bad =
      testing::VarintField(1, 2) + testing::LengthDelimitedField(2, std::string("\xff\xfe", 2));
  for (const auto& [credentials, code] :
       {std::pair{testing::PersonCredentials(), grpc::StatusCode::UNAUTHENTICATED},
        std::pair{testing::CredentialsOf("tech-7", {"technician"}),
                  grpc::StatusCode::INVALID_ARGUMENT}}) {
    // A refused stream sends no message, so a unary client reads its status.
    grpc::Status status =
        testing::RawUnaryCall(Channel(credentials), "/fieldservice.test.v1.WhoAmI/CountTo", bad);
    EXPECT_EQ(status.error_code(), code) << status.error_message();
    if (code == grpc::StatusCode::INVALID_ARGUMENT) {
      EXPECT_THAT(status.error_message(), HasSubstr("note"));
    }
  }
  EXPECT_EQ(handler_.made.load(), 0);
}

TEST_F(StreamingEdgeTest, AClientCancellingMidStreamLeavesNothingBehind) {
  Start();
  {
    grpc::ClientContext context;
    tv1::CountRequest request;
    request.set_to(1000000);
    auto reader =
        Stub(testing::CredentialsOf("tech-7", {"technician"}))->CountTo(&context, request);
    tv1::CountReply reply;
    ASSERT_TRUE(reader->Read(&reply));
    ASSERT_TRUE(reader->Read(&reply));
    context.TryCancel();
    while (reader->Read(&reply)) {
    }
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  EXPECT_TRUE(Reaches(handler_.open, 0)) << handler_.open.load() << " reactors still open";
  std::vector<tv1::CountReply> replies;
  EXPECT_TRUE(Count(testing::CredentialsOf("tech-7", {"technician"}), 2, &replies).ok());
  EXPECT_EQ(replies.size(), 2u);
}

// An open stream holds no handler thread, so none of the one place the
// admission queue has: unary calls still run while streams wait for news,
// and shutdown cancels the streams, whose reactors then finish.
TEST_F(StreamingEdgeTest, OpenStreamsTakeNoTurnAndShutdownEndsThem) {
  Start(kPolicy, /*max_threads=*/1, /*max_queued=*/0);
  auto stub = Stub(testing::CredentialsOf("tech-7", {"technician"}));
  constexpr int kStreams = 3;
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<std::unique_ptr<grpc::ClientReader<tv1::CountReply>>> readers;
  tv1::CountRequest held;
  held.set_to(10);
  held.set_note("hold");
  for (int i = 0; i < kStreams; ++i) {
    contexts.push_back(std::make_unique<grpc::ClientContext>());
    readers.push_back(stub->CountTo(contexts.back().get(), held));
    tv1::CountReply first;
    ASSERT_TRUE(readers.back()->Read(&first));
    EXPECT_EQ(first.principal(), "tech-7");
  }
  EXPECT_EQ(handler_.open.load(), kStreams);
  EXPECT_EQ(host_->admission_counts().running, 0);
  for (int i = 0; i < 3; ++i) {
    grpc::ClientContext context;
    tv1::CallerView me;
    grpc::Status status =
        Stub(testing::CredentialsOf("agent-li", {"agent"}))->Get(&context, {}, &me);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  host_->Shutdown(absl::Milliseconds(100));
  EXPECT_TRUE(Reaches(handler_.open, 0)) << handler_.open.load() << " reactors still open";
  for (auto& reader : readers) {
    tv1::CountReply reply;
    EXPECT_FALSE(reader->Read(&reply));
    EXPECT_FALSE(reader->Finish().ok());
  }
}

// How a method is served is checked when the service is wrapped: a
// synchronous stream would hold a thread per open stream, and a callback
// unary method would escape the admission queue.
TEST(CheckedServiceWrapTest, RefusesMethodsServedTheWrongWay) {
  auto policy = AccessPolicy::Parse(kPolicy);
  ASSERT_TRUE(policy.ok()) << policy.status();
  auto gatekeeper = testing::TestGatekeeperFor(*std::move(policy));
  auto admission = std::make_shared<AdmissionQueue>(AdmissionLimits{});

  tv1::WhoAmI::Service synchronous_stream;
  auto wrapped =
      CheckedService::Wrap(Served<tv1::WhoAmI>(&synchronous_stream), gatekeeper, admission);
  EXPECT_EQ(wrapped.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(wrapped.status().message(), HasSubstr("WithCallbackMethod_CountTo"));

  tv1::WhoAmI::CallbackService callback_unary;
  wrapped = CheckedService::Wrap(Served<tv1::WhoAmI>(&callback_unary), gatekeeper, admission);
  EXPECT_EQ(wrapped.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(wrapped.status().message(),
              HasSubstr("WhoAmI.Get: a unary method must be synchronous"));

  CountingWhoAmI mixed;
  EXPECT_TRUE(CheckedService::Wrap(Served<tv1::WhoAmI>(&mixed), gatekeeper, admission).ok());
}

}  // namespace
}  // namespace fieldservice::common
