// serve, sync and join: an io_context per call, one coroutine per connection.
#include "sync/net.h"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <csignal>

#include "sync/connection.h"

namespace rapport::sync {
namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A broken connection loses nothing: say so, and what to do.
Error WithResumeHint(Error error) {
  if (error.code == ErrorCode::kIo || error.code == ErrorCode::kTimeout)
    error.message += "; what arrived is kept, run `rapport sync` again to continue";
  return error;
}

std::string Summary(const Transfer& t) {
  return "received " + std::to_string(t.events_received) + " and sent " +
         std::to_string(t.events_sent) + " events";
}

// Connects within the deadline. kIo with a message for people.
awaitable<Result<tcp::socket>> Connect(const tcp::endpoint& to, std::chrono::milliseconds timeout) {
  auto executor = co_await asio::this_coro::executor;
  tcp::socket socket(executor);
  asio::steady_timer timer(executor);
  timer.expires_after(timeout);
  using namespace boost::asio::experimental::awaitable_operators;
  auto result = co_await (socket.async_connect(to, kTuple) || timer.async_wait(kTuple));
  const std::string where = EndpointText(to);
  if (result.index() == 1)
    co_return Fail(ErrorCode::kIo,
                   "no answer from " + where + " in time; is the other device online?");
  if (const auto [ec] = std::get<0>(result); ec)
    co_return Fail(ErrorCode::kIo, "cannot reach " + where + " (" + ec.message() +
                                       "); is `rapport serve` running there?");
  co_return std::move(socket);
}

template <typename T>
awaitable<void> StoreResult(awaitable<Result<T>> body, std::optional<Result<T>>& out) {
  out.emplace(co_await std::move(body));
}

// Runs `body` on a fresh io_context until it finishes; SIGINT and SIGTERM
// stop it (then `stopped` is set).
// `if_stopped`: what to return when a stop ends the loop between
// connections (`sync --live` waiting to dial again).
template <typename T>
Result<T> RunToCompletion(asio::io_context& io, ConnectionContext& ctx, awaitable<Result<T>> body,
                          const std::optional<T>* if_stopped = nullptr) {
  std::optional<Result<T>> out;
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    ctx.stop_requested = true;
    if (ctx.running.empty()) {
      io.stop();  // still connecting or in the handshake: nothing to finish
      return;
    }
    for (Connection* c : ctx.running) c->Stop();
  });
  asio::co_spawn(io, WatchForCommits(ctx), asio::detached);
  asio::co_spawn(io, StoreResult(std::move(body), out), [&](std::exception_ptr e) {
    if (e && !out) out.emplace(Fail(ErrorCode::kIo, "the connection failed unexpectedly"));
    io.stop();  // the watcher would otherwise keep the loop running
  });
  io.run();
  if (!out && if_stopped && *if_stopped) return **if_stopped;
  if (!out) return Fail(ErrorCode::kIo, "stopped before connecting; nothing was changed");
  return std::move(*out);
}

// One connection of `sync --live`: what it did, whether it ended well or not.
struct AttemptOutcome {
  bool reconnecting = false;  // in: not the first; say so once connected
  bool connected = false;     // out: the handshake succeeded
  Transfer transfer;
  bool error_logged = false;  // out: the connection logged why it failed
};

// `outcome`, when given, learns what the connection did even if it failed.
awaitable<Result<SyncReport>> DialAndSync(ConnectionContext& ctx, tcp::endpoint to,
                                          DialExpectation expect, SessionKind kind,
                                          std::optional<PairingDetails> pairing,
                                          const DialOptions& options,
                                          AttemptOutcome* outcome = nullptr) {
  auto socket = co_await Connect(to, ctx.net.timeout);
  if (!socket) co_return socket.as_unexpected();
  Connection conn(ctx, std::move(*socket));
  const bool joining = kind == SessionKind::kJoiner;
  auto peer = co_await conn.HandshakeAsInitiator(std::move(expect));
  if (!peer) {
    if (joining && conn.closed_in_handshake())
      co_return Fail(ErrorCode::kAuthenticationFailed,
                     "the inviting device refused the invite: it was already used, has expired, "
                     "or was replaced by a newer one");
    if (joining && peer.error().code == ErrorCode::kProtocol)
      co_return Fail(ErrorCode::kProtocol,
                     "the device at the invite's address did not answer as Rapport does (" +
                         peer.error().message + "); check that the invite came from it");
    co_return peer.as_unexpected();
  }
  SyncSession session(ctx.device, kind, peer->identity, peer->noise_key, std::move(pairing));
  if (outcome) outcome->connected = true;
  if (outcome && outcome->reconnecting && ctx.log) ctx.log(conn.label() + ": connected again");
  const SessionEnd end = co_await conn.Run(session, !options.live, options.progress);
  if (outcome) {
    outcome->transfer = conn.transfer();
    outcome->error_logged = conn.error().has_value();
  }
  if (joining && !session.Paired()) {
    if (conn.error() && conn.error()->code == ErrorCode::kAuthenticationFailed)
      co_return Fail(ErrorCode::kAuthenticationFailed,
                     "the invite's code did not match: it was already used, has expired, or was "
                     "replaced by a newer one");
    co_return Fail(ErrorCode::kAuthenticationFailed,
                   conn.error()
                       ? conn.error()->message
                       : "the inviting device did not accept this invite: it was already used, "
                         "has expired or was replaced by a newer one; ask for a new one");
  }
  if (end == SessionEnd::kFailed)
    co_return Unexpected{options.live ? *conn.error() : WithResumeHint(*conn.error())};
  if (end != SessionEnd::kCaughtUp && !options.live)
    co_return Fail(ErrorCode::kIo,
                   "the other device closed the connection before the sync finished; what "
                   "arrived is kept, run `rapport sync` again to continue");
  co_return SyncReport{conn.transfer(), session.notebooks()};
}

// sync --live: waits between tries to dial again after a connection drops,
// doubling up to the longest; a connection that stayed up for a while was
// healthy, and the next drop starts from the first wait again.
constexpr std::chrono::seconds kFirstRetryWait{1};
constexpr std::chrono::seconds kLongestRetryWait{30};
constexpr std::chrono::seconds kHealthyConnection{10};

// What dialling again may cure: the network, or the other device's own
// trouble. Not a refused identity, a broken protocol or a rejected record.
bool WorthRetrying(const Error& error) {
  return error.code == ErrorCode::kIo || error.code == ErrorCode::kTimeout;
}

Transfer Plus(Transfer a, const Transfer& b) {
  a.events_sent += b.events_sent;
  a.events_received += b.events_received;
  a.bytes_sent += b.bytes_sent;
  a.bytes_received += b.bytes_received;
  return a;
}

DialExpectation Pinned(const store::PeerInfo& peer) {
  DialExpectation expect;
  expect.responder_static = peer.noise_key;
  expect.identity = peer.identity;
  return expect;
}

// sync --live: until a connection has got through the handshake, a failure
// ends it as it ends a plain sync (a wrong address, no serve there). After,
// a connection that drops or that the other device ends for a fault of its
// own is dialled again, until Ctrl-C or an error waiting cannot cure (the
// other device stopping on purpose is one). `so_far` holds the totals, for
// a stop between connections.
awaitable<Result<SyncReport>> SyncLive(ConnectionContext& ctx, tcp::endpoint to,
                                       const store::PeerInfo& peer, const DialOptions& options,
                                       std::optional<SyncReport>& so_far) {
  const std::string where = EndpointText(to);
  Transfer ended;  // by the connections that are over
  DialOptions each = options;
  each.progress = [&](const Transfer& t) {
    if (options.progress) options.progress(Plus(ended, t));
  };
  asio::steady_timer pause(co_await asio::this_coro::executor);
  std::chrono::seconds wait = kFirstRetryWait;
  bool ever_connected = false;
  for (;;) {
    const auto started = std::chrono::steady_clock::now();
    AttemptOutcome outcome;
    outcome.reconnecting = ever_connected;
    auto attempt = co_await DialAndSync(ctx, to, Pinned(peer), SessionKind::kPeer, std::nullopt,
                                        each, &outcome);
    ended = Plus(ended, outcome.transfer);
    ever_connected = ever_connected || outcome.connected;
    if (outcome.connected) {
      if (!so_far) so_far.emplace();
      so_far->transfer = ended;
      if (attempt)
        for (const core::NotebookId& nb : attempt->notebooks)
          if (std::find(so_far->notebooks.begin(), so_far->notebooks.end(), nb) ==
              so_far->notebooks.end())
            so_far->notebooks.push_back(nb);
    }
    if (ctx.stop_requested && so_far) co_return *so_far;
    if (ctx.stop_requested) co_return attempt;
    if (!attempt && (!ever_connected || !WorthRetrying(attempt.error())))
      co_return Unexpected{WithResumeHint(attempt.error())};
    if (std::chrono::steady_clock::now() - started >= kHealthyConnection) wait = kFirstRetryWait;
    if (ctx.log) {
      const std::string why = !attempt ? attempt.error().message
                                       : "the other device closed the connection without a word";
      ctx.log((attempt || !outcome.error_logged ? why + "; " : std::string()) + "dialling " +
              where + " again in " + std::to_string(wait.count()) + " s (Ctrl-C stops)");
    }
    pause.expires_after(wait);
    co_await pause.async_wait(kTuple);
    wait = std::min(wait * 2, kLongestRetryWait);
  }
}

awaitable<void> HandleIncoming(ConnectionContext& ctx, tcp::socket socket,
                               const ServeOptions& options, bool& paired, asio::io_context& io) {
  Connection conn(ctx, std::move(socket));
  std::optional<PairingDetails> pairing;
  ctx.handshaking.push_back(&conn);
  auto peer = co_await conn.HandshakeAsResponder(pairing);
  // Not listed any more if it was closed to make room, which was logged then.
  const bool evicted = std::erase(ctx.handshaking, &conn) == 0;
  if (!peer) {
    if (ctx.log && !evicted) ctx.log(conn.label() + ": refused: " + peer.error().message);
    co_return;
  }
  const SessionKind kind = pairing ? SessionKind::kInviter : SessionKind::kPeer;
  SyncSession session(ctx.device, kind, peer->identity, peer->noise_key, pairing);
  if (ctx.log)
    ctx.log(conn.label() + ": " + (pairing ? "pairing with " : "connected to ") +
            peer->identity.Short());
  const SessionEnd end = co_await conn.Run(session, false, {});
  if (ctx.log && end != SessionEnd::kFailed)
    ctx.log(conn.label() + ": disconnected; " + Summary(conn.transfer()));
  if (pairing && session.Paired() && end != SessionEnd::kFailed) {
    if (ctx.log) ctx.log(conn.label() + ": paired; the new member received the notebook");
    if (options.stop_after_pairing) {
      paired = true;
      io.stop();
    }
  }
}

}  // namespace

std::string Endpoint::ToString() const {
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

Result<Endpoint> ParseEndpoint(std::string_view text, bool allow_port_zero) {
  const auto bad = [&](const std::string& why) {
    return Fail(ErrorCode::kInvalidArgument, "'" + std::string(text) +
                                                 "' is not an address: " + why +
                                                 " (write it as HOST:PORT, e.g. 127.0.0.1:7337)");
  };
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return bad("no port");
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return bad("unbalanced brackets");
    host = host.substr(1, host.size() - 2);
  }
  if (port_text.empty() || port_text.size() > 5 ||
      port_text.find_first_not_of("0123456789") != std::string_view::npos)
    return bad("the port must be a number");
  const unsigned long port = std::stoul(std::string(port_text));
  if (port > 65535 || (port == 0 && !allow_port_zero)) return bad("the port is out of range");
  Endpoint out{std::string(host), static_cast<std::uint16_t>(port)};
  RAPPORT_RETURN_IF_ERROR(ResolveEndpoint(out));
  return out;
}

Status Serve(store::Device& device, const ServeOptions& options, const NetOptions& net) {
  RAPPORT_ASSIGN_OR_RETURN(const Endpoint listen, ParseEndpoint(options.listen, true));
  RAPPORT_ASSIGN_OR_RETURN(const tcp::endpoint address, ResolveEndpoint(listen));
  asio::io_context io;
  tcp::acceptor acceptor(io);
  boost::system::error_code ec;
  acceptor.open(address.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(address, ec);
  if (ec == asio::error::address_in_use)
    return Fail(ErrorCode::kAlreadyExists,
                listen.ToString() + " is already in use (is `rapport serve` running?)");
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return Fail(ErrorCode::kIo, "cannot listen on " + listen.ToString() + ": " + ec.message());
  const tcp::endpoint bound = acceptor.local_endpoint();

  ConnectionContext ctx{device, net, options.log};
  bool paired = false;
  bool expired = false;
  std::size_t active = 0;
  // Ctrl-C: stop accepting, let each session flush and close, then stop
  // (within a second whatever happens).
  asio::signal_set signals(io, SIGINT, SIGTERM);
  asio::steady_timer grace(io);
  signals.async_wait([&](const boost::system::error_code& e, int) {
    if (e) return;
    boost::system::error_code ignored;
    acceptor.close(ignored);
    for (Connection* c : ctx.running) c->Stop();
    asio::co_spawn(
        io,
        [&]() -> awaitable<void> {
          const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(1);
          while (!ctx.running.empty() && std::chrono::steady_clock::now() < give_up) {
            grace.expires_after(std::chrono::milliseconds(10));
            co_await grace.async_wait(kTuple);
          }
          io.stop();
        },
        asio::detached);
  });
  asio::steady_timer expiry(io);
  if (options.invite_expires_ms) {
    expiry.expires_after(
        std::chrono::milliseconds(std::max<std::int64_t>(0, *options.invite_expires_ms - NowMs())));
    expiry.async_wait([&](const boost::system::error_code& e) {
      if (e) return;
      expired = true;
      io.stop();
    });
  }
  asio::co_spawn(io, WatchForCommits(ctx), asio::detached);
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        for (;;) {
          auto [e, socket] = co_await acceptor.async_accept(kTuple);
          if (e == asio::error::operation_aborted) co_return;
          if (e) continue;
          if (active >= net.max_connections) {
            if (ctx.handshaking.empty()) {
              if (ctx.log) ctx.log("too many connections at once; one was turned away");
              continue;  // the socket closes as it goes out of scope
            }
            // Room for the newcomer: a device that is really there finishes
            // its handshake in milliseconds, one that only holds a slot never.
            Connection* oldest = ctx.handshaking.front();
            ctx.handshaking.erase(ctx.handshaking.begin());
            if (ctx.log)
              ctx.log(oldest->label() +
                      ": closed to make room: every slot was taken and it had not finished its "
                      "handshake");
            oldest->Close();
          }
          ++active;
          asio::co_spawn(io, HandleIncoming(ctx, std::move(socket), options, paired, io),
                         [&](std::exception_ptr) { --active; });
        }
      },
      asio::detached);
  // Only now, with Ctrl-C handled: the caller says "press Ctrl-C to stop".
  if (options.on_listening)
    RAPPORT_RETURN_IF_ERROR(options.on_listening({bound.address().to_string(), bound.port()}));
  io.run();
  if (expired && !paired)
    return Fail(ErrorCode::kFailedPrecondition,
                "the invite expired before anyone joined; make a new one with `rapport invite`");
  return Ok();
}

Result<SyncReport> SyncWith(store::Device& device, const store::PeerInfo& peer,
                            const Endpoint& address, const DialOptions& options,
                            const NetOptions& net) {
  RAPPORT_ASSIGN_OR_RETURN(const tcp::endpoint to, ResolveEndpoint(address));
  asio::io_context io;
  ConnectionContext ctx{device, net, options.log};
  if (options.live) {
    std::optional<SyncReport> so_far;
    return RunToCompletion(io, ctx, SyncLive(ctx, to, peer, options, so_far), &so_far);
  }
  return RunToCompletion(
      io, ctx, DialAndSync(ctx, to, Pinned(peer), SessionKind::kPeer, std::nullopt, options));
}

Result<SyncReport> JoinWithInvite(store::Device& device, const Invite& invite,
                                  const DialOptions& options, const NetOptions& net) {
  if (invite.expires_ms <= NowMs())
    return Fail(
        ErrorCode::kFailedPrecondition,
        "this invite has expired; ask for a new one (`rapport invite` on the other device)");
  const Endpoint address{invite.host, invite.port};
  RAPPORT_ASSIGN_OR_RETURN(const tcp::endpoint to, ResolveEndpoint(address));
  asio::io_context io;
  ConnectionContext ctx{device, net, options.log};
  DialExpectation expect;
  expect.responder_static = invite.inviter_static;
  expect.psk = crypto::SecretBuffer::CopyOf(invite.psk.view());
  PairingDetails pairing;
  pairing.notebook = invite.notebook;
  pairing.inviter_role = invite.inviter_role;
  pairing.inviter_static = invite.inviter_static;
  pairing.inviter_address = address.ToString();
  return RunToCompletion(
      io, ctx,
      DialAndSync(ctx, to, std::move(expect), SessionKind::kJoiner, std::move(pairing), options));
}

}  // namespace rapport::sync
