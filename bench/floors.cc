// floors: what the database itself does, straight through Connector/C++ with
// no service in the way, so the services' numbers in docs/BENCHMARKS.md have
// something to be measured against (issue 8). Each floor runs at each
// concurrency for a fixed time; every client thread holds one pooled
// connection (services/common/db_pool.h: TLS, strict mode, UTC, as the
// services connect) and its prepared statements for the whole run.
//
//   floors --db_port 3306 --db_user fs_test --db_tls_ca ca.pem
//          --floors single_insert,create_rows,pk_select --concurrency 1,16,64
//          --duration 5s --warmup 1s --json floors.jsonl
//
// The password comes from FS_DB_PASSWORD (never the command line). Floors:
//   single_insert  one INSERT of a small row and COMMIT per transaction;
//   create_rows    the rows one CreateRepairOrder writes, one prepared INSERT
//                  per table and one COMMIT, into the real orders schema (the
//                  orders migrations applied to a database of its own);
//   pk_select      a SELECT of every column of one repair_orders row by id.
// It writes one JSON object per line (floor, concurrency, ops, rate, p50_ms,
// p99_ms, errors) and a line per run on standard output.
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <algorithm>
#include <atomic>
#include <boost/program_options.hpp>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/db_pool.h"
#include "services/common/ids.h"
#include "services/common/migrations.h"
#include "services/common/sql.h"
#include "services/orders/storage/mysql_order_repository.h"
#include "tools/command_line.h"

namespace {

namespace po = boost::program_options;
using fieldservice::common::ConnectionPool;
using fieldservice::common::DbSettings;

// The tables one order creation writes a row into, parents first. A table the
// create path starts writing (or stops writing) belongs here too. The day's
// order_number_counters row is left out on purpose: issue 8 asks for order
// numbers without a hot row, so the floor is the rows an order needs.
constexpr const char* kCreateTables[] = {"repair_orders", "order_events", "order_deadlines",
                                         "outbox"};
// Child tables name their order by this column; it gets LAST_INSERT_ID(), the
// id of the order row inserted just before in the same transaction.
constexpr char kParentColumn[] = "order_id";

struct Options {
  DbSettings db;
  std::string database_prefix = "bench_floor";
  std::vector<std::string> floors;
  std::vector<int> concurrency;
  absl::Duration duration = absl::Seconds(5);
  absl::Duration warmup = absl::Seconds(1);
  std::string json_file;
};

struct RunResult {
  int64_t ops = 0;
  int64_t errors = 0;
  double seconds = 0;
  absl::Duration p50, p99;
};

// A column of a table, as information_schema describes it.
struct Column {
  std::string name;
  std::string type;  // DATA_TYPE: varchar, bigint, datetime, ...
  int64_t max_length = 0;
};

// A value for every column of a row. Strings start with a token unique in
// the run, so unique keys (order number, request id, message id) never clash.
class RowValues {
 public:
  explicit RowValues(std::vector<Column> columns) : columns_(std::move(columns)) {}

  std::string InsertSql(const std::string& table) const {
    std::vector<std::string> names, marks;
    for (const Column& c : columns_) {
      names.push_back(c.name);
      marks.push_back(c.name == kParentColumn ? "LAST_INSERT_ID()" : "?");
    }
    return absl::StrCat("INSERT INTO ", table, " (", absl::StrJoin(names, ", "), ") VALUES (",
                        absl::StrJoin(marks, ", "), ")");
  }

  void Bind(sql::PreparedStatement& st, const std::string& token, int64_t seq,
            const std::string& now) const {
    int index = 1;
    for (const Column& c : columns_) {
      if (c.name == kParentColumn) continue;
      const std::string& t = c.type;
      if (t == "varchar" || t == "char") {
        // Short columns (a region code) take the start of a longer value.
        std::string text = token;
        text.resize(std::min<int64_t>(c.max_length, 24), 'x');
        st.setString(index++, text);
      } else if (t == "text" || t == "mediumtext" || t == "blob" || t == "mediumblob") {
        st.setString(index++, token + std::string(64, 't'));
      } else if (t == "datetime" || t == "timestamp") {
        st.setString(index++, now);
      } else if (t == "date") {
        st.setString(index++, now.substr(0, 10));
      } else if (t == "tinyint") {
        st.setInt(index++, 0);
      } else if (t == "double" || t == "float" || t == "decimal") {
        st.setDouble(index++, 30.5);
      } else {
        st.setInt64(index++, seq);  // int, bigint: the sequence, any value fits
      }
    }
  }

 private:
  std::vector<Column> columns_;
};

std::vector<Column> ColumnsOf(sql::Connection& c, const std::string& database,
                              const std::string& table) {
  std::unique_ptr<sql::PreparedStatement> st(c.prepareStatement(
      "SELECT COLUMN_NAME, DATA_TYPE, COALESCE(CHARACTER_MAXIMUM_LENGTH, 0), EXTRA"
      " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
      " ORDER BY ORDINAL_POSITION"));
  st->setString(1, database);
  st->setString(2, table);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  std::vector<Column> columns;
  while (rs->next()) {
    // An auto-increment id is the database's to give, as in the services.
    if (std::string(rs->getString(4)).find("auto_increment") != std::string::npos) continue;
    columns.push_back({rs->getString(1), rs->getString(2), rs->getInt64(3)});
  }
  if (columns.empty()) throw std::runtime_error(absl::StrCat("table ", table, " has no columns"));
  return columns;
}

void Execute(sql::Connection& c, const std::string& statement) {
  std::unique_ptr<sql::Statement> st(c.createStatement());
  st->execute(statement);
}

// One client thread's work: Prepare once, then Once per operation.
class Work {
 public:
  virtual ~Work() = default;
  virtual void Prepare(sql::Connection& c) = 0;
  virtual void Once(sql::Connection& c, int64_t seq) = 0;
};

class SingleInsert : public Work {
 public:
  void Prepare(sql::Connection& c) override {
    c.setAutoCommit(false);
    insert_.reset(c.prepareStatement("INSERT INTO single_rows (seq, at, note) VALUES (?, ?, ?)"));
  }
  void Once(sql::Connection& c, int64_t seq) override {
    insert_->setInt64(1, seq);
    insert_->setString(2, fieldservice::common::FormatSqlTime(absl::Now()));
    insert_->setString(3, "a single-row transaction");
    insert_->executeUpdate();
    c.commit();
  }

 private:
  std::unique_ptr<sql::PreparedStatement> insert_;
};

class CreateRows : public Work {
 public:
  CreateRows(const std::vector<RowValues>* tables, std::string run_tag)
      : tables_(tables), run_tag_(std::move(run_tag)) {}
  void Prepare(sql::Connection& c) override {
    c.setAutoCommit(false);
    for (size_t i = 0; i < tables_->size(); ++i) {
      inserts_.emplace_back(c.prepareStatement((*tables_)[i].InsertSql(kCreateTables[i])));
    }
  }
  void Once(sql::Connection& c, int64_t seq) override {
    const std::string token = absl::StrCat(run_tag_, "-", seq);
    const std::string now = fieldservice::common::FormatSqlTime(absl::Now());
    for (size_t i = 0; i < inserts_.size(); ++i) {
      (*tables_)[i].Bind(*inserts_[i], token, seq, now);
      inserts_[i]->executeUpdate();
    }
    c.commit();
  }

 private:
  const std::vector<RowValues>* tables_;
  const std::string run_tag_;
  std::vector<std::unique_ptr<sql::PreparedStatement>> inserts_;
};

class PkSelect : public Work {
 public:
  // `ids`: the ids of rows that exist (auto-increment ids may have gaps).
  explicit PkSelect(const std::vector<int64_t>* ids) : ids_(ids), pick_(0, ids->size() - 1) {}
  void Prepare(sql::Connection& c) override {
    c.setAutoCommit(true);
    select_.reset(c.prepareStatement("SELECT * FROM repair_orders WHERE id = ?"));
  }
  void Once(sql::Connection&, int64_t) override {
    select_->setInt64(1, (*ids_)[pick_(random_)]);
    std::unique_ptr<sql::ResultSet> rs(select_->executeQuery());
    if (!rs->next()) throw std::runtime_error("pk_select: no row");
    // Every column read, as a service reads the whole order.
    const unsigned columns = rs->getMetaData()->getColumnCount();
    for (unsigned i = 1; i <= columns; ++i) rs->getString(i);
  }

 private:
  const std::vector<int64_t>* ids_;
  std::unique_ptr<sql::PreparedStatement> select_;
  std::mt19937_64 random_{std::random_device{}()};
  std::uniform_int_distribution<size_t> pick_;
};

absl::Duration Percentile(const std::vector<absl::Duration>& sorted, double q) {
  if (sorted.empty()) return absl::ZeroDuration();
  size_t at = static_cast<size_t>(q * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(at, sorted.size() - 1)];
}

// Runs `concurrency` threads, each with its own connection and Work, for the
// warm-up and then the measured duration.
// `sequence` numbers the operations of every run of the program, so the
// values made from it stay unique across runs.
RunResult Measure(ConnectionPool& pool, int concurrency, const Options& options,
                  std::atomic<int64_t>& sequence,
                  const std::function<std::unique_ptr<Work>()>& make_work) {
  struct Lane {
    std::vector<absl::Duration> latencies;
    int64_t errors = 0;
    std::string failure;
  };
  std::vector<Lane> lanes(concurrency);
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  absl::Time measure_from, stop_at;
  std::vector<std::thread> threads;
  for (int i = 0; i < concurrency; ++i) {
    threads.emplace_back([&, i] {
      Lane& lane = lanes[i];
      auto lease = pool.Acquire(absl::Now() + absl::Seconds(30));
      std::unique_ptr<Work> work = make_work();
      if (lease.ok()) {
        try {
          work->Prepare(lease->connection());
        } catch (const sql::SQLException& e) {
          lane.failure = e.what();
        }
      } else {
        lane.failure = std::string(lease.status().message());
      }
      ++ready;
      while (!go.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      if (!lane.failure.empty()) return;
      for (;;) {
        const absl::Time started = absl::Now();
        if (started >= stop_at) break;
        bool ok = true;
        try {
          work->Once(lease->connection(), sequence.fetch_add(1));
        } catch (const std::exception& e) {
          ok = false;
          try {
            lease->connection().rollback();
          } catch (const sql::SQLException&) {
          }
          if (lane.failure.empty()) lane.failure = e.what();
        }
        const absl::Time ended = absl::Now();
        if (started < measure_from || ended > stop_at) continue;
        if (ok) {
          lane.latencies.push_back(ended - started);
        } else {
          ++lane.errors;
        }
      }
    });
  }
  while (ready.load() < concurrency) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  measure_from = absl::Now() + options.warmup;
  stop_at = measure_from + options.duration;
  go.store(true);
  for (std::thread& t : threads) t.join();

  RunResult result;
  std::vector<absl::Duration> all;
  for (const Lane& lane : lanes) {
    all.insert(all.end(), lane.latencies.begin(), lane.latencies.end());
    result.errors += lane.errors;
    if (!lane.failure.empty()) std::cerr << "floors: " << lane.failure << "\n";
  }
  std::sort(all.begin(), all.end());
  result.ops = static_cast<int64_t>(all.size());
  result.seconds = absl::ToDoubleSeconds(options.duration);
  result.p50 = Percentile(all, 0.50);
  result.p99 = Percentile(all, 0.99);
  return result;
}

std::string Ms(absl::Duration d) { return absl::StrFormat("%.3f", absl::ToDoubleMilliseconds(d)); }

std::string JsonLine(const std::string& floor, int concurrency, const RunResult& r) {
  return absl::StrFormat(
      "{\"floor\": \"%s\", \"concurrency\": %d, \"ops\": %d, \"seconds\": %.3f, \"rate\": %.2f, "
      "\"p50_ms\": %s, \"p99_ms\": %s, \"errors\": %d}",
      floor, concurrency, r.ops, r.seconds, r.ops / r.seconds, Ms(r.p50), Ms(r.p99), r.errors);
}

std::unique_ptr<ConnectionPool> PoolFor(const Options& options, const std::string& database,
                                        int size) {
  DbSettings db = options.db;
  db.database = database;
  db.pool_size = size;
  return std::make_unique<ConnectionPool>(db);
}

// A fresh database of the given name (a previous run's is dropped).
void Recreate(ConnectionPool& admin, const std::string& database) {
  auto lease = admin.Acquire();
  if (!lease.ok()) throw std::runtime_error(std::string(lease.status().message()));
  Execute(lease->connection(), absl::StrCat("DROP DATABASE IF EXISTS `", database, "`"));
  Execute(lease->connection(), absl::StrCat("CREATE DATABASE `", database,
                                            "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"));
}

std::vector<int64_t> OrderIds(ConnectionPool& pool) {
  auto lease = pool.Acquire();
  if (!lease.ok()) throw std::runtime_error(std::string(lease.status().message()));
  std::unique_ptr<sql::Statement> st(lease->connection().createStatement());
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT id FROM repair_orders"));
  std::vector<int64_t> ids;
  while (rs->next()) ids.push_back(rs->getInt64(1));
  return ids;
}

bool ParseOptions(int argc, char** argv, Options* options, int* exit_code) {
  std::string floors = "single_insert,create_rows,pk_select", concurrency = "1,16,64";
  std::string duration = "5s", warmup = "1s";
  po::options_description description("floors options");
  description.add_options()("help", "this text")(
      "db_host", po::value(&options->db.host)->default_value("127.0.0.1"), "database host")(
      "db_port", po::value(&options->db.port)->required(), "database port")(
      "db_user", po::value(&options->db.user)->required(),
      "a user that may create databases (password in FS_DB_PASSWORD)")(
      "db_tls_ca", po::value(&options->db.tls_ca),
      "CA file: connect with verified TLS, as the services do (empty: plain text)")(
      "database_prefix", po::value(&options->database_prefix)->default_value("bench_floor"),
      "the floors' databases are PREFIX_single and PREFIX_orders (dropped and made anew)")(
      "floors", po::value(&floors)->default_value(floors),
      "comma-separated: single_insert, create_rows, pk_select")(
      "concurrency", po::value(&concurrency)->default_value(concurrency),
      "comma-separated client thread counts")(
      "duration", po::value(&duration)->default_value(duration), "measured time of each run")(
      "warmup", po::value(&warmup)->default_value(warmup), "uncounted time before each run")(
      "json", po::value(&options->json_file), "write one JSON object per run to this file");
  po::variables_map vm;
  if (!fieldservice::tools::ReadCommandLine("floors", argc, argv, description, &vm, exit_code)) {
    return false;
  }
  std::string error;
  options->floors = absl::StrSplit(floors, ',', absl::SkipEmpty());
  for (const std::string& f : options->floors) {
    if (f != "single_insert" && f != "create_rows" && f != "pk_select") {
      error = absl::StrCat("--floors: unknown floor '", f, "'");
    }
  }
  for (absl::string_view c : absl::StrSplit(concurrency, ',', absl::SkipEmpty())) {
    int n = 0;
    if (!absl::SimpleAtoi(c, &n) || n < 1 || n > 400) error = "--concurrency: numbers 1 to 400";
    options->concurrency.push_back(n);
  }
  if (!absl::ParseDuration(duration, &options->duration) ||
      !absl::ParseDuration(warmup, &options->warmup) || options->duration <= absl::ZeroDuration()) {
    error = "--duration and --warmup are durations such as 5s";
  }
  const char* password = std::getenv("FS_DB_PASSWORD");
  if (password != nullptr) options->db.password = password;
  if (!error.empty()) {
    std::cerr << "floors: " << error << "\n";
    *exit_code = 2;
    return false;
  }
  return true;
}

int Run(const Options& options) {
  const int most = *std::max_element(options.concurrency.begin(), options.concurrency.end());
  const std::string single_db = options.database_prefix + "_single";
  const std::string orders_db = options.database_prefix + "_orders";
  auto admin = PoolFor(options, "mysql", 1);
  Recreate(*admin, single_db);
  Recreate(*admin, orders_db);
  auto single = PoolFor(options, single_db, most);
  auto orders = PoolFor(options, orders_db, most);
  {
    auto lease = single->Acquire();
    if (!lease.ok()) throw std::runtime_error(std::string(lease.status().message()));
    Execute(lease->connection(),
            "CREATE TABLE single_rows (id BIGINT NOT NULL AUTO_INCREMENT, seq BIGINT NOT NULL,"
            " at DATETIME(6) NOT NULL, note VARCHAR(64) NOT NULL, PRIMARY KEY (id))"
            " ENGINE=InnoDB");
  }
  absl::StatusOr<int> migrated = fieldservice::common::ApplyMigrations(
      *orders, fieldservice::orders::EmbeddedMigrations(), absl::Seconds(30));
  if (!migrated.ok()) throw std::runtime_error(std::string(migrated.status().message()));

  std::vector<RowValues> create_tables;
  {
    auto lease = orders->Acquire();
    if (!lease.ok()) throw std::runtime_error(std::string(lease.status().message()));
    for (const char* table : kCreateTables) {
      create_tables.emplace_back(ColumnsOf(lease->connection(), orders_db, table));
    }
  }
  const std::string run_tag = fieldservice::common::NewUuid().substr(0, 6);
  std::atomic<int64_t> sequence{0};

  std::ofstream json;
  if (!options.json_file.empty()) json.open(options.json_file);
  for (const std::string& floor : options.floors) {
    for (int concurrency : options.concurrency) {
      RunResult result;
      if (floor == "single_insert") {
        result = Measure(*single, concurrency, options, sequence,
                         [] { return std::make_unique<SingleInsert>(); });
      } else if (floor == "create_rows") {
        result = Measure(*orders, concurrency, options, sequence,
                         [&] { return std::make_unique<CreateRows>(&create_tables, run_tag); });
      } else {
        // Rows to read: those create_rows wrote, or a few thousand made now.
        std::vector<int64_t> ids = OrderIds(*orders);
        if (ids.empty()) {
          Options fill = options;
          fill.duration = absl::Seconds(2);
          fill.warmup = absl::ZeroDuration();
          Measure(*orders, 4, fill, sequence,
                  [&] { return std::make_unique<CreateRows>(&create_tables, run_tag); });
          ids = OrderIds(*orders);
        }
        if (ids.empty()) throw std::runtime_error("pk_select: no order rows to read");
        result = Measure(*orders, concurrency, options, sequence,
                         [&] { return std::make_unique<PkSelect>(&ids); });
      }
      const std::string line = JsonLine(floor, concurrency, result);
      std::cout << line << "\n" << std::flush;
      if (json.is_open()) json << line << "\n" << std::flush;
    }
  }
  if (json.is_open() && !json) {
    std::cerr << "floors: cannot write " << options.json_file << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  int exit_code = 0;
  if (!ParseOptions(argc, argv, &options, &exit_code)) return exit_code;
  try {
    return Run(options);
  } catch (const std::exception& e) {
    std::cerr << "floors: " << e.what() << "\n";
    return 1;
  }
}
