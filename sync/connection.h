// Internal to sync/ (includes Asio; never include it outside sync/'s .cc
// files): one TCP connection carrying Noise. It runs the handshake with a
// deadline, checks the peer's identity, then drives a SyncSession with a
// reader, a writer and a ticker coroutine. docs/protocol.md.
#pragma once

#include <boost/asio.hpp>
#include <deque>
#include <optional>

#include "crypto/noise_handshake.h"
#include "sync/frame.h"
#include "sync/net.h"
#include "sync/session.h"

namespace rapport::sync {

namespace asio = boost::asio;
using asio::awaitable;
using asio::ip::tcp;

// What both sides of every connection of one process share.
struct ConnectionContext {
  ConnectionContext(store::Device& d, const NetOptions& n, LogFn l)
      : device(d), net(n), log(std::move(l)) {}
  store::Device& device;
  NetOptions net;
  LogFn log;
  // Connections running a session, so a stop request can end them cleanly.
  std::vector<class Connection*> running;
  // Accepted connections still in their handshake, oldest first: when every
  // slot is taken, the oldest makes room (net.cc), so sockets that connect
  // and say nothing cannot keep the paired devices out.
  std::vector<class Connection*> handshaking;
  // Bumped whenever a connection stores events, so that the others push
  // them on (one device can serve several peers).
  std::uint64_t generation = 0;
  // Ctrl-C or SIGTERM arrived: `sync --live` must not dial again.
  bool stop_requested = false;
};

// The peer the handshake authenticated.
struct PeerIdentity {
  core::AuthorId identity;
  crypto::DhPublicKey noise_key{};
};

// How the dialing side expects the handshake to go.
struct DialExpectation {
  crypto::DhPublicKey responder_static{};   // pinned, or from the invite
  std::optional<core::AuthorId> identity;   // pinned peer; nullopt when joining
  std::optional<crypto::SecretBuffer> psk;  // joining: the invite's PSK
};

enum class SessionEnd {
  kCaughtUp,  // once mode: both sides caught up, closed cleanly
  kClosed,    // the peer closed (or we were stopped)
  kFailed,    // an error; already logged
};

class Connection {
 public:
  Connection(ConnectionContext& context, tcp::socket socket);

  // The dialing side's handshake. On failure: an error for people.
  awaitable<Result<PeerIdentity>> HandshakeAsInitiator(DialExpectation expect);
  // The listening side's handshake: XX for a paired device, XXpsk3 for a
  // join (told apart by the first message's length). Sets `pairing` when a
  // join was accepted.
  awaitable<Result<PeerIdentity>> HandshakeAsResponder(std::optional<PairingDetails>& pairing);

  // Runs the session until it ends. `once`: close when both are caught up.
  awaitable<SessionEnd> Run(SyncSession& session, bool once, const ProgressFn& progress);

  const Transfer& transfer() const { return transfer_; }
  const std::string& label() const { return label_; }
  // The first error that ended the session, for the command's message.
  const std::optional<Error>& error() const { return error_; }
  // The other device closed the connection before the handshake finished:
  // how an inviting device turns away an invite it no longer holds.
  bool closed_in_handshake() const { return closed_in_handshake_; }
  void Close();
  // Ends a running session cleanly (Ctrl-C): flush, then close.
  void Stop();
  // Something may have been stored: look now rather than at the next tick.
  void Nudge() {
    nudged_ = true;
    Wake(ticker_wake_);
  }

 private:
  // The next frame; nullopt on a clean end of stream.
  awaitable<Result<std::optional<crypto::Bytes>>> ReadFrame();
  awaitable<Result<crypto::Bytes>> ReadHandshakeFrame();
  awaitable<Status> WriteFrame(crypto::ByteView payload);
  awaitable<Result<std::optional<Message>>> ReadMessage();  // nullopt on a clean EOF
  // `reply`: sent in answer to a message of the peer's (counted in
  // reply_bytes_). Once closing, only an Error is queued; once the writer
  // has finished, nothing is.
  Status Enqueue(Outgoing message, bool reply = false);
  Status Pump(SyncSession& session);
  awaitable<void> Reader(SyncSession& session, bool once, const ProgressFn& progress);
  awaitable<void> Writer();
  awaitable<void> Ticker(SyncSession& session, const ProgressFn& progress);
  void Abort(const Error& error, std::optional<WireErrorCode> tell_peer);
  void StartClosing();
  void Wake(asio::steady_timer& timer) { timer.cancel(); }
  void ExtendDeadline();

  ConnectionContext& context_;
  tcp::socket socket_;
  std::string label_;
  FrameReader frames_;
  std::array<std::uint8_t, 16 * 1024> read_buffer_{};
  crypto::ByteView pending_;  // read from the socket, not yet fed to frames_
  std::optional<crypto::NoiseTransport> transport_;
  MessageAssembler assembler_;
  struct QueuedFrame {
    crypto::Bytes frame;     // framed, encrypted, ready to write
    bool reply = false;      // in answer to the peer (Pong, VersionVector...)
    bool keepalive = false;  // a Ping or Pong: not progress
  };
  std::deque<QueuedFrame> queue_;
  std::size_t reply_bytes_ = 0;  // of the frames in queue_ with `reply`
  asio::steady_timer writer_wake_;
  asio::steady_timer reader_wake_;
  asio::steady_timer ticker_wake_;
  asio::steady_timer read_timer_;
  asio::steady_timer write_timer_;
  std::chrono::steady_clock::time_point read_deadline_;
  std::chrono::steady_clock::time_point last_ping_;
  // Once our writer is done, reads get no deadline past this: a peer that
  // keeps sending instead of closing is cut off.
  std::chrono::steady_clock::time_point close_deadline_ =
      std::chrono::steady_clock::time_point::max();
  // Last frame of a message other than Ping or Pong, read or written.
  std::chrono::steady_clock::time_point last_progress_;
  bool closing_ = false;
  bool closed_in_handshake_ = false;
  bool writer_done_ = false;
  bool stopped_ = false;
  bool once_ = false;
  bool done_ = false;
  bool caught_up_reported_ = false;
  SessionEnd end_ = SessionEnd::kClosed;
  std::optional<Error> error_;
  Transfer transfer_;
  std::uint64_t seen_generation_ = 0;
  std::int64_t seen_data_version_ = -1;
  bool nudged_ = false;
  int rechecks_left_ = 0;  // quick second looks after a nudge that found nothing
};

// Nudges every running connection whenever the database's write-ahead log
// changes, i.e. when any process commits: live push without waiting for
// the next poll. Runs until the io_context stops; if inotify is not
// available, the poll interval still applies.
awaitable<void> WatchForCommits(ConnectionContext& context);

// "ADDRESS:PORT", for log lines and messages.
std::string EndpointText(const tcp::endpoint& endpoint);

// "HOST:PORT" -> TCP endpoints; kInvalidArgument / kIo for people.
Result<tcp::endpoint> ResolveEndpoint(const Endpoint& address);

}  // namespace rapport::sync
