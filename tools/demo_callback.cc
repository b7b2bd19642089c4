#include "tools/demo_callback.h"

#include <grpcpp/client_context.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "fieldservice/callback/v1/callback_service.grpc.pb.h"
#include "fieldservice/orders/v1/orders_service.grpc.pb.h"
#include "tools/demo_lifecycle.h"
#include "tools/sample_orders.h"

namespace fieldservice::tools {
namespace {

namespace orders = ::fieldservice::orders::v1;
namespace callback = ::fieldservice::callback::v1;

// The satisfied customer's answers to the default survey (the seed's 电话回访
// script, services/callback/domain/default_survey.cc).
const std::pair<const char*, const char*> kSatisfiedAnswers[] = {
    {"product_working", "yes"},
    {"technician_satisfaction", "5"},
    {"work_id_shown", "yes"},
    {"tidy_dress", "yes"},
    {"proper_language", "yes"},
    {"argued_or_insulted", "no"},
    {"on_time", "yes"},
    {"fees_paid", "0"},
    {"use_explained", "yes"},
    {"function_tested", "yes"},
    {"repair_quality_satisfied", "yes"},
    {"opinion_written_by_customer", "yes"},
    {"signed_by_customer", "yes"},
    {"product_cleaned", "yes"},
    {"polite_goodbye", "yes"},
    {"other_comments", "没有了，谢谢"},
};

// How many others' callbacks the demo claims (and releases) on its way to
// its own.
constexpr size_t kMostPassed = 50;

// How long the callback service's outbox may take to close the order.
constexpr absl::Duration kRelayWait = absl::Seconds(60);

std::unique_ptr<grpc::ClientContext> ContextFor(const CallerChannel& caller) {
  auto c = std::make_unique<grpc::ClientContext>();
  c->AddMetadata("authorization", caller.authorization);
  c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return c;
}

DemoCallback Failed(const std::string& step, const grpc::Status& s) {
  std::fprintf(stderr, "demo: the callback: %s failed: %s\n", step.c_str(),
               s.error_message().c_str());
  return DemoCallback::kFailed;
}

// The demo's completed (or already closed) order, by its customer's phone;
// false when the lifecycle part has not made it.
bool FindDemoOrder(orders::RepairOrders::Stub& stub, const CallerChannel& agent,
                   orders::RepairOrder& found, grpc::Status& status) {
  orders::ListRepairOrdersRequest req;
  req.set_phone(SampleCustomerPhone(kDemoCompletedVisitCustomer));
  req.add_statuses(orders::COMPLETED);
  req.add_statuses(orders::CLOSED);
  orders::ListRepairOrdersResponse listed;
  status = stub.ListRepairOrders(ContextFor(agent).get(), req, &listed);
  if (!status.ok() || listed.repair_orders_size() == 0) return false;
  found = listed.repair_orders(0);
  return true;
}

}  // namespace

DemoCallback CloseDemoCallback(const CallerChannel& agent, const CallerChannel& callback_agent) {
  auto orders_stub = orders::RepairOrders::NewStub(agent.channel);
  auto callbacks = callback::Callbacks::NewStub(callback_agent.channel);
  orders::RepairOrder order;
  grpc::Status s;
  if (!FindDemoOrder(*orders_stub, agent, order, s)) {
    if (!s.ok()) return Failed("finding the completed demo order", s);
    std::fprintf(stderr,
                 "demo: the callback: no completed demo order (load the lifecycle first)\n");
    return DemoCallback::kFailed;
  }
  if (order.status() == orders::CLOSED) return DemoCallback::kClosed;

  // Claims in the queue's order until the demo's own task comes; the others
  // claimed on the way (the waiting demo callback, people's) are released
  // untouched at the end, for the agents.
  callback::CallbackTask task;
  std::vector<std::string> passed;
  while (true) {
    s = callbacks->ClaimNextCallback(ContextFor(callback_agent).get(), {}, &task);
    if (!s.ok() || task.order_number() == order.order_number()) break;
    passed.push_back(task.name());
    if (passed.size() >= kMostPassed) break;
  }
  const bool ours = s.ok() && task.order_number() == order.order_number();
  for (const std::string& name : passed) {
    callback::ReleaseCallbackRequest release;
    release.set_name(name);
    callback::CallbackTask released;
    grpc::Status r =
        callbacks->ReleaseCallback(ContextFor(callback_agent).get(), release, &released);
    if (!r.ok()) return Failed("release " + name, r);
  }
  if (s.error_code() == grpc::StatusCode::NOT_FOUND || (s.ok() && !ours)) {
    return DemoCallback::kNotDueYet;
  }
  if (!s.ok()) return Failed("claim", s);
  callback::SubmitSurveyRequest submit;
  submit.set_name(task.name());
  submit.set_survey_id(task.survey().survey_id());
  submit.set_survey_version(task.survey().version());
  for (const auto& [key, answer] : kSatisfiedAnswers) (*submit.mutable_answers())[key] = answer;
  s = callbacks->SubmitSurvey(ContextFor(callback_agent).get(), submit, &task);
  if (!s.ok()) return Failed("survey of " + task.name(), s);

  // The verdict reaches the order through the callback service's outbox.
  const absl::Time until = absl::Now() + kRelayWait;
  while (order.status() != orders::CLOSED) {
    if (absl::Now() > until) {
      std::fprintf(stderr, "demo: the callback: %s still %s after %s\n", order.name().c_str(),
                   orders::Status_Name(order.status()).c_str(),
                   absl::FormatDuration(kRelayWait).c_str());
      return DemoCallback::kFailed;
    }
    absl::SleepFor(absl::Milliseconds(250));
    orders::GetRepairOrderRequest get;
    get.set_name(order.name());
    s = orders_stub->GetRepairOrder(ContextFor(agent).get(), get, &order);
    if (!s.ok()) return Failed("get " + order.name(), s);
  }
  return DemoCallback::kClosed;
}

}  // namespace fieldservice::tools
