#include "tools/cluster_load/load_driver.h"

#include <grpcpp/security/credentials.h>

#include <algorithm>
#include <memory>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "services/common/files.h"
#include "services/common/service_channel.h"
#include "tools/cluster_load/load_worker.h"

namespace fieldservice::tools::cluster_load {
namespace {

absl::Status CheckLoad(const LoadSetup& setup, const LoadPlan& plan) {
  std::vector<std::string> wrong;
  if (setup.orders_address.empty()) wrong.push_back("orders_address is required");
  if (setup.scheduling_address.empty()) wrong.push_back("scheduling_address is required");
  if (!setup.plaintext && setup.ca_file.empty()) wrong.push_back("ca_file is required for TLS");
  if (setup.technicians.empty()) wrong.push_back("at least one technician is required");
  if (setup.now == absl::Time()) wrong.push_back("now (the servers' clock) is required");
  if (!(setup.clock_rate > 0)) wrong.push_back("clock_rate must be positive");
  if (plan.workers < 1 || plan.orders_per_worker < 0) {
    wrong.push_back("workers must be at least 1, orders_per_worker at least 0");
  }
  if (plan.window_hours.empty() || plan.window <= absl::ZeroDuration()) {
    wrong.push_back("window_hours and a positive window are required");
  }
  if (plan.call_deadline <= absl::ZeroDuration() || plan.initial_backoff <= absl::ZeroDuration()) {
    wrong.push_back("call_deadline and initial_backoff must be positive");
  }
  if (wrong.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrJoin(wrong, "; "));
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> Credentials(const LoadSetup& setup) {
  if (setup.plaintext) return grpc::InsecureChannelCredentials();
  auto ca = common::ReadTextFile(setup.ca_file);
  if (!ca.ok()) return absl::InvalidArgumentError(absl::StrCat("CA file: ", ca.status().message()));
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = *ca;
  return grpc::SslCredentials(tls);
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenLoadChannel(const LoadSetup& setup,
                                                               const std::string& addresses) {
  auto credentials = Credentials(setup);
  if (!credentials.ok()) return credentials.status();
  return common::OpenServiceChannel(addresses, *credentials);
}

LoadReport RunLoad(const LoadSetup& setup, const LoadPlan& plan) {
  absl::Status usable = CheckLoad(setup, plan);
  // Opened once here to check the CA file and both addresses; the workers
  // then open their own.
  for (const std::string* address : {&setup.orders_address, &setup.scheduling_address}) {
    if (usable.ok()) usable = OpenLoadChannel(setup, *address).status();
  }
  if (!usable.ok()) {
    LoadReport refused;
    refused.orders_attempted =
        static_cast<int64_t>(std::max(plan.workers, 0)) * std::max(plan.orders_per_worker, 0);
    refused.failures.push_back(absl::StrCat("setup: ", usable.message()));
    return refused;
  }
  const std::string run_tag =
      setup.run_tag.empty() ? absl::StrCat(absl::ToUnixMillis(absl::Now())) : setup.run_tag;
  WindowBook windows(absl::ToCivilDay(setup.now, setup.business_zone) + plan.first_day_offset,
                     plan.window_hours, setup.business_zone);

  const absl::Time wall_start = absl::Now();
  std::vector<std::unique_ptr<LoadWorker>> workers;
  for (int i = 0; i < plan.workers; ++i) {
    // Each worker its own channels: a client of its own.
    workers.push_back(std::make_unique<LoadWorker>(
        setup, plan, i, run_tag, wall_start,
        WorkerChannels{.orders = *OpenLoadChannel(setup, setup.orders_address),
                       .scheduling = *OpenLoadChannel(setup, setup.scheduling_address)},
        windows));
  }
  std::vector<std::thread> threads;
  for (auto& w : workers) threads.emplace_back([&w] { w->Run(); });
  for (auto& t : threads) t.join();
  const absl::Duration wall_time = absl::Now() - wall_start;

  std::vector<const WorkerFigures*> figures;
  for (const auto& w : workers) figures.push_back(&w->figures());
  return ReportOf(figures, wall_time);
}

}  // namespace fieldservice::tools::cluster_load
