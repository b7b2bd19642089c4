// The transactional outbox and its relay on real MariaDB (DESIGN.md "Talking
// between services": a service that is down delays the journey, it never
// loses a step).
#include "services/common/outbox.h"

#include <cppconn/statement.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/migrations.h"
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
     " attempts INT NOT NULL, next_attempt_at DATETIME(6) NOT NULL, leased_by CHAR(36) NULL,"
     " lease_until DATETIME(6) NULL, delivered_at DATETIME(6) NULL, failed_at DATETIME(6) NULL,"
     " last_error VARCHAR(500) NULL, PRIMARY KEY (id), UNIQUE KEY uk (message_id));\n"
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
  OutboxRelay relay(*pool_, clock_, {.initial_backoff = absl::Seconds(2)},
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
  OutboxRelay second(*pool_, clock_, {}, {{"test.topic", [&](const OutboxMessage& m) {
                                             second_got.push_back(m.payload);
                                             return absl::OkStatus();
                                           }}});
  OutboxRelay first(*pool_, clock_, {.batch_size = 2}, {{"test.topic", [&](const OutboxMessage& m) {
                                                           first_got.push_back(m.payload);
                                                           // While the first holds its lease, the
                                                           // second runs.
                                                           if (first_got.size() == 1)
                                                             EXPECT_EQ(*second.RunOnce(), 3);
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

}  // namespace
}  // namespace fieldservice::common
