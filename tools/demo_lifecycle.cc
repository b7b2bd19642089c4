#include "tools/demo_lifecycle.h"

#include <grpcpp/client_context.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "fieldservice/orders/v1/orders_service.grpc.pb.h"
#include "fieldservice/scheduling/v1/scheduling_service.grpc.pb.h"
#include "services/common/hashing.h"
#include "services/common/proto_time.h"
#include "tools/sample_orders.h"

namespace fieldservice::tools {
namespace {

namespace orders = ::fieldservice::orders::v1;
namespace scheduling = ::fieldservice::scheduling::v1;

// Each order, the customer (tools/sample_orders.cc) and where it goes. The
// on-site ones are in Shanghai and Guangzhou, where the demo's technicians
// work (tools/demo_technicians.cc). demo-order-1 to 5 (tools/fs_demo.cc)
// are RECEIVED, PENDING_DISPATCH, IN_REPAIR and the escalated complaint.
struct DemoOrder {
  const char* request_id;
  int customer;
  orders::ServiceMode mode;
  orders::Status target;
};

const DemoOrder kOrders[] = {
    {"demo-order-6", 3, orders::ON_SITE, orders::RESOLVED_REMOTELY},
    {"demo-order-7", 4, orders::CARRY_IN, orders::CANCELLED},
    {"demo-order-8", 12, orders::CARRY_IN, orders::AWAITING_DROP_OFF},
    {"demo-order-9", 8, orders::CARRY_IN, orders::READY_FOR_PICKUP},
    {"demo-order-10", 12, orders::CARRY_IN, orders::WAITING_FOR_PARTS},
    {"demo-order-11", 7, orders::ON_SITE, orders::ASSIGNED},
    {"demo-order-12", 10, orders::ON_SITE, orders::APPOINTMENT_BOOKED},
    {"demo-order-13", 5, orders::ON_SITE, orders::EN_ROUTE},
    {"demo-order-14", 11, orders::ON_SITE, orders::ON_SITE_VISIT},
    {"demo-order-15", 6, orders::ON_SITE, orders::WAITING_FOR_PARTS},
    {"demo-order-16", kDemoCompletedVisitCustomer, orders::ON_SITE, orders::COMPLETED},
    {"demo-order-17", kDemoWaitingCallbackCustomer, orders::ON_SITE, orders::COMPLETED},
};

// The job's step an on-site order's status follows from.
scheduling::JobStep StepFor(orders::Status status) {
  switch (status) {
    case orders::ASSIGNED:
      return scheduling::ASSIGNED;
    case orders::APPOINTMENT_BOOKED:
      return scheduling::BOOKED;
    case orders::EN_ROUTE:
      return scheduling::EN_ROUTE;
    case orders::ON_SITE_VISIT:
      return scheduling::ON_SITE;
    case orders::WAITING_FOR_PARTS:
      return scheduling::WAITING_FOR_PARTS;
    case orders::COMPLETED:
      return scheduling::COMPLETED;
    default:
      return scheduling::QUEUED;
  }
}

// The outlet's next carry-in step towards `target` (people take these).
orders::Event NextCarryInEvent(orders::Status at, orders::Status target) {
  switch (at) {
    case orders::RECEIVED:
      return orders::AWAIT_DROP_OFF;
    case orders::AWAITING_DROP_OFF:
      return orders::RECEIVE_UNIT;
    case orders::IN_REPAIR:
      return target == orders::WAITING_FOR_PARTS ? orders::WAIT_FOR_PARTS
                                                 : orders::MARK_READY_FOR_PICKUP;
    case orders::READY_FOR_PICKUP:
      return orders::COMPLETE;
    default:
      return orders::EVENT_UNSPECIFIED;
  }
}

// "repairOrders/{number}" in a refusal of a request id already used, or "".
std::string OrderNamed(const std::string& message) {
  const size_t at = message.find("repairOrders/");
  if (at == std::string::npos) return "";
  size_t end = at + std::string("repairOrders/").size();
  while (end < message.size() && absl::ascii_isdigit(message[end])) ++end;
  return message.substr(at, end - at);
}

std::unique_ptr<grpc::ClientContext> ContextFor(const std::string& authorization) {
  auto c = std::make_unique<grpc::ClientContext>();
  c->AddMetadata("authorization", authorization);
  c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return c;
}

// How long the services' outboxes may take to carry a step across.
constexpr absl::Duration kRelayWait = absl::Seconds(60);
constexpr absl::Duration kPoll = absl::Milliseconds(250);

class Lifecycle {
 public:
  explicit Lifecycle(const DemoLifecycleSetup& setup)
      : setup_(setup),
        orders_(orders::RepairOrders::NewStub(setup.agent.channel)),
        dispatch_(scheduling::Dispatch::NewStub(setup.dispatcher.channel)) {}

  // Drives one order to its status; false (printed) at the first step that fails.
  bool Drive(const DemoOrder& d) {
    current_ = &d;
    orders::RepairOrder order;
    orders::CreateRepairOrderRequest create = SampleCreateRequest(
        {d.request_id, d.customer, orders::REPAIR, d.mode, false, Now() - absl::Minutes(1)});
    grpc::Status created = orders_->CreateRepairOrder(Agent().get(), create, &order);
    if (!created.ok()) {
      // An earlier run made it, at another call-end time: the refusal names
      // the order (README "The orders API"), which goes on from where it is.
      order.set_name(OrderNamed(created.error_message()));
      if (created.error_code() != grpc::StatusCode::INVALID_ARGUMENT || order.name().empty() ||
          !absl::StrContains(created.error_message(), "request_id")) {
        return Check(created, "create");
      }
    }
    if (!Refresh(order)) return false;  // the first create's answer may be old
    switch (d.target) {
      case orders::RESOLVED_REMOTELY:
        if (order.status() == orders::RECEIVED &&
            !Move(order, orders::RESOLVE_REMOTELY, "指导客户重置后恢复正常，无需上门")) {
          return false;
        }
        break;
      case orders::CANCELLED:
        if (order.status() == orders::RECEIVED &&
            !Move(order, orders::CANCEL, "客户已自行购买新机，撤销报修")) {
          return false;
        }
        break;
      default:
        if (d.mode == orders::CARRY_IN) {
          if (!DriveCarryIn(order)) return false;
        } else if (!DriveOnSite(order)) {
          return false;
        }
    }
    return Reached(order);
  }

  // One line per order, for the run command's output.
  void Print(const orders::RepairOrder& o) const {
    std::printf("  %-12s %-19s %s%s%s\n", o.order_number().c_str(),
                orders::Status_Name(o.status()).c_str(),
                o.customer().address().region_code().c_str(),
                o.technician_id().empty() ? "" : absl::StrCat(" ", o.technician_id()).c_str(),
                // A callback is not made on the visit's own day.
                o.status() == orders::COMPLETED ? "  callback from the next working day" : "");
  }

  const std::vector<orders::RepairOrder>& reached() const { return reached_; }

 private:
  bool DriveCarryIn(orders::RepairOrder& order) {
    while (order.status() != current_->target) {
      const orders::Event next = NextCarryInEvent(order.status(), current_->target);
      if (next == orders::EVENT_UNSPECIFIED) return Fail("carry-in", "no step leads on");
      const char* reason = next == orders::WAIT_FOR_PARTS ? "磁控管损坏，已向厂家订货" : "";
      if (!Move(order, next, reason)) return false;
    }
    return true;
  }

  bool DriveOnSite(orders::RepairOrder& order) {
    if (order.status() == orders::RECEIVED && !Move(order, orders::QUEUE_FOR_DISPATCH, "")) {
      return false;
    }
    const scheduling::JobStep target = StepFor(current_->target);
    scheduling::DispatchJob job;
    if (!WaitForJob(order.order_number(), job)) return false;
    // Each pass takes one step from where the job is, so a run that stopped
    // half way goes on from there.
    for (int step = 0; step < 8 && job.step() != target; ++step) {
      bool ok = false;
      switch (job.step()) {
        case scheduling::QUEUED:
          ok = target == scheduling::ASSIGNED ? Assign(job) : Book(job);
          break;
        case scheduling::BOOKED:
          ok = TechnicianStep(job, "accept") && TechnicianStep(job, "depart");
          break;
        case scheduling::EN_ROUTE:
          ok = TechnicianStep(job, "arrive");
          break;
        case scheduling::ON_SITE:
          ok = TechnicianStep(job, target == scheduling::COMPLETED ? "complete" : "parts");
          break;
        default:
          return Fail("job",
                      absl::StrCat("the job is ", scheduling::JobStep_Name(job.step()),
                                   ", which does not lead to ", scheduling::JobStep_Name(target)));
      }
      if (!ok || !GetJob(job.name(), job)) return false;
    }
    return true;
  }

  bool Assign(scheduling::DispatchJob& job) {
    scheduling::AssignJobRequest req;
    req.set_job(job.name());
    return Check(dispatch_->AssignJob(Dispatcher().get(), req, &job), "assign (automatic)") &&
           Busy(job.technician());
  }

  // Books the first window offered, with a technician the demo has not
  // given a job yet when the offer has one.
  bool Book(scheduling::DispatchJob& job) {
    scheduling::OfferAppointmentSlotsRequest offer;
    offer.set_job(job.name());
    scheduling::OfferAppointmentSlotsResponse slots;
    if (!Check(dispatch_->OfferAppointmentSlots(Dispatcher().get(), offer, &slots),
               "offer slots")) {
      return false;
    }
    const scheduling::AppointmentSlot* chosen = nullptr;
    std::string technician;
    for (const auto& slot : slots.slots()) {
      for (const auto& t : slot.technicians()) {
        if (chosen == nullptr ||
            (busy_.count(technician) > 0 && busy_.count(t.technician()) == 0)) {
          chosen = &slot;
          technician = t.technician();
        }
      }
    }
    if (chosen == nullptr) return Fail("offer slots", "no window offered (no technician fits)");
    scheduling::BookAppointmentRequest req;
    req.set_job(job.name());
    *req.mutable_window() = chosen->window();
    req.set_technician(technician);
    return Check(dispatch_->BookAppointment(Dispatcher().get(), req, &job), "book appointment") &&
           Busy(job.technician());
  }

  // A step in the app of the technician the job is with, as them.
  bool TechnicianStep(const scheduling::DispatchJob& job, const std::string& what) {
    const std::string id(absl::StripPrefix(job.technician(), "technicians/"));
    auto app = App(id);
    if (app == nullptr) return false;
    const std::string op = absl::StrCat(current_->request_id, "-", what);
    const std::string& auth = tokens_[id];
    scheduling::TechnicianJob out;
    if (what == "accept") {
      if (job.accepted()) return true;
      scheduling::AcceptJobRequest req;
      req.set_operation_id(op);
      req.set_job(job.name());
      return Check(app->AcceptJob(ContextFor(auth).get(), req, &out), id + " accept");
    }
    if (what == "complete") {
      scheduling::CompleteJobRequest req;
      req.set_operation_id(op);
      req.set_job(job.name());
      scheduling::RepairRecord* r = req.mutable_record();
      r->set_fault_found("排水泵堵塞，异物卡住叶轮");
      r->set_work_done("清理排水泵异物，全功能试机正常");
      r->set_function_test_passed(true);
      r->set_customer_opinion("满意，师傅很细心");
      r->set_signature(absl::StrCat("signature of ", current_->request_id));
      r->set_signature_sha256(common::Sha256Hex(r->signature()));
      return Check(app->CompleteJob(ContextFor(auth).get(), req, &out), id + " complete");
    }
    scheduling::UpdateJobStatusRequest req;
    req.set_operation_id(op);
    req.set_job(job.name());
    if (what == "depart") {
      req.set_status(scheduling::DEPARTED);
      common::SetTimestamp(Now() + absl::Minutes(30), req.mutable_eta());
    } else if (what == "arrive") {
      req.set_status(scheduling::ARRIVED);
    } else {
      req.set_status(scheduling::NEEDS_PARTS);
      req.set_reason("压缩机启动电容损坏，需订配件");
    }
    return Check(app->UpdateJobStatus(ContextFor(auth).get(), req, &out), id + " " + what);
  }

  scheduling::TechnicianApp::Stub* App(const std::string& id) {
    auto& stub = apps_[id];
    if (stub != nullptr) return stub.get();
    const std::string file = absl::StrCat(setup_.technician_token_dir, "/", id, ".jwt");
    auto channel =
        OpenCallerChannel(setup_.scheduling_address, setup_.tls_ca, file, setup_.plaintext);
    if (!channel.ok()) {
      Fail(id + "'s token", std::string(channel.status().message()));
      return nullptr;
    }
    tokens_[id] = channel->authorization;
    stub = scheduling::TechnicianApp::NewStub(channel->channel);
    return stub.get();
  }

  bool Busy(const std::string& technician) {
    busy_.insert(technician);
    return true;
  }

  // The orders service queues the job through its outbox: wait for it.
  bool WaitForJob(const std::string& order_number, scheduling::DispatchJob& job) {
    scheduling::GetDispatchJobRequest req;
    req.set_name(absl::StrCat("dispatchJobs/", order_number));
    const absl::Time until = absl::Now() + kRelayWait;
    while (true) {
      grpc::Status s = dispatch_->GetDispatchJob(Dispatcher().get(), req, &job);
      if (s.ok()) return true;
      if (s.error_code() != grpc::StatusCode::NOT_FOUND || absl::Now() > until) {
        return Check(s, "the job in the dispatch queue");
      }
      absl::SleepFor(kPoll);
    }
  }

  bool GetJob(const std::string& name, scheduling::DispatchJob& job) {
    scheduling::GetDispatchJobRequest req;
    req.set_name(name);
    return Check(dispatch_->GetDispatchJob(Dispatcher().get(), req, &job), "get job");
  }

  // Scheduling reports its steps to orders through its outbox: wait for the
  // order to show the status.
  bool Reached(orders::RepairOrder& order) {
    const absl::Time until = absl::Now() + kRelayWait;
    // The completed visit's order is closed by its callback (demo_callback.h).
    while (order.status() != current_->target &&
           !(current_->target == orders::COMPLETED && order.status() == orders::CLOSED)) {
      if (absl::Now() > until) {
        return Fail("status", absl::StrCat("still ", orders::Status_Name(order.status()), " after ",
                                           absl::FormatDuration(kRelayWait)));
      }
      absl::SleepFor(kPoll);
      if (!Refresh(order)) return false;
    }
    reached_.push_back(order);
    return true;
  }

  bool Refresh(orders::RepairOrder& order) {
    orders::GetRepairOrderRequest req;
    req.set_name(order.name());
    return Check(orders_->GetRepairOrder(Agent().get(), req, &order), "get order");
  }

  bool Move(orders::RepairOrder& order, orders::Event event, const std::string& reason) {
    orders::TransitionRepairOrderRequest req;
    req.set_name(order.name());
    req.set_event(event);
    req.set_etag(order.etag());
    req.set_reason(reason);
    if (event == orders::RECEIVE_UNIT) {
      common::SetTimestamp(Now() + absl::Hours(72), req.mutable_promised_completion_time());
    }
    // The warranty service's answer may change the order meanwhile (a stale
    // etag is ABORTED): read it again and retry from where it is.
    for (int attempt = 1;; ++attempt) {
      orders::RepairOrder out;
      grpc::Status s = orders_->TransitionRepairOrder(Agent().get(), req, &out);
      if (s.error_code() == grpc::StatusCode::ABORTED && attempt < 5) {
        if (!Refresh(order)) return false;
        req.set_etag(order.etag());
        continue;
      }
      if (s.ok()) order = std::move(out);
      return Check(s, orders::Event_Name(event));
    }
  }

  absl::Time Now() const { return setup_.clock->Now(); }
  std::unique_ptr<grpc::ClientContext> Agent() const {
    return ContextFor(setup_.agent.authorization);
  }
  std::unique_ptr<grpc::ClientContext> Dispatcher() const {
    return ContextFor(setup_.dispatcher.authorization);
  }

  bool Check(const grpc::Status& s, const std::string& step) {
    return s.ok() || Fail(step, s.error_message());
  }
  bool Fail(const std::string& step, const std::string& message) {
    std::fprintf(stderr, "demo: %s (to be %s): %s failed: %s\n", current_->request_id,
                 orders::Status_Name(current_->target).c_str(), step.c_str(), message.c_str());
    return false;
  }

  const DemoLifecycleSetup& setup_;
  std::unique_ptr<orders::RepairOrders::Stub> orders_;
  std::unique_ptr<scheduling::Dispatch::Stub> dispatch_;
  std::map<std::string, std::unique_ptr<scheduling::TechnicianApp::Stub>> apps_;
  std::map<std::string, std::string> tokens_;  // technician id -> authorization
  std::set<std::string> busy_;                 // technicians given a demo job
  std::vector<orders::RepairOrder> reached_;
  const DemoOrder* current_ = nullptr;
};

}  // namespace

bool LoadDemoLifecycle(const DemoLifecycleSetup& setup) {
  Lifecycle lifecycle(setup);
  bool ok = true;
  for (const DemoOrder& d : kOrders) ok = lifecycle.Drive(d) && ok;
  for (const orders::RepairOrder& o : lifecycle.reached()) lifecycle.Print(o);
  return ok;
}

}  // namespace fieldservice::tools
