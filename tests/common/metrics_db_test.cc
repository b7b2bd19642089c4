// The database's metrics on real MariaDB (issue 8, "Metrics"): the pool's
// waits, connections in use and timeouts, transaction retries by reason, and
// the outbox backlog per topic read at scrape time.
#include <prometheus/text_serializer.h>

#include <atomic>
#include <thread>

#include "gtest/gtest.h"
#include "services/common/clock.h"
#include "services/common/db_pool.h"
#include "services/common/metrics.h"
#include "services/common/migrations.h"
#include "services/common/outbox.h"
#include "services/common/outbox_metrics.h"
#include "services/common/sql.h"
#include "services/common/transaction.h"
#include "tests/support/metrics_scrape.h"
#include "tests/support/test_db.h"

namespace fieldservice::common {
namespace {

using testing::SampleValue;

// The outbox DDL as the services' migrations have it, and a table to
// deadlock on.
const std::vector<Migration> kTables = {
    {1, "0001_outbox.sql",
     "CREATE TABLE outbox (id BIGINT NOT NULL AUTO_INCREMENT, message_id CHAR(36) NOT NULL,"
     " topic VARCHAR(64) NOT NULL, payload MEDIUMBLOB NOT NULL, created_at DATETIME(6) NOT NULL,"
     " attempts INT NOT NULL, next_attempt_at DATETIME(6) NOT NULL, leased_by VARCHAR(255) NULL,"
     " lease_until DATETIME(6) NULL, delivered_at DATETIME(6) NULL, failed_at DATETIME(6) NULL,"
     " last_error VARCHAR(500) NULL, PRIMARY KEY (id), UNIQUE KEY uk (message_id),"
     " KEY ix_outbox_due (delivered_at, failed_at, next_attempt_at));\n"
     "CREATE TABLE items (id INT PRIMARY KEY, label VARCHAR(20) NOT NULL);\n"}};

// What a scrape would return, in the text format.
std::string Exposition() { return prometheus::TextSerializer().Serialize(metrics::CollectAll()); }

class MetricsDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    settings_ = testing::CreateTestDatabase("metrics");
    settings_.pool_size = 2;
    pool_ = std::make_unique<ConnectionPool>(settings_);
    ASSERT_TRUE(ApplyMigrations(*pool_, kTables, absl::Seconds(10)).ok());
  }
  void TearDown() override {
    pool_.reset();
    testing::DropTestDatabase(settings_);
  }
  void Exec(const char* sql) {
    ASSERT_TRUE(RunInTransaction(*pool_, {}, [&](sql::Connection& c) {
                  Statement(c, sql).Execute();
                  return absl::OkStatus();
                }).ok());
  }
  std::map<std::string, std::string> Database() { return {{"database", settings_.database}}; }

  DbSettings settings_;
  std::unique_ptr<ConnectionPool> pool_;
};

TEST_F(MetricsDbTest, PoolReportsWaitsConnectionsInUseAndTimeouts) {
  const double waits_before =
      SampleValue(Exposition(), "fs_db_pool_wait_seconds_count", Database()).value_or(0);
  {
    auto first = pool_->Acquire();
    auto second = pool_->Acquire();
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_EQ(SampleValue(Exposition(), "fs_db_pool_connections_in_use", Database()), 2);
    // Both are on loan: the next caller waits, then gives up.
    auto third = pool_->Acquire(absl::Now() + absl::Milliseconds(50));
    EXPECT_EQ(third.status().code(), absl::StatusCode::kUnavailable);
  }
  const std::string text = Exposition();
  EXPECT_EQ(SampleValue(text, "fs_db_pool_connections_in_use", Database()), 0) << text;
  EXPECT_EQ(SampleValue(text, "fs_db_pool_acquire_timeouts_total", Database()), 1);
  EXPECT_EQ(
      SampleValue(text, "fs_db_pool_wait_seconds_count", Database()).value_or(0) - waits_before,
      2);  // the two that got a connection
}

TEST_F(MetricsDbTest, OutboxBacklogPerTopicIsReadAtScrapeTime) {
  FakeClock clock(absl::FromUnixSeconds(1795000000));
  const absl::Time now = clock.Now();
  ASSERT_TRUE(RunInTransaction(*pool_, {}, [&](sql::Connection& c) {
                EnqueueMessage(c, "warranty.decide", "old", now - absl::Seconds(30));
                EnqueueMessage(c, "warranty.decide", "new", now - absl::Seconds(10));
                EnqueueMessage(c, "warranty.decide", "parked", now - absl::Seconds(90), "p1");
                EnqueueMessage(c, "mail.send", "sent", now - absl::Seconds(50), "d1");
                EnqueueMessage(c, "sms.send", "parked only", now - absl::Seconds(5), "p2");
                return absl::OkStatus();
              }).ok());
  Exec("UPDATE outbox SET failed_at = created_at WHERE message_id IN ('p1', 'p2')");
  Exec("UPDATE outbox SET delivered_at = created_at WHERE message_id = 'd1'");

  ScrapedOutbox outbox(*pool_, clock, absl::Seconds(5));
  const std::string text = Exposition();
  const std::map<std::string, std::string> decide = {{"topic", "warranty.decide"}};
  EXPECT_EQ(SampleValue(text, "fs_outbox_pending_messages", decide), 2) << text;
  EXPECT_EQ(SampleValue(text, "fs_outbox_parked_messages", decide), 1);
  // The oldest pending one, not the older parked one.
  EXPECT_EQ(SampleValue(text, "fs_outbox_oldest_pending_age_seconds", decide), 30);
  const std::map<std::string, std::string> sms = {{"topic", "sms.send"}};
  EXPECT_EQ(SampleValue(text, "fs_outbox_pending_messages", sms), 0);
  EXPECT_EQ(SampleValue(text, "fs_outbox_parked_messages", sms), 1);
  EXPECT_EQ(SampleValue(text, "fs_outbox_oldest_pending_age_seconds", sms), 0);
  // Nothing waits on a topic whose messages were all delivered.
  EXPECT_FALSE(SampleValue(text, "fs_outbox_pending_messages", {{"topic", "mail.send"}}));
}

// A scrape is not held up by a busy database: when no connection is free
// within the time limit, the outbox series are left out and the error is
// counted; the rest of the scrape is served.
TEST_F(MetricsDbTest, OutboxSeriesAreLeftOutWhenTheDatabaseDoesNotAnswer) {
  FakeClock clock(absl::FromUnixSeconds(1795000000));
  ScrapedOutbox outbox(*pool_, clock, absl::Milliseconds(200));
  const double errors_before =
      SampleValue(Exposition(), "fs_outbox_metrics_errors_total", {}).value_or(0);
  auto first = pool_->Acquire();
  auto second = pool_->Acquire();
  ASSERT_TRUE(first.ok() && second.ok());
  const std::string text = Exposition();
  EXPECT_EQ(SampleValue(text, "fs_outbox_metrics_errors_total", {}), errors_before + 1) << text;
  EXPECT_EQ(text.find("fs_outbox_pending_messages"), std::string::npos);
  EXPECT_EQ(SampleValue(text, "fs_db_pool_connections_in_use", Database()), 2);
}

}  // namespace
}  // namespace fieldservice::common
