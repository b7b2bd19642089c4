// Prepared statements kept per pooled connection, so a statement is prepared
// once per connection instead of once per use: each use then costs one round
// trip (execute) instead of three (prepare, execute, close).
//
// The pool registers each connection it opens and forgets it before closing
// it (the statements must go first). Connections the pool did not open
// (migrations, tests) have no cache: their statements are prepared per use.
// A connection serves one thread at a time, so a cache needs no lock of its
// own; only finding it does.
#ifndef FIELDSERVICE_COMMON_STATEMENT_CACHE_H_
#define FIELDSERVICE_COMMON_STATEMENT_CACHE_H_

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>

#include <cstdint>
#include <memory>
#include <string>

namespace fieldservice::common {

// One cached statement. `busy` while a Statement or the rows of its last
// query use it: executing it again would overwrite the rows still being read.
struct CachedStatement {
  std::unique_ptr<sql::PreparedStatement> statement;
  bool busy = false;
  uint64_t last_used = 0;  // the cache's use count when it was last taken
};

// Keeps up to `capacity` statements for `connection` (0: none).
void RegisterStatementCache(sql::Connection* connection, int capacity);
// Deletes the connection's statements; call before closing it.
void ForgetStatementCache(sql::Connection* connection);

// The cached statement for `sql` on `connection`, prepared on first use and
// marked busy. A full cache makes room by closing its least recently used
// statement, so statements whose text varies (IN lists of many lengths)
// cannot keep the hot ones out. nullptr when the connection has no cache, or
// the statement or every cached one is busy (the caller then prepares one of
// its own).
CachedStatement* TakeCachedStatement(sql::Connection& connection, const std::string& sql);

// Closes a pooled connection: its cached statements first, then it.
struct CloseConnection {
  void operator()(sql::Connection* connection) const {
    ForgetStatementCache(connection);
    delete connection;
  }
};

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_STATEMENT_CACHE_H_
