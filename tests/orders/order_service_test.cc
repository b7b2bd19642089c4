// The orders use cases on real MariaDB: storage, transactions and rules
// together. Each test cites the rule it checks.
#include <set>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/errors.h"
#include "services/common/ids.h"
#include "services/common/migrations.h"
#include "services/common/sql.h"
#include "services/orders/domain/names.h"
#include "services/orders/domain/text_limits.h"
#include "services/orders/storage/mysql_order_repository.h"
#include "tests/orders/host_time_zone.h"
#include "tests/orders/orders_fixture.h"

namespace fieldservice::orders::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> Fields(const absl::Status& s) {
  std::vector<std::string> out;
  for (const auto& v : common::FieldViolationsOf(s)) out.push_back(v.field);
  return out;
}

std::vector<AuditAction> Actions(const EventPage& page) {
  std::vector<AuditAction> out;
  for (const AuditEvent& e : page.events) out.push_back(e.action);
  return out;
}

class OrderServiceTest : public OrdersFixture {
 protected:
  RepairOrder Move(const RepairOrder& o, OrderEvent event, TransitionPayload p = {}) {
    auto moved = orders_->Transition(o.order_number, o.version, event, p, agent_);
    EXPECT_TRUE(moved.ok()) << EventName(event) << ": " << moved.status();
    return moved.ok() ? *moved : o;
  }
  EventPage Events(const RepairOrder& o) {
    auto page = orders_->ListEvents(o.order_number, 0, 1000);
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? *page : EventPage{};
  }
};

// DOMAIN.md "Taking a repair request": an order number short enough to read
// out, and the read-back summary (复述确认) that never reads the full phone.
TEST_F(OrderServiceTest, CreateNumbersTheOrderAndWritesTheReadBack) {
  RepairOrder o = MustCreate();
  EXPECT_TRUE(common::IsWellFormedOrderNumber(o.order_number)) << o.order_number;
  EXPECT_EQ(o.order_number.substr(0, 6), "261123");
  EXPECT_EQ(o.status, OrderStatus::kReceived);
  EXPECT_EQ(o.owner_agent, "agent-1001");              // 首问负责制: the taker owns it
  EXPECT_EQ(o.details.customer.phone, "13812345678");  // stored normalised
  EXPECT_THAT(o.read_back, HasSubstr("5678"));
  EXPECT_THAT(o.read_back, Not(HasSubstr("13812345678")));
  EXPECT_THAT(o.read_back, HasSubstr("不制冷"));
  auto read = orders_->Get(o.order_number);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->read_back, o.read_back);
  EXPECT_EQ(read->details.product.purchase_date, absl::CivilDay(2026, 3, 1));
  EXPECT_THAT(Actions(Events(o)), ElementsAre(AuditAction::kCreated));
}

// Order numbers of one business day count up; the day comes from UTC+8.
TEST_F(OrderServiceTest, OrderNumbersAreUniqueAndFollowTheBusinessDay) {
  RepairOrder a = MustCreate();
  RepairOrder b = MustCreate();
  EXPECT_NE(a.order_number, b.order_number);
  clock_.Set(China(2026, 11, 24, 0, 30));  // 2026-11-23T16:30Z: already the 24th locally
  NewOrder next = ValidOrder();
  RepairOrder c = MustCreate(next);
  EXPECT_EQ(c.order_number.substr(0, 9), "261124001");
}

// DOMAIN.md "Taking a repair request": the order is created within 3 minutes
// of the call ending; a late one is created, and the breach recorded.
TEST_F(OrderServiceTest, EntryDeadlineMetOrBreachedAtCreation) {
  RepairOrder on_time = MustCreate();
  ASSERT_EQ(on_time.deadlines.size(), 1u);
  EXPECT_EQ(orders_->StateOf(on_time.deadlines[0]), DeadlineState::kMet);

  NewOrder late = ValidOrder();
  late.call_ended_at = clock_.Now() - absl::Minutes(3) - absl::Seconds(1);
  RepairOrder o = MustCreate(late);
  ASSERT_EQ(o.deadlines.size(), 1u);
  EXPECT_EQ(orders_->StateOf(o.deadlines[0]), DeadlineState::kMetLate);
  EXPECT_TRUE(o.deadlines[0].breached_at.has_value());
  EXPECT_THAT(Actions(Events(o)),
              ElementsAre(AuditAction::kCreated, AuditAction::kDeadlineBreached));
}

// Issue 2: all violations come back at once, each naming its field, and
// nothing is written.
TEST_F(OrderServiceTest, EveryViolationAtOnceAndNothingWritten) {
  NewOrder bad = ValidOrder();
  bad.customer.phone = "12345";
  bad.fault_description = "客户说有点问题";
  bad.product.purchase_date = absl::CivilDay(2026, 12, 1);
  bad.customer.address.region_code = "44";
  auto created = orders_->Create("req-bad", bad, agent_);
  ASSERT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields = Fields(created.status());
  EXPECT_THAT(fields, Contains("customer.phone"));
  EXPECT_THAT(fields, Contains("fault_description"));
  EXPECT_THAT(fields, Contains("product.purchase_date"));
  EXPECT_THAT(fields, Contains("customer.address.region_code"));
  auto page = orders_->List(OrderQuery{}, agent_);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->orders.empty());
}

TEST_F(OrderServiceTest, MissingRequestIdIsNamed) {
  auto created = orders_->Create("", ValidOrder(), agent_);
  EXPECT_THAT(Fields(created.status()), Contains("request_id"));
}

// DESIGN.md "API conventions": retries must not duplicate. Concurrent creates
// with one request_id make exactly one order.
TEST_F(OrderServiceTest, ConcurrentDuplicateCreatesMakeOneOrder) {
  constexpr int kCallers = 8;
  std::vector<std::string> numbers(kCallers);
  std::vector<bool> created(kCallers);
  std::vector<std::thread> callers;
  NewOrder order = ValidOrder();
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&, i] {
      auto r = orders_->Create("same-request", order, agent_);
      ASSERT_TRUE(r.ok()) << r.status();
      numbers[i] = r->order.order_number;
      created[i] = r->created;
    });
  }
  for (auto& t : callers) t.join();
  EXPECT_EQ(std::set<std::string>(numbers.begin(), numbers.end()).size(), 1u);
  EXPECT_EQ(std::count(created.begin(), created.end(), true), 1);
  auto page = orders_->List(OrderQuery{}, agent_);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->orders.size(), 1u);
}

// DESIGN.md: Update takes a field mask and an etag; stale -> ABORTED.
TEST_F(OrderServiceTest, StaleEtagIsRefused) {
  RepairOrder o = MustCreate();
  NewOrder values;
  values.customer.phone = "13900001111";
  auto first =
      orders_->Update(o.order_number, o.version, values, {"customer.phone"}, "typo", agent_);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->version, o.version + 1);
  EXPECT_EQ(first->details.customer.phone, "13900001111");
  values.customer.phone = "13700002222";
  auto stale = orders_->Update(o.order_number, o.version, values, {"customer.phone"}, "", agent_);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  auto read = orders_->Get(o.order_number);
  EXPECT_EQ(read->details.customer.phone, "13900001111");
  EventPage events = Events(o);
  ASSERT_EQ(events.events.size(), 2u);
  EXPECT_THAT(events.events[1].changed_fields, ElementsAre("customer.phone"));
  EXPECT_EQ(events.events[1].reason, "typo");
}

// Issue 2: only fields the current status allows may change; rules re-run.
TEST_F(OrderServiceTest, UpdateChecksStatusAndRules) {
  RepairOrder o = MustCreate();
  NewOrder values;
  values.customer.phone = "bad";
  auto bad = orders_->Update(o.order_number, o.version, values, {"customer.phone"}, "", agent_);
  EXPECT_THAT(Fields(bad.status()), ElementsAre("customer.phone"));

  o = Move(o, OrderEvent::kQueueForDispatch);
  o = Move(o, OrderEvent::kAssign, {.technician_id = "tech-7"});
  o = Move(
      o, OrderEvent::kBookAppointment,
      {.appointment = TimeWindow{clock_.Now() + absl::Hours(2), clock_.Now() + absl::Hours(4)}});
  o = Move(o, OrderEvent::kDepart);
  values.customer.phone = "13900001111";
  auto late = orders_->Update(o.order_number, o.version, values, {"customer.phone"}, "", agent_);
  ASSERT_EQ(late.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(late.status()), ElementsAre("customer.phone"));
  auto unknown = orders_->Update(o.order_number, o.version, values, {"status"}, "", agent_);
  EXPECT_THAT(Fields(unknown.status()), ElementsAre("status"));
}

// DOMAIN.md "Taking a repair request" / "The visit": the on-site path, with
// the audit trail (who, when, from, to, why) of every move.
TEST_F(OrderServiceTest, OnSiteJourneyWithAuditTrail) {
  RepairOrder o = MustCreate();
  o = Move(o, OrderEvent::kQueueForDispatch);
  o = Move(o, OrderEvent::kAssign, {.technician_id = "tech-7"});
  EXPECT_EQ(o.technician_id, "tech-7");
  TimeWindow visit{clock_.Now() + absl::Hours(2), clock_.Now() + absl::Hours(4)};
  o = Move(o, OrderEvent::kBookAppointment, {.appointment = visit});
  ASSERT_TRUE(o.appointment.has_value());
  EXPECT_EQ(o.appointment->start, visit.start);
  o = Move(o, OrderEvent::kDepart);
  o = Move(o, OrderEvent::kArrive);
  o = Move(o, OrderEvent::kComplete);
  o = Move(o, OrderEvent::kClose);
  EXPECT_EQ(o.status, OrderStatus::kClosed);
  EventPage trail = Events(o);
  ASSERT_EQ(trail.events.size(), 8u);
  const AuditEvent& assign = trail.events[2];
  EXPECT_EQ(assign.action, AuditAction::kTransitioned);
  EXPECT_EQ(assign.event, OrderEvent::kAssign);
  EXPECT_EQ(assign.from_status, OrderStatus::kPendingDispatch);
  EXPECT_EQ(assign.to_status, OrderStatus::kAssigned);
  EXPECT_EQ(assign.actor, "agent-1001");
  EXPECT_EQ(assign.at, clock_.Now());
  for (size_t i = 0; i < trail.events.size(); ++i)
    EXPECT_EQ(trail.events[i].sequence, int64_t(i + 1));
}

// Issue 2: an illegal transition gets FAILED_PRECONDITION naming the allowed.
TEST_F(OrderServiceTest, IllegalTransitionNamesTheAllowedOnes) {
  RepairOrder o = MustCreate();
  auto closed = orders_->Transition(o.order_number, o.version, OrderEvent::kClose, {}, agent_);
  ASSERT_EQ(closed.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(common::AllowedTransitionsOf(closed.status()),
              ElementsAre("resolve_remotely", "queue_for_dispatch", "cancel"));
  // An on-site order cannot take the carry-in path.
  auto drop = orders_->Transition(o.order_number, o.version, OrderEvent::kAwaitDropOff, {}, agent_);
  EXPECT_EQ(drop.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Events(o).events.size(), 1u);  // nothing written
}

// DOMAIN.md "Taking a repair request" (carry-in, receipt) and "The callback"
// (unsolved: reopened and handled again).
TEST_F(OrderServiceTest, CarryInJourneyWithPartsAndReopen) {
  NewOrder carry = ValidOrder();
  carry.service_mode = ServiceMode::kCarryIn;
  carry.preferred_window.reset();
  RepairOrder o = MustCreate(carry);
  o = Move(o, OrderEvent::kAwaitDropOff);
  absl::Time promised = clock_.Now() + absl::Hours(72);
  o = Move(o, OrderEvent::kReceiveUnit, {.promised_completion = promised});
  EXPECT_EQ(o.promised_completion, promised);
  o = Move(o, OrderEvent::kWaitForParts);
  o = Move(o, OrderEvent::kPartsArrived);
  EXPECT_EQ(o.status, OrderStatus::kInRepair);
  o = Move(o, OrderEvent::kMarkReadyForPickup);
  o = Move(o, OrderEvent::kComplete);
  o = Move(o, OrderEvent::kReopen, {.reason = "回访：仍不制冷"});
  EXPECT_EQ(o.status, OrderStatus::kReopened);
  EXPECT_EQ(o.reopen_count, 1);
  EXPECT_EQ(o.resolution_note, "回访：仍不制冷");
  o = Move(o, OrderEvent::kAwaitDropOff);
  EXPECT_EQ(o.status, OrderStatus::kAwaitingDropOff);
}

TEST_F(OrderServiceTest, TransitionPayloadIsChecked) {
  RepairOrder o = MustCreate();
  o = Move(o, OrderEvent::kQueueForDispatch);
  auto assign = orders_->Transition(o.order_number, o.version, OrderEvent::kAssign, {}, agent_);
  EXPECT_THAT(Fields(assign.status()), ElementsAre("technician_id"));
  o = Move(o, OrderEvent::kAssign, {.technician_id = "tech-1"});
  auto past = orders_->Transition(
      o.order_number, o.version, OrderEvent::kBookAppointment,
      {.appointment = TimeWindow{clock_.Now() - absl::Hours(3), clock_.Now() - absl::Hours(1)}},
      agent_);
  EXPECT_THAT(Fields(past.status()), Contains("appointment.end_time"));
}

// Issue 2: paging neither skips nor repeats while orders are being added.
TEST_F(OrderServiceTest, PagingNeitherSkipsNorRepeatsWhileOrdersAreAdded) {
  std::vector<std::string> before;
  for (int i = 0; i < 23; ++i) before.push_back(MustCreate().order_number);
  std::vector<std::string> seen;
  OrderQuery q;
  q.limit = 5;
  while (true) {
    auto page = orders_->List(q, agent_);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const RepairOrder& o : page->orders) seen.push_back(o.order_number);
    MustCreate();  // a new call arrives between pages
    if (!page->next_before_id) break;
    q.before_id = page->next_before_id;
  }
  std::vector<std::string> expected(before.rbegin(), before.rend());  // newest first
  EXPECT_EQ(seen, expected);
}

// Issue 2: filters on status, contact type, phone (any format), region and
// technician.
TEST_F(OrderServiceTest, ListFilters) {
  RepairOrder a = MustCreate();
  NewOrder other = ValidOrder();
  other.customer.phone = "010-62345678";
  other.customer.address.region_code = "110108";
  other.customer.address.detail = "海淀区中关村大街1号院3号楼502";
  RepairOrder b = MustCreate(other);
  b = Move(b, OrderEvent::kQueueForDispatch);
  b = Move(b, OrderEvent::kAssign, {.technician_id = "tech-9"});

  auto numbers = [&](OrderQuery q) {
    std::vector<std::string> out;
    auto page = orders_->List(q, agent_);
    EXPECT_TRUE(page.ok()) << page.status();
    if (page.ok())
      for (auto& o : page->orders) out.push_back(o.order_number);
    return out;
  };
  EXPECT_THAT(numbers({.phone = "+86 138-1234-5678"}), ElementsAre(a.order_number));
  EXPECT_THAT(numbers({.phone = "01062345678"}), ElementsAre(b.order_number));
  EXPECT_THAT(numbers({.statuses = {OrderStatus::kAssigned}}), ElementsAre(b.order_number));
  EXPECT_THAT(numbers({.region_code_prefix = "4401"}), ElementsAre(a.order_number));
  EXPECT_THAT(numbers({.technician_id = "tech-9"}), ElementsAre(b.order_number));
  EXPECT_THAT(numbers({.contact_type = ContactType::kComplaint}), ElementsAre());
  EXPECT_THAT(numbers({.created_from = clock_.Now() + absl::Seconds(1)}), ElementsAre());
  auto bad_phone = orders_->List({.phone = "12"}, agent_);
  EXPECT_THAT(Fields(bad_phone.status()), ElementsAre("phone"));
}

// DOMAIN.md: a promised follow-up has a deadline; the system reminds the
// owner before it passes and records the breach after.
TEST_F(OrderServiceTest, FollowUpReminderBreachAndOverdueListing) {
  RepairOrder o = MustCreate();
  auto promised = orders_->PromiseFollowUp(o.order_number, std::nullopt, std::nullopt,
                                           "明天上午回电告知配件情况", agent_);
  ASSERT_TRUE(promised.ok()) << promised.status();
  ASSERT_TRUE(promised->follow_up_due.has_value());
  EXPECT_EQ(*promised->follow_up_due, clock_.Now() + absl::Hours(24));  // policy default

  EXPECT_EQ(orders_->SweepDeadlines(100)->recorded, 0);
  clock_.Advance(absl::Hours(23) + absl::Minutes(31));  // inside the 30 min margin
  EXPECT_THAT(
      orders_->List({.deadline_filter = DeadlineFilter::kAtRiskOrOverdue}, agent_)->orders.size(),
      1u);
  EXPECT_TRUE(orders_->List({.deadline_filter = DeadlineFilter::kOverdue}, agent_)->orders.empty());
  EXPECT_EQ(orders_->SweepDeadlines(100)->recorded, 1);
  EXPECT_EQ(orders_->SweepDeadlines(100)->recorded, 0);  // reminded once
  clock_.Advance(absl::Minutes(30));
  EXPECT_EQ(orders_->List({.deadline_filter = DeadlineFilter::kOverdue}, agent_)->orders.size(),
            1u);
  EXPECT_EQ(orders_->SweepDeadlines(100)->recorded, 1);
  EventPage trail = Events(o);
  EXPECT_THAT(Actions(trail),
              ElementsAre(AuditAction::kCreated, AuditAction::kFollowUpPromised,
                          AuditAction::kDeadlineWarning, AuditAction::kDeadlineBreached));
  EXPECT_EQ(trail.events[2].actor, "system");
  EXPECT_THAT(trail.events[2].reason, HasSubstr("agent-1001"));

  auto done = orders_->CompleteFollowUp(o.order_number, std::nullopt, "已回电", agent_);
  ASSERT_TRUE(done.ok()) << done.status();
  auto follow = std::find_if(done->deadlines.begin(), done->deadlines.end(),
                             [](auto& d) { return d.kind == DeadlineKind::kFollowUp; });
  ASSERT_NE(follow, done->deadlines.end());
  EXPECT_EQ(orders_->StateOf(*follow), DeadlineState::kMetLate);
  EXPECT_TRUE(orders_->List({.deadline_filter = DeadlineFilter::kOverdue}, agent_)->orders.empty());
}

NewOrder Complaint(NewOrder o) {
  o.contact_type = ContactType::kComplaint;
  o.complaint = orders::Complaint{};
  o.complaint->reason = "维修后仍不制冷，师傅态度差";
  return o;
}

// DOMAIN.md "Taking a repair request": an escalated complaint gets a
// specialist's contact within 2 working days; the Sunday 2026-09-20 is a
// make-up working day (调休) so it counts.
TEST_F(OrderServiceTest, ComplaintEscalationDeadlineCountsWorkingDays) {
  clock_.Set(China(2026, 9, 18, 15, 0));  // a Friday
  RepairOrder o = MustCreate(Complaint(ValidOrder()));
  ASSERT_TRUE(o.details.complaint.has_value());
  EXPECT_EQ(o.details.complaint->severity, ComplaintSeverity::kGeneral);
  auto escalated =
      orders_->EscalateComplaint(o.order_number, o.version, "客户要求主管处理", agent_);
  ASSERT_TRUE(escalated.ok()) << escalated.status();
  EXPECT_EQ(escalated->details.complaint->specialist_contact_due, China(2026, 9, 22, 0, 0));
  auto again = orders_->EscalateComplaint(o.order_number, std::nullopt, "再次", agent_);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  clock_.Set(China(2026, 9, 21, 10, 0));
  auto contacted = orders_->RecordSpecialistContact(o.order_number, std::nullopt, "专员王五",
                                                    "已致电道歉并安排复检", agent_);
  ASSERT_TRUE(contacted.ok()) << contacted.status();
  EXPECT_EQ(contacted->specialist, "专员王五");
  for (const OrderDeadline& d : contacted->deadlines) {
    EXPECT_THAT(orders_->StateOf(d),
                ::testing::AnyOf(DeadlineState::kMet, DeadlineState::kMetLate));
  }
}

// Issue 6: a deadline that leans on a year the holiday calendar lacks says
// so in its reasons (1 January 2027 would be counted as a working day).
TEST_F(OrderServiceTest, DeadlineOverAnUncoveredYearSaysSo) {
  clock_.Set(China(2026, 12, 31, 10, 0));
  RepairOrder o = MustCreate(Complaint(ValidOrder()));
  auto escalated =
      orders_->EscalateComplaint(o.order_number, o.version, "客户要求主管处理", agent_);
  ASSERT_TRUE(escalated.ok()) << escalated.status();
  EventPage trail = Events(o);
  ASSERT_FALSE(trail.events.empty());
  EXPECT_EQ(trail.events.back().action, AuditAction::kEscalated);
  EXPECT_THAT(trail.events.back().reason,
              HasSubstr("without a holiday calendar for 2027 (only weekends rest there"));

  clock_.Set(China(2026, 9, 18, 15, 0));  // within the covered years: no note
  RepairOrder covered = MustCreate(Complaint(ValidOrder()));
  ASSERT_TRUE(orders_->EscalateComplaint(covered.order_number, std::nullopt, "主管", agent_).ok());
  EXPECT_EQ(Events(covered).events.back().reason, "主管");
}

TEST_F(OrderServiceTest, OnlyComplaintsAreEscalated) {
  RepairOrder o = MustCreate();
  auto r = orders_->EscalateComplaint(o.order_number, std::nullopt, "x", agent_);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
}

// DOMAIN.md "Contact types": any crisis ground makes a complaint major.
TEST_F(OrderServiceTest, CrisisGroundMakesAComplaintMajor) {
  NewOrder c = Complaint(ValidOrder());
  c.complaint->crisis_grounds = {CrisisGround::kExternalEscalation};
  RepairOrder o = MustCreate(c);
  EXPECT_EQ(o.details.complaint->severity, ComplaintSeverity::kMajor);
  EXPECT_EQ(o.details.complaint->major_kind, MajorComplaintKind::kCrisis);
}

// DOMAIN.md "Taking a repair request": 首问负责制, handed over by name only by
// the owner (or a supervisor).
TEST_F(OrderServiceTest, HandOverByTheOwnerOnly) {
  RepairOrder o = MustCreate();
  auto stranger = orders_->HandOver(o.order_number, std::nullopt, "agent-2", "下班",
                                    {.principal = "agent-9", .roles = {"agent"}});
  EXPECT_EQ(stranger.status().code(), absl::StatusCode::kPermissionDenied);
  auto handed = orders_->HandOver(o.order_number, o.version, "agent-2", "下班交接", agent_);
  ASSERT_TRUE(handed.ok()) << handed.status();
  EXPECT_EQ(handed->owner_agent, "agent-2");
  auto by_supervisor = orders_->HandOver(o.order_number, std::nullopt, "agent-3", "调整",
                                         {.principal = "sup-1", .roles = {"supervisor"}});
  EXPECT_TRUE(by_supervisor.ok()) << by_supervisor.status();
  auto nameless = orders_->HandOver(o.order_number, std::nullopt, " ", "", agent_);
  EXPECT_THAT(Fields(nameless.status()), ElementsAre("to_agent", "reason"));
}

// DOMAIN.md "Approvals": a single-unit exchange is approved by the
// customer-service centre; payment recorded with the customer's receipt.
TEST_F(OrderServiceTest, ExchangeApprovalWalksItsChain) {
  RepairOrder o = MustCreate();
  MustDecide(o, {Remedy::kExchange, Remedy::kRepair});
  auto proposed = approvals_->Propose(o.order_number, "apr-1", ApprovalKind::kExchange,
                                      "两次维修仍不制冷，申请换机", 0, agent_);
  ASSERT_TRUE(proposed.ok()) << proposed.status();
  EXPECT_TRUE(proposed->created);
  int64_t id = proposed->approval.id;
  EXPECT_EQ(NextStep(proposed->approval.request)->role, "service_centre");
  auto retry = approvals_->Propose(o.order_number, "apr-1", ApprovalKind::kExchange,
                                   "两次维修仍不制冷，申请换机", 0, agent_);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_FALSE(retry->created);
  EXPECT_EQ(retry->approval.id, id);
  // Issue 6: the same request_id for another proposal is refused, naming it.
  auto reused =
      approvals_->Propose(o.order_number, "apr-1", ApprovalKind::kExchange, "另一申请", 0, agent_);
  EXPECT_THAT(Fields(reused.status()), ElementsAre("request_id"));

  auto wrong = approvals_->Decide(o.order_number, id, Decision::kApprove, "",
                                  {.principal = "x", .roles = {"agent"}});
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kPermissionDenied);
  auto approved = approvals_->Decide(o.order_number, id, Decision::kApprove, "同意",
                                     {.principal = "centre-1", .roles = {"service_centre"}});
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->request.state, ApprovalState::kApproved);
  auto paid = approvals_->RecordPayment(o.order_number, id, "RCPT-0001", 0, agent_);
  ASSERT_TRUE(paid.ok()) << paid.status();
  EXPECT_EQ(paid->request.receipt_reference, "RCPT-0001");
  auto again = approvals_->RecordPayment(o.order_number, id, "RCPT-0002", 0, agent_);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);

  auto read = approvals_->Get(o.order_number, id);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->request.steps.size(), 2u);
  EXPECT_THAT(Actions(Events(o)),
              ElementsAre(AuditAction::kCreated, AuditAction::kWarrantyDecided,
                          AuditAction::kApproval, AuditAction::kApproval, AuditAction::kApproval));
  EXPECT_EQ(approvals_->List(o.order_number)->size(), 1u);
}

TEST_F(OrderServiceTest, ComplaintResolutionNeedsAComplaintOrder) {
  RepairOrder o = MustCreate();
  auto r = approvals_->Propose(o.order_number, "apr-2", ApprovalKind::kComplaintResolution, "补偿",
                               10000, agent_);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  auto bad = approvals_->Propose(o.order_number, "", std::nullopt, " ", -1, agent_);
  EXPECT_THAT(Fields(bad.status()), ElementsAre("request_id", "approval.kind", "approval.proposal",
                                                "approval.amount.amount_fen"));
}

// ---- Deadlines of final orders, the sweep, times in messages -------------

// An order with an open follow-up due in 24 h.
RepairOrder WithFollowUp(OrderService& orders, const RepairOrder& o, const Actor& actor) {
  auto promised =
      orders.PromiseFollowUp(o.order_number, std::nullopt, std::nullopt, "明天回电", actor);
  EXPECT_TRUE(promised.ok()) << promised.status();
  return promised.ok() ? *promised : o;
}

const OrderDeadline* Find(const RepairOrder& o, DeadlineKind kind) {
  for (const OrderDeadline& d : o.deadlines) {
    if (d.kind == kind) return &d;
  }
  return nullptr;
}

// README "Deadlines": whichever final status an order reaches (closed,
// cancelled, resolved remotely), its open deadlines close with it: never at
// risk or overdue again, never breached later; a met one stays met.
TEST_F(OrderServiceTest, EveryFinalStatusClosesTheOpenDeadlines) {
  const std::vector<std::vector<std::pair<OrderEvent, TransitionPayload>>> paths = {
      {{OrderEvent::kCancel, {.reason = "客户取消"}}},
      {{OrderEvent::kResolveRemotely, {.reason = "电话指导恢复出厂设置"}}},
      {{OrderEvent::kAwaitDropOff, {}},
       {OrderEvent::kReceiveUnit, {.promised_completion = clock_.Now() + absl::Hours(48)}},
       {OrderEvent::kMarkReadyForPickup, {}},
       {OrderEvent::kComplete, {}},
       {OrderEvent::kClose, {}}},
  };
  const absl::Time start = clock_.Now();
  for (const auto& path : paths) {
    clock_.Set(start);
    NewOrder complaint = Complaint(ValidOrder());
    complaint.service_mode = ServiceMode::kCarryIn;
    complaint.preferred_window.reset();
    RepairOrder o = WithFollowUp(*orders_, MustCreate(complaint), agent_);
    o = *orders_->EscalateComplaint(o.order_number, std::nullopt, "客户要求主管处理", agent_);
    for (const auto& [event, payload] : path) o = Move(o, event, payload);
    ASSERT_TRUE(IsFinal(o.status)) << StatusName(o.status);
    const absl::Time closing = clock_.Now();
    ASSERT_EQ(o.deadlines.size(), 3u);
    EXPECT_EQ(orders_->StateOf(*Find(o, DeadlineKind::kOrderEntry)), DeadlineState::kMet);
    for (DeadlineKind kind : {DeadlineKind::kFollowUp, DeadlineKind::kSpecialistContact}) {
      const OrderDeadline* d = Find(o, kind);
      ASSERT_NE(d, nullptr);
      EXPECT_EQ(d->closed_at, closing) << DeadlineKindName(kind);
      EXPECT_EQ(d->met_at, std::nullopt);
    }
    // Long after every due time: still closed, not listed, not breached.
    clock_.Advance(absl::Hours(24 * 30));
    RepairOrder read = *orders_->Get(o.order_number);
    for (const OrderDeadline& d : read.deadlines) {
      if (d.kind != DeadlineKind::kOrderEntry) {
        EXPECT_EQ(orders_->StateOf(d), DeadlineState::kClosedUnmet) << StatusName(o.status);
      }
    }
    EXPECT_TRUE(orders_->List({.deadline_filter = DeadlineFilter::kAtRiskOrOverdue}, agent_)
                    ->orders.empty());
    EXPECT_TRUE(
        orders_->List({.deadline_filter = DeadlineFilter::kOverdue}, agent_)->orders.empty());
    auto swept = orders_->SweepDeadlines(100);
    ASSERT_TRUE(swept.ok()) << swept.status();
    EXPECT_EQ(swept->recorded, 0);
    EXPECT_TRUE(swept->failed.empty());
    EXPECT_THAT(Actions(Events(o)), Not(Contains(AuditAction::kDeadlineBreached)));
    EXPECT_THAT(Actions(Events(o)), Not(Contains(AuditAction::kDeadlineWarning)));
  }
}

// Migration 0011: an existing database with orders that became final before
// deadlines closed with them. Their open deadlines are closed at the time of
// the final transition; the sweep then breaches only live orders.
TEST_F(OrderServiceTest, MigrationClosesDeadlinesOfOrdersFinalBeforeTheChange) {
  RepairOrder cancelled = WithFollowUp(*orders_, MustCreate(), agent_);
  RepairOrder live = WithFollowUp(*orders_, MustCreate(), agent_);
  clock_.Advance(absl::Hours(1));
  const absl::Time cancel_time = clock_.Now();
  cancelled = Move(cancelled, OrderEvent::kCancel, {.reason = "客户取消"});
  // What the old code left behind, as migration 0010 adds the columns:
  // nothing closed, nothing scheduled for the sweep.
  ExecuteSql("UPDATE order_deadlines SET closed_at = NULL, sweep_at = NULL");
  const common::Migration* backfill = nullptr;
  for (const common::Migration& m : EmbeddedMigrations()) {
    if (m.name == "0011_close_deadlines_of_final_orders.sql") backfill = &m;
  }
  ASSERT_NE(backfill, nullptr);
  for (const std::string& statement : common::SplitSqlScript(backfill->script)) {
    ExecuteSql(statement);
  }
  const OrderDeadline* closed =
      Find(*orders_->Get(cancelled.order_number), DeadlineKind::kFollowUp);
  ASSERT_NE(closed, nullptr);
  EXPECT_EQ(closed->closed_at, cancel_time);

  clock_.Advance(absl::Hours(48));
  auto swept = orders_->SweepDeadlines(100);
  ASSERT_TRUE(swept.ok()) << swept.status();
  EXPECT_EQ(swept->recorded, 1);  // the live order's breach only
  EXPECT_THAT(Actions(Events(live)), Contains(AuditAction::kDeadlineBreached));
  EXPECT_THAT(Actions(Events(cancelled)), Not(Contains(AuditAction::kDeadlineBreached)));
}

// The sweep query itself leaves final orders out, even a row that was never
// closed and still looks due.
TEST_F(OrderServiceTest, SweepNeverBreachesAFinalOrder) {
  RepairOrder cancelled = WithFollowUp(*orders_, MustCreate(), agent_);
  cancelled = Move(cancelled, OrderEvent::kCancel, {.reason = "客户取消"});
  ExecuteSql(absl::StrCat("UPDATE order_deadlines SET closed_at = NULL, sweep_at = warn_at",
                          " WHERE order_id = ", cancelled.id));
  clock_.Advance(absl::Hours(48));
  auto swept = orders_->SweepDeadlines(100);
  ASSERT_TRUE(swept.ok()) << swept.status();
  EXPECT_EQ(swept->recorded, 0);
  EXPECT_TRUE(swept->failed.empty());
  EXPECT_THAT(Actions(Events(cancelled)), Not(Contains(AuditAction::kDeadlineBreached)));
  EXPECT_THAT(Actions(Events(cancelled)), Not(Contains(AuditAction::kDeadlineWarning)));
}

// One order whose change fails (here the database refuses its update) is
// reported and skipped; the rest of the due deadlines, on later pages too,
// are swept, and the pass ends instead of picking the failing one again.
TEST_F(OrderServiceTest, SweepGoesOnPastAFailingOrder) {
  std::vector<RepairOrder> orders;
  for (int i = 0; i < 5; ++i) {
    orders.push_back(WithFollowUp(*orders_, MustCreate(), agent_));
    clock_.Advance(absl::Minutes(1));  // the first is the first due
  }
  ExecuteSql(absl::StrCat("CREATE TRIGGER refuse_one BEFORE UPDATE ON repair_orders FOR EACH ROW",
                          " IF NEW.id = ", orders[0].id,
                          " THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'corrupt row';"
                          " END IF"));
  // And a deadline row of a kind this version does not know, due first (on
  // the same order: such a row breaks every change of its order).
  ExecuteSql(absl::StrCat("INSERT INTO order_deadlines (order_id, kind, due_at, warn_at, sweep_at)",
                          " SELECT order_id, 'bogus', due_at, warn_at, warn_at - INTERVAL 1 HOUR",
                          " FROM order_deadlines WHERE order_id = ", orders[0].id,
                          " AND kind = 'follow_up'"));
  clock_.Advance(absl::Hours(23) + absl::Minutes(45));  // all inside the warning margin
  auto swept = orders_->SweepDeadlines(/*batch_size=*/2);
  ASSERT_TRUE(swept.ok()) << swept.status();
  EXPECT_EQ(swept->recorded, 4);
  ASSERT_EQ(swept->failed.size(), 2u);
  EXPECT_EQ(swept->failed[0].order_number, orders[0].order_number);
  EXPECT_EQ(swept->failed[0].status.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(swept->failed[1].order_number, orders[0].order_number);
  ExecuteSql("DELETE FROM order_deadlines WHERE kind = 'bogus'");
  for (size_t i = 1; i < orders.size(); ++i) {
    EXPECT_THAT(Actions(Events(orders[i])), Contains(AuditAction::kDeadlineWarning)) << i;
  }
  // The next pass tries it once more, and only it.
  auto again = orders_->SweepDeadlines(2);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->recorded, 0);
  EXPECT_EQ(again->failed.size(), 1u);
  // Once the row is fixed, the next pass records its reminder.
  ExecuteSql("DROP TRIGGER refuse_one");
  EXPECT_EQ(orders_->SweepDeadlines(2)->recorded, 1);
}

// Times in reasons and messages are in the business zone (UTC+8) with the
// offset shown, whatever the host's zone is.
TEST_F(OrderServiceTest, TimesInMessagesAreInTheBusinessZone) {
  ScopedHostTimeZone host("America/New_York");
  clock_.Set(China(2026, 9, 18, 15, 0));
  RepairOrder o = MustCreate(Complaint(ValidOrder()));
  auto promised = orders_->PromiseFollowUp(o.order_number, std::nullopt, China(2026, 9, 19, 18, 30),
                                           "回电", agent_);
  ASSERT_TRUE(promised.ok()) << promised.status();
  ASSERT_TRUE(orders_->EscalateComplaint(o.order_number, std::nullopt, "升级", agent_).ok());
  auto again = orders_->EscalateComplaint(o.order_number, std::nullopt, "再次", agent_);
  EXPECT_THAT(again.status().message(), HasSubstr("2026-09-18 15:00 (UTC+8)"));

  clock_.Set(China(2026, 9, 19, 18, 10));  // the follow-up is at risk
  EXPECT_EQ(orders_->SweepDeadlines(100)->recorded, 1);
  clock_.Set(China(2026, 9, 19, 18, 31));  // and now overdue
  EXPECT_EQ(orders_->SweepDeadlines(100)->recorded, 1);
  std::vector<std::string> reasons;
  for (const AuditEvent& e : Events(o).events) reasons.push_back(e.reason);
  EXPECT_THAT(reasons, Contains("due 2026-09-19 18:30 (UTC+8): 回电"));
  EXPECT_THAT(reasons, Contains("follow_up due 2026-09-19 18:30 (UTC+8); reminder to agent-1001"));
  EXPECT_THAT(reasons, Contains("follow_up was due 2026-09-19 18:30 (UTC+8); owner agent-1001"));
}

TEST_F(OrderServiceTest, UnknownOrderIsNotFound) {
  EXPECT_EQ(orders_->Get("2611230007").status().code(), absl::StatusCode::kNotFound);
  auto moved = orders_->Transition("2611230007", std::nullopt, OrderEvent::kClose, {}, agent_);
  EXPECT_EQ(moved.status().code(), absl::StatusCode::kNotFound);
}

// Issue 6: the order keeps every fact of the 三包 claim and the whole
// decision; each field survives the database.
TEST_F(OrderServiceTest, ClaimAndDecisionRoundTripThroughStorage) {
  NewOrder o = ValidOrder();
  WarrantyClaim& c = o.warranty_claim;
  c.production_date = absl::CivilDay(2026, 1, 5);
  c.installation_date = absl::CivilDay(2026, 3, 4);
  c.use = UnitUse::kCommercial;
  c.sale_type = SaleType::kSecondsDisclosed;
  c.performance_fault = false;
  c.fault_component = "compressor";
  c.fault_main_part = true;
  c.earlier_repairs = {{absl::CivilDay(2026, 5, 1), "", 4},
                       {absl::CivilDay(2026, 6, 2), "compressor", 0}};
  c.exchanged_on = absl::CivilDay(2026, 4, 1);
  c.main_parts_replaced = {{"evaporator", absl::CivilDay(2026, 6, 1)}};
  c.causes.unauthorised_repair = true;
  c.causes.improper_storage = true;
  c.repair_delay_days = 31;
  c.parts_wait_days = 12;
  c.same_model_out_of_stock = true;
  c.insists_on_refund = true;
  RepairOrder created = MustCreate(o);

  WarrantyInfo info;
  info.state = WarrantyState::kDecided;
  info.decision = "decisions/d-1";
  info.coverage = "FREE";
  info.summary = "FREE: RETURN, EXCHANGE or REPAIR";
  info.remedies = {Remedy::kReturn, Remedy::kExchange, Remedy::kRepair};
  info.refund =
      WarrantyRefund{329900, true, 10, 500, 16495, 313405, {"售价 3299.00 元", "折旧\t0"}};
  info.quote = WarrantyQuote{5000, 12000, true, 3000, 20000};
  info.reasons = {{"SB-7D-CHOICE", "售出7日内性能故障，可选择退货、换货或修理"}};
  info.covered_until = absl::CivilDay(2027, 3, 2);
  ASSERT_TRUE(
      orders_->RecordWarrantyDecision(created.order_number, created.warranty.request_id, info)
          .ok());

  RepairOrder read = *orders_->Get(created.order_number);
  const WarrantyClaim& r = read.details.warranty_claim;
  EXPECT_EQ(r.price_paid_fen, c.price_paid_fen);
  EXPECT_EQ(r.production_date, c.production_date);
  EXPECT_EQ(r.installation_date, c.installation_date);
  EXPECT_EQ(r.use, UnitUse::kCommercial);
  EXPECT_EQ(r.sale_type, SaleType::kSecondsDisclosed);
  EXPECT_EQ(r.performance_fault, std::optional<bool>(false));
  EXPECT_EQ(r.fault_component, "compressor");
  EXPECT_TRUE(r.fault_main_part);
  ASSERT_EQ(r.earlier_repairs.size(), 2u);
  EXPECT_EQ(r.earlier_repairs[0].date, absl::CivilDay(2026, 5, 1));
  EXPECT_EQ(r.earlier_repairs[0].component, "");
  EXPECT_EQ(r.earlier_repairs[0].days_in_repair, 4);
  EXPECT_EQ(r.earlier_repairs[1].component, "compressor");
  EXPECT_EQ(r.exchanged_on, c.exchanged_on);
  ASSERT_EQ(r.main_parts_replaced.size(), 1u);
  EXPECT_EQ(r.main_parts_replaced[0].part, "evaporator");
  EXPECT_FALSE(r.causes.misuse);
  EXPECT_TRUE(r.causes.unauthorised_repair);
  EXPECT_TRUE(r.causes.improper_storage);
  EXPECT_EQ(r.repair_delay_days, 31);
  EXPECT_EQ(r.parts_wait_days, 12);
  EXPECT_TRUE(r.same_model_out_of_stock);
  EXPECT_TRUE(r.insists_on_refund);

  const WarrantyInfo& w = read.warranty;
  EXPECT_EQ(w.remedies, info.remedies);
  ASSERT_TRUE(w.refund.has_value());
  EXPECT_EQ(w.refund->amount_fen, 313405);
  EXPECT_EQ(w.refund->depreciation_fen, 16495);
  EXPECT_TRUE(w.refund->depreciated);
  EXPECT_EQ(w.refund->days_used, 10);
  EXPECT_EQ(w.refund->rate_ppm_per_day, 500);
  EXPECT_THAT(w.refund->lines_zh, ElementsAre("售价 3299.00 元", "折旧 0"));
  ASSERT_TRUE(w.quote.has_value());
  EXPECT_EQ(w.quote->total_fen, 20000);
  EXPECT_EQ(w.quote->labour_fen, 5000);
  EXPECT_EQ(w.quote->part_fen, 12000);
  EXPECT_TRUE(w.quote->part_priced);
  EXPECT_EQ(w.quote->callout_fen, 3000);
  ASSERT_EQ(w.reasons.size(), 1u);
  EXPECT_EQ(w.reasons[0].rule_id, "SB-7D-CHOICE");
  EXPECT_EQ(w.reasons[0].zh, info.reasons[0].zh);
  EXPECT_EQ(w.covered_until, info.covered_until);
}

// Issue 6: unknown enum text read from the database is an error, never a
// silent default that would misstate the order.
TEST_F(OrderServiceTest, UnreadableStoredValueIsAnErrorNotADefault) {
  RepairOrder o = MustCreate();
  {
    auto lease = pool_->Acquire();
    ASSERT_TRUE(lease.ok());
    common::Statement(lease->connection(),
                      "UPDATE repair_orders SET unit_use = 'industrial' WHERE order_number = ?")
        .Bind(o.order_number)
        .Execute();
  }
  auto read = orders_->Get(o.order_number);
  EXPECT_EQ(read.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(read.status().message(), HasSubstr("repair_orders.unit_use"));

  // A time that does not parse (a zero date written before strict mode).
  RepairOrder other = MustCreate();
  {
    auto lease = pool_->Acquire();
    ASSERT_TRUE(lease.ok());
    common::Statement(lease->connection(), "SET SESSION sql_mode = ''").Execute();
    common::Statement(lease->connection(),
                      "UPDATE repair_orders SET updated_at = '0000-00-00 00:00:00'"
                      " WHERE order_number = ?")
        .Bind(other.order_number)
        .Execute();
    lease->Discard();
  }
  auto zero = orders_->Get(other.order_number);
  EXPECT_EQ(zero.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(zero.status().message(), HasSubstr("updated_at"));
}

// Issue 6: correcting a claim fact asks the warranty service again, and is
// checked like intake (an invoice added now needs its price).
TEST_F(OrderServiceTest, CorrectingTheClaimAsksAgain) {
  NewOrder paid_repair = ValidOrder();
  paid_repair.product.invoice_number.clear();
  paid_repair.product.warranty_card_present = false;
  paid_repair.warranty_claim.price_paid_fen.reset();
  RepairOrder o = MustCreate(paid_repair);
  NewOrder values;
  values.product.invoice_number = "24440000000012345678";
  auto refused = orders_->Update(o.order_number, o.version, values, {"product.invoice_number"},
                                 "客户找到发票", agent_);
  EXPECT_THAT(Fields(refused.status()), ElementsAre("warranty_claim.price_paid"));
  values.warranty_claim.price_paid_fen = 329900;
  auto updated = orders_->Update(o.order_number, o.version, values,
                                 {"product.invoice_number", "warranty_claim.price_paid"},
                                 "客户找到发票", agent_);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->details.warranty_claim.price_paid_fen, 329900);
  EXPECT_EQ(updated->warranty.state, WarrantyState::kPending);
  EXPECT_NE(updated->warranty.request_id, o.warranty.request_id);
}

// Issue 6: the one table of text limits matches the DDL: every limit is the
// size of the column its field is stored in.
TEST_F(OrderServiceTest, TextLimitsMatchTheColumns) {
  auto lease = pool_->Acquire();
  ASSERT_TRUE(lease.ok());
  for (const TextLimit& limit : TextLimits()) {
    std::string column(limit.column);
    size_t dot = column.find('.');
    ASSERT_NE(dot, std::string::npos) << column;
    auto rs =
        common::Statement(lease->connection(),
                          "SELECT CHARACTER_MAXIMUM_LENGTH AS n FROM information_schema.COLUMNS"
                          " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
                          " AND COLUMN_NAME = ?")
            .Bind(column.substr(0, dot))
            .Bind(column.substr(dot + 1))
            .Query();
    ASSERT_TRUE(rs->next()) << "no column " << column;
    EXPECT_EQ(rs->getInt64("n"), limit.max_chars) << limit.field << " -> " << column;
  }
}

// Issue 9: at start-up with scheduling configured, every on-site order in
// the dispatch flow (queued through the visit, or waiting for parts) is owed
// a sync, so scheduling gets the jobs it may have missed; nothing else is.
TEST_F(OrderServiceTest, ResyncOwesEveryOnSiteOrderInTheDispatchFlow) {
  MustCreate();                                       // received: not yet in the flow
  Move(MustCreate(), OrderEvent::kQueueForDispatch);  // in the flow
  Move(Move(MustCreate(), OrderEvent::kQueueForDispatch), OrderEvent::kAssign,
       {.technician_id = "tech-7"});  // in the flow
  Move(Move(MustCreate(), OrderEvent::kQueueForDispatch), OrderEvent::kCancel,
       {.reason = "客户取消"});  // left it
  NewOrder carry_in = ValidOrder();
  carry_in.service_mode = ServiceMode::kCarryIn;
  Move(MustCreate(carry_in), OrderEvent::kAwaitDropOff);
  EXPECT_EQ(*orders_->ResyncDispatchQueue(), 0);  // not synced: nothing owed
  OrderService synced(*order_repository_, clock_, *calendar_, orders_->policy(),
                      /*request_warranty=*/false, nullptr, /*sync_dispatch=*/true);
  absl::StatusOr<int> owed = synced.ResyncDispatchQueue();
  ASSERT_TRUE(owed.ok()) << owed.status();
  EXPECT_EQ(*owed, 2);  // queued and assigned
}

}  // namespace
}  // namespace fieldservice::orders::testing
