#include "sync/connection.h"

#include <sys/inotify.h>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include "sync/handshake_payload.h"

namespace rapport::sync {
namespace {

using namespace boost::asio::experimental::awaitable_operators;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::string_view kPrologue = "rapport/1";
// XX message 1 is `e` and an empty payload; in XXpsk3 the payload is
// encrypted under a key mixed from `e`, so it carries a 16-byte tag. The
// wire contract fixes the payload as empty, so the length tells them apart.
constexpr std::size_t kXxFirstMessageSize = crypto::kDhPublicKeySize;
constexpr std::size_t kXxPsk3FirstMessageSize = crypto::kDhPublicKeySize + crypto::kNoiseTagSize;
// At most this many frames wait to be written: with one batch pulled at a
// time, memory stays bounded whatever the notebook's size.
constexpr std::size_t kQueueLowWater = 2;
// The reader stops reading while more than this many bytes of replies wait
// to be written. A peer that sends Pings (or anything answered) faster than
// it reads our answers then fills its own socket buffers, not our memory,
// and one that stops reading is cut by the write deadline. Replies only:
// pausing while our own batches wait could deadlock two sides that both
// send. A real peer pings only when idle and stays far below this.
constexpr std::size_t kRepliesHighWater = 256 * 1024;
// SQLite writes a commit's frames to the -wal file, which wakes the watcher,
// a moment before it publishes the commit in the -shm index; a look that
// comes in between finds nothing. So after a nudge that found nothing, look
// again this often, this many times, before waiting for the next poll.
constexpr auto kRecheckDelay = std::chrono::milliseconds(1);
constexpr int kRechecks = 10;

std::string Describe(const tcp::socket& socket) {
  boost::system::error_code ec;
  const auto remote = socket.remote_endpoint(ec);
  if (ec) return "unknown peer";
  return EndpointText(remote);
}

crypto::Bytes Prologue() { return crypto::Bytes(kPrologue.begin(), kPrologue.end()); }

}  // namespace

Result<tcp::endpoint> ResolveEndpoint(const Endpoint& address) {
  boost::system::error_code ec;
  const auto ip =
      asio::ip::make_address(address.host == "localhost" ? "127.0.0.1" : address.host, ec);
  if (ec)
    return Fail(ErrorCode::kInvalidArgument,
                "'" + address.host + "' is not an IP address (use e.g. 192.168.1.20)");
  return tcp::endpoint(ip, address.port);
}

std::string EndpointText(const tcp::endpoint& endpoint) {
  return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

Connection::Connection(ConnectionContext& context, tcp::socket socket)
    : context_(context),
      socket_(std::move(socket)),
      label_(Describe(socket_)),
      writer_wake_(socket_.get_executor()),
      reader_wake_(socket_.get_executor()),
      ticker_wake_(socket_.get_executor()),
      read_timer_(socket_.get_executor()),
      write_timer_(socket_.get_executor()) {
  socket_.set_option(tcp::no_delay(true));
}

void Connection::Close() {
  boost::system::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

void Connection::Stop() {
  // Tell the other device why the connection ends, so that it does not take
  // the close for "the sync is done" or for a fault.
  if (!stopped_ && !closing_ && transport_) {
    if (auto body = EncodeError({static_cast<std::uint16_t>(WireErrorCode::kShuttingDown),
                                 "the other device is stopping"}))
      (void)Enqueue({MessageType::kError, std::move(*body)});
  }
  stopped_ = true;
  StartClosing();
}

void Connection::ExtendDeadline() {
  read_deadline_ =
      std::min(std::chrono::steady_clock::now() + context_.net.timeout, close_deadline_);
}

awaitable<void> WatchForCommits(ConnectionContext& context) {
  const int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) co_return;
  asio::posix::stream_descriptor events(co_await asio::this_coro::executor, fd);
  // The folder, not the file: SQLite deletes and recreates the -wal file.
  const std::string folder = context.device.database_file().parent_path().string();
  if (::inotify_add_watch(fd, folder.c_str(), IN_MODIFY | IN_CREATE) < 0) co_return;
  std::array<char, 4096> buffer;
  for (;;) {
    auto [ec, n] = co_await events.async_read_some(asio::buffer(buffer), kTuple);
    if (ec) co_return;
    for (Connection* c : context.running) c->Nudge();
  }
}

// ---- Frames ------------------------------------------------------------------

awaitable<Result<std::optional<crypto::Bytes>>> Connection::ReadFrame() {
  using Out = Result<std::optional<crypto::Bytes>>;
  for (;;) {
    const FrameResult next = frames_.Next();
    if (next.status == FrameStatus::kError) co_return Out(Unexpected{next.error});
    if (next.status == FrameStatus::kFrame)
      co_return Out(std::optional<crypto::Bytes>(crypto::ToBytes(next.frame)));
    if (!pending_.empty()) {
      pending_ = pending_.subspan(frames_.Feed(pending_));
      continue;
    }
    // Checked here too: a peer that never lets the socket run dry would
    // otherwise win every race against the timer.
    if (std::chrono::steady_clock::now() >= read_deadline_)
      co_return Fail(ErrorCode::kTimeout, "the other device did not answer in time");
    read_timer_.expires_at(read_deadline_);
    auto result = co_await (socket_.async_read_some(asio::buffer(read_buffer_), kTuple) ||
                            read_timer_.async_wait(kTuple));
    if (result.index() == 1)
      co_return Fail(ErrorCode::kTimeout, "the other device did not answer in time");
    const auto [ec, n] = std::get<0>(result);
    if (ec == asio::error::eof) {
      if (frames_.buffered() > 0)
        co_return Fail(ErrorCode::kProtocol, "the connection ended in the middle of a message");
      co_return Out(std::optional<crypto::Bytes>());
    }
    if (ec) co_return Fail(ErrorCode::kIo, "the connection failed: " + ec.message());
    transfer_.bytes_received += n;
    pending_ = crypto::ByteView(read_buffer_.data(), n);
  }
}

awaitable<Result<crypto::Bytes>> Connection::ReadHandshakeFrame() {
  auto frame = co_await ReadFrame();
  if (!frame) co_return frame.as_unexpected();
  if (!*frame) {
    closed_in_handshake_ = true;
    co_return Fail(ErrorCode::kProtocol,
                   "the other device closed the connection during the handshake");
  }
  co_return std::move(**frame);
}

awaitable<Status> Connection::WriteFrame(crypto::ByteView payload) {
  auto frame = EncodeFrame(payload);
  if (!frame) co_return frame.as_unexpected();
  write_timer_.expires_after(context_.net.timeout);
  auto result = co_await (asio::async_write(socket_, asio::buffer(*frame), kTuple) ||
                          write_timer_.async_wait(kTuple));
  if (result.index() == 1) co_return Fail(ErrorCode::kTimeout, "the other device stopped reading");
  const auto [ec, n] = std::get<0>(result);
  if (ec) co_return Fail(ErrorCode::kIo, "the connection failed: " + ec.message());
  transfer_.bytes_sent += n;
  co_return Ok();
}

// ---- Handshakes ----------------------------------------------------------------

awaitable<Result<PeerIdentity>> Connection::HandshakeAsInitiator(DialExpectation expect) {
  ExtendDeadline();  // one deadline for the whole handshake
  const store::Device& device = context_.device;
  crypto::NoiseHandshakeConfig config;
  config.protocol = expect.psk ? crypto::NoiseProtocol::kXXpsk3 : crypto::NoiseProtocol::kXX;
  config.role = crypto::NoiseRole::kInitiator;
  config.prologue = Prologue();
  config.local_static = crypto::DhKeyPair::FromSecret(device.noise_keys().secret().view()).value();
  config.psk = std::move(expect.psk);
  crypto::SystemRng rng;
  config.rng = &rng;
  auto state = crypto::HandshakeState::Create(std::move(config));
  if (!state) co_return state.as_unexpected();

  auto m1 = state->WriteMessage({});
  if (!m1) co_return m1.as_unexpected();
  if (auto w = co_await WriteFrame(*m1); !w) co_return w.as_unexpected();

  auto m2 = co_await ReadHandshakeFrame();
  if (!m2) co_return m2.as_unexpected();
  auto payload = state->ReadMessage(*m2);
  if (!payload) co_return payload.as_unexpected();
  const auto remote_static = state->RemoteStatic();
  auto identity = VerifyHandshakePayload(*payload, *remote_static);
  if (!identity) co_return identity.as_unexpected();
  if (!crypto::ConstantTimeEqual(*remote_static, expect.responder_static) ||
      (expect.identity && *identity != *expect.identity))
    co_return Fail(ErrorCode::kAuthenticationFailed,
                   "the device at this address is not the one you paired with (its key differs)");

  const store::IdentityInfo& me = device.identity();
  auto m3 = state->WriteMessage(EncodeHandshakePayload(me.id, me.binding));
  if (!m3) co_return m3.as_unexpected();
  if (auto w = co_await WriteFrame(*m3); !w) co_return w.as_unexpected();
  auto transport = state->Split();
  if (!transport) co_return transport.as_unexpected();
  transport_.emplace(std::move(*transport));
  frames_.set_phase(FramePhase::kTransport);
  co_return PeerIdentity{*identity, *remote_static};
}

awaitable<Result<PeerIdentity>> Connection::HandshakeAsResponder(
    std::optional<PairingDetails>& pairing) {
  ExtendDeadline();
  store::Device& device = context_.device;
  auto m1 = co_await ReadHandshakeFrame();
  if (!m1) co_return m1.as_unexpected();

  crypto::NoiseHandshakeConfig config;
  config.role = crypto::NoiseRole::kResponder;
  config.prologue = Prologue();
  config.local_static = crypto::DhKeyPair::FromSecret(device.noise_keys().secret().view()).value();
  crypto::SystemRng rng;
  config.rng = &rng;
  if (m1->size() == kXxPsk3FirstMessageSize) {
    auto invite = device.PendingInviteNow();
    if (!invite) co_return invite.as_unexpected();
    if (!*invite)
      co_return Fail(ErrorCode::kNotFound,
                     "a device tried to join, but no invite is waiting (it was used or replaced)");
    const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    if ((*invite)->expires_ms <= now)
      co_return Fail(ErrorCode::kFailedPrecondition,
                     "a device tried to join with an expired invite");
    config.protocol = crypto::NoiseProtocol::kXXpsk3;
    config.psk = std::move((*invite)->psk);
    pairing.emplace();
    pairing->notebook = (*invite)->notebook;
    pairing->invite = std::move((*invite)->sealed);
    pairing->inviter_role = device.identity().role;
    pairing->inviter_static = device.noise_keys().public_key();
  } else if (m1->size() == kXxFirstMessageSize) {
    config.protocol = crypto::NoiseProtocol::kXX;
  } else {
    co_return Fail(ErrorCode::kProtocol, "the first handshake message has the wrong length");
  }
  auto state = crypto::HandshakeState::Create(std::move(config));
  if (!state) co_return state.as_unexpected();
  auto payload1 = state->ReadMessage(*m1);
  if (!payload1) co_return payload1.as_unexpected();
  if (!payload1->empty())
    co_return Fail(ErrorCode::kProtocol, "the first handshake message carries a payload");

  const store::IdentityInfo& me = device.identity();
  auto m2 = state->WriteMessage(EncodeHandshakePayload(me.id, me.binding));
  if (!m2) co_return m2.as_unexpected();
  if (auto w = co_await WriteFrame(*m2); !w) co_return w.as_unexpected();

  auto m3 = co_await ReadHandshakeFrame();
  if (!m3) co_return m3.as_unexpected();
  auto payload3 = state->ReadMessage(*m3);
  if (!payload3) {
    if (pairing)
      co_return Fail(ErrorCode::kAuthenticationFailed,
                     "a device tried to join with a wrong or outdated invite");
    co_return payload3.as_unexpected();
  }
  const auto remote_static = state->RemoteStatic();
  auto identity = VerifyHandshakePayload(*payload3, *remote_static);
  if (!identity) co_return identity.as_unexpected();

  auto pinned = device.FindPeer(*identity);
  if (!pinned) co_return pinned.as_unexpected();
  if (*pinned && !crypto::ConstantTimeEqual((*pinned)->noise_key, *remote_static))
    co_return Fail(
        ErrorCode::kAuthenticationFailed,
        "a paired member connected with a different device key " + identity->Short() + "; refused");
  if (!pairing && !*pinned)
    co_return Fail(ErrorCode::kNotMember,
                   "an unknown device " + identity->Short() + " connected; refused");
  auto transport = state->Split();
  if (!transport) co_return transport.as_unexpected();
  transport_.emplace(std::move(*transport));
  frames_.set_phase(FramePhase::kTransport);
  co_return PeerIdentity{*identity, *remote_static};
}

// ---- Messages ------------------------------------------------------------------

awaitable<Result<std::optional<Message>>> Connection::ReadMessage() {
  using Out = Result<std::optional<Message>>;
  for (;;) {
    ExtendDeadline();
    auto frame = co_await ReadFrame();
    if (!frame) co_return frame.as_unexpected();
    if (!*frame) {
      if (assembler_.in_message())
        co_return Fail(ErrorCode::kProtocol, "the connection ended in the middle of a message");
      co_return Out(std::optional<Message>());
    }
    auto plaintext = transport_->receive.DecryptWithAd({}, **frame);
    if (!plaintext)
      co_return Fail(ErrorCode::kAuthenticationFailed,
                     "a message failed its integrity check (tampered, or a wrong key)");
    auto message = assembler_.Feed(*plaintext);
    crypto::Wipe(*plaintext);  // may hold a notebook key
    if (!message) co_return message.as_unexpected();
    // Keep-alives prove the peer is there, not that the sync moves on.
    if (assembler_.type() != MessageType::kPing && assembler_.type() != MessageType::kPong)
      last_progress_ = std::chrono::steady_clock::now();
    if (*message) co_return Out(std::move(*message));
  }
}

Status Connection::Enqueue(Outgoing message, bool reply) {
  // What is queued after the writer finished is never written, and once
  // closing only the Error saying why still matters: a peer that keeps
  // pinging a closing (or half-closed) connection must not grow its queue.
  if (writer_done_ || (closing_ && message.type != MessageType::kError)) {
    if (message.type == MessageType::kNotebookKey) crypto::Wipe(message.body);
    return Ok();
  }
  const bool keepalive = message.type == MessageType::kPing || message.type == MessageType::kPong;
  auto pieces = SplitMessage(message.type, message.body);
  if (message.type == MessageType::kNotebookKey) crypto::Wipe(message.body);
  if (!pieces) return pieces.as_unexpected();
  for (crypto::Bytes& piece : *pieces) {
    auto ciphertext = transport_->send.EncryptWithAd({}, piece);
    crypto::Wipe(piece);
    if (!ciphertext) return ciphertext.as_unexpected();
    RAPPORT_ASSIGN_OR_RETURN(crypto::Bytes frame, EncodeFrame(*ciphertext));
    if (reply) reply_bytes_ += frame.size();
    queue_.push_back({std::move(frame), reply, keepalive});
  }
  Wake(writer_wake_);
  return Ok();
}

void Connection::Abort(const Error& error, std::optional<WireErrorCode> tell_peer) {
  if (error_ || done_) return;
  error_ = error;
  end_ = SessionEnd::kFailed;
  if (context_.log) context_.log(label_ + ": " + error.message);
  if (tell_peer && transport_) {
    // Best effort: the reason is generated by Rapport, printable ASCII. Our
    // own failures (storage, ...) are not the peer's business.
    std::string reason = *tell_peer == WireErrorCode::kInternal
                             ? std::string("the other device had an internal error")
                             : error.message.substr(0, kMaxErrorReasonSize);
    for (char& c : reason)
      if (c < 0x20 || c > 0x7E) c = '?';
    // The frames already queued stay: each was encrypted with the next
    // nonce, so dropping one would leave the peer unable to decrypt the
    // Error after it. No more are added: closing_ stops Pump().
    if (auto body = EncodeError({static_cast<std::uint16_t>(*tell_peer), reason}))
      (void)Enqueue({MessageType::kError, std::move(*body)});
  }
  StartClosing();
}

void Connection::StartClosing() {
  closing_ = true;
  Wake(writer_wake_);
  Wake(ticker_wake_);
  Wake(reader_wake_);
}

Status Connection::Pump(SyncSession& session) {
  while (!closing_ && queue_.size() < kQueueLowWater) {
    RAPPORT_ASSIGN_OR_RETURN(auto next, session.NextBatch());
    if (!next) break;
    transfer_.events_sent += next->events;
    RAPPORT_RETURN_IF_ERROR(Enqueue(std::move(*next)));
  }
  return Ok();
}

// ---- The session loops -----------------------------------------------------------

awaitable<void> Connection::Reader(SyncSession& session, bool once, const ProgressFn& progress) {
  while (!done_) {
    while (!closing_ && reply_bytes_ > kRepliesHighWater) {
      reader_wake_.expires_at(std::chrono::steady_clock::time_point::max());
      co_await reader_wake_.async_wait(kTuple);
    }
    auto message = co_await ReadMessage();
    if (!message) {
      const bool expected_end = stopped_ || (closing_ && end_ == SessionEnd::kCaughtUp);
      if (expected_end && message.error().code == ErrorCode::kTimeout) {
        if (stopped_) {  // stopping anyway: no need to wait for the peer
          if (context_.log)
            context_.log(label_ + ": the other device did not close the connection; closed it");
          break;
        }
        // Only the peer's close proves it read all we sent: closing with its
        // Pings unread resets the connection, and what was in flight is lost.
        Abort(Error(ErrorCode::kTimeout,
                    "the other device did not confirm it received everything before the "
                    "connection timed out; run `rapport sync` again to finish"),
              std::nullopt);
        break;
      }
      if (!expected_end || message.error().code != ErrorCode::kIo)
        Abort(message.error(), message.error().code == ErrorCode::kTimeout
                                   ? std::optional<WireErrorCode>()
                                   : std::optional(WireErrorCode::kProtocol));
      break;
    }
    if (!*message) {  // the peer finished: we finish too
      StartClosing();
      break;
    }
    if ((*message)->type == MessageType::kError) {
      const auto reported = DecodeError((*message)->body);
      // The peer's own failure (its storage busy, ...) is not a fault of
      // ours or of the data: kIo says that trying again may work.
      const bool peer_trouble =
          reported && reported->code == static_cast<std::uint16_t>(WireErrorCode::kInternal);
      Abort(Error(peer_trouble ? ErrorCode::kIo : ErrorCode::kProtocol,
                  reported ? DescribePeerError(*reported)
                           : "the other device ended the connection (its reason was unreadable)"),
            std::nullopt);
      break;
    }
    auto replies = session.Handle(**message);
    if ((*message)->type == MessageType::kNotebookKey) crypto::Wipe((*message)->body);
    if (!replies) {
      Abort(replies.error(), session.failure_code());
      break;
    }
    if (session.counters().events_received != transfer_.events_received) {
      transfer_.events_received = session.counters().events_received;
      ++context_.generation;  // other connections push these on
    }
    for (Outgoing& reply : *replies) {
      if (auto s = Enqueue(std::move(reply), /*reply=*/true); !s) {
        Abort(s.error(), WireErrorCode::kInternal);
        break;
      }
    }
    if (auto s = Pump(session); !s) {
      Abort(s.error(), session.failure_code());
      break;
    }
    if (once && !closing_ && session.CaughtUp()) {
      end_ = SessionEnd::kCaughtUp;
      StartClosing();  // the writer flushes, then half-closes; we read on to the end
    }
    if (progress) progress(transfer_);
  }
}

awaitable<void> Connection::Writer() {
  while (true) {
    if (queue_.empty()) {
      if (closing_) break;
      writer_wake_.expires_at(std::chrono::steady_clock::time_point::max());
      co_await writer_wake_.async_wait(kTuple);
      continue;
    }
    const QueuedFrame queued = std::move(queue_.front());
    const crypto::Bytes& frame = queued.frame;
    queue_.pop_front();
    write_timer_.expires_after(context_.net.timeout);
    auto result = co_await (asio::async_write(socket_, asio::buffer(frame), kTuple) ||
                            write_timer_.async_wait(kTuple));
    if (queued.reply) {
      reply_bytes_ -= frame.size();
      if (reply_bytes_ <= kRepliesHighWater) Wake(reader_wake_);
    }
    if (result.index() == 1) {
      Abort(Error(ErrorCode::kTimeout, "the other device stopped reading"), std::nullopt);
      break;
    }
    if (const auto [ec, n] = std::get<0>(result); ec) {
      if (!closing_) Abort(Error(ErrorCode::kIo, "the connection failed: " + ec.message()), {});
      break;
    }
    transfer_.bytes_sent += frame.size();
    if (!queued.keepalive) last_progress_ = std::chrono::steady_clock::now();
    Wake(ticker_wake_);  // room in the queue: the ticker pulls the next batch
  }
  writer_done_ = true;
  // Everything we had is with the kernel: the peer gets one timeout from now
  // to read it and close its side too. (Counting from StartClosing instead
  // cut off a slow link while our last batch was still being written.)
  close_deadline_ = std::chrono::steady_clock::now() + context_.net.timeout;
  queue_.clear();  // what is left will never be written
  reply_bytes_ = 0;
  boost::system::error_code ignored;
  if (end_ == SessionEnd::kCaughtUp && !error_) {
    // Half-close: the peer reads everything we sent, then closes its side.
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
  } else {
    Close();
  }
}

awaitable<void> Connection::Ticker(SyncSession& session, const ProgressFn& progress) {
  last_ping_ = std::chrono::steady_clock::now();
  std::uint64_t ping_value = 0;
  while (!closing_) {
    ticker_wake_.expires_after(rechecks_left_ > 0 ? kRecheckDelay : context_.net.poll_interval);
    co_await ticker_wake_.async_wait(kTuple);
    if (closing_) break;
    const bool nudged = std::exchange(nudged_, false);
    // Live push: look again only when something was stored, here or by
    // another process.
    auto version = context_.device.DataVersion();
    if (!version) {
      Abort(version.error(), WireErrorCode::kInternal);
      break;
    }
    if (*version != seen_data_version_ || context_.generation != seen_generation_) {
      rechecks_left_ = 0;
      seen_data_version_ = *version;
      seen_generation_ = context_.generation;
      if (auto s = session.Refresh(); !s) {
        Abort(s.error(), WireErrorCode::kInternal);
        break;
      }
    } else if (nudged) {
      rechecks_left_ = kRechecks;
    } else if (rechecks_left_ > 0) {
      --rechecks_left_;
    }
    if (auto s = Pump(session); !s) {
      Abort(s.error(), session.failure_code());
      break;
    }
    if (once_ && !closing_ && session.CaughtUp()) {
      end_ = SessionEnd::kCaughtUp;
      StartClosing();
      break;
    }
    const auto now = std::chrono::steady_clock::now();
    // Once mode ends only when both are caught up; a peer that only keeps
    // the connection alive (Pings) must not hold it open forever. A peer
    // with something to send sends a frame well within each timeout, and
    // our own frames count too, so twice the timeout spares slow syncs.
    if (once_ && now - last_progress_ > 2 * context_.net.timeout) {
      Abort(Error(ErrorCode::kTimeout,
                  "the other device kept the connection open without finishing the sync"),
            std::nullopt);
      break;
    }
    // Often enough that a quiet peer never reaches our read deadline.
    const auto interval = std::min<std::chrono::steady_clock::duration>(context_.net.ping_interval,
                                                                        context_.net.timeout / 3);
    if (now - last_ping_ >= interval && queue_.empty()) {
      last_ping_ = now;
      if (auto body = EncodePing({++ping_value})) (void)Enqueue({MessageType::kPing, *body});
    }
    if (progress) progress(transfer_);
  }
}

awaitable<SessionEnd> Connection::Run(SyncSession& session, bool once, const ProgressFn& progress) {
  auto first = session.Start();
  if (!first) {
    Abort(first.error(), session.failure_code());
  } else {
    for (Outgoing& message : *first) (void)Enqueue(std::move(message));
  }
  const auto version = context_.device.DataVersion();
  seen_data_version_ = version ? *version : -1;
  seen_generation_ = context_.generation;
  last_progress_ = std::chrono::steady_clock::now();
  once_ = once;
  context_.running.push_back(this);
  co_await (Reader(session, once, progress) && Writer() && Ticker(session, progress));
  std::erase(context_.running, this);
  done_ = true;
  Close();
  transfer_.events_received = session.counters().events_received;
  if (progress) progress(transfer_);
  co_return end_;
}

}  // namespace rapport::sync
