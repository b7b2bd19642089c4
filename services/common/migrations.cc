#include "services/common/migrations.h"

#include <cppconn/exception.h>
#include <cppconn/statement.h>

#include <map>
#include <memory>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "services/common/db_lease.h"
#include "services/common/hashing.h"
#include "services/common/ids.h"
#include "services/common/logging.h"
#include "services/common/sql.h"
#include "services/common/transaction.h"

namespace fieldservice::common {
namespace {

// Checksums recorded before the shared hash (hashing.h) was used were FNV-1a
// with an offset basis one digit short; databases migrated then keep them,
// so they are still recognised.
constexpr uint64_t kLegacyChecksumBasis = 1469598103934665603ULL;

// How long the migration lock holds without renewal. A LeaseKeeper renews it
// while the migrations run, however long one file's DDL takes; a replica
// that dies holding it delays the others' (and its own restart's) start-up
// by at most this.
constexpr absl::Duration kMigrationLease = absl::Seconds(30);
constexpr absl::Duration kMigrationLockPoll = absl::Milliseconds(200);

constexpr char kCreateTable[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INT NOT NULL PRIMARY KEY,"
    " name VARCHAR(200) NOT NULL,"
    " checksum CHAR(16) NOT NULL,"
    " applied_at DATETIME(6) NOT NULL)";

// Migrations apply outside a transaction (DDL commits implicitly on every
// MySQL-protocol server), so a failure part-way is reported with the file and
// statement number for the operator; the files are written to be re-runnable
// (IF NOT EXISTS) where the server allows it.
absl::Status ApplyOne(sql::Connection& c, const Migration& m) {
  std::vector<std::string> statements = SplitSqlScript(m.script);
  for (size_t i = 0; i < statements.size(); ++i) {
    try {
      std::unique_ptr<sql::Statement> st(c.createStatement());
      st->execute(statements[i]);
    } catch (const sql::SQLException& e) {
      LogError("migration_failed", {{"file", m.name},
                                    {"statement", absl::StrCat(i + 1)},
                                    {"errno", absl::StrCat(e.getErrorCode())},
                                    {"error", e.what()}});
      return absl::InternalError(
          absl::StrCat("migration ", m.name, " failed at statement ", i + 1, ": ", e.what()));
    }
  }
  Statement(c,
            "INSERT INTO schema_migrations (version, name, checksum, applied_at)"
            " VALUES (?, ?, ?, UTC_TIMESTAMP(6))")
      .Bind(m.version)
      .Bind(m.name)
      .Bind(MigrationChecksum(m.script))
      .Execute();
  LogInfo("migration_applied", {{"file", m.name}});
  return absl::OkStatus();
}

// Waits up to `timeout` for the migration lock (a row, db_lease.h: every
// node of a cluster sees it, unlike GET_LOCK). A certification failure
// against a replica taking it on another node is one more try.
bool TakeMigrationLock(sql::Connection& c, const std::string& name, const std::string& holder,
                       absl::Duration timeout) {
  const absl::Time give_up = absl::Now() + timeout;
  while (true) {
    try {
      if (TryTakeLease(c, name, holder, kMigrationLease)) return true;
    } catch (const sql::SQLException& e) {
      if (ClassifySqlError(e.getErrorCode()) != SqlErrorClass::kRetryable) throw;
    }
    if (absl::Now() > give_up) return false;
    absl::SleepFor(kMigrationLockPoll);
  }
}

}  // namespace

std::vector<std::string> SplitSqlScript(std::string_view script) {
  std::vector<std::string> out;
  std::string current;
  for (absl::string_view line :
       absl::StrSplit(absl::string_view(script.data(), script.size()), '\n')) {
    absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (trimmed.empty() || absl::StartsWith(trimmed, "--")) continue;
    absl::StrAppend(&current, current.empty() ? "" : "\n", line);
    if (absl::EndsWith(trimmed, ";")) {
      current.erase(current.find_last_of(';'));
      out.push_back(current);
      current.clear();
    }
  }
  if (!absl::StripAsciiWhitespace(current).empty()) out.push_back(current);
  return out;
}

std::string MigrationChecksum(std::string_view script) {
  return absl::StrFormat("%016x", Fnv1a64(script));
}

bool MigrationChecksumMatches(std::string_view stored, std::string_view script) {
  return stored == MigrationChecksum(script) ||
         stored == absl::StrFormat("%016x", Fnv1a64(script, kLegacyChecksumBasis));
}

absl::StatusOr<int> ApplyMigrations(ConnectionPool& pool, const std::vector<Migration>& migrations,
                                    absl::Duration lock_timeout) {
  std::set<int> versions;
  for (const Migration& m : migrations) {
    if (!versions.insert(m.version).second) {
      return absl::FailedPreconditionError(
          absl::StrCat("two migrations share version ", m.version));
    }
  }
  auto lease = pool.Acquire();
  if (!lease.ok()) return lease.status();
  sql::Connection& c = lease->connection();
  const std::string lock_name = absl::StrCat("migrate/", pool.settings().database);
  const std::string holder = absl::StrCat(HostName(), "/", NewUuid());
  try {
    std::unique_ptr<sql::Statement> st(c.createStatement());
    st->execute(kCreateTable);
    st->execute(kCreateLeaseTable);
    if (!TakeMigrationLock(c, lock_name, holder, lock_timeout)) {
      return absl::DeadlineExceededError(
          absl::StrCat("another replica holds the migration lock ", lock_name));
    }
    // Renewed on its own connection while the DDL runs on this one.
    auto keeper =
        std::make_unique<LeaseKeeper>(pool.settings(), lock_name, holder, kMigrationLease);
    std::map<int, std::string> applied;
    auto rs = Statement(c, "SELECT version, checksum FROM schema_migrations").Query();
    while (rs->next()) applied[rs->getInt("version")] = rs->getString("checksum");

    absl::Status status;
    int count = 0;
    std::vector<Migration> ordered = migrations;
    std::sort(ordered.begin(), ordered.end(),
              [](const Migration& a, const Migration& b) { return a.version < b.version; });
    for (const Migration& m : ordered) {
      auto it = applied.find(m.version);
      if (it != applied.end()) {
        if (!MigrationChecksumMatches(it->second, m.script)) {
          status = absl::FailedPreconditionError(absl::StrCat(
              "migration ", m.name, " was changed after it was applied; add a new file instead"));
          break;
        }
        continue;
      }
      // Each file starts with a whole lease ahead of it.
      if (!TryTakeLease(c, lock_name, holder, kMigrationLease)) {
        status = absl::AbortedError(absl::StrCat("lost the migration lock ", lock_name,
                                                 " to another replica before ", m.name));
        break;
      }
      status = ApplyOne(c, m);
      if (!status.ok()) break;
      ++count;
    }
    keeper.reset();  // before the release, which a renewal would undo
    ReleaseLease(c, lock_name, holder);
    if (!status.ok()) return status;
    return count;
  } catch (const sql::SQLException& e) {
    lease->Discard();
    LogError("migration_error", {{"errno", absl::StrCat(e.getErrorCode())}, {"error", e.what()}});
    return absl::UnavailableError(absl::StrCat("could not apply migrations: ", e.what()));
  }
}

}  // namespace fieldservice::common
