// Schema migrations: numbered .sql files compiled into the service binary
// (see cmake/EmbedMigrations.cmake), applied in order at start-up.
//
// A table `schema_migrations` records what was applied with a checksum; a
// lease row (db_lease.h), which every node of a Galera cluster sees, makes
// concurrent replicas apply them one at a time.
// A file already applied must never change: a changed checksum stops start-up.
#ifndef FIELDSERVICE_COMMON_MIGRATIONS_H_
#define FIELDSERVICE_COMMON_MIGRATIONS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/db_pool.h"

namespace fieldservice::common {

struct Migration {
  int version = 0;     // the file's number, e.g. 1 for 0001_orders.sql
  std::string name;    // the file name
  std::string script;  // statements separated by ';' at the end of a line
};

// Splits a script into statements at ';' ending a line, dropping blank lines
// and "--" comment lines. Migrations keep ';' out of string literals.
std::vector<std::string> SplitSqlScript(std::string_view script);

// 16 hex digits (FNV-1a 64, hashing.h) of the script text.
std::string MigrationChecksum(std::string_view script);

// Whether a recorded checksum belongs to `script`: today's, or the one older
// versions recorded (a mistyped FNV offset basis).
bool MigrationChecksumMatches(std::string_view stored, std::string_view script);

// Applies every migration newer than the recorded ones; returns how many were
// applied. FAILED_PRECONDITION if an applied file changed or versions repeat.
absl::StatusOr<int> ApplyMigrations(ConnectionPool& pool, const std::vector<Migration>& migrations,
                                    absl::Duration lock_timeout);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_MIGRATIONS_H_
