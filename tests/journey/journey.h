// Issue 12's journey through all four services, as steps a test can stop
// between: a call becomes an order, warranty decides, the job reaches the
// dispatch queue, is assigned and booked, the technician's app completes it,
// the callback finds it unsolved, the order reopens, a second visit fixes
// it, the callback is satisfied, the order closes. Every call is made as
// the person who would make it (their own token), through server
// reflection and JSON, the way a client that knows only the API would.
#ifndef FIELDSERVICE_TESTS_JOURNEY_JOURNEY_H_
#define FIELDSERVICE_TESTS_JOURNEY_JOURNEY_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "google/protobuf/struct.pb.h"
#include "tests/journey/journey_system.h"
#include "tests/support/reflection_client.h"

namespace fieldservice::testing {

// Orders, warranty and scheduling run on Monday 23 November 2026, 10:00 in
// China; the callback service two days later, when the callbacks are due.
absl::Time JourneyNow();
absl::Time JourneyCallbackNow();

class Journey {
 public:
  explicit Journey(JourneySystem& system);
  ~Journey();

  // The steps' names, in order.
  std::vector<std::string> StepNames();

  // Runs every step: its calls, each acknowledged; then
  // `after_step(index, name)`, while the relays carry the step's messages;
  // then waits for the step's consequences in the services that follow it
  // (the order's status, the job's step, the 三包 decision). Stops at the
  // first step that fails (the failure is a test failure).
  void Run(const std::function<void(int, const std::string&)>& after_step);

  // The end state checked in all four services, once every outbox has
  // delivered what it holds (the last step's messages may still be on their
  // way, e.g. to a service that was just restarted): the order closed with
  // its whole audit trail, one 三包 decision, the job completed twice with two
  // records and two ratings, two callbacks with their outcomes, and every
  // outbox message delivered and acted on once (counted on both sides).
  void CheckEnd();

  // Every outbox message of the journey delivered again, as if each sender
  // had died after its receiver acted but before it recorded the delivery
  // (at-least-once): each marked undelivered, then waited for until all
  // are delivered once more. CheckEnd must then hold as before.
  void RedeliverEveryMessage();

  const std::string& order_name() const { return order_name_; }

 private:
  struct Step {
    std::string name;
    std::function<void()> run;      // the acknowledged calls
    std::function<void()> settled;  // awaits what they set going
  };
  std::vector<Step> Steps();

  // Each of these is one step or part of one.
  void CreateTechnician();
  void TakeCall();
  void AwaitWarrantyDecision();
  void QueueForDispatch();
  void AssignAndBook();
  void AppStep(const std::string& method, int op, const std::string& body);
  void RefuseCloseBeforeCallback();
  void ClaimCallback();
  void SubmitSurvey(const std::string& product_working, const std::string& rating,
                    const std::string& outcome);

  // A unary call that must be acknowledged; a service restarting (or its
  // database) answers UNAVAILABLE for a moment, which is waited out.
  google::protobuf::Struct Acknowledged(ReflectionClient& client, const std::string& method,
                                        const std::string& json);
  google::protobuf::Struct GetOrder();
  google::protobuf::Struct GetJob();
  void AwaitOrder(const std::string& status);
  void AwaitJob(const std::string& step);

  void CheckOutbox();
  // Waits until no sender holds an undelivered message (parked ones are
  // reported by CheckOutbox).
  void AwaitOutboxesDelivered();

  // The rows `sql` answers in a service's database, read from outside it.
  using Table = std::vector<std::vector<std::string>>;
  Table Rows(const std::string& service, const std::string& sql);
  void Execute(const std::string& service, const std::string& sql);

  JourneySystem& system_;
  std::unique_ptr<ReflectionClient> agent_, supervisor_, warranty_reader_, dispatcher_, phone_,
      callback_agent_;
  std::string order_name_, number_, job_, etag_, task_;
  int visit_ = 0;
  // The booked window's start: the departure's ETA.
  std::string window_start_;
};

}  // namespace fieldservice::testing

#endif  // FIELDSERVICE_TESTS_JOURNEY_JOURNEY_H_
