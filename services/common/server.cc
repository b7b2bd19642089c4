#include "services/common/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>
#include <grpcpp/server_builder.h>
#include <signal.h>

#include "absl/strings/str_cat.h"

namespace fieldservice::common {

absl::StatusOr<std::unique_ptr<ServerHost>> ServerHost::Start(
    const ServerOptions& options, const std::vector<grpc::Service*>& services) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  auto host = std::unique_ptr<ServerHost>(new ServerHost());
  builder.AddListeningPort(options.listen_address, grpc::InsecureServerCredentials(), &host->port_);
  grpc::ResourceQuota quota("fieldservice");
  quota.SetMaxThreads(options.max_threads);
  builder.SetResourceQuota(quota);
  for (grpc::Service* s : services) builder.RegisterService(s);
  host->server_ = builder.BuildAndStart();
  if (host->server_ == nullptr || host->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen_address));
  }
  return host;
}

void ServerHost::Shutdown(absl::Duration grace) {
  if (auto* health = server_->GetHealthCheckService()) {
    health->Shutdown();  // every service reports NOT_SERVING from now on
  }
  server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
}

void ServerHost::SetServing(const std::vector<std::string>& services, bool serving) {
  auto* health = server_->GetHealthCheckService();
  if (health == nullptr) return;
  health->SetServingStatus("", serving);
  for (const std::string& name : services) health->SetServingStatus(name, serving);
}

void BlockTerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int WaitForTerminationSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  int signal_number = 0;
  sigwait(&set, &signal_number);
  return signal_number;
}

}  // namespace fieldservice::common
