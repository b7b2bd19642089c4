// Issue 13 "Must show": the services replicated on a real Galera cluster.
// Three MariaDB Galera nodes with HAProxy in front (tests/support/
// private_galera.h, started by the same shell library as scripts/cluster.sh)
// and two replicas of every service (JourneySystem), each caller reaching a
// service's replicas through one round-robin channel. A bounded load of
// whole orders (tools/cluster_load: creation, assignment, completion) runs
// through both replicas of orders and scheduling while, in turn:
//   1. the Galera node HAProxy writes to is killed with SIGKILL, and started
//      again (it rejoins by IST);
//   2. one replica of each service is killed with SIGKILL and started again;
//   3. HAProxy is stopped hard and started again.
// At the end every acknowledged order is there exactly once, on every node,
// with its job completed; the nodes hold the same rows; no outbox message
// was acted on twice; and the figures (requests, errors by code, the
// longest outage a client saw) are printed.
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "tests/cluster_load/load_checks.h"
#include "tests/journey/journey_system.h"
#include "tests/support/private_galera.h"
#include "tests/support/sample_time.h"
#include "tools/cluster_load/load_driver.h"

namespace fieldservice::testing {
namespace {

using tools::cluster_load::LoadPlan;
using tools::cluster_load::LoadReport;
using tools::cluster_load::LoadSetup;

// Monday 23 November 2026, 10:00 in China: the services' clock at the start
// (the callback service's two days on, as in the journey).
const absl::Time kNow = SampleMonday();
constexpr int kTechnicians = 6;
// How long the relays may take to deliver what the faults held up.
constexpr absl::Duration kPatience = absl::Seconds(120);

// One timed event of the run, printed at the end.
struct Mark {
  absl::Duration at;
  std::string what;
};

class ClusterE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = PrivateGalera::Start();
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    galera_ = *std::move(cluster);
    galera_->UseForTestDatabases();
    started_ = absl::Now();
    system_ = std::make_unique<JourneySystem>(kNow, kNow + absl::Hours(48), /*replicas=*/2);
    // Reads wait for their node to apply what other nodes committed.
    system_->AddArgs({"--db_wsrep_sync_wait=1"});
    ASSERT_TRUE(system_->Start());
    auto setup = PrepareLoad(*system_, kTechnicians, "cluster-tech-");
    ASSERT_TRUE(setup.ok()) << setup.status();
    setup_ = *std::move(setup);
  }

  void TearDown() override {
    if (HasFailure() && galera_ != nullptr) {
      std::printf("the cluster's folder is kept for a look: %s\n", galera_->KeepFolder().c_str());
    }
    // The services stop before the cluster under them.
    system_.reset();
    galera_.reset();
  }

  void Note(const std::string& what) {
    marks_.push_back({absl::Now() - started_, what});
    std::printf("[%8s] %s\n", absl::FormatDuration(marks_.back().at).c_str(), what.c_str());
    std::fflush(stdout);
  }

  // The faults, one after the other, each waited out before the next.
  void RunFaults() {
    const int writer = galera_->Writer();
    ASSERT_GT(writer, 0) << "HAProxy sends to no node";
    Note(absl::StrCat("galera node ", writer, " (HAProxy's writer) killed"));
    galera_->KillNode(writer);
    absl::SleepFor(absl::Seconds(2));
    absl::Status rejoined = galera_->StartNode(writer);
    ASSERT_TRUE(rejoined.ok()) << rejoined;
    Note(absl::StrCat("galera node ", writer, " rejoined and Synced; writer now node ",
                      galera_->Writer()));
    for (const std::string& service : kJourneyServices) {
      Note(absl::StrCat(service, " replica 0 killed"));
      ASSERT_TRUE(system_->KillAndRestart(service, absl::Seconds(1), 0));
      Note(absl::StrCat(service, " replica 0 serving again"));
    }
    Note("HAProxy restarted");
    absl::Status restarted = galera_->RestartBalancer();
    ASSERT_TRUE(restarted.ok()) << restarted;
    Note(absl::StrCat("HAProxy serving again; writer node ", galera_->Writer()));
  }

  // The rows `sql` answers in `service`'s database on node n, each row's
  // columns joined by a space; read once the node has applied everything
  // committed before (wsrep_sync_wait).
  std::vector<std::string> OnNode(int n, const std::string& service, const std::string& sql) {
    auto connection = ConnectForChecks(galera_->OnNode(system_->Database(service), n),
                                       /*cluster_sync=*/true);
    std::unique_ptr<sql::Statement> statement(connection->createStatement());
    std::unique_ptr<sql::ResultSet> rows(statement->executeQuery(sql));
    std::vector<std::string> out;
    const int columns = static_cast<int>(rows->getMetaData()->getColumnCount());
    while (rows->next()) {
      std::vector<std::string> row;
      for (int c = 1; c <= columns; ++c) row.push_back(rows->getString(c));
      out.push_back(absl::StrJoin(row, " "));
    }
    return out;
  }

  // Until no sender holds an undelivered message (the faults held some up).
  void AwaitOutboxesDelivered() {
    const absl::Time give_up = absl::Now() + kPatience;
    for (const char* service : {"orders", "scheduling", "callback"}) {
      while (OnNode(1, service, "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL") !=
             std::vector<std::string>{"0"}) {
        ASSERT_LT(absl::Now(), give_up) << service << " did not deliver its messages";
        absl::SleepFor(absl::Milliseconds(200));
      }
    }
  }

  // For a failure: each acknowledged order some node lacks a completed
  // job for, as every node holds it in both services.
  void ShowWhatEachNodeHolds(const LoadReport& report) {
    for (const auto& o : report.orders) {
      bool whole = true;
      for (int n = 1; n <= PrivateGalera::kNodes; ++n) {
        whole = whole && OnNode(n, "scheduling",
                                "SELECT step FROM dispatch_jobs WHERE order_number = '" +
                                    o.order_number + "'") == std::vector<std::string>{"COMPLETED"};
      }
      if (whole) continue;
      std::printf("order %s (request %s, technician %s, completed by the load: %d)\n",
                  o.order_number.c_str(), o.request_id.c_str(), o.technician_id.c_str(),
                  o.completed);
      const std::string where = "'" + o.order_number + "'";
      for (int n = 1; n <= PrivateGalera::kNodes; ++n) {
        std::printf(" node %d\n", n);
        for (const auto& [service, sql] : std::vector<std::pair<std::string, std::string>>{
                 {"orders",
                  "SELECT 'order', id, status, version FROM repair_orders"
                  " WHERE order_number = " +
                      where},
                 {"orders",
                  "SELECT 'event', seq, action, event, from_status, to_status, actor, at"
                  " FROM order_events WHERE order_id = (SELECT id FROM repair_orders"
                  " WHERE order_number = " +
                      where + ") ORDER BY seq"},
                 {"scheduling",
                  "SELECT 'job', step, technician_id, order_version FROM dispatch_jobs"
                  " WHERE order_number = " +
                      where},
                 {"scheduling",
                  "SELECT 'operation', operation_id, done_at FROM app_operations"
                  " WHERE order_number = " +
                      where},
                 {"callback",
                  "SELECT 'task', task_key, state FROM callback_tasks"
                  " WHERE order_number = " +
                      where}}) {
          try {
            for (const std::string& row : OnNode(n, service, sql)) {
              std::printf("   %s\n", row.c_str());
            }
          } catch (const sql::SQLException& e) {
            std::printf("   (%s: %s)\n", service.c_str(), e.what());
          }
        }
      }
    }
  }

  std::unique_ptr<PrivateGalera> galera_;
  absl::Time started_;
  std::unique_ptr<JourneySystem> system_;
  LoadSetup setup_;
  std::vector<Mark> marks_;
};

TEST_F(ClusterE2ETest, LosingANodeAReplicaOrTheBalancerLosesNoAcknowledgedWrite) {
  // Bounded: the workers take orders until the faults are over and the
  // system has run a while after them, at most max_orders_per_worker each.
  std::atomic<bool> enough{false};
  LoadPlan plan{.workers = 4,
                .orders_per_worker = 60,
                .stop = &enough,
                .step_retry_window = absl::Seconds(120)};
  LoadSetup setup = setup_;
  setup.now = kNow + (absl::Now() - started_);
  LoadReport report;
  Note("load started: 4 clients through both replicas of orders and scheduling");
  std::thread load([&] { report = tools::cluster_load::RunLoad(setup, plan); });
  absl::SleepFor(absl::Seconds(3));
  RunFaults();
  absl::SleepFor(absl::Seconds(3));
  enough = true;
  load.join();
  Note("load finished");
  std::printf("%s", report.Text().c_str());
  ASSERT_FALSE(HasFatalFailure());

  EXPECT_TRUE(report.failures.empty()) << report.Text();
  EXPECT_TRUE(report.AllCompleted()) << report.Text();
  EXPECT_GT(report.orders_completed, 0);

  AwaitOutboxesDelivered();
  ASSERT_FALSE(HasFatalFailure());
  const std::string orders = absl::StrCat(report.orders.size());
  for (int n = 1; n <= PrivateGalera::kNodes; ++n) {
    SCOPED_TRACE(absl::StrCat("node ", n));
    // Every acknowledged order once, its job completed, nothing else.
    CheckStoredOnce(report, galera_->OnNode(system_->Database("orders"), n),
                    galera_->OnNode(system_->Database("scheduling"), n), kPatience,
                    /*cluster_sync=*/true);
    // Acted on once, whatever the relays delivered twice: one 三包
    // decision per order, one callback task per completed visit.
    EXPECT_EQ(OnNode(n, "warranty", "SELECT COUNT(*), COUNT(DISTINCT order_name) FROM decisions"),
              std::vector<std::string>{orders + " " + orders});
    EXPECT_EQ(OnNode(n, "callback",
                     "SELECT COUNT(*), COUNT(DISTINCT order_number, visit_number)"
                     " FROM callback_tasks"),
              std::vector<std::string>{orders + " " + orders});
    // Every message sent was delivered; none parked.
    for (const char* service : {"orders", "scheduling", "callback"}) {
      EXPECT_EQ(OnNode(n, service, "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL"),
                std::vector<std::string>{"0"})
          << service;
    }
  }
  // The nodes hold the same rows: the same checksum of every table that
  // only the load changes.
  const std::vector<std::pair<std::string, std::string>> tables = {
      {"orders", "repair_orders"},      {"orders", "order_events"},
      {"scheduling", "dispatch_jobs"},  {"scheduling", "app_operations"},
      {"scheduling", "repair_records"}, {"warranty", "decisions"},
      {"callback", "callback_tasks"}};
  for (const auto& [service, table] : tables) {
    const std::vector<std::string> first = OnNode(1, service, "CHECKSUM TABLE " + table);
    for (int n = 2; n <= PrivateGalera::kNodes; ++n) {
      EXPECT_EQ(OnNode(n, service, "CHECKSUM TABLE " + table), first)
          << service << "." << table << " differs between node 1 and node " << n;
    }
  }
  if (HasFailure()) ShowWhatEachNodeHolds(report);
  std::printf("faults and recoveries:\n");
  for (const Mark& m : marks_) {
    std::printf("  %8s  %s\n", absl::FormatDuration(m.at).c_str(), m.what.c_str());
  }
}

}  // namespace
}  // namespace fieldservice::testing
