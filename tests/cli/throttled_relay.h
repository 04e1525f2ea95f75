// A TCP relay on 127.0.0.1 between a `rapport sync` and a `rapport serve`,
// for the interrupted-sync test: each direction of a connection carries only
// as many bytes as the test allows, so a sync can be stopped part-way every
// time, however fast the machine, instead of racing it.
#pragma once

#include <atomic>
#include <cstddef>
#include <limits>
#include <string>
#include <thread>

namespace rapport::cli::testing {

class ThrottledRelay {
 public:
  static constexpr std::size_t kUnlimited = std::numeric_limits<std::size_t>::max();

  // Relays connections, one at a time, to `target` ("127.0.0.1:PORT").
  explicit ThrottledRelay(const std::string& target);
  ~ThrottledRelay();
  ThrottledRelay(const ThrottledRelay&) = delete;
  ThrottledRelay& operator=(const ThrottledRelay&) = delete;

  // Where to connect instead of the target; empty if listening failed.
  const std::string& address() const { return address_; }

  // The bytes each connection may carry in each direction, counted from its
  // start; what is over stays unread in the sender's socket.
  void Limit(std::size_t to_server, std::size_t to_client) {
    to_server_ = to_server;
    to_client_ = to_client;
  }

 private:
  void Run();
  void Relay(int client, int server);

  std::string address_;
  int port_ = 0;
  int target_port_ = 0;
  int listener_ = -1;
  std::atomic<std::size_t> to_server_{kUnlimited};
  std::atomic<std::size_t> to_client_{kUnlimited};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace rapport::cli::testing
