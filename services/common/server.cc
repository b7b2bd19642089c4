#include "services/common/server.h"

#include <google/protobuf/stubs/logging.h>
#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>
#include <grpcpp/server_builder.h>
#include <signal.h>

#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"
#include "services/common/logging.h"
#include "services/common/reflection_service.h"
#include "services/common/rpc_metrics.h"

namespace fieldservice::common {
namespace {

// Protobuf's own diagnostics go through the service's log (structured, with
// phone numbers masked) instead of raw lines on stderr.
void ProtobufLog(google::protobuf::LogLevel level, const char* file, int line,
                 const std::string& message) {
  const LogLevel ours = level >= google::protobuf::LOGLEVEL_ERROR     ? LogLevel::kError
                        : level == google::protobuf::LOGLEVEL_WARNING ? LogLevel::kWarning
                                                                      : LogLevel::kDebug;
  Log(ours, "protobuf", {{"message", message}, {"at", absl::StrCat(file, ":", line)}});
}

// Answers every call on the health-only port that is not health with
// UNIMPLEMENTED, saying what the port is for. (gRPC also needs one service
// of ours there to drive its callback queue.)
class HealthOnly final : public grpc::CallbackGenericService {
 public:
  grpc::ServerGenericBidiReactor* CreateReactor(grpc::GenericCallbackServerContext*) override {
    class Refuse final : public grpc::ServerGenericBidiReactor {
     public:
      Refuse() {
        Finish(grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                            "this port serves grpc.health.v1 only (health_listen)"));
      }
      void OnDone() override { delete this; }
    };
    return new Refuse();
  }
};

}  // namespace

absl::StatusOr<std::unique_ptr<ServerHost>> ServerHost::Start(
    const ServerOptions& options, const std::vector<ServedService>& services) {
  google::protobuf::SetLogHandler(&ProtobufLog);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  auto host = std::unique_ptr<ServerHost>(new ServerHost());
  auto credentials = ServerCredentialsFor(options.transport);
  if (!credentials.ok()) return credentials.status();
  if (options.transport.plaintext) {
    LogWarning("plaintext_serving",
               {{"listen", options.listen_address},
                {"why",
                 "plaintext=true: no TLS; tokens and customer data cross the network in "
                 "clear. For development only"}});
  }
  builder.AddListeningPort(options.listen_address, *credentials, &host->port_);
  if (options.max_threads < 1 || options.max_queued_calls < 0) {
    return absl::InvalidArgumentError("max_threads: at least 1; max_queued_calls: at least 0");
  }
  host->admission_ = std::make_shared<AdmissionQueue>(
      AdmissionLimits{options.max_threads, options.max_queued_calls, options.max_queue_wait});
  grpc::ResourceQuota quota("fieldservice");
  // gRPC's synchronous server keeps up to MAX_POLLERS idle threads waiting
  // for calls; a thread that finishes a call while that many wait exits, and
  // a new one is started for the next call. With gRPC's default of two, a
  // busy server started and ended a thread for almost every call; as many
  // waiting threads as running handlers keep them. Every running or queued
  // call holds one thread too, so the limit is their sum: calls past the
  // queue are refused by the admission queue before it is reached.
  const int pollers = options.max_threads;
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MIN_POLLERS, 1);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, pollers);
  quota.SetMaxThreads(options.max_threads + options.max_queued_calls + pollers + 1);
  quota.Resize(static_cast<size_t>(options.memory_quota_bytes));
  builder.SetResourceQuota(quota);
  builder.SetMaxReceiveMessageSize(options.max_receive_bytes);
  // gRPC takes an int of milliseconds (at most ~24 days).
  builder.AddChannelArgument(
      GRPC_ARG_MAX_CONNECTION_IDLE_MS,
      static_cast<int>(std::min<int64_t>(absl::ToInt64Milliseconds(options.connection_idle),
                                         std::numeric_limits<int>::max())));
  builder.AddChannelArgument(
      GRPC_ARG_MAX_CONNECTION_AGE_MS,
      static_cast<int>(std::min<int64_t>(absl::ToInt64Milliseconds(options.connection_max_age),
                                         std::numeric_limits<int>::max())));
  builder.experimental().SetInterceptorCreators(metrics::RpcMetricsInterceptors());
  std::vector<std::string> names;
  for (const ServedService& served : services) {
    auto checked = CheckedService::Wrap(served, options.gatekeeper, host->admission_);
    if (!checked.ok()) return checked.status();
    builder.RegisterService(checked->get());
    host->checked_.push_back(*std::move(checked));
    names.push_back(served.full_name());
  }
  names.push_back("grpc.health.v1.Health");
  names.push_back(grpc::reflection::v1alpha::ServerReflection::service_full_name());
  host->reflection_ = std::make_unique<ReflectionService>(std::move(names));
  builder.RegisterService(host->reflection_.get());
  host->server_ = builder.BuildAndStart();
  if (host->server_ == nullptr || host->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen_address));
  }
  if (!options.health_listen_address.empty()) {
    // No service of ours is registered here: only the default health service.
    host->health_only_ = std::make_unique<HealthOnly>();
    grpc::ServerBuilder health;
    health.RegisterCallbackGenericService(host->health_only_.get());
    health.AddListeningPort(options.health_listen_address, grpc::InsecureServerCredentials(),
                            &host->health_port_);
    host->health_server_ = health.BuildAndStart();
    if (host->health_server_ == nullptr || host->health_port_ == 0) {
      host->server_->Shutdown();
      return absl::UnavailableError(
          absl::StrCat("cannot listen on ", options.health_listen_address, " (health_listen)"));
    }
  }
  return host;
}

void ServerHost::Wait() {
  server_->Wait();
  if (health_server_ != nullptr) health_server_->Wait();
}

void ServerHost::Shutdown(absl::Duration grace) {
  for (grpc::Server* server : {server_.get(), health_server_.get()}) {
    if (server == nullptr) continue;
    if (auto* health = server->GetHealthCheckService()) {
      health->Shutdown();  // every service reports NOT_SERVING from now on
    }
  }
  server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  if (health_server_ != nullptr) health_server_->Shutdown(absl::ToChronoTime(absl::Now()));
}

void ServerHost::SetServing(const std::vector<std::string>& services, bool serving) {
  for (grpc::Server* server : {server_.get(), health_server_.get()}) {
    auto* health = server == nullptr ? nullptr : server->GetHealthCheckService();
    if (health == nullptr) continue;
    health->SetServingStatus("", serving);
    for (const std::string& name : services) health->SetServingStatus(name, serving);
  }
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
