#include "tests/support/tcp_proxy.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace fieldservice::testing {
namespace {

sockaddr_in Address(const std::string& host, int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, host.c_str(), &a.sin_addr);
  return a;
}

// Writes all of `data`; false when the peer is gone.
bool WriteAll(int fd, const char* data, ssize_t n) {
  while (n > 0) {
    ssize_t w = send(fd, data, static_cast<size_t>(n), MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    data += w;
    n -= w;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::unique_ptr<TcpProxy>> TcpProxy::Start(const std::string& target_host,
                                                          int target_port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in any = Address("127.0.0.1", 0);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&any), sizeof any) != 0 ||
      listen(fd, 64) != 0) {
    if (fd >= 0) close(fd);
    return absl::InternalError(absl::StrCat("proxy listen: ", std::strerror(errno)));
  }
  socklen_t len = sizeof any;
  getsockname(fd, reinterpret_cast<sockaddr*>(&any), &len);
  return std::unique_ptr<TcpProxy>(new TcpProxy(fd, ntohs(any.sin_port), target_host, target_port));
}

TcpProxy::TcpProxy(int listen_fd, int port, std::string host, int target_port)
    : listen_fd_(listen_fd), port_(port), target_host_(std::move(host)), target_port_(target_port) {
  if (pipe2(wake_, O_CLOEXEC) != 0) wake_[0] = wake_[1] = -1;
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

TcpProxy::~TcpProxy() {
  close(wake_[1]);  // the accept loop sees end of file and returns
  acceptor_.join();
  Cut();
  std::vector<std::thread> pumps;
  {
    absl::MutexLock lock(&mu_);
    pumps.swap(pumps_);
  }
  for (std::thread& t : pumps) t.join();
  close(wake_[0]);
  close(listen_fd_);
}

void TcpProxy::Cut() {
  absl::MutexLock lock(&mu_);
  cut_ = true;
  // shutdown() wakes the pumps, which close their own descriptors.
  for (int fd : open_fds_) shutdown(fd, SHUT_RDWR);
}

void TcpProxy::Restore() {
  cut_ = false;
  absl::MutexLock lock(&mu_);
  frozen_ = false;
}

void TcpProxy::Freeze() {
  absl::MutexLock lock(&mu_);
  frozen_ = true;
}

void TcpProxy::AcceptLoop() {
  while (true) {
    pollfd p[2] = {{listen_fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    if (poll(p, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (p[1].revents != 0) return;
    int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    if (cut_) {
      close(client);
      continue;
    }
    int server = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in target = Address(target_host_, target_port_);
    if (server < 0 || connect(server, reinterpret_cast<sockaddr*>(&target), sizeof target) != 0) {
      if (server >= 0) close(server);
      close(client);
      continue;
    }
    absl::MutexLock lock(&mu_);
    open_fds_.push_back(client);
    open_fds_.push_back(server);
    pumps_.emplace_back([this, client, server] { Pump(client, server); });
  }
}

void TcpProxy::Pump(int client, int server) {
  char buffer[16384];
  bool open = true;
  while (open) {
    {
      // Frozen: hold the bytes until thawed, or until Cut/shutdown wakes us.
      absl::MutexLock lock(&mu_);
      auto thawed = [this] { return !frozen_ || cut_.load(); };
      mu_.Await(absl::Condition(&thawed));
    }
    pollfd p[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
    if (poll(p, 2, 100) < 0) {  // wakes to notice a freeze
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2 && open; ++i) {
      if (p[i].revents == 0) continue;
      int from = p[i].fd, to = i == 0 ? server : client;
      ssize_t n = recv(from, buffer, sizeof buffer, 0);
      open = n > 0 && WriteAll(to, buffer, n);
    }
  }
  absl::MutexLock lock(&mu_);
  std::erase_if(open_fds_, [&](int fd) { return fd == client || fd == server; });
  close(client);
  close(server);
}

}  // namespace fieldservice::testing
