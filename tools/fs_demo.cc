// Loads demo data into a running system through its public gRPC API, as a
// call centre would: a handful of orders on each path, a complaint escalated,
// an exchange proposed; given the scheduling service, its technicians
// (tools/demo_technicians.h); and with --lifecycle, orders in every status a
// real flow reaches, driven by the agent, the dispatcher and the technicians
// (tools/demo_lifecycle.h). Request ids are fixed, so running it twice adds
// nothing. It calls as the people whose tokens it is given (tools/fs_token
// signs them for development), over TLS checked against the given CA. An
// empty address skips that service's part. It exits 1 when a step fails,
// each failure printed naming it.
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "fieldservice/orders/v1/orders_service.grpc.pb.h"
#include "services/common/clock.h"
#include "services/common/config.h"
#include "services/common/service_clock.h"
#include "tools/caller_channel.h"
#include "tools/demo_callback.h"
#include "tools/demo_lifecycle.h"
#include "tools/demo_technicians.h"
#include "tools/sample_orders.h"

extern char** environ;

namespace v1 = ::fieldservice::orders::v1;

namespace {

class Demo {
 public:
  Demo(fieldservice::tools::CallerChannel caller, const fieldservice::common::Clock& clock)
      : stub_(v1::RepairOrders::NewStub(std::move(caller.channel))),
        authorization_(std::move(caller.authorization)),
        clock_(clock) {}

  bool ok() const { return ok_; }

  v1::RepairOrder Create(const std::string& request_id, int customer, v1::ContactType type,
                         v1::ServiceMode mode, bool repaired_twice = false) {
    v1::CreateRepairOrderRequest req = fieldservice::tools::SampleCreateRequest(
        {request_id, customer, type, mode, repaired_twice, clock_.Now() - absl::Minutes(1)});
    v1::RepairOrder out;
    Check(stub_->CreateRepairOrder(Context().get(), req, &out), "create");
    return out;
  }

  v1::RepairOrder Move(const v1::RepairOrder& o, v1::Event event) {
    if (!ok_) return o;
    v1::TransitionRepairOrderRequest req;
    req.set_name(o.name());
    req.set_event(event);
    req.set_etag(o.etag());
    req.set_reason("演示数据");
    v1::RepairOrder out;
    // The warranty service's answer may change the order meanwhile (a stale
    // etag is ABORTED): read it again and retry.
    for (int attempt = 1;; ++attempt) {
      grpc::Status s = stub_->TransitionRepairOrder(Context().get(), req, &out);
      if (s.error_code() == grpc::StatusCode::ABORTED && attempt < 5) {
        v1::GetRepairOrderRequest get;
        get.set_name(o.name());
        Check(stub_->GetRepairOrder(Context().get(), get, &out), "get");
        if (!ok_) return o;
        req.set_etag(out.etag());
        continue;
      }
      Check(s, v1::Event_Name(event));
      return out;
    }
  }

  void Escalate(const v1::RepairOrder& o) {
    if (!ok_) return;
    v1::EscalateComplaintRequest req;
    req.set_name(o.name());
    req.set_reason("客户向消协反映，转投诉专员");
    v1::RepairOrder out;
    Check(stub_->EscalateComplaint(Context().get(), req, &out), "escalate");
  }

  // Waits (bounded) for the warranty service's answer on the order: an
  // exchange follows the 三包 decision.
  v1::RepairOrder Decided(const v1::RepairOrder& o) {
    v1::RepairOrder out = o;
    for (int attempt = 0; attempt < 60 && out.warranty().state() == v1::WARRANTY_PENDING;
         ++attempt) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      v1::GetRepairOrderRequest get;
      get.set_name(o.name());
      Check(stub_->GetRepairOrder(Context().get(), get, &out), "get");
      if (!ok_) break;
    }
    return out;
  }

  void ProposeExchange(const v1::RepairOrder& o) {
    if (!ok_) return;
    if (Decided(o).warranty().state() != v1::WARRANTY_DECIDED) {
      std::fprintf(stderr, "demo: the warranty service did not decide %s in time\n",
                   o.name().c_str());
      ok_ = false;
      return;
    }
    v1::CreateApprovalRequest req;
    req.set_parent(o.name());
    req.set_request_id("demo-approval-1");
    req.mutable_approval()->set_kind(v1::EXCHANGE);
    req.mutable_approval()->set_proposal("两次维修仍不能正常使用，按三包申请换机");
    v1::Approval out;
    Check(stub_->CreateApproval(Context().get(), req, &out), "approval");
  }

 private:
  std::unique_ptr<grpc::ClientContext> Context() {
    auto c = std::make_unique<grpc::ClientContext>();
    c->AddMetadata("authorization", authorization_);
    c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return c;
  }
  void Check(const grpc::Status& s, const std::string& what) {
    if (!s.ok()) {
      std::fprintf(stderr, "demo: %s failed: %s\n", what.c_str(), s.error_message().c_str());
      ok_ = false;
    }
  }

  std::unique_ptr<v1::RepairOrders::Stub> stub_;
  const std::string authorization_;
  const fieldservice::common::Clock& clock_;
  bool ok_ = true;
};

// The --close_callback part: as the agent (reading orders) and the callback agent.
int CloseCallback(const fieldservice::common::Config& config, bool plaintext) {
  namespace tools = fieldservice::tools;
  auto agent = tools::OpenCallerChannel(config.Get("orders"), config.Get("tls_ca"),
                                        config.Get("token_file"), plaintext);
  auto callback_agent =
      tools::OpenCallerChannel(config.Get("callback_address"), config.Get("tls_ca"),
                               config.Get("callback_agent_token_file"), plaintext);
  for (const auto* opened : {&agent, &callback_agent}) {
    if (!opened->ok()) {
      std::fprintf(stderr, "fs_demo: %s\n", std::string(opened->status().message()).c_str());
      return 2;
    }
  }
  switch (tools::CloseDemoCallback(*agent, *callback_agent)) {
    case tools::DemoCallback::kClosed:
      std::printf("demo callback: the customer is satisfied, the completed demo order is CLOSED\n");
      return 0;
    case tools::DemoCallback::kNotDueYet:
      std::printf(
          "demo callback: not due yet (from the working day after the visit); a later run "
          "closes the order\n");
      return 3;
    case tools::DemoCallback::kFailed:
      break;
  }
  return 1;
}

// The --lifecycle part: as the agent, the dispatcher and the technicians.
int LoadLifecycle(const fieldservice::common::Config& config, bool plaintext,
                  const fieldservice::common::Clock& clock) {
  namespace tools = fieldservice::tools;
  auto agent = tools::OpenCallerChannel(config.Get("orders"), config.Get("tls_ca"),
                                        config.Get("token_file"), plaintext);
  auto dispatcher = tools::OpenCallerChannel(config.Get("scheduling_address"), config.Get("tls_ca"),
                                             config.Get("dispatcher_token_file"), plaintext);
  for (const auto* opened : {&agent, &dispatcher}) {
    if (!opened->ok()) {
      std::fprintf(stderr, "fs_demo: %s\n", std::string(opened->status().message()).c_str());
      return 2;
    }
  }
  if (config.Get("orders").empty() || config.Get("scheduling_address").empty() ||
      config.Get("technician_token_dir").empty()) {
    std::fprintf(stderr,
                 "fs_demo: --lifecycle needs --orders, --scheduling_address and "
                 "--technician_token_dir\n");
    return 2;
  }
  tools::DemoLifecycleSetup setup{*std::move(agent),
                                  *std::move(dispatcher),
                                  config.Get("scheduling_address"),
                                  config.Get("tls_ca"),
                                  config.Get("technician_token_dir"),
                                  plaintext,
                                  &clock};
  std::printf("demo orders in each status (order, status, district, technician):\n");
  if (!tools::LoadDemoLifecycle(setup)) return 1;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  namespace common = fieldservice::common;
  auto config = common::Config::Load(
      {{"orders", "127.0.0.1:50051", "address of the orders service"},
       {"tls_ca", "", "PEM file of the CA that signed the orders service's certificate"},
       {"token_file", "", "file holding the agent's token (tools/fs_token sign ... > file)"},
       {"scheduling_address", "", "address of the scheduling service (empty: no technicians)"},
       {"dispatcher_token_file", "", "file holding a dispatcher's token, for the technicians"},
       {"lifecycle", "false",
        "with orders and scheduling_address: the orders in every status (tools/demo_lifecycle.h) "
        "instead of the parts above"},
       {"technician_token_dir", "",
        "with lifecycle: a directory of technicians' tokens, <technician_id>.jwt each"},
       {"close_callback", "false",
        "with orders and callback_address: the callback agent closes the completed demo "
        "visit's order once its callback is due (tools/demo_callback.h); exit 0 closed, 3 not "
        "due yet"},
       {"callback_address", "", "address of the callback service"},
       {"callback_agent_token_file", "", "file holding a callback agent's token"},
       {"now", "",
        "the services' time (RFC 3339) when they run on a test clock (fake_now); empty: the "
        "wall clock"},
       {"plaintext", "false", "development only: call without TLS"}},
      argc, argv, environ);
  if (!config.ok()) {
    std::fprintf(stderr, "%s\n", std::string(config.status().message()).c_str());
    return 2;
  }
  if (config->help_requested()) {
    std::fputs(config->Usage("fs_demo").c_str(), stdout);
    return 0;
  }
  auto plaintext = config->GetBool("plaintext");
  if (!plaintext.ok()) {
    std::fprintf(stderr, "fs_demo: %s\n", std::string(plaintext.status().message()).c_str());
    return 2;
  }
  auto lifecycle = config->GetBool("lifecycle");
  if (!lifecycle.ok()) {
    std::fprintf(stderr, "fs_demo: %s\n", std::string(lifecycle.status().message()).c_str());
    return 2;
  }
  // The services' clock: the wall clock, or a test's fake_now moving on
  // from its start as theirs does (services/common/service_clock.h).
  std::unique_ptr<common::Clock> clock = std::make_unique<common::SystemClock>();
  if (!config->Get("now").empty()) {
    absl::Time start;
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, config->Get("now"), &start, &error)) {
      std::fprintf(stderr, "fs_demo: now: not an RFC 3339 time: %s\n", error.c_str());
      return 2;
    }
    clock = std::make_unique<common::ShiftedClock>(start);
  }
  if (*lifecycle) return LoadLifecycle(*config, *plaintext, *clock);
  auto close_callback = config->GetBool("close_callback");
  if (!close_callback.ok()) {
    std::fprintf(stderr, "fs_demo: %s\n", std::string(close_callback.status().message()).c_str());
    return 2;
  }
  if (*close_callback) return CloseCallback(*config, *plaintext);
  if (!config->Get("scheduling_address").empty()) {
    auto dispatcher = fieldservice::tools::OpenCallerChannel(
        config->Get("scheduling_address"), config->Get("tls_ca"),
        config->Get("dispatcher_token_file"), *plaintext);
    if (!dispatcher.ok()) {
      std::fprintf(stderr, "fs_demo: %s\n", std::string(dispatcher.status().message()).c_str());
      return 2;
    }
    if (!fieldservice::tools::LoadDemoTechnicians(*dispatcher, *clock)) return 1;
    std::printf("demo technicians loaded: 6 in Shanghai, 5 in Guangzhou (one on leave in each)\n");
  }
  if (config->Get("orders").empty()) return 0;
  auto caller = fieldservice::tools::OpenCallerChannel(config->Get("orders"), config->Get("tls_ca"),
                                                       config->Get("token_file"), *plaintext);
  if (!caller.ok()) {
    std::fprintf(stderr, "fs_demo: %s\n", std::string(caller.status().message()).c_str());
    return 2;
  }
  Demo demo(*std::move(caller), *clock);
  // Fresh calls, two orders waiting for a technician, one at the outlet.
  // Assigning and booking are the scheduling service's steps (the orders
  // service refuses them by hand when it has one), so the queued orders wait
  // in its dispatch queue for a dispatcher.
  demo.Create("demo-order-1", 0, v1::REPAIR, v1::ON_SITE);
  auto waiting = demo.Create("demo-order-2", 1, v1::REPAIR, v1::ON_SITE);
  if (waiting.status() == v1::RECEIVED) demo.Move(waiting, v1::QUEUE_FOR_DISPATCH);
  auto repeat = demo.Create("demo-order-3", 2, v1::REPAIR, v1::ON_SITE,
                            /*repaired_twice=*/true);
  if (repeat.status() == v1::RECEIVED) repeat = demo.Move(repeat, v1::QUEUE_FOR_DISPATCH);
  auto carry = demo.Create("demo-order-4", 3, v1::REPAIR, v1::CARRY_IN);
  if (carry.status() == v1::RECEIVED) {
    carry = demo.Move(demo.Move(carry, v1::AWAIT_DROP_OFF), v1::RECEIVE_UNIT);
  }
  auto complaint = demo.Create("demo-order-5", 4, v1::COMPLAINT, v1::ON_SITE);
  if (!complaint.complaint().has_escalate_time()) demo.Escalate(complaint);
  demo.ProposeExchange(repeat);
  if (!demo.ok()) return 1;
  std::printf("demo data loaded: 5 orders, 1 escalated complaint, 1 exchange awaiting approval\n");
  return 0;
}
