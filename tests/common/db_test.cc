// Storage foundation against the real MariaDB started by scripts/test.sh.
#include <cppconn/connection.h>
#include <cppconn/statement.h>

#include <atomic>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/db_pool.h"
#include "services/common/migrations.h"
#include "services/common/sql.h"
#include "services/common/transaction.h"
#include "tests/support/test_db.h"

namespace fieldservice::common {
namespace {

using ::testing::HasSubstr;

class DbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    settings_ = testing::CreateTestDatabase("common");
    settings_.pool_size = 4;
    pool_ = std::make_unique<ConnectionPool>(settings_);
  }
  void TearDown() override {
    pool_.reset();
    testing::DropTestDatabase(settings_);
  }
  void Exec(const std::string& sql) {
    ASSERT_TRUE(RunInTransaction(*pool_, {}, [&](sql::Connection& c) {
                  std::unique_ptr<sql::Statement> st(c.createStatement());
                  st->execute(sql);
                  return absl::OkStatus();
                }).ok());
  }
  int64_t Count(const std::string& table) {
    int64_t n = -1;
    EXPECT_TRUE(RunInTransaction(*pool_, {}, [&](sql::Connection& c) {
                  std::unique_ptr<sql::Statement> st(c.createStatement());
                  std::unique_ptr<sql::ResultSet> rs(
                      st->executeQuery("SELECT COUNT(*) FROM " + table));
                  rs->next();
                  n = rs->getInt64(1);
                  return absl::OkStatus();
                }).ok());
    return n;
  }

  DbSettings settings_;
  std::unique_ptr<ConnectionPool> pool_;
};

const std::vector<Migration> kMigrations = {
    {1, "0001_items.sql",
     "CREATE TABLE items (id BIGINT PRIMARY KEY, label VARCHAR(20) NOT NULL);\n"
     "-- a comment line\n"
     "CREATE INDEX items_label ON items (label);\n"},
    {2, "0002_more.sql", "ALTER TABLE items ADD COLUMN note VARCHAR(50) NULL;\n"},
};

TEST(SplitSqlScriptTest, SplitsAtLineEndSemicolonsAndDropsComments) {
  auto parts =
      SplitSqlScript("-- hello\nCREATE TABLE a (x INT);\n\nINSERT INTO a\n VALUES (1);\nSELECT 1");
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], "CREATE TABLE a (x INT)");
  EXPECT_EQ(parts[1], "INSERT INTO a\n VALUES (1)");
  EXPECT_EQ(parts[2], "SELECT 1");
}

TEST_F(DbTest, MigrationsApplyOnceAndRecordThemselves) {
  auto first = ApplyMigrations(*pool_, kMigrations, absl::Seconds(10));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, 2);
  auto second = ApplyMigrations(*pool_, kMigrations, absl::Seconds(10));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*second, 0);
  EXPECT_EQ(Count("schema_migrations"), 2);
  Exec("INSERT INTO items (id, label, note) VALUES (1, 'a', 'n')");
}

TEST_F(DbTest, ChangedAppliedMigrationStopsStartUp) {
  ASSERT_TRUE(ApplyMigrations(*pool_, kMigrations, absl::Seconds(10)).ok());
  std::vector<Migration> changed = kMigrations;
  changed[0].script += "-- edited\nSELECT 1;\n";
  auto result = ApplyMigrations(*pool_, changed, absl::Seconds(10));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(result.status().message(), HasSubstr("0001_items.sql"));
}

// DESIGN.md: a lock so two replicas never race.
TEST_F(DbTest, ConcurrentReplicasApplyEachMigrationOnce) {
  std::atomic<int> applied{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> replicas;
  for (int i = 0; i < 4; ++i) {
    replicas.emplace_back([&] {
      ConnectionPool own(settings_);
      auto n = ApplyMigrations(own, kMigrations, absl::Seconds(30));
      if (n.ok())
        applied += *n;
      else
        ++failures;
    });
  }
  for (auto& t : replicas) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(applied.load(), 2);
  EXPECT_EQ(Count("schema_migrations"), 2);
}

TEST_F(DbTest, DuplicateKeyBecomesAlreadyExistsAndRollsBack) {
  ASSERT_TRUE(ApplyMigrations(*pool_, kMigrations, absl::Seconds(10)).ok());
  Exec("INSERT INTO items (id, label) VALUES (1, 'a')");
  absl::Status status = RunInTransaction(*pool_, {}, [](sql::Connection& c) {
    Statement(c, "INSERT INTO items (id, label) VALUES (?, ?)").Bind(2).Bind("b").Execute();
    Statement(c, "INSERT INTO items (id, label) VALUES (?, ?)").Bind(1).Bind("again").Execute();
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Count("items"), 1);  // row 2 was rolled back with the failure
}

TEST_F(DbTest, WorkErrorRollsBack) {
  ASSERT_TRUE(ApplyMigrations(*pool_, kMigrations, absl::Seconds(10)).ok());
  absl::Status status = RunInTransaction(*pool_, {}, [](sql::Connection& c) {
    Statement(c, "INSERT INTO items (id, label) VALUES (?, ?)").Bind(5).Bind("x").Execute();
    return absl::FailedPreconditionError("changed my mind");
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Count("items"), 0);
}

TEST_F(DbTest, SqlErrorsNeverLeakStatementText) {
  absl::Status status = RunInTransaction(*pool_, {}, [](sql::Connection& c) {
    Statement(c, "SELECT secret_column FROM no_such_table").Query();
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(status.message()), ::testing::Not(HasSubstr("no_such_table")));
}

// DESIGN.md: deadlocks are retried, then ABORTED.
TEST_F(DbTest, DeadlockIsRetried) {
  ASSERT_TRUE(ApplyMigrations(*pool_, kMigrations, absl::Seconds(10)).ok());
  Exec("INSERT INTO items (id, label) VALUES (1, 'a'), (2, 'b')");
  // Two transactions lock rows 1 and 2 in opposite orders; the server kills
  // one as the deadlock victim and RunInTransaction runs it again.
  std::atomic<int> attempts{0};
  std::atomic<int> phase{0};
  auto crosser = [&](int first, int second) {
    return RunInTransaction(*pool_, {.max_attempts = 5}, [&, first, second](sql::Connection& c) {
      ++attempts;
      Statement(c, "UPDATE items SET label = 'x' WHERE id = ?").Bind(first).Execute();
      ++phase;
      // Wait until the other one holds its first lock too (bounded, so a
      // broken run fails instead of hanging); retries go straight through.
      absl::Time give_up = absl::Now() + absl::Seconds(10);
      while (phase.load() < 2 && absl::Now() < give_up) std::this_thread::yield();
      Statement(c, "UPDATE items SET label = 'y' WHERE id = ?").Bind(second).Execute();
      return absl::OkStatus();
    });
  };
  absl::Status a, b;
  std::thread t1([&] { a = crosser(1, 2); });
  std::thread t2([&] { b = crosser(2, 1); });
  t1.join();
  t2.join();
  EXPECT_TRUE(a.ok()) << a;
  EXPECT_TRUE(b.ok()) << b;
  EXPECT_GE(attempts.load(), 3);  // the victim ran again
}

// DESIGN.md / issue: a pool that survives a database restart. Killing our own
// connections stands in for the restart (same client-side effect: 2006/2013).
TEST_F(DbTest, PoolReplacesConnectionsKilledByTheServer) {
  ASSERT_TRUE(ApplyMigrations(*pool_, kMigrations, absl::Seconds(10)).ok());
  DbSettings fast = settings_;
  fast.validate_after_idle = absl::ZeroDuration();
  ConnectionPool pool(fast);
  int64_t victim = 0;
  ASSERT_TRUE(RunInTransaction(pool, {}, [&](sql::Connection& c) {
                auto rs = Statement(c, "SELECT CONNECTION_ID() AS id").Query();
                rs->next();
                victim = rs->getInt64("id");
                return absl::OkStatus();
              }).ok());
  Exec("KILL " + std::to_string(victim));
  absl::Status status = RunInTransaction(pool, {}, [](sql::Connection& c) {
    Statement(c, "INSERT INTO items (id, label) VALUES (?, ?)").Bind(9).Bind("after").Execute();
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(Count("items"), 1);
}

TEST(SqlTimeTest, RoundTripsMicroseconds) {
  absl::Time t = absl::FromUnixMicros(1795000000123456);
  EXPECT_EQ(ParseSqlTime(FormatSqlTime(t)), t);
}

}  // namespace
}  // namespace fieldservice::common
