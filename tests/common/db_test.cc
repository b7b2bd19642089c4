// Storage foundation against the real MariaDB started by scripts/test.sh.
#include <cppconn/connection.h>
#include <cppconn/statement.h>

#include <atomic>
#include <optional>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/call_deadline.h"
#include "services/common/db_pool.h"
#include "services/common/errors.h"
#include "services/common/migrations.h"
#include "services/common/sql.h"
#include "services/common/transaction.h"
#include "tests/support/tcp_proxy.h"
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

// ---- Strict SQL mode: bad values are errors, never truncated --------------

TEST_F(DbTest, EveryConnectionRunsInStrictMode) {
  std::string mode;
  ASSERT_TRUE(RunInTransaction(*pool_, {}, [&](sql::Connection& c) {
                auto rs = Statement(c, "SELECT @@SESSION.sql_mode AS m").Query();
                rs->next();
                mode = rs->getString("m");
                return absl::OkStatus();
              }).ok());
  EXPECT_THAT(mode, HasSubstr("STRICT_ALL_TABLES"));
  EXPECT_THAT(mode, HasSubstr("NO_ZERO_DATE"));
}

TEST_F(DbTest, TooLongValueIsInvalidArgumentNamingTheColumn) {
  ASSERT_TRUE(ApplyMigrations(*pool_, kMigrations, absl::Seconds(10)).ok());
  absl::Status status = RunInTransaction(*pool_, {}, [](sql::Connection& c) {
    Statement(c, "INSERT INTO items (id, label) VALUES (?, ?)")
        .Bind(1)
        .Bind(std::string(21, 'x'))
        .Execute();
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(FieldViolationsOf(status),
              ::testing::ElementsAre(FieldViolation{"label", "is too long for the stored field"}));
  EXPECT_THAT(std::string(status.message()), ::testing::Not(HasSubstr("INSERT")));
  EXPECT_EQ(Count("items"), 0);
}

// Without STRICT_ALL_TABLES a multi-row insert into a non-transactional table
// keeps going and truncates the later rows with only a warning.
TEST_F(DbTest, NonTransactionalTablesDoNotTruncateEither) {
  Exec("CREATE TABLE notes (label VARCHAR(5) NOT NULL) ENGINE=MyISAM");
  absl::Status status = RunInTransaction(*pool_, {}, [](sql::Connection& c) {
    Statement(c, "INSERT INTO notes (label) VALUES ('ok'), ('much too long')").Execute();
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(Count("notes WHERE label = 'much '"), 0);
}

TEST_F(DbTest, InvalidTextIsInvalidArgumentNamingTheColumn) {
  ASSERT_TRUE(ApplyMigrations(*pool_, kMigrations, absl::Seconds(10)).ok());
  absl::Status status = RunInTransaction(*pool_, {}, [](sql::Connection& c) {
    Statement(c, "INSERT INTO items (id, label) VALUES (?, ?)")
        .Bind(1)
        .Bind(std::string("ab\xff\xfe"))
        .Execute();
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  ASSERT_EQ(FieldViolationsOf(status).size(), 1u) << status;
  EXPECT_EQ(FieldViolationsOf(status)[0].field, "label");
}

TEST(InvalidValueStatusTest, ReadsTheColumnFromMySqlAndMariaDbMessages) {
  EXPECT_EQ(FieldViolationsOf(InvalidValueStatus(1406, "Data too long for column 'phone' at row 1"))
                .at(0)
                .field,
            "phone");
  EXPECT_EQ(FieldViolationsOf(InvalidValueStatus(1366,
                                                 "Incorrect string value: '\\xFF' for column "
                                                 "`db`.`orders`.`fault` at row 1"))
                .at(0)
                .field,
            "fault");
  absl::Status anonymous = InvalidValueStatus(1264, "Out of range value");
  EXPECT_EQ(anonymous.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(FieldViolationsOf(anonymous).empty());
}

// ---- Deadlines bound database work ----------------------------------------

// Holds a row lock in its own transaction until Release().
class RowLock {
 public:
  RowLock(const DbSettings& settings, const std::string& lock_sql) : pool_(settings) {
    auto lease = pool_.Acquire();
    EXPECT_TRUE(lease.ok());
    lease_.emplace(std::move(*lease));
    lease_->connection().setAutoCommit(false);
    std::unique_ptr<sql::Statement> st(lease_->connection().createStatement());
    st->execute(lock_sql);
  }
  void Release() {
    if (!lease_.has_value()) return;
    lease_->connection().rollback();
    lease_->connection().setAutoCommit(true);
    lease_.reset();
  }
  ~RowLock() { Release(); }

 private:
  ConnectionPool pool_;
  std::optional<ConnectionPool::Lease> lease_;
};

TEST_F(DbTest, CallDeadlineBoundsALockWait) {
  ASSERT_TRUE(ApplyMigrations(*pool_, kMigrations, absl::Seconds(10)).ok());
  Exec("INSERT INTO items (id, label) VALUES (1, 'a')");
  RowLock held(settings_, "SELECT * FROM items WHERE id = 1 FOR UPDATE");
  absl::Time start = absl::Now();
  absl::Status status;
  {
    ScopedCallDeadline call(start + absl::Seconds(1));  // as a handler sets it
    status = RunInTransaction(*pool_, {}, [](sql::Connection& c) {
      Statement(c, "UPDATE items SET label = 'b' WHERE id = 1").Execute();
      return absl::OkStatus();
    });
  }
  absl::Duration took = absl::Now() - start;
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << status;
  // The configured lock wait is 10 s; the deadline cut it to about 1 s.
  EXPECT_LT(took, absl::Seconds(4));
  held.Release();
  EXPECT_EQ(Count("items WHERE label = 'b'"), 0);
}

TEST_F(DbTest, DeadlineBoundsASlowStatement) {
  absl::Time start = absl::Now();
  absl::Status status = RunInTransaction(
      *pool_, {},
      [](sql::Connection& c) {
        Statement(c, "SELECT SLEEP(10)").Query();
        return absl::OkStatus();
      },
      start + absl::Seconds(1));
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << status;
  EXPECT_LT(absl::Now() - start, absl::Seconds(4));
}

TEST_F(DbTest, PassedDeadlineDoesNotTouchTheDatabase) {
  bool ran = false;
  absl::Status status = RunInTransaction(
      *pool_, {},
      [&](sql::Connection&) {
        ran = true;
        return absl::OkStatus();
      },
      absl::Now() - absl::Seconds(1));
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_FALSE(ran);
}

// A server or network that stops answering mid-call: the client-side read
// timeout ends the wait (before, the call hung for ever).
TEST_F(DbTest, ReadTimeoutEndsACallToAHungServer) {
  auto proxy = testing::TcpProxy::Start(settings_.host, settings_.port);
  ASSERT_TRUE(proxy.ok()) << proxy.status();
  DbSettings through = settings_;
  through.port = (*proxy)->port();
  through.read_timeout = absl::Seconds(1);
  through.connect_timeout = absl::Seconds(1);
  through.statement_timeout = absl::ZeroDuration();
  ConnectionPool pool(through);
  ASSERT_TRUE(RunInTransaction(pool, {}, [](sql::Connection&) { return absl::OkStatus(); }).ok());

  (*proxy)->Freeze();
  absl::Time start = absl::Now();
  absl::Status status = RunInTransaction(pool, {.max_attempts = 2}, [](sql::Connection& c) {
    Statement(c, "SELECT 1").Query();
    return absl::OkStatus();
  });
  absl::Duration took = absl::Now() - start;
  (*proxy)->Restore();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_LT(took, absl::Seconds(10));
}

// ---- Shutdown: stuck statements end, nothing commits late ------------------

TEST_F(DbTest, AbortInFlightEndsAStuckTransactionWithNothingCommitted) {
  ASSERT_TRUE(ApplyMigrations(*pool_, kMigrations, absl::Seconds(10)).ok());
  Exec("INSERT INTO items (id, label) VALUES (1, 'a')");
  RowLock held(settings_, "SELECT * FROM items WHERE id = 1 FOR UPDATE");
  std::atomic<bool> waiting{false};
  absl::Status status;
  absl::Time start = absl::Now();
  std::thread stuck([&] {
    status = RunInTransaction(*pool_, {}, [&](sql::Connection& c) {
      Statement(c, "INSERT INTO items (id, label) VALUES (2, 'new')").Execute();
      waiting = true;
      Statement(c, "UPDATE items SET label = 'b' WHERE id = 1").Execute();
      return absl::OkStatus();
    });
  });
  while (!waiting.load()) std::this_thread::yield();
  // Let the UPDATE reach its lock wait: the server lists it as running.
  absl::Time give_up = absl::Now() + absl::Seconds(5);
  while (absl::Now() < give_up &&
         Count("information_schema.processlist WHERE command IN ('Query', 'Execute')"
               " AND info LIKE 'UPDATE items%'") == 0) {
    std::this_thread::yield();
  }
  bool waited = absl::Now() < give_up;
  pool_->AbortInFlight();
  stuck.join();
  EXPECT_TRUE(waited) << "the UPDATE never waited for the lock";
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));  // not the 10 s lock wait
  held.Release();
  ConnectionPool reader(settings_);
  int64_t rows = -1;
  ASSERT_TRUE(
      RunInTransaction(reader, {}, [&](sql::Connection& c) {
        auto rs =
            Statement(c, "SELECT COUNT(*) AS n FROM items WHERE id = 2 OR label = 'b'").Query();
        rs->next();
        rows = rs->getInt64("n");
        return absl::OkStatus();
      }).ok());
  EXPECT_EQ(rows, 0);
  EXPECT_EQ(RunInTransaction(*pool_, {}, [](sql::Connection&) { return absl::OkStatus(); }).code(),
            absl::StatusCode::kUnavailable);
}

TEST(SqlTimeTest, RoundTripsMicroseconds) {
  absl::Time t = absl::FromUnixMicros(1795000000123456);
  EXPECT_EQ(ParseSqlTime(FormatSqlTime(t)), t);
}

}  // namespace
}  // namespace fieldservice::common
