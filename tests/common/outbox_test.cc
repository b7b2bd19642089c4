// The transactional outbox and its relay on real MariaDB (DESIGN.md "Talking
// between services": a service that is down delays the journey, it never
// loses a step).
#include "services/common/outbox.h"

#include <cppconn/statement.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/migrations.h"
#include "services/common/outbox_doorbell.h"
#include "services/common/service_checks.h"
#include "services/common/sql.h"
#include "services/common/transaction.h"
#include "tests/support/test_db.h"

namespace fieldservice::common {
namespace {

using ::testing::ElementsAre;

// The outbox DDL as the services' migrations have it.
const std::vector<Migration> kOutbox = {
    {1, "0001_outbox.sql",
     "CREATE TABLE outbox (id BIGINT NOT NULL AUTO_INCREMENT, message_id CHAR(36) NOT NULL,"
     " topic VARCHAR(64) NOT NULL, payload MEDIUMBLOB NOT NULL, created_at DATETIME(6) NOT NULL,"
     " attempts INT NOT NULL, next_attempt_at DATETIME(6) NOT NULL, leased_by VARCHAR(255) NULL,"
     " lease_until DATETIME(6) NULL, delivered_at DATETIME(6) NULL, failed_at DATETIME(6) NULL,"
     " last_error VARCHAR(500) NULL, PRIMARY KEY (id), UNIQUE KEY uk (message_id),"
     " KEY ix_outbox_due (delivered_at, failed_at, next_attempt_at),"
     " KEY ix_outbox_leased (leased_by, lease_until));\n"
     "CREATE TABLE effects (label VARCHAR(20) NOT NULL);\n"}};

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    settings_ = testing::CreateTestDatabase("outbox");
    pool_ = std::make_unique<ConnectionPool>(settings_);
    ASSERT_TRUE(ApplyMigrations(*pool_, kOutbox, absl::Seconds(10)).ok());
  }
  void TearDown() override {
    pool_.reset();
    testing::DropTestDatabase(settings_);
  }
  // A state change and its message in one transaction; `fail` rolls back both.
  absl::Status ChangeAndEnqueue(const std::string& label, bool fail = false) {
    return RunInTransaction(*pool_, {}, [&](sql::Connection& c) {
      Statement(c, "INSERT INTO effects (label) VALUES (?)").Bind(label).Execute();
      EnqueueMessage(c, "test.topic", label, clock_.Now());
      if (fail) return absl::FailedPreconditionError("rolled back");
      return absl::OkStatus();
    });
  }
  // Runs SQL the test needs as is (fixtures with chosen columns).
  void Exec(const std::string& sql) {
    ASSERT_TRUE(RunInTransaction(*pool_, {}, [&](sql::Connection& c) {
                  std::unique_ptr<sql::Statement> st(c.createStatement());
                  st->execute(sql);
                  return absl::OkStatus();
                }).ok());
  }
  int64_t Count(const std::string& where) {
    int64_t n = -1;
    EXPECT_TRUE(RunInTransaction(*pool_, {}, [&](sql::Connection& c) {
                  std::unique_ptr<sql::Statement> st(c.createStatement());
                  std::unique_ptr<sql::ResultSet> rs(
                      st->executeQuery("SELECT COUNT(*) FROM outbox WHERE " + where));
                  rs->next();
                  n = rs->getInt64(1);
                  return absl::OkStatus();
                }).ok());
    return n;
  }

  DbSettings settings_;
  std::unique_ptr<ConnectionPool> pool_;
  FakeClock clock_{absl::FromUnixSeconds(1795000000)};
};

TEST_F(OutboxTest, MessageIsWrittenOnlyWithItsChange) {
  ASSERT_TRUE(ChangeAndEnqueue("kept").ok());
  EXPECT_FALSE(ChangeAndEnqueue("dropped", /*fail=*/true).ok());
  EXPECT_EQ(Count("1=1"), 1);
}

TEST_F(OutboxTest, ReceiverDownDelaysDeliveryWithBackoffThenDelivers) {
  ASSERT_TRUE(ChangeAndEnqueue("a").ok());
  bool receiver_up = false;
  std::vector<std::string> received;
  OutboxRelay relay(*pool_, clock_, {.backoff = {.initial = absl::Seconds(2), .jitter = 0}},
                    {{"test.topic", [&](const OutboxMessage& m) {
                        if (!receiver_up) return absl::UnavailableError("receiver down");
                        received.push_back(m.payload);
                        return absl::OkStatus();
                      }}});
  EXPECT_EQ(*relay.RunOnce(), 0);
  EXPECT_EQ(*relay.RunOnce(), 0);  // not due again until the backoff passes
  EXPECT_EQ(Count("attempts = 1"), 1);
  clock_.Advance(absl::Seconds(2));
  EXPECT_EQ(*relay.RunOnce(), 0);  // second failure: backoff doubles to 4 s
  receiver_up = true;
  clock_.Advance(absl::Seconds(3));
  EXPECT_EQ(*relay.RunOnce(), 0);
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(*relay.RunOnce(), 1);
  EXPECT_THAT(received, ElementsAre("a"));
  EXPECT_EQ(*relay.RunOnce(), 0);  // delivered once
  EXPECT_EQ(Count("delivered_at IS NOT NULL AND attempts = 3"), 1);
}

TEST_F(OutboxTest, PermanentErrorsAreParkedNotRetried) {
  ASSERT_TRUE(ChangeAndEnqueue("bad").ok());
  int calls = 0;
  OutboxRelay relay(*pool_, clock_, {}, {{"test.topic", [&](const OutboxMessage&) {
                                            ++calls;
                                            return absl::InvalidArgumentError("never valid");
                                          }}});
  EXPECT_EQ(*relay.RunOnce(), 0);
  clock_.Advance(absl::Hours(1));
  EXPECT_EQ(*relay.RunOnce(), 0);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(Count("failed_at IS NOT NULL AND last_error LIKE '%never valid%'"), 1);
}

// Two relays (two replicas) never deliver the same message at once.
TEST_F(OutboxTest, LeasesKeepReplicasApart) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(ChangeAndEnqueue("m" + std::to_string(i)).ok());
  std::vector<std::string> first_got, second_got;
  // One delivery at a time, so each relay delivers in lease order.
  OutboxRelay second(*pool_, clock_, {.max_in_flight = 1},
                     {{"test.topic", [&](const OutboxMessage& m) {
                         second_got.push_back(m.payload);
                         return absl::OkStatus();
                       }}});
  OutboxRelay first(*pool_, clock_, {.batch_size = 2, .max_in_flight = 1},
                    {{"test.topic", [&](const OutboxMessage& m) {
                        first_got.push_back(m.payload);
                        // While the first holds its lease, the
                        // second runs.
                        if (first_got.size() == 1) {
                          EXPECT_EQ(*second.RunOnce(), 3);
                        }
                        return absl::OkStatus();
                      }}});
  EXPECT_EQ(*first.RunOnce(), 2);
  EXPECT_THAT(first_got, ElementsAre("m0", "m1"));
  EXPECT_THAT(second_got, ElementsAre("m2", "m3", "m4"));
  EXPECT_EQ(Count("delivered_at IS NOT NULL AND attempts = 1"), 5);
}

TEST_F(OutboxTest, UnknownTopicIsParked) {
  ASSERT_TRUE(ChangeAndEnqueue("x").ok());
  OutboxRelay relay(*pool_, clock_, {}, {});
  EXPECT_EQ(*relay.RunOnce(), 0);
  EXPECT_EQ(Count("failed_at IS NOT NULL"), 1);
}

// A relay whose lease ran out (another replica took the message) must not
// record its own late outcome over the other's.
TEST_F(OutboxTest, OutcomeIsRecordedOnlyWhileTheLeaseIsHeld) {
  ASSERT_TRUE(ChangeAndEnqueue("slow").ok());
  OutboxRelay other(*pool_, clock_, {.replica_id = "host-2/orders"},
                    {{"test.topic", [](const OutboxMessage&) { return absl::OkStatus(); }}});
  OutboxRelay slow(*pool_, clock_, {.replica_id = "host-1/orders"},
                   {{"test.topic", [&](const OutboxMessage&) {
                       clock_.Advance(absl::Seconds(61));  // past the 60 s lease
                       EXPECT_EQ(*other.RunOnce(), 1);
                       return absl::UnavailableError("timed out");
                     }}});
  EXPECT_EQ(*slow.RunOnce(), 0);
  EXPECT_EQ(Count("delivered_at IS NOT NULL AND attempts = 1 AND last_error IS NULL"), 1);
}

TEST_F(OutboxTest, RoundStopsAtItsBudgetAndGivesTheRestBack) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(ChangeAndEnqueue("m" + std::to_string(i)).ok());
  std::vector<std::string> got;
  // One delivery at a time: each delivery takes 30 s of the 50 s budget.
  OutboxRelay relay(
      *pool_, clock_,
      {.max_in_flight = 1, .lease = absl::Seconds(60), .round_budget = absl::Seconds(50)},
      {{"test.topic", [&](const OutboxMessage& m) {
          got.push_back(m.payload);
          clock_.Advance(absl::Seconds(30));
          return absl::OkStatus();
        }}});
  EXPECT_EQ(*relay.RunOnce(), 2);
  EXPECT_THAT(got, ElementsAre("m0", "m1"));
  EXPECT_EQ(Count("payload = 'm2' AND attempts = 0 AND leased_by IS NULL"), 1);
  EXPECT_EQ(*relay.RunOnce(), 1);
}

TEST(RelayPolicyTest, LeaseMustCoverTheRoundBudget) {
  EXPECT_TRUE(CheckRelayPolicy({}).ok());
  EXPECT_EQ(
      CheckRelayPolicy({.lease = absl::Seconds(10), .round_budget = absl::Seconds(30)}).code(),
      absl::StatusCode::kInvalidArgument);
}

// A replica killed while holding leases takes them back when it restarts,
// instead of everyone waiting for the leases to run out.
TEST_F(OutboxTest, RestartedReplicaTakesBackItsOwnLeasesAtOnce) {
  ASSERT_TRUE(ChangeAndEnqueue("held").ok());
  OutboxRelay before_crash(*pool_, clock_, {.replica_id = "host-1/orders"},
                           {{"test.topic", [](const OutboxMessage&) -> absl::Status {
                               // The process dies here: nothing is recorded.
                               throw std::runtime_error("killed");
                             }}});
  EXPECT_THROW(before_crash.RunOnce().IgnoreError(), std::runtime_error);
  EXPECT_EQ(Count("leased_by = 'host-1/orders' AND lease_until IS NOT NULL"), 1);

  std::vector<std::string> got;
  auto record = [&](const OutboxMessage& m) {
    got.push_back(m.payload);
    return absl::OkStatus();
  };
  OutboxRelay other_replica(*pool_, clock_, {.replica_id = "host-2/orders"},
                            {{"test.topic", record}});
  EXPECT_EQ(*other_replica.RunOnce(), 0);  // still leased to host-1
  OutboxRelay restarted(*pool_, clock_, {.replica_id = "host-1/orders"}, {{"test.topic", record}});
  EXPECT_EQ(*restarted.RunOnce(), 1);
  EXPECT_THAT(got, ElementsAre("held"));
}

// A receiver that is busy, unreachable or not ready yet is asked again later;
// only a request it cannot ever take is parked.
class DeliveryOutcomeTest : public OutboxTest,
                            public ::testing::WithParamInterface<absl::StatusCode> {};

TEST_P(DeliveryOutcomeTest, TemporaryStatesAreRetriedNotParked) {
  ASSERT_TRUE(ChangeAndEnqueue("x").ok());
  absl::StatusCode code = GetParam();
  OutboxRelay relay(
      *pool_, clock_, {},
      {{"test.topic", [&](const OutboxMessage&) { return absl::Status(code, "not now"); }}});
  EXPECT_EQ(*relay.RunOnce(), 0);
  EXPECT_EQ(Count("failed_at IS NULL AND attempts = 1 AND next_attempt_at > created_at"), 1);
}

INSTANTIATE_TEST_SUITE_P(Receiver, DeliveryOutcomeTest,
                         ::testing::Values(absl::StatusCode::kUnavailable,
                                           absl::StatusCode::kDeadlineExceeded,
                                           absl::StatusCode::kResourceExhausted,
                                           absl::StatusCode::kAborted, absl::StatusCode::kCancelled,
                                           absl::StatusCode::kFailedPrecondition));

TEST(RetryDeliveryTest, CallerMistakesAreParked) {
  for (absl::StatusCode code :
       {absl::StatusCode::kInvalidArgument, absl::StatusCode::kNotFound,
        absl::StatusCode::kPermissionDenied, absl::StatusCode::kUnimplemented}) {
    EXPECT_FALSE(RetryDelivery(code)) << absl::StatusCodeToString(code);
  }
}

TEST_F(OutboxTest, DeliveredMessagesArePurgedAfterRetention) {
  ASSERT_TRUE(ChangeAndEnqueue("done").ok());
  OutboxRelay relay(*pool_, clock_, {.retention = absl::Hours(1)},
                    {{"test.topic", [](const OutboxMessage& m) {
                        if (m.payload == "bad") return absl::InvalidArgumentError("never");
                        return absl::OkStatus();
                      }}});
  EXPECT_EQ(*relay.RunOnce(), 1);
  ASSERT_TRUE(ChangeAndEnqueue("bad").ok());
  EXPECT_EQ(*relay.RunOnce(), 0);  // parked
  clock_.Advance(absl::Minutes(59));
  EXPECT_EQ(*relay.RunOnce(), 0);
  EXPECT_EQ(Count("payload = 'done'"), 1);  // kept until retention passes
  clock_.Advance(absl::Minutes(2));
  EXPECT_EQ(*relay.RunOnce(), 0);
  EXPECT_EQ(Count("payload = 'done'"), 0);
  EXPECT_EQ(Count("payload = 'bad'"), 1);  // parked ones stay for an operator
}

TEST_F(OutboxTest, BacklogCountsPendingParkedAndOldestAge) {
  auto empty = ReadBacklog(*pool_, clock_);
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(empty->pending, 0);
  EXPECT_EQ(empty->oldest_pending_age, absl::ZeroDuration());

  ASSERT_TRUE(ChangeAndEnqueue("bad").ok());
  OutboxRelay relay(
      *pool_, clock_, {},
      {{"test.topic", [](const OutboxMessage&) { return absl::InvalidArgumentError("never"); }}});
  EXPECT_EQ(*relay.RunOnce(), 0);
  ASSERT_TRUE(ChangeAndEnqueue("waiting").ok());
  clock_.Advance(absl::Minutes(5));
  ASSERT_TRUE(ChangeAndEnqueue("newer").ok());
  auto backlog = ReadBacklog(*pool_, clock_);
  ASSERT_TRUE(backlog.ok()) << backlog.status();
  EXPECT_EQ(backlog->pending, 2);
  EXPECT_EQ(backlog->parked, 1);
  EXPECT_EQ(backlog->oldest_pending_age, absl::Minutes(5));
}

// Issue 6: the backlog is readable by operators (GetServiceStatus): a parked
// message or one waiting too long fails the "outbox" check.
TEST_F(OutboxTest, OutboxCheckFailsOnParkedOrOldMessages) {
  EXPECT_TRUE(OutboxCheck(*pool_, clock_, absl::Minutes(10)).ok);
  ASSERT_TRUE(ChangeAndEnqueue("waiting").ok());
  clock_.Advance(absl::Minutes(11));
  CheckResult old = OutboxCheck(*pool_, clock_, absl::Minutes(10));
  EXPECT_FALSE(old.ok);
  EXPECT_THAT(old.detail, ::testing::HasSubstr("pending 1, parked 0, oldest pending 11m"));
  // The same as figures, for scripts (fsctl outbox).
  EXPECT_EQ(old.figures, (std::map<std::string, int64_t>{
                             {"pending", 1}, {"parked", 0}, {"oldest_pending_seconds", 660}}));
  EXPECT_TRUE(OutboxCheck(*pool_, clock_, absl::Minutes(20)).ok);

  OutboxRelay relay(
      *pool_, clock_, {},
      {{"test.topic", [](const OutboxMessage&) { return absl::InvalidArgumentError("never"); }}});
  EXPECT_EQ(*relay.RunOnce(), 0);
  CheckResult parked = OutboxCheck(*pool_, clock_, absl::Minutes(20));
  EXPECT_FALSE(parked.ok);
  EXPECT_THAT(parked.detail, ::testing::HasSubstr("parked 1"));
  EXPECT_EQ(parked.figures.at("parked"), 1);
  EXPECT_TRUE(DatabaseCheck(*pool_).ok);
}

// Deliveries run in parallel, never more at once than the policy allows.
TEST_F(OutboxTest, ParallelDeliveriesStayWithinTheInFlightBound) {
  constexpr int kMessages = 40;
  constexpr int kBound = 4;
  for (int i = 0; i < kMessages; ++i) ASSERT_TRUE(ChangeAndEnqueue("m" + std::to_string(i)).ok());
  absl::Mutex mu;
  int calls = 0, in_flight = 0, most_in_flight = 0;
  bool gave_up = false;
  OutboxRelay relay(
      *pool_, clock_, {.max_in_flight = kBound},
      {{"test.topic", [&](const OutboxMessage&) {
          absl::MutexLock lock(&mu);
          bool probe = ++calls == 1;  // the first of a topic goes alone
          most_in_flight = std::max(most_in_flight, ++in_flight);
          // A blocking call that returns once the relay has
          // filled every slot (or, if it never does, after 10 s
          // once).
          auto all_slots_used = [&]() ABSL_SHARED_LOCKS_REQUIRED(mu) {
            return most_in_flight >= kBound || gave_up;
          };
          if (!probe && !mu.AwaitWithTimeout(absl::Condition(&all_slots_used), absl::Seconds(10))) {
            gave_up = true;
          }
          --in_flight;
          return absl::OkStatus();
        }}});
  EXPECT_EQ(*relay.RunOnce(), kMessages);
  absl::MutexLock lock(&mu);
  EXPECT_EQ(calls, kMessages);
  EXPECT_EQ(most_in_flight, kBound);
  EXPECT_EQ(Count("delivered_at IS NOT NULL AND attempts = 1 AND leased_by IS NULL"), kMessages);
}

// Within a round, once a receiver is unreachable its messages not yet started
// wait untried, even with deliveries in parallel: the first of a topic goes
// alone.
TEST_F(OutboxTest, UnreachableReceiverCostsOneCallPerRound) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(ChangeAndEnqueue("m" + std::to_string(i)).ok());
  std::atomic<int> calls = 0;
  OutboxRelay relay(*pool_, clock_, {.max_in_flight = 8},
                    {{"test.topic", [&](const OutboxMessage&) {
                        ++calls;
                        return absl::UnavailableError("receiver down");
                      }}});
  EXPECT_EQ(*relay.RunOnce(), 0);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(Count("attempts = 1 AND next_attempt_at > created_at"), 1);
  EXPECT_EQ(Count("attempts = 0 AND leased_by IS NULL"), 4);
}

// Stopping starts no more deliveries: the one in flight is recorded, the
// rest are given back untried for the next round (or replica).
TEST_F(OutboxTest, StopStartsNoMoreDeliveriesAndGivesTheRestBack) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(ChangeAndEnqueue("m" + std::to_string(i)).ok());
  std::atomic<int> calls = 0;
  std::unique_ptr<OutboxRelay> relay;
  relay = std::make_unique<OutboxRelay>(
      *pool_, clock_, RelayPolicy{.max_in_flight = 1},
      std::map<std::string, OutboxRelay::Handler>{{"test.topic", [&](const OutboxMessage&) {
                                                     // Not started: Stop only says "no more".
                                                     if (++calls == 2) relay->Stop();
                                                     return absl::OkStatus();
                                                   }}});
  EXPECT_EQ(*relay->RunOnce(), 2);
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(Count("delivered_at IS NOT NULL"), 2);
  EXPECT_EQ(Count("delivered_at IS NULL AND attempts = 0 AND leased_by IS NULL"), 3);
}

// A commit that enqueued wakes a started relay: the message is delivered
// though the poll interval is an hour.
TEST_F(OutboxTest, DoorbellWakesTheRelayLongBeforeItsPollInterval) {
  absl::Notification delivered;
  OutboxRelay relay(*pool_, clock_, {.poll_interval = absl::Hours(1)},
                    {{"test.topic", [&](const OutboxMessage& m) {
                        if (m.payload == "rung" && !delivered.HasBeenNotified()) {
                          delivered.Notify();
                        }
                        return absl::OkStatus();
                      }}});
  relay.Start();
  // The first round runs at Start; let it find nothing, so only the doorbell
  // can bring the next one before the hour is up.
  absl::SleepFor(absl::Milliseconds(200));
  ASSERT_TRUE(ChangeAndEnqueue("rung").ok());
  EXPECT_TRUE(delivered.WaitForNotificationWithTimeout(absl::Seconds(30)));
  relay.Stop();
  EXPECT_EQ(Count("payload = 'rung' AND delivered_at IS NOT NULL"), 1);
}

// A rolled-back transaction rings nothing; one that enqueued nothing neither.
TEST_F(OutboxTest, DoorbellRingsOnlyForACommitThatEnqueued) {
  std::atomic<int> rings = 0;
  int subscription = OutboxDoorbell::Process().Subscribe([&] { ++rings; });
  EXPECT_FALSE(ChangeAndEnqueue("dropped", /*fail=*/true).ok());
  ASSERT_TRUE(RunInTransaction(*pool_, {}, [](sql::Connection&) { return absl::OkStatus(); }).ok());
  EXPECT_EQ(rings, 0);
  ASSERT_TRUE(ChangeAndEnqueue("kept").ok());
  EXPECT_EQ(rings, 1);
  OutboxDoorbell::Process().Unsubscribe(subscription);
}

// Two replicas leasing batches from one table, each delivering in parallel:
// every message is delivered exactly once and never by both at once.
TEST_F(OutboxTest, BatchLeasesKeepTwoParallelRelaysApart) {
  constexpr int kMessages = 200;
  for (int i = 0; i < kMessages; ++i) ASSERT_TRUE(ChangeAndEnqueue("m" + std::to_string(i)).ok());
  absl::Mutex mu;
  std::set<std::string> delivering;
  std::map<std::string, int> deliveries;
  int overlaps = 0;
  auto handler = [&](const OutboxMessage& m) {
    {
      absl::MutexLock lock(&mu);
      if (!delivering.insert(m.message_id).second) ++overlaps;
      ++deliveries[m.message_id];
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    absl::MutexLock lock(&mu);
    delivering.erase(m.message_id);
    return absl::OkStatus();
  };
  std::atomic<int> delivered = 0;
  auto run = [&](const std::string& replica) {
    OutboxRelay relay(*pool_, clock_, {.batch_size = 10, .max_in_flight = 4, .replica_id = replica},
                      {{"test.topic", handler}});
    for (int round = 0; round < 1000 && delivered < kMessages; ++round) {
      auto n = relay.RunOnce();
      ASSERT_TRUE(n.ok()) << n.status();
      delivered += *n;
    }
  };
  std::thread one(run, "host-1/orders"), two(run, "host-2/orders");
  one.join();
  two.join();
  EXPECT_EQ(delivered, kMessages);
  EXPECT_EQ(overlaps, 0);
  EXPECT_EQ(deliveries.size(), kMessages);
  for (const auto& [id, times] : deliveries) EXPECT_EQ(times, 1) << id;
  EXPECT_EQ(Count("delivered_at IS NOT NULL AND attempts = 1"), kMessages);
}

// Only delivered messages past retention are purged, a bounded chunk per
// statement, until none is left; the rest stay.
TEST_F(OutboxTest, PurgeDeletesOnlyDeliveredMessagesPastRetentionInChunks) {
  const std::string old_time = FormatSqlTime(clock_.Now() - absl::Hours(2));
  const std::string recent = FormatSqlTime(clock_.Now() - absl::Minutes(30));
  const std::string later = FormatSqlTime(clock_.Now() + absl::Hours(1));
  auto insert = [&](const std::string& payload, const std::string& next_attempt,
                    const std::string& delivered, const std::string& failed) {
    Exec(absl::StrCat(
        "INSERT INTO outbox (message_id, topic, payload, created_at, attempts, next_attempt_at,"
        " delivered_at, failed_at) VALUES (UUID(), 'test.topic', '",
        payload, "', '", old_time, "', 1, '", next_attempt, "', ", delivered, ", ", failed, ")"));
  };
  for (int i = 0; i < 5; ++i) insert("old-delivered", old_time, "'" + old_time + "'", "NULL");
  insert("recent-delivered", old_time, "'" + recent + "'", "NULL");
  insert("old-parked", old_time, "NULL", "'" + old_time + "'");
  insert("old-pending", later, "NULL", "NULL");  // not due: the relay leaves it alone
  OutboxRelay relay(*pool_, clock_, {.retention = absl::Hours(1), .purge_batch = 2},
                    {{"test.topic", [](const OutboxMessage&) { return absl::OkStatus(); }}});
  EXPECT_EQ(*relay.RunOnce(), 0);
  EXPECT_EQ(Count("payload = 'old-delivered'"), 3);  // one chunk per round
  EXPECT_EQ(*relay.RunOnce(), 0);
  EXPECT_EQ(*relay.RunOnce(), 0);
  EXPECT_EQ(*relay.RunOnce(), 0);
  EXPECT_EQ(Count("payload = 'old-delivered'"), 0);
  EXPECT_EQ(Count("payload = 'recent-delivered'"), 1);
  EXPECT_EQ(Count("payload = 'old-parked'"), 1);
  EXPECT_EQ(Count("payload = 'old-pending'"), 1);
}

TEST(RelayPolicyTest, InFlightAndPurgeMustBePositive) {
  EXPECT_EQ(CheckRelayPolicy({.max_in_flight = 0}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckRelayPolicy({.purge_batch = 0}).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace fieldservice::common
