// A TCP forwarder between a service and its database, for tests that need the
// database to become unreachable and come back (an outage) without stopping
// the shared test server: Cut() drops every connection and refuses new ones,
// Restore() forwards again. Listens on 127.0.0.1, port 0.
#ifndef FIELDSERVICE_TESTS_SUPPORT_TCP_PROXY_H_
#define FIELDSERVICE_TESTS_SUPPORT_TCP_PROXY_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace fieldservice::testing {

class TcpProxy {
 public:
  static absl::StatusOr<std::unique_ptr<TcpProxy>> Start(const std::string& target_host,
                                                         int target_port);
  ~TcpProxy();
  TcpProxy(const TcpProxy&) = delete;
  TcpProxy& operator=(const TcpProxy&) = delete;

  int port() const { return port_; }
  // Closes every forwarded connection; new ones are closed on accept.
  void Cut();
  // Forwards new connections again (and ends a Freeze).
  void Restore();
  // Keeps every connection open but forwards nothing: a hung server or
  // network, as the client sees it. New connections are accepted and hang too.
  void Freeze();

 private:
  TcpProxy(int listen_fd, int port, std::string host, int target_port);
  void AcceptLoop();
  void Pump(int client, int server);

  const int listen_fd_;
  const int port_;
  const std::string target_host_;
  const int target_port_;
  int wake_[2] = {-1, -1};  // closes to stop the accept loop
  std::atomic<bool> cut_{false};
  absl::Mutex mu_;
  bool frozen_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<int> open_fds_ ABSL_GUARDED_BY(mu_);
  std::vector<std::thread> pumps_ ABSL_GUARDED_BY(mu_);
  std::thread acceptor_;
};

}  // namespace fieldservice::testing

#endif  // FIELDSERVICE_TESTS_SUPPORT_TCP_PROXY_H_
