// Storage foundation against the real MariaDB started by scripts/test.sh.
#include <arpa/inet.h>
#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <netinet/in.h>
#include <poll.h>
#include <prometheus/text_serializer.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/call_deadline.h"
#include "services/common/db_lease.h"
#include "services/common/db_pool.h"
#include "services/common/errors.h"
#include "services/common/metrics.h"
#include "services/common/migrations.h"
#include "services/common/sql.h"
#include "services/common/transaction.h"
#include "tests/support/metrics_scrape.h"
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

// DESIGN.md: a lock so two replicas never race (a lease row, db_lease.h).
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

// db_lease.h: one holder at a time, the holder extends its own, a release
// or the end of its time frees it; times by the database's clock.
TEST_F(DbTest, ALeaseHasOneHolderUntilReleasedOrRunOut) {
  Exec(kCreateLeaseTable);
  const RetryPolicy retry;
  EXPECT_TRUE(*TryTakeLease(*pool_, retry, "sweep", "replica-a", absl::Minutes(1)));
  EXPECT_FALSE(*TryTakeLease(*pool_, retry, "sweep", "replica-b", absl::Minutes(1)));
  EXPECT_TRUE(*TryTakeLease(*pool_, retry, "sweep", "replica-a", absl::Minutes(1)));
  // Another name is another lease.
  EXPECT_TRUE(*TryTakeLease(*pool_, retry, "migrate", "replica-b", absl::Minutes(1)));
  // Only the holder releases it.
  ASSERT_TRUE(ReleaseLease(*pool_, retry, "sweep", "replica-b").ok());
  EXPECT_FALSE(*TryTakeLease(*pool_, retry, "sweep", "replica-b", absl::Minutes(1)));
  ASSERT_TRUE(ReleaseLease(*pool_, retry, "sweep", "replica-a").ok());
  EXPECT_TRUE(*TryTakeLease(*pool_, retry, "sweep", "replica-b", absl::Milliseconds(50)));
  // A holder that stops renewing loses it when its time runs out.
  EXPECT_FALSE(*TryTakeLease(*pool_, retry, "sweep", "replica-a", absl::Minutes(1)));
  absl::SleepFor(absl::Milliseconds(100));
  EXPECT_TRUE(*TryTakeLease(*pool_, retry, "sweep", "replica-a", absl::Minutes(1)));
  EXPECT_EQ(Count("service_leases"), 2);
}

// A lease held longer than its ttl while a keeper renews it; lost within
// the ttl once the keeper (its holder) is gone.
TEST_F(DbTest, AKeptLeaseOutlivesItsTtlAndRunsOutWhenTheKeeperStops) {
  Exec(kCreateLeaseTable);
  const absl::Duration ttl = absl::Milliseconds(600);
  ASSERT_TRUE(*TryTakeLease(*pool_, {}, "migrate", "replica-a", ttl));
  auto keeper = std::make_unique<LeaseKeeper>(settings_, "migrate", "replica-a", ttl);
  absl::SleepFor(3 * ttl);
  EXPECT_FALSE(*TryTakeLease(*pool_, {}, "migrate", "replica-b", ttl));
  keeper.reset();
  absl::SleepFor(ttl + absl::Milliseconds(200));
  EXPECT_TRUE(*TryTakeLease(*pool_, {}, "migrate", "replica-b", ttl));
}

TEST_F(DbTest, ReplicasRacingForALeaseGetItOnce) {
  Exec(kCreateLeaseTable);
  std::atomic<int> taken{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> replicas;
  for (int i = 0; i < 4; ++i) {
    replicas.emplace_back([&, i] {
      ConnectionPool own(settings_);
      auto got = TryTakeLease(own, {}, "race", absl::StrCat("replica-", i), absl::Minutes(1));
      if (!got.ok()) ++failures;
      if (got.ok() && *got) ++taken;
    });
  }
  for (auto& t : replicas) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(taken.load(), 1);
}

TEST(ClassifySqlErrorTest, ClusterAndFailoverErrorsAreRetriedTheRightWay) {
  // Galera's certification failure and TiDB's write conflict: try again.
  EXPECT_EQ(ClassifySqlError(1213), SqlErrorClass::kRetryable);
  EXPECT_EQ(ClassifySqlError(1047), SqlErrorClass::kRetryable);
  EXPECT_EQ(ClassifySqlError(9007), SqlErrorClass::kRetryable);
  // A failed-over primary, now read-only: a new connection.
  EXPECT_EQ(ClassifySqlError(1290), SqlErrorClass::kConnectionLost);
  EXPECT_EQ(ClassifySqlError(1836), SqlErrorClass::kConnectionLost);
  EXPECT_EQ(ClassifySqlError(2013), SqlErrorClass::kConnectionLost);
  EXPECT_EQ(ClassifySqlError(2026), SqlErrorClass::kConnectionLost);  // TLS cut
  EXPECT_EQ(ClassifySqlError(1062), SqlErrorClass::kDuplicateKey);
  EXPECT_EQ(ClassifySqlError(1146), SqlErrorClass::kOther);
}

// transaction.h: under autocommit a statement that completed stays
// committed past the deadline, and the caller is told so, not that it
// failed.
TEST_F(DbTest, AnAutocommitWriteThatCompletedIsReportedDonePastTheDeadline) {
  ASSERT_TRUE(ApplyMigrations(*pool_, kMigrations, absl::Seconds(10)).ok());
  absl::Status status = RunAutocommit(
      *pool_, {},
      [](sql::Connection& c) {
        Statement(c, "INSERT INTO items (id, label) VALUES (?, ?)").Bind(7).Bind("late").Execute();
        absl::SleepFor(absl::Milliseconds(300));
        return absl::OkStatus();
      },
      absl::Now() + absl::Milliseconds(200));
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(Count("items"), 1);
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
  // one as the deadlock victim and RunInTransaction runs it again; each
  // attempt after a transaction's first is counted as a retry (metrics.h).
  const std::map<std::string, std::string> deadlock = {{"reason", "deadlock"}};
  auto retries = [&] {
    const std::string text = prometheus::TextSerializer().Serialize(metrics::CollectAll());
    return testing::SampleValue(text, "fs_db_transaction_retries_total", deadlock).value_or(0);
  };
  const double retries_before = retries();
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
  EXPECT_EQ(retries() - retries_before, attempts.load() - 2);
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

// A man in the middle that strips TLS: it relays the real server, but clears
// the CLIENT_SSL flag in the server's greeting, so a client that does not
// insist on TLS goes on in plain text through it. One connection at a time.
class TlsStripper {
 public:
  TlsStripper(std::string host, int port) : host_(std::move(host)), port_(port) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a = Address("127.0.0.1", 0);
    socklen_t len = sizeof a;
    if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), len) != 0 || listen(listen_fd_, 8) != 0 ||
        getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      ADD_FAILURE() << "TlsStripper: cannot listen";
    }
    listen_port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { Run(); });
  }
  ~TlsStripper() {
    stop_ = true;
    thread_.join();
    close(listen_fd_);
  }
  int port() const { return listen_port_; }

 private:
  static sockaddr_in Address(const std::string& host, int port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, host.c_str(), &a.sin_addr);
    return a;
  }
  // Waits for `fd` to be readable, noticing stop_; false when stopping.
  bool Readable(int fd) {
    pollfd p = {fd, POLLIN, 0};
    while (!stop_) {
      if (poll(&p, 1, 50) > 0) return true;
    }
    return false;
  }
  void Run() {
    while (Readable(listen_fd_)) {
      int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      int server = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_in a = Address(host_, port_);
      if (connect(server, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) Relay(client, server);
      close(server);
      close(client);
    }
  }
  void Relay(int client, int server) {
    // The greeting: 4-byte header, protocol version, server version (NUL
    // ended), connection id (4), scramble (8), filler (1), then the low two
    // bytes of the capability flags; CLIENT_SSL is 0x0800.
    char greeting[1024];
    if (!Readable(server)) return;
    ssize_t n = recv(server, greeting, sizeof greeting, 0);
    if (n <= 5) return;
    size_t flags = 5 + strnlen(greeting + 5, static_cast<size_t>(n) - 5) + 1 + 4 + 8 + 1;
    if (flags + 2 > static_cast<size_t>(n)) return;
    greeting[flags + 1] = static_cast<char>(greeting[flags + 1] & ~0x08);
    if (send(client, greeting, static_cast<size_t>(n), MSG_NOSIGNAL) != n) return;
    char buffer[16384];
    pollfd p[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
    while (!stop_) {
      if (poll(p, 2, 50) <= 0) continue;
      for (int i = 0; i < 2; ++i) {
        if (p[i].revents == 0) continue;
        ssize_t got = recv(p[i].fd, buffer, sizeof buffer, 0);
        if (got <= 0 || send(p[1 - i].fd, buffer, static_cast<size_t>(got), MSG_NOSIGNAL) != got) {
          return;
        }
      }
    }
  }

  std::string host_;
  int port_;
  int listen_fd_ = -1;
  int listen_port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// TLS to the database, against the throwaway server that scripts/test.sh
// starts with a certificate from the private CA in FS_TEST_PKI_DIR.
class DbTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* pki = std::getenv("FS_TEST_PKI_DIR");
    if (pki == nullptr) {
      GTEST_SKIP() << "FS_TEST_PKI_DIR is not set: run under scripts/test.sh (or source "
                      "scripts/lib/mariadb.sh and call fs_mariadb_throwaway), which makes the CA "
                      "and starts MariaDB with TLS";
    }
    pki_ = pki;
    settings_ = testing::CreateTestDatabase("tls");
    settings_.pool_size = 1;
  }
  void TearDown() override {
    if (!settings_.database.empty()) testing::DropTestDatabase(settings_);
  }
  // The session's cipher as the server reports it; empty: plain text.
  static std::string Cipher(ConnectionPool& pool) {
    auto lease = pool.Acquire();
    EXPECT_TRUE(lease.ok()) << lease.status();
    if (!lease.ok()) return "(no connection)";
    std::unique_ptr<sql::Statement> st(lease->connection().createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'"));
    return rs->next() ? std::string(rs->getString(2)) : "(no Ssl_cipher)";
  }

  std::string pki_;
  DbSettings settings_;
};

TEST_F(DbTlsTest, WithTheCaSetTheConnectionIsEncrypted) {
  settings_.tls_ca = pki_ + "/ca.pem";
  ConnectionPool pool(settings_);
  EXPECT_NE(Cipher(pool), "");
}

TEST_F(DbTlsTest, WithoutItTheConnectionIsPlainText) {
  ConnectionPool pool(settings_);
  EXPECT_EQ(Cipher(pool), "");
}

TEST_F(DbTlsTest, AServerCertificateTheCaDidNotSignIsRefusedNamingTheSetting) {
  // A certificate that did not sign the server's: the orders service's own.
  settings_.tls_ca = pki_ + "/orders.pem";
  ConnectionPool pool(settings_);
  auto lease = pool.Acquire();
  ASSERT_FALSE(lease.ok());
  EXPECT_EQ(lease.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(lease.status().message(), HasSubstr("db_tls_ca"));
  EXPECT_FALSE(pool.reachable());
}

TEST_F(DbTlsTest, AServerThatOffersNoTlsIsRefusedNotUsedInPlainText) {
  TlsStripper stripper(settings_.host, settings_.port);
  DbSettings through = settings_;
  through.port = stripper.port();
  {
    // Through it, a client that does not ask for TLS works (in plain text)...
    ConnectionPool plain(through);
    EXPECT_EQ(Cipher(plain), "");
  }
  // ...and one configured for TLS refuses to go on without it.
  through.tls_ca = pki_ + "/ca.pem";
  ConnectionPool pool(through);
  auto lease = pool.Acquire();
  ASSERT_FALSE(lease.ok());
  EXPECT_EQ(lease.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(lease.status().message(), HasSubstr("db_tls_ca"));
}

TEST_F(DbTlsTest, ClientCertificateSatisfiesAUserThatRequiresIt) {
  // A user only the holder of the orders certificate may log in as.
  const std::string user = absl::StrCat("fs_x509_", getpid());
  const std::string password = "x509-test";
  {
    std::unique_ptr<sql::Connection> admin = testing::ConnectTestDatabase(settings_);
    std::unique_ptr<sql::Statement> st(admin->createStatement());
    st->execute(absl::StrCat("DROP USER IF EXISTS '", user, "'@'127.0.0.1'"));
    st->execute(absl::StrCat("CREATE USER '", user, "'@'127.0.0.1' IDENTIFIED BY '", password,
                             "' REQUIRE SUBJECT '/O=fieldservice/CN=orders'"));
    st->execute(absl::StrCat("GRANT ALL PRIVILEGES ON `", settings_.database, "`.* TO '", user,
                             "'@'127.0.0.1'"));
  }
  DbSettings as_user = settings_;
  as_user.user = user;
  as_user.password = password;
  as_user.tls_ca = pki_ + "/ca.pem";
  {
    ConnectionPool without_certificate(as_user);
    EXPECT_FALSE(without_certificate.Acquire().ok());
  }
  as_user.tls_cert = pki_ + "/orders.pem";
  as_user.tls_key = pki_ + "/orders.key";
  {
    ConnectionPool with_certificate(as_user);
    EXPECT_NE(Cipher(with_certificate), "");
  }
  std::unique_ptr<sql::Connection> admin = testing::ConnectTestDatabase(settings_);
  std::unique_ptr<sql::Statement>(admin->createStatement())
      ->execute(absl::StrCat("DROP USER '", user, "'@'127.0.0.1'"));
}

// Statements are prepared once per pooled connection and reused (issue 8):
// the server counts one prepare for many executions.
TEST_F(DbTest, APooledConnectionPreparesAStatementOnceForManyUses) {
  Exec("CREATE TABLE cached (id BIGINT PRIMARY KEY, label VARCHAR(20) NOT NULL)");
  auto prepares = [&] {
    int64_t n = -1;
    EXPECT_TRUE(RunInTransaction(*pool_, {}, [&](sql::Connection& c) {
                  // Prepared by this very query (uncached text statement).
                  std::unique_ptr<sql::Statement> st(c.createStatement());
                  std::unique_ptr<sql::ResultSet> rs(
                      st->executeQuery("SHOW SESSION STATUS LIKE 'Com_stmt_prepare'"));
                  rs->next();
                  n = rs->getInt64(2);
                  return absl::OkStatus();
                }).ok());
    return n;
  };
  settings_.pool_size = 1;  // one connection: every transaction reuses it
  pool_ = std::make_unique<ConnectionPool>(settings_);
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(
        RunInTransaction(*pool_, {}, [&](sql::Connection& c) {
          Statement(c, "INSERT INTO cached (id, label) VALUES (?, ?)").Bind(i).Bind("x").Execute();
          return absl::OkStatus();
        }).ok());
  }
  const int64_t after_inserts = prepares();
  EXPECT_EQ(after_inserts, 1);  // the INSERT, once
  EXPECT_EQ(Count("cached"), 20);
  ASSERT_TRUE(
      RunInTransaction(*pool_, {}, [&](sql::Connection& c) {
        Statement(c, "INSERT INTO cached (id, label) VALUES (?, ?)").Bind(100).Bind("y").Execute();
        return absl::OkStatus();
      }).ok());
  EXPECT_EQ(prepares(), after_inserts);
}

// A full cache closes its least recently used statement to keep a new one:
// statements whose text varies cannot keep the ones in use out for good.
TEST_F(DbTest, AFullStatementCacheMakesRoomForTheNewestStatement) {
  settings_.pool_size = 1;
  settings_.statement_cache_size = 2;
  pool_ = std::make_unique<ConnectionPool>(settings_);
  int64_t prepares = 0;
  auto use = [&](const char* sql) {
    ASSERT_TRUE(RunInTransaction(*pool_, {}, [&](sql::Connection& c) {
                  Statement(c, sql).Query();
                  std::unique_ptr<sql::Statement> st(c.createStatement());
                  std::unique_ptr<sql::ResultSet> rs(
                      st->executeQuery("SHOW SESSION STATUS LIKE 'Com_stmt_prepare'"));
                  rs->next();
                  prepares = rs->getInt64(2);
                  return absl::OkStatus();
                }).ok());
  };
  use("SELECT 1");
  use("SELECT 2");
  use("SELECT 3");  // the cache is full: SELECT 1 makes room
  EXPECT_EQ(prepares, 3);
  use("SELECT 3");  // kept
  use("SELECT 2");  // kept
  EXPECT_EQ(prepares, 3);
  use("SELECT 1");  // was closed: prepared again
  EXPECT_EQ(prepares, 4);
}

// The same statement used again while the rows of its last query are still
// being read gets a statement of its own: both row sets stay readable.
TEST_F(DbTest, AStatementStillReadingRowsIsNotReusedUnderThem) {
  Exec("CREATE TABLE nested (id BIGINT PRIMARY KEY)");
  Exec("INSERT INTO nested (id) VALUES (1), (2), (3)");
  std::vector<std::pair<int64_t, int64_t>> pairs;
  ASSERT_TRUE(RunInTransaction(*pool_, {}, [&](sql::Connection& c) {
                const char* sql = "SELECT id FROM nested WHERE id >= ? ORDER BY id";
                auto outer = Statement(c, sql).Bind(2).Query();
                while (outer->next()) {
                  auto inner = Statement(c, sql).Bind(outer->getInt64(1)).Query();
                  while (inner->next()) pairs.emplace_back(outer->getInt64(1), inner->getInt64(1));
                }
                return absl::OkStatus();
              }).ok());
  EXPECT_THAT(pairs, ::testing::ElementsAre(std::make_pair(2, 2), std::make_pair(2, 3),
                                            std::make_pair(3, 3)));
}

// A statement that failed (a duplicate key) is reused fine afterwards.
TEST_F(DbTest, ACachedStatementSurvivesAFailedExecution) {
  Exec("CREATE TABLE once (id BIGINT PRIMARY KEY)");
  settings_.pool_size = 1;
  pool_ = std::make_unique<ConnectionPool>(settings_);
  auto insert = [&](int id) {
    return RunInTransaction(*pool_, {}, [&](sql::Connection& c) {
      Statement(c, "INSERT INTO once (id) VALUES (?)").Bind(id).Execute();
      return absl::OkStatus();
    });
  };
  ASSERT_TRUE(insert(1).ok());
  EXPECT_EQ(insert(1).code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(insert(2).ok());
  EXPECT_EQ(Count("once"), 2);
}

}  // namespace
}  // namespace fieldservice::common
