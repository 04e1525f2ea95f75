// Networking for the commands: serve, invite, join and sync. Everything
// about sockets, deadlines and coroutines (Boost.Asio) stays inside sync/'s
// .cc files; callers see plain functions that run until done.
//
// Every connection: a Noise handshake with a deadline (docs/protocol.md
// section 3), the identity check, then a SyncSession. A peer that breaks
// the protocol is disconnected with one log line; what was stored before
// stays, and nothing of a refused batch is kept.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "store/device.h"
#include "sync/invite.h"

namespace rapport::sync {

inline constexpr std::string_view kDefaultListenAddress = "127.0.0.1:7337";

struct NetOptions {
  // The whole handshake, and every read after it, must finish within this.
  std::chrono::milliseconds timeout{10'000};
  // serve: connections handled at once; more are closed before the handshake.
  std::size_t max_connections = 32;
  // How often a connected device looks for records added by other commands.
  std::chrono::milliseconds poll_interval{200};
  // Keep-alive, so a quiet connection does not hit the read deadline.
  std::chrono::milliseconds ping_interval{3'000};
};

// Figures for progress bars and summaries.
struct Transfer {
  std::size_t events_sent = 0;
  std::size_t events_received = 0;
  std::uint64_t bytes_sent = 0;  // on the wire, framing and encryption included
  std::uint64_t bytes_received = 0;
};

using LogFn = std::function<void(const std::string& line)>;
using ProgressFn = std::function<void(const Transfer& so_far)>;

// "HOST:PORT" or "[IPv6]:PORT". kInvalidArgument with a message for people.
struct Endpoint {
  std::string host;
  std::uint16_t port = 0;
  std::string ToString() const;
};
[[nodiscard]] Result<Endpoint> ParseEndpoint(std::string_view text, bool allow_port_zero);

struct ServeOptions {
  std::string listen{kDefaultListenAddress};
  // invite: stop after one pairing has completed and the joiner caught up,
  // or when the invite expires (kDeadlineExceeded).
  bool stop_after_pairing = false;
  std::optional<std::int64_t> invite_expires_ms;
  // Called once the socket is bound, with the actual address (port 0 picks
  // one). An error stops Serve before anything is accepted.
  std::function<Status(const Endpoint&)> on_listening;
  LogFn log;
};

// Accepts pairing joins and syncs with every paired device that connects,
// pushing new records live, until SIGINT or SIGTERM (then returns Ok).
// kIo if the address cannot be bound (kAlreadyExists if it is in use).
Status Serve(store::Device& device, const ServeOptions& options, const NetOptions& net = {});

struct DialOptions {
  // Stay connected after catching up, receiving and pushing live, until
  // SIGINT or SIGTERM, or until the other device stops on purpose. A
  // connection that drops (or that the other device ends for a fault of its
  // own) is dialled again, waiting 1, 2, 4 ... up to 30 s between tries.
  bool live = false;
  ProgressFn progress;
  LogFn log;
};

struct SyncReport {
  Transfer transfer;
  std::vector<core::NotebookId> notebooks;  // synced
};

// Dials `peer` at `address`, checks that it is that pinned device, and
// catches up every notebook both share.
Result<SyncReport> SyncWith(store::Device& device, const store::PeerInfo& peer,
                            const Endpoint& address, const DialOptions& options,
                            const NetOptions& net = {});

// Dials the invite's address, pairs with Noise XXpsk3, becomes a member and
// receives the notebook key and history.
Result<SyncReport> JoinWithInvite(store::Device& device, const Invite& invite,
                                  const DialOptions& options, const NetOptions& net = {});

}  // namespace rapport::sync
