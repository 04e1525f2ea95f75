#include "throttled_relay.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>

namespace rapport::cli::testing {
namespace {

// How often a waiting relay looks at the stop flag and the limits.
constexpr int kPollMs = 5;

sockaddr_in Loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

int ConnectTo(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const sockaddr_in a = Loopback(port);
  if (fd >= 0 && connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0) return fd;
  if (fd >= 0) close(fd);
  return -1;
}

bool WriteAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

ThrottledRelay::ThrottledRelay(const std::string& target) {
  target_port_ = std::stoi(target.substr(target.rfind(':') + 1));
  listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a = Loopback(0);
  socklen_t size = sizeof a;
  if (listener_ < 0 || bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      listen(listener_, 4) != 0 || getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &size))
    return;
  port_ = ntohs(a.sin_port);
  address_ = "127.0.0.1:" + std::to_string(port_);
  thread_ = std::thread([this] { Run(); });
}

ThrottledRelay::~ThrottledRelay() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (listener_ >= 0) close(listener_);
}

void ThrottledRelay::Run() {
  while (!stop_) {
    pollfd p{listener_, POLLIN, 0};
    if (poll(&p, 1, kPollMs) <= 0) continue;
    const int client = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    const int server = ConnectTo(target_port_);
    if (server >= 0) Relay(client, server);
    close(client);
    if (server >= 0) close(server);
  }
}

// Copies both ways until either side closes, reading from a side only while
// its direction is under its limit.
void ThrottledRelay::Relay(int client, int server) {
  std::size_t sent_to_server = 0, sent_to_client = 0;
  std::array<char, 16384> buffer;
  while (!stop_) {
    const bool read_client = sent_to_server < to_server_;
    const bool read_server = sent_to_client < to_client_;
    std::array<pollfd, 2> p{pollfd{client, static_cast<short>(read_client ? POLLIN : 0), 0},
                            pollfd{server, static_cast<short>(read_server ? POLLIN : 0), 0}};
    if (poll(p.data(), p.size(), kPollMs) < 0) return;
    for (int side = 0; side < 2; ++side) {
      if (p[side].revents == 0) continue;
      const bool from_client = side == 0;
      std::size_t& sent = from_client ? sent_to_server : sent_to_client;
      const std::size_t limit = from_client ? to_server_.load() : to_client_.load();
      const std::size_t room = std::min(buffer.size(), limit - std::min(limit, sent));
      if (room == 0) {
        if (p[side].revents & (POLLERR | POLLHUP)) return;
        continue;
      }
      const ssize_t n = recv(p[side].fd, buffer.data(), room, 0);
      if (n <= 0) return;  // that side closed (or failed): close both
      if (!WriteAll(from_client ? server : client, buffer.data(), static_cast<std::size_t>(n)))
        return;
      sent += static_cast<std::size_t>(n);
    }
  }
}

}  // namespace rapport::cli::testing
