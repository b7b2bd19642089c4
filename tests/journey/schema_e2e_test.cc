// The four services' schemas as their migrations leave them, read from
// information_schema, against what a Galera cluster replicates (issue 13,
// README "Deploying"): every table InnoDB and with a primary key. A table
// without one is replicated row by row without a key to find it by on the
// other nodes, or not at all; a MyISAM table is not replicated.
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/journey/journey.h"
#include "tests/journey/journey_system.h"
#include "tests/support/test_db.h"

namespace fieldservice::testing {
namespace {

TEST(SchemaE2ETest, EveryTableOfEveryServiceIsInnoDbWithAPrimaryKey) {
  JourneySystem system(JourneyNow(), JourneyCallbackNow());
  ASSERT_TRUE(system.Start());
  for (const std::string& service : kJourneyServices) {
    const common::DbSettings& db = system.Database(service);
    auto connection = ConnectTestDatabase(db);
    std::unique_ptr<sql::Statement> statement(connection->createStatement());
    std::unique_ptr<sql::ResultSet> tables(statement->executeQuery(
        absl::StrCat("SELECT t.table_name, t.engine,"
                     " (SELECT COUNT(*) FROM information_schema.table_constraints c"
                     "  WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name"
                     "  AND c.constraint_type = 'PRIMARY KEY')"
                     " FROM information_schema.tables t"
                     " WHERE t.table_schema = '",
                     db.database, "' AND t.table_type = 'BASE TABLE' ORDER BY t.table_name")));
    int seen = 0;
    while (tables->next()) {
      ++seen;
      const std::string table = absl::StrCat(service, ".", std::string(tables->getString(1)));
      EXPECT_EQ(std::string(tables->getString(2)), "InnoDB") << table;
      EXPECT_EQ(tables->getInt(3), 1) << table << " has no primary key";
    }
    // schema_migrations and the service's own tables at the least.
    EXPECT_GT(seen, 2) << service;
  }
}

}  // namespace
}  // namespace fieldservice::testing
