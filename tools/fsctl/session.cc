#include "tools/fsctl/session.h"

#include <chrono>
#include <cstdlib>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

namespace fieldservice::fsctl {

namespace po = boost::program_options;

namespace {

// Where scripts/run.sh keeps its state: FS_VAR_DIR, else var/ here.
std::string VarDir() {
  const char* dir = std::getenv("FS_VAR_DIR");
  return dir != nullptr && *dir != '\0' ? dir : "var";
}

// var/run/addresses as scripts/run.sh writes it while running, one service
// a line: "orders     127.0.0.1:50051 (log ..., metrics ...)".
std::map<std::string, std::string> RunningAddresses() {
  std::map<std::string, std::string> out;
  std::ifstream file(VarDir() + "/run/addresses");
  std::string line;
  while (std::getline(file, line)) {
    std::vector<std::string> words = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (words.size() >= 2) out[words[0]] = words[1];
  }
  return out;
}

}  // namespace

const std::vector<std::string>& ServiceNames() {
  static const auto* names =
      new std::vector<std::string>{"orders", "warranty", "scheduling", "callback"};
  return *names;
}

po::options_description Session::Options() {
  po::options_description options("Global options (also from the environment)");
  options.add_options()("help,h", "this help, or a command's with the command")(
      "orders", po::value<std::string>(), "orders service address (FS_ORDERS_ADDRESS)")(
      "scheduling", po::value<std::string>(), "scheduling service address (FS_SCHEDULING_ADDRESS)")(
      "callback", po::value<std::string>(), "callback service address (FS_CALLBACK_ADDRESS)")(
      "warranty", po::value<std::string>(), "warranty service address (FS_WARRANTY_ADDRESS)")(
      "token", po::value<std::string>(), "the caller's bearer token (FS_TOKEN)")(
      "token-file", po::value<std::string>(), "a file holding the token (FS_TOKEN_FILE)")(
      "ca", po::value<std::string>(), "PEM file of the services' CA (FS_TLS_CA; var/pki/ca.pem)")(
      "plaintext", po::bool_switch(), "development only: call without TLS")(
      "json", po::bool_switch(), "print the responses as JSON, for scripts")(
      "timeout", po::value<std::string>()->default_value("10s"),
      "deadline of each call (10s, 500ms)")(
      "prompt", po::bool_switch(), "ask for what the command line leaves out, also from a pipe");
  return options;
}

std::string Session::OptionOfEnvironment(const std::string& variable) {
  static const auto* names =
      new std::map<std::string, std::string>{{"FS_ORDERS_ADDRESS", "orders"},
                                             {"FS_SCHEDULING_ADDRESS", "scheduling"},
                                             {"FS_CALLBACK_ADDRESS", "callback"},
                                             {"FS_WARRANTY_ADDRESS", "warranty"},
                                             {"FS_TOKEN", "token"},
                                             {"FS_TOKEN_FILE", "token-file"},
                                             {"FS_TLS_CA", "ca"}};
  auto it = names->find(variable);
  return it == names->end() ? "" : it->second;
}

absl::StatusOr<Session> Session::FromOptions(const po::variables_map& values) {
  Session session;
  std::map<std::string, std::string> running = RunningAddresses();
  for (const std::string& service : ServiceNames()) {
    if (values.count(service)) {
      session.addresses_[service] = values[service].as<std::string>();
    } else if (running.count(service)) {
      session.addresses_[service] = running[service];
    }
  }
  if (values.count("token")) session.token_ = values["token"].as<std::string>();
  if (values.count("token-file")) session.token_file_ = values["token-file"].as<std::string>();
  session.ca_file_ = values.count("ca") ? values["ca"].as<std::string>() : VarDir() + "/pki/ca.pem";
  session.plaintext_ = values["plaintext"].as<bool>();
  session.json_ = values["json"].as<bool>();
  session.prompt_ = values["prompt"].as<bool>();
  const std::string timeout = values["timeout"].as<std::string>();
  if (!absl::ParseDuration(timeout, &session.timeout_) ||
      session.timeout_ <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--timeout: '", timeout, "' is not a positive duration such as 10s or 500ms"));
  }
  return session;
}

std::string Session::Address(const std::string& service) const {
  auto it = addresses_.find(service);
  return it == addresses_.end() ? "" : it->second;
}

absl::StatusOr<tools::CallerChannel> Session::Open(const std::string& service,
                                                   bool need_token) const {
  const std::string address = Address(service);
  if (address.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "no address for the ", service, " service: give --", service, " HOST:PORT (or set FS_",
        absl::AsciiStrToUpper(service), "_ADDRESS, or run scripts/run.sh)"));
  }
  if (!token_.empty()) {
    return tools::OpenCallerChannelWithToken(address, ca_file_, token_, plaintext_);
  }
  if (!token_file_.empty()) {
    return tools::OpenCallerChannel(address, ca_file_, token_file_, plaintext_);
  }
  if (need_token) {
    return absl::InvalidArgumentError(
        "no token: give --token TOKEN or --token-file FILE (or set FS_TOKEN); "
        "tools/fs_token sign makes one for development");
  }
  auto channel = tools::OpenCallerChannelWithToken(address, ca_file_, "", plaintext_);
  if (channel.ok()) channel->authorization.clear();
  return channel;
}

std::unique_ptr<grpc::ClientContext> Session::NewCall(const tools::CallerChannel& channel) const {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!channel.authorization.empty()) context->AddMetadata("authorization", channel.authorization);
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
  return context;
}

}  // namespace fieldservice::fsctl
