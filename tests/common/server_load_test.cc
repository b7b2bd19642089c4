// The server under more calls than it runs at once (issue 8, "Make it fast"):
// ordinary bursts are queued and answered, slower if they must be; a burst
// past the queue is refused at once with RESOURCE_EXHAUSTED naming the
// limits; a call whose deadline passes while it waits is not run; and
// reflection streams a client never reads take no handler from the API.
#include <grpcpp/create_channel.h>

#include <atomic>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "fieldservice/test/v1/whoami.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/common/admission.h"
#include "services/common/server.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_server_options.h"

namespace fieldservice::common {
namespace {

namespace tv1 = ::fieldservice::test::v1;
namespace reflection = ::grpc::reflection::v1alpha;
using ::testing::HasSubstr;

// --- The queue alone ---

TEST(AdmissionQueueTest, TurnsPassInArrivalOrder) {
  AdmissionQueue queue({.max_running = 1, .max_queued = 8, .max_wait = absl::Seconds(30)});
  ASSERT_TRUE(queue.Enter(absl::InfiniteFuture()).ok());
  absl::Mutex mu;
  std::vector<int> order;
  std::vector<std::thread> waiters;
  for (int i = 0; i < 3; ++i) {
    waiters.emplace_back([&, i] {
      ASSERT_TRUE(queue.Enter(absl::InfiniteFuture()).ok());
      {
        absl::MutexLock lock(&mu);
        order.push_back(i);
      }
      queue.Leave();
    });
    // The next waiter starts only once this one is queued.
    while (queue.counts().queued != i + 1) absl::SleepFor(absl::Milliseconds(1));
  }
  queue.Leave();
  for (auto& t : waiters) t.join();
  EXPECT_THAT(order, ::testing::ElementsAre(0, 1, 2));
  EXPECT_EQ(queue.counts().running, 0);
}

TEST(AdmissionQueueTest, AFullQueueRefusesAtOnceNamingTheLimits) {
  AdmissionQueue queue({.max_running = 1, .max_queued = 0, .max_wait = absl::Seconds(30)});
  ASSERT_TRUE(queue.Enter(absl::InfiniteFuture()).ok());
  absl::Status refused = queue.Enter(absl::InfiniteFuture());
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(refused.message(), HasSubstr("max_queued_calls"));
  EXPECT_EQ(queue.counts().refused, 1);
  queue.Leave();
  EXPECT_TRUE(queue.Enter(absl::InfiniteFuture()).ok());  // a free slot is taken at once
  queue.Leave();
}

TEST(AdmissionQueueTest, ACallWhoseDeadlinePassesWaitingIsNotRun) {
  AdmissionQueue queue({.max_running = 1, .max_queued = 4, .max_wait = absl::Seconds(30)});
  ASSERT_TRUE(queue.Enter(absl::InfiniteFuture()).ok());
  absl::Status late = queue.Enter(absl::Now() + absl::Milliseconds(20));
  EXPECT_EQ(late.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(queue.counts().queued, 0);  // it left the queue
  EXPECT_EQ(queue.Enter(absl::Now() - absl::Seconds(1)).code(),
            absl::StatusCode::kDeadlineExceeded);
  queue.Leave();
  EXPECT_EQ(queue.counts().running, 0);
}

TEST(AdmissionQueueTest, ACallWithoutDeadlineWaitsAtMostMaxWait) {
  AdmissionQueue queue({.max_running = 1, .max_queued = 4, .max_wait = absl::Milliseconds(20)});
  ASSERT_TRUE(queue.Enter(absl::InfiniteFuture()).ok());
  absl::Status refused = queue.Enter(absl::InfiniteFuture());
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(refused.message(), HasSubstr("max_queue_wait"));
  queue.Leave();
}

// --- A real server ---

// Get() waits while the gate is shut, and records how many run at once.
class GatedWhoAmI final : public tv1::WhoAmI::WithCallbackMethod_CountTo<tv1::WhoAmI::Service> {
 public:
  grpc::Status Get(grpc::ServerContext*, const tv1::WhoAmIRequest* request,
                   tv1::CallerView* out) override {
    {
      absl::MutexLock lock(&mu_);
      ++running_;
      most_at_once_ = std::max(most_at_once_, running_);
      if (request->note() == "wait") mu_.Await(absl::Condition(&open_));
    }
    if (request->note() == "linger") absl::SleepFor(absl::Milliseconds(5));
    absl::MutexLock lock(&mu_);
    --running_;
    out->set_principal("answered");
    return grpc::Status::OK;
  }
  grpc::Status Unlisted(grpc::ServerContext*, const tv1::WhoAmIRequest*,
                        tv1::CallerView*) override {
    return grpc::Status::OK;
  }
  void Open() {
    absl::MutexLock lock(&mu_);
    open_ = true;
  }
  int running() {
    absl::MutexLock lock(&mu_);
    return running_;
  }
  int most_at_once() {
    absl::MutexLock lock(&mu_);
    return most_at_once_;
  }

 private:
  absl::Mutex mu_;
  bool open_ ABSL_GUARDED_BY(mu_) = false;
  int running_ ABSL_GUARDED_BY(mu_) = 0;
  int most_at_once_ ABSL_GUARDED_BY(mu_) = 0;
};

class ServerLoadTest : public ::testing::Test {
 protected:
  void Start(int max_threads, int max_queued) {
    auto policy = AccessPolicy::Parse("fieldservice.test.v1.WhoAmI/Get = agent\n");
    ASSERT_TRUE(policy.ok()) << policy.status();
    ServerOptions options = testing::TestServerOptions("warranty");
    options.gatekeeper = testing::TestGatekeeperFor(*std::move(policy));
    options.max_threads = max_threads;
    options.max_queued_calls = max_queued;
    auto host = ServerHost::Start(options, {Served<tv1::WhoAmI>(&handler_)});
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = *std::move(host);
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", host_->port()),
                                   testing::CredentialsOf("agent-li", {"agent"}));
  }
  void TearDown() override {
    handler_.Open();
    if (host_ != nullptr) host_->Shutdown(absl::Seconds(1));
  }

  grpc::Status Ask(const std::string& note, absl::Duration timeout = absl::Seconds(30)) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
    tv1::WhoAmIRequest request;
    request.set_note(note);
    tv1::CallerView out;
    return tv1::WhoAmI::NewStub(channel_)->Get(&context, request, &out);
  }

  GatedWhoAmI handler_;
  std::unique_ptr<ServerHost> host_;
  std::shared_ptr<grpc::Channel> channel_;
};

// 64 clients at once against 2 running handlers: every call is answered.
TEST_F(ServerLoadTest, SixtyFourClientsAreAllAnsweredThroughTheQueue) {
  Start(/*max_threads=*/2, /*max_queued=*/256);
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  std::vector<grpc::Status> failures(64);
  for (int i = 0; i < 64; ++i) {
    clients.emplace_back([&, i] {
      for (int call = 0; call < 5; ++call) {
        grpc::Status status = Ask("linger");
        if (status.ok()) {
          ++ok;
        } else {
          failures[i] = status;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok.load(), 64 * 5);
  for (const grpc::Status& failure : failures) {
    EXPECT_TRUE(failure.ok()) << failure.error_code() << " " << failure.error_message();
  }
  EXPECT_LE(handler_.most_at_once(), 2);
}

// Past the queue, a call is refused at once, saying which limits it hit;
// the calls already taken are still answered.
TEST_F(ServerLoadTest, ACallPastTheQueueIsRefusedClearlyAndTheOthersAnswered) {
  Start(/*max_threads=*/1, /*max_queued=*/1);
  grpc::Status first, second;
  std::thread running([&] { first = Ask("wait"); });
  while (handler_.running() != 1) absl::SleepFor(absl::Milliseconds(1));
  std::thread queued([&] { second = Ask("wait"); });
  while (host_->admission_counts().queued != 1) absl::SleepFor(absl::Milliseconds(1));
  grpc::Status third = Ask("now");
  EXPECT_EQ(third.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(third.error_message(), HasSubstr("max_queued_calls"));
  handler_.Open();
  running.join();
  queued.join();
  EXPECT_TRUE(first.ok()) << first.error_message();
  EXPECT_TRUE(second.ok()) << second.error_message();
  EXPECT_EQ(handler_.most_at_once(), 1);
  EXPECT_EQ(host_->admission_counts().refused, 1);
}

// A queued call whose deadline passes before its turn gets DEADLINE_EXCEEDED
// and never runs.
TEST_F(ServerLoadTest, AQueuedCallPastItsDeadlineNeverRuns) {
  Start(/*max_threads=*/1, /*max_queued=*/8);
  grpc::Status first;
  std::thread running([&] { first = Ask("wait"); });
  while (handler_.running() != 1) absl::SleepFor(absl::Milliseconds(1));
  EXPECT_EQ(Ask("now", absl::Milliseconds(200)).error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  handler_.Open();
  running.join();
  EXPECT_TRUE(first.ok());
  EXPECT_EQ(handler_.most_at_once(), 1);
}

// Reflection streams that send requests and never read their answers hold
// no handler: with two handlers, 32 such streams leave the API answering.
TEST_F(ServerLoadTest, ReflectionStreamsThatNeverReadDoNotStarveTheApi) {
  Start(/*max_threads=*/2, /*max_queued=*/4);
  auto stub = reflection::ServerReflection::NewStub(channel_);
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<std::unique_ptr<grpc::ClientReaderWriter<reflection::ServerReflectionRequest,
                                                       reflection::ServerReflectionResponse>>>
      streams;
  reflection::ServerReflectionRequest list;
  list.set_list_services("*");
  for (int i = 0; i < 32; ++i) {
    contexts.push_back(std::make_unique<grpc::ClientContext>());
    streams.push_back(stub->ServerReflectionInfo(contexts.back().get()));
    for (int r = 0; r < 3; ++r) ASSERT_TRUE(streams.back()->Write(list));
  }
  for (int i = 0; i < 20; ++i) {
    grpc::Status status = Ask("now", absl::Seconds(5));
    ASSERT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
  }
  // Reflection itself still answers, and names the services served.
  grpc::ClientContext context;
  auto reader = stub->ServerReflectionInfo(&context);
  ASSERT_TRUE(reader->Write(list));
  reflection::ServerReflectionResponse answer;
  ASSERT_TRUE(reader->Read(&answer));
  std::vector<std::string> names;
  for (const auto& service : answer.list_services_response().service()) {
    names.push_back(service.name());
  }
  EXPECT_THAT(names, ::testing::IsSupersetOf({"fieldservice.test.v1.WhoAmI",
                                              "grpc.reflection.v1alpha.ServerReflection"}));
  context.TryCancel();
  for (auto& c : contexts) c->TryCancel();
}

// File requests bring the file and what it needs, and an unknown symbol is
// a NOT_FOUND answer on a stream that stays open.
TEST_F(ServerLoadTest, ReflectionAnswersFilesAndUnknownSymbols) {
  Start(/*max_threads=*/2, /*max_queued=*/4);
  grpc::ClientContext context;
  auto stream = reflection::ServerReflection::NewStub(channel_)->ServerReflectionInfo(&context);
  reflection::ServerReflectionRequest ask;
  ask.set_file_containing_symbol("fieldservice.test.v1.WhoAmI");
  ASSERT_TRUE(stream->Write(ask));
  reflection::ServerReflectionResponse answer;
  ASSERT_TRUE(stream->Read(&answer));
  ASSERT_EQ(answer.file_descriptor_response().file_descriptor_proto_size(), 1)
      << answer.DebugString();
  ask.set_file_containing_symbol("no.such.Thing");
  ASSERT_TRUE(stream->Write(ask));
  ASSERT_TRUE(stream->Read(&answer));
  EXPECT_EQ(answer.error_response().error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(answer.original_request().file_containing_symbol(), "no.such.Thing");
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

}  // namespace
}  // namespace fieldservice::common
