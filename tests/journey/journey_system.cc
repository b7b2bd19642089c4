#include "tests/journey/journey_system.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "tests/support/json_tree.h"
#include "tests/support/service_under_test.h"
#include "tests/support/test_db.h"

namespace fieldservice::testing {
namespace {

const std::map<std::string, std::string> kBinaries = {
    {"orders", ORDERS_SERVER_PATH},
    {"warranty", WARRANTY_SERVER_PATH},
    {"scheduling", SCHEDULING_SERVER_PATH},
    {"callback", CALLBACK_SERVER_PATH},
};

// The relays deliver within a second or so, and give up on a dead receiver
// quickly enough that a restart is noticed soon.
const std::vector<std::string> kQuickOutbox = {"--outbox_poll_interval=200ms",
                                               "--outbox_initial_backoff=200ms",
                                               "--outbox_max_backoff=1s", "--allow_fake_now=true"};

}  // namespace

JourneySystem::~JourneySystem() {
  // Callers first, so nobody relays into a stopped service at the end.
  for (auto it = kJourneyServices.rbegin(); it != kJourneyServices.rend(); ++it) {
    for (int i = 0; i < replicas_; ++i) {
      auto found = processes_.find({*it, i});
      if (found == processes_.end() || found->second == nullptr) continue;
      auto code = found->second->Terminate(absl::Seconds(15));
      EXPECT_TRUE(code.ok() && *code == 0) << *it << " #" << i << ": " << found->second->Log();
    }
  }
  for (auto& [service, db] : databases_) DropTestDatabase(db);
}

std::vector<std::string> JourneySystem::ArgsOf(const Replica& replica) const {
  const std::string& service = replica.first;
  // Warranty keeps no outbox and reads no clock of its own.
  if (service == "warranty") return {};
  std::vector<std::string> args = kQuickOutbox;
  // Each replica holds its own outbox leases, under a name that stays the
  // same when it restarts (it takes its own leases back at once).
  args.push_back(absl::StrCat("--outbox_replica_id=", service, "-", replica.second));
  args.push_back(
      absl::StrCat("--fake_now=", Rfc3339(service == "callback" ? callback_now_ : now_)));
  args.push_back(absl::StrCat("--fake_now_anchor=", Rfc3339(started_)));
  auto add = [&](std::vector<std::string> more) {
    args.insert(args.end(), more.begin(), more.end());
  };
  if (service == "scheduling") {
    add({"--orders_address=" + Address("orders"), "--orders_timeout=1s",
         "--app_stream_poll_interval=200ms"});
  } else if (service == "callback") {
    add({"--orders_address=" + Address("orders"), "--orders_timeout=1s",
         "--scheduling_address=" + Address("scheduling"), "--scheduling_timeout=1s"});
  } else if (service == "orders") {
    add({"--warranty_address=" + Address("warranty"), "--warranty_timeout=1s",
         "--scheduling_address=" + Address("scheduling"), "--scheduling_timeout=1s",
         "--callback_address=" + Address("callback"), "--callback_timeout=1s"});
  }
  return args;
}

bool JourneySystem::Launch(const Replica& replica) {
  ServerProcessOptions options = options_.at(replica.first);
  options.args[0] = absl::StrCat("--listen=127.0.0.1:", ports_[replica]);
  for (const std::string& arg : ArgsOf(replica)) options.args.push_back(arg);
  auto started = ServerProcess::Start(options);
  EXPECT_TRUE(started.ok()) << replica.first << " #" << replica.second << ": " << started.status();
  if (!started.ok()) return false;
  ports_[replica] = (*started)->port();
  processes_[replica] = *std::move(started);
  return true;
}

bool JourneySystem::Start() {
  started_ = absl::Now();
  std::vector<common::DbSettings> made;
  for (const std::string& service : kJourneyServices) {
    options_[service] =
        ServiceOptions({kBinaries.at(service), service, service + "_journey", {}}, made);
    // The probes of orders' ports get them too.
    for (const std::string& arg : common_args_) options_[service].args.push_back(arg);
    databases_[service] = made.back();
    for (int i = 0; i < replicas_; ++i) ports_[{service, i}] = 0;
  }
  // Orders' ports are learned first (a start and a stop on its own
  // database, which also migrates it), so its callers can be told them.
  // All run at once, so no two get the same port.
  std::vector<std::unique_ptr<ServerProcess>> probes;
  for (int i = 0; i < replicas_; ++i) {
    auto probe = ServerProcess::Start(options_.at("orders"));
    EXPECT_TRUE(probe.ok()) << probe.status();
    if (!probe.ok()) return false;
    ports_[{"orders", i}] = (*probe)->port();
    probes.push_back(*std::move(probe));
  }
  for (auto& probe : probes) {
    if (!probe->Terminate(absl::Seconds(15)).ok()) return false;
  }
  for (const std::string& service : kJourneyServices) {
    for (int i = 0; i < replicas_; ++i) {
      if (!Launch({service, i})) return false;
    }
  }
  return true;
}

bool JourneySystem::KillAndRestart(const std::string& service, absl::Duration down, int replica) {
  processes_.at({service, replica})->Kill();
  processes_.at({service, replica}).reset();
  absl::SleepFor(down);
  return Launch({service, replica});
}

std::string JourneySystem::Address(const std::string& service) const {
  std::vector<std::string> all;
  for (int i = 0; i < replicas_; ++i) all.push_back(ReplicaAddress(service, i));
  return absl::StrJoin(all, ",");
}

std::string JourneySystem::ReplicaAddress(const std::string& service, int replica) const {
  return absl::StrCat("127.0.0.1:", ports_.at({service, replica}));
}

const common::DbSettings& JourneySystem::Database(const std::string& service) const {
  return databases_.at(service);
}

}  // namespace fieldservice::testing
