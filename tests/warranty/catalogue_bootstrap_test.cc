// Catalogue versions on real MariaDB: replicas starting together on a fresh
// database all store the shipped file without tripping over each other, and
// a version an administrator loaded survives a restart with the shipped file.
#include <memory>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/clock.h"
#include "services/common/errors.h"
#include "services/common/files.h"
#include "services/common/migrations.h"
#include "services/common/sql.h"
#include "services/common/transaction.h"
#include "services/warranty/domain/catalogue_service.h"
#include "services/warranty/domain/field_limits.h"
#include "services/warranty/storage/mysql_warranty_repository.h"
#include "tests/support/test_db.h"

namespace fieldservice::warranty {
namespace {

using ::testing::HasSubstr;

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);

std::string Shipped() {
  auto text = common::ReadTextFile(std::string(FS_SOURCE_DIR) + "/data/warranty/catalogue.txt");
  EXPECT_TRUE(text.ok()) << text.status();
  return text.value_or("");
}

// The shipped text under another version line: what an admin would load.
std::string WithVersion(const std::string& text, const std::string& version) {
  const size_t at = text.find("\nversion");
  const size_t eol = text.find('\n', at + 1);
  return text.substr(0, at) + "\nversion = " + version + text.substr(eol);
}

// One replica: its own connection pool, repository and catalogue service.
struct Replica {
  explicit Replica(const common::DbSettings& db, const common::Clock& clock)
      : pool(db),
        repository(pool, common::RetryPolicy{}),
        catalogues(repository, clock, absl::Seconds(10)) {}
  common::ConnectionPool pool;
  MySqlWarrantyRepository repository;
  CatalogueService catalogues;
};

class CatalogueBootstrapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = fieldservice::testing::CreateTestDatabase("warranty_boot");
    common::ConnectionPool pool(db_);
    auto applied = common::ApplyMigrations(pool, EmbeddedMigrations(), absl::Seconds(30));
    ASSERT_TRUE(applied.ok()) << applied.status();
  }
  void TearDown() override { fieldservice::testing::DropTestDatabase(db_); }

  common::DbSettings db_;
  common::FakeClock clock_{absl::FromCivil(absl::CivilSecond(2025, 11, 20, 10, 0, 0), kChina)};
};

// Two replicas on one fresh database bootstrap at the same moment: both
// start, one version is stored and it is active.
TEST_F(CatalogueBootstrapTest, ReplicasStartingTogetherBothStart) {
  const std::string shipped = Shipped();
  constexpr int kReplicas = 4;
  std::vector<std::unique_ptr<Replica>> replicas;
  for (int i = 0; i < kReplicas; ++i) replicas.push_back(std::make_unique<Replica>(db_, clock_));
  absl::Notification go;
  std::vector<absl::Status> results(kReplicas);
  std::vector<std::thread> threads;
  for (int i = 0; i < kReplicas; ++i) {
    threads.emplace_back([&, i] {
      go.WaitForNotification();
      results[i] = replicas[i]->catalogues.Bootstrap(shipped, "data/warranty/catalogue.txt");
    });
  }
  go.Notify();
  for (std::thread& t : threads) t.join();
  for (const absl::Status& s : results) EXPECT_TRUE(s.ok()) << s;
  auto active = replicas[0]->catalogues.Get("active");
  ASSERT_TRUE(active.ok()) << active.status();
  EXPECT_EQ(active->record.text, shipped);
  EXPECT_EQ(active->record.source, CatalogueSource::kShipped);
  EXPECT_EQ(active->record.loaded_by, "shipped:data/warranty/catalogue.txt");
}

// A version an administrator loaded stays active when a replica restarts
// with the shipped file; who loaded each version is recorded.
TEST_F(CatalogueBootstrapTest, AdminVersionSurvivesARestartWithTheShippedFile) {
  const std::string shipped = Shipped();
  {
    Replica first(db_, clock_);
    ASSERT_TRUE(first.catalogues.Bootstrap(shipped, "catalogue.txt").ok());
    clock_.Advance(absl::Hours(1));
    auto loaded = first.catalogues.Load(WithVersion(shipped, "admin-2026.2"), "alice");
    ASSERT_TRUE(loaded.ok()) << loaded.status();
  }
  clock_.Advance(absl::Hours(1));
  Replica restarted(db_, clock_);
  ASSERT_TRUE(restarted.catalogues.Bootstrap(shipped, "catalogue.txt").ok());
  auto active = restarted.catalogues.Get("active");
  ASSERT_TRUE(active.ok()) << active.status();
  EXPECT_EQ(active->record.version, "admin-2026.2");
  EXPECT_EQ(active->record.source, CatalogueSource::kAdmin);
  EXPECT_EQ(active->record.loaded_by, "alice");
  auto current = restarted.catalogues.Current();
  ASSERT_TRUE(current.ok()) << current.status();
  EXPECT_EQ((*current)->version(), "admin-2026.2");

  // A new shipped version (an upgrade) is stored and activated.
  ASSERT_TRUE(restarted.catalogues.Bootstrap(WithVersion(shipped, "2027.1"), "catalogue.txt").ok());
  EXPECT_EQ(restarted.catalogues.Get("active")->record.version, "2027.1");
}

// A changed shipped file under a stored version stops start-up, naming why.
TEST_F(CatalogueBootstrapTest, ChangedShippedTextUnderAStoredVersionIsRefused) {
  Replica replica(db_, clock_);
  const std::string shipped = Shipped();
  ASSERT_TRUE(replica.catalogues.Bootstrap(shipped, "catalogue.txt").ok());
  absl::Status changed = replica.catalogues.Bootstrap(shipped + "\n# edited\n", "catalogue.txt");
  EXPECT_EQ(changed.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(changed.message(), HasSubstr("new version"));
}

// A version line longer than its column is refused on `text`, naming the
// limit, before anything is stored.
TEST_F(CatalogueBootstrapTest, VersionLongerThanItsColumnIsRefused) {
  Replica replica(db_, clock_);
  auto loaded = replica.catalogues.Load(WithVersion(Shipped(), std::string(65, 'v')), "alice");
  ASSERT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  const auto violations = common::FieldViolationsOf(loaded.status());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "text");
  EXPECT_THAT(violations[0].description, HasSubstr("at most 64 characters"));
  EXPECT_EQ(replica.catalogues.Get("active").status().code(), absl::StatusCode::kNotFound);
}

// Stored text this build does not know, or a time it cannot read, is
// DATA_LOSS naming the column, never a silent default.
TEST_F(CatalogueBootstrapTest, UnreadableStoredValuesAreDataLoss) {
  Replica replica(db_, clock_);
  ASSERT_TRUE(replica.catalogues.Bootstrap(Shipped(), "catalogue.txt").ok());
  const auto corrupt = [&](const char* sql) {
    return common::RunInTransaction(replica.pool, common::RetryPolicy{}, [&](sql::Connection& c) {
      common::Statement(c, "SET SESSION sql_mode = ''").Execute();  // allow a zero date
      common::Statement(c, sql).Execute();
      return absl::OkStatus();
    });
  };
  ASSERT_TRUE(corrupt("UPDATE catalogues SET source = 'robot'").ok());
  auto read = replica.catalogues.Get("active");
  EXPECT_EQ(read.status().code(), absl::StatusCode::kDataLoss) << read.status();
  EXPECT_THAT(read.status().message(), HasSubstr("source 'robot'"));

  ASSERT_TRUE(corrupt("UPDATE catalogues SET source = 'shipped'").ok());
  ASSERT_TRUE(corrupt("UPDATE catalogues SET loaded_at = '0000-00-00 00:00:00'").ok());
  read = replica.catalogues.Get("active");
  EXPECT_EQ(read.status().code(), absl::StatusCode::kDataLoss) << read.status();
  EXPECT_THAT(read.status().message(), HasSubstr("loaded_at"));
}

// The length table (domain/field_limits.h) says what the columns hold: each
// limit of a stored field equals its column's VARCHAR/CHAR size in the
// migrations (the last definition wins).
TEST(FieldLimitsTest, StoredFieldsMatchTheirColumns) {
  const std::pair<std::string, std::string> stored[] = {{"request_id", "request_id"},
                                                        {"decision_id", "decision_id"},
                                                        {"order", "order_name"},
                                                        {"product.serial", "serial"},
                                                        {"serial", "serial"},
                                                        {"catalogue.version", "version"},
                                                        {"catalogue.loaded_by", "loaded_by"}};
  for (const auto& [field, column] : stored) {
    int size = 0;
    for (const common::Migration& m : EmbeddedMigrations()) {
      for (absl::string_view line : absl::StrSplit(m.script, '\n')) {
        line = absl::StripAsciiWhitespace(line);
        if (absl::ConsumePrefix(&line, "ADD COLUMN ")) line = absl::StripAsciiWhitespace(line);
        if (!absl::ConsumePrefix(&line, column + " ")) continue;
        if (!absl::ConsumePrefix(&line, "VARCHAR(") && !absl::ConsumePrefix(&line, "CHAR(")) {
          continue;
        }
        ASSERT_TRUE(absl::SimpleAtoi(line.substr(0, line.find(')')), &size)) << line;
      }
    }
    EXPECT_GT(size, 0) << "no column " << column;
    EXPECT_EQ(MaxChars(field), static_cast<size_t>(size)) << field << " vs column " << column;
  }
  // Every field the checks name has a limit.
  for (const FieldLimit& limit : kFieldLimits) EXPECT_GT(limit.max_chars, 0u) << limit.field;
}

}  // namespace
}  // namespace fieldservice::warranty
