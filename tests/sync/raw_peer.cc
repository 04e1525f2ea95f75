// The hostile peer's plumbing (raw_peer.h): one blocking socket, the pure
// framing and message layers, and a Noise initiator.
#include "raw_peer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "sync/handshake_payload.h"

namespace rapport::sync::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Handshake messages must come back within this; the servers under test use
// shorter deadlines than this.
constexpr milliseconds kHandshakeReadTimeout{10'000};
constexpr std::string_view kPrologue = "rapport/1";

int MillisLeft(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 60'000));
}

}  // namespace

RawIdentity IdentityFor(const crypto::SigningKey& identity, crypto::DhKeyPair noise) {
  const crypto::Signature binding = crypto::SignStaticKeyBinding(identity, noise.public_key());
  return RawIdentity{std::move(noise), core::AuthorId::FromArray(identity.public_key()), binding};
}

RawIdentity StrangerIdentity(crypto::Rng& rng) {
  const crypto::SigningKey identity = crypto::SigningKey::Generate(rng);
  return IdentityFor(identity, crypto::DhKeyPair::Generate(rng));
}

RawPeer::RawPeer(std::uint16_t port, std::optional<int> buffer_size) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  if (buffer_size) {  // before connect, so that the window is sized by it
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &*buffer_size, sizeof *buffer_size);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &*buffer_size, sizeof *buffer_size);
  }
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  fd_ = fd;
}

RawPeer::~RawPeer() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawPeer::SendRaw(crypto::ByteView bytes) {
  std::size_t sent = 0;
  while (fd_ >= 0 && sent < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return fd_ >= 0;
}

RawPeer::SendStatus RawPeer::SendWithin(crypto::ByteView bytes, milliseconds stall) {
  std::size_t sent = 0;
  while (fd_ >= 0 && sent < bytes.size()) {
    const ssize_t n =
        ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) return SendStatus::kClosed;
    pollfd p{fd_, POLLOUT, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(stall.count()));
    if (ready == 0) return SendStatus::kStalled;
    if (ready < 0 && errno != EINTR) return SendStatus::kClosed;
  }
  return fd_ >= 0 ? SendStatus::kSent : SendStatus::kClosed;
}

bool RawPeer::SendFrame(crypto::ByteView payload) {
  const auto frame = EncodeFrame(payload);
  return frame && SendRaw(*frame);
}

void RawPeer::ShutdownWrite() {
  if (fd_ >= 0) ::shutdown(fd_, SHUT_WR);
}

bool RawPeer::Fill(Clock::time_point deadline, bool& timed_out) {
  timed_out = false;
  for (;;) {
    pollfd p{fd_, POLLIN, 0};
    const int ready = ::poll(&p, 1, MillisLeft(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      timed_out = true;
      return false;
    }
    if (ready < 0) return false;
    std::uint8_t buffer[16 * 1024];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;  // end of stream, or reset
    pending_.insert(pending_.end(), buffer, buffer + n);
    return true;
  }
}

RawPeer::ReadStatus RawPeer::ReadFrame(milliseconds timeout, crypto::Bytes& payload) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const FrameResult next = frames_.Next();
    if (next.status == FrameStatus::kFrame) {
      payload = crypto::ToBytes(next.frame);
      return ReadStatus::kFrame;
    }
    if (next.status == FrameStatus::kError) return ReadStatus::kBadFrame;
    if (!pending_.empty()) {
      // The reader takes what fits; a full reader holds a whole frame.
      const std::size_t taken = frames_.Feed(pending_);
      pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(taken));
      if (taken > 0 || frames_.failed()) continue;
    }
    bool timed_out = false;
    if (!Fill(deadline, timed_out)) return timed_out ? ReadStatus::kTimeout : ReadStatus::kClosed;
  }
}

bool RawPeer::WaitForClose(milliseconds timeout, std::size_t* frames) {
  const auto deadline = Clock::now() + timeout;
  std::size_t count = 0;
  for (;;) {
    crypto::Bytes ignored;
    const ReadStatus status = ReadFrame(milliseconds(MillisLeft(deadline)), ignored);
    if (status == ReadStatus::kFrame) {
      ++count;
      continue;
    }
    if (frames != nullptr) *frames = count;
    if (status == ReadStatus::kClosed) return true;
    if (status == ReadStatus::kTimeout) return false;
    // Bytes that are not frames: read on, raw, until the end.
    for (;;) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, MillisLeft(deadline)) <= 0) return false;
      std::uint8_t buffer[4096];
      if (::recv(fd_, buffer, sizeof buffer, 0) <= 0) return true;
    }
  }
}

Result<core::AuthorId> RawPeer::Handshake(const RawIdentity& me,
                                          std::optional<crypto::SecretBuffer> psk) {
  crypto::NoiseHandshakeConfig config;
  config.protocol = psk ? crypto::NoiseProtocol::kXXpsk3 : crypto::NoiseProtocol::kXX;
  config.role = crypto::NoiseRole::kInitiator;
  config.prologue = crypto::Bytes(kPrologue.begin(), kPrologue.end());
  RAPPORT_ASSIGN_OR_RETURN(crypto::DhKeyPair local,
                           crypto::DhKeyPair::FromSecret(me.noise.secret().view()));
  config.local_static.emplace(std::move(local));
  config.psk = std::move(psk);
  config.rng = &rng_;
  RAPPORT_ASSIGN_OR_RETURN(crypto::HandshakeState state,
                           crypto::HandshakeState::Create(std::move(config)));

  RAPPORT_ASSIGN_OR_RETURN(const crypto::Bytes m1, state.WriteMessage({}));
  if (!SendFrame(m1)) return Fail(ErrorCode::kIo, "could not send message 1");
  RAPPORT_ASSIGN_OR_RETURN(const crypto::Bytes m2, ReadHandshakeFrame("message 2"));
  RAPPORT_ASSIGN_OR_RETURN(const crypto::Bytes payload, state.ReadMessage(m2));
  responder_static_ = state.RemoteStatic();
  RAPPORT_ASSIGN_OR_RETURN(const core::AuthorId responder,
                           VerifyHandshakePayload(payload, *responder_static_));
  RAPPORT_ASSIGN_OR_RETURN(const crypto::Bytes m3,
                           state.WriteMessage(EncodeHandshakePayload(me.id, me.binding)));
  if (!SendFrame(m3)) return Fail(ErrorCode::kIo, "could not send message 3");
  RAPPORT_ASSIGN_OR_RETURN(crypto::NoiseTransport transport, state.Split());
  transport_.emplace(std::move(transport));
  frames_.set_phase(FramePhase::kTransport);
  return responder;
}

Result<crypto::Bytes> RawPeer::ReadHandshakeFrame(const char* what) {
  crypto::Bytes frame;
  switch (ReadFrame(kHandshakeReadTimeout, frame)) {
    case ReadStatus::kFrame:
      return frame;
    case ReadStatus::kClosed:
      return Fail(ErrorCode::kIo,
                  std::string("the other side closed the connection instead of ") + what);
    case ReadStatus::kTimeout:
      return Fail(ErrorCode::kTimeout, std::string("no ") + what);
    case ReadStatus::kBadFrame:
      break;
  }
  return Fail(ErrorCode::kProtocol, std::string(what) + " is not a frame");
}

Result<core::AuthorId> RawPeer::HandshakeAsResponder(const RawIdentity& me) {
  crypto::NoiseHandshakeConfig config;
  config.protocol = crypto::NoiseProtocol::kXX;
  config.role = crypto::NoiseRole::kResponder;
  config.prologue = crypto::Bytes(kPrologue.begin(), kPrologue.end());
  RAPPORT_ASSIGN_OR_RETURN(crypto::DhKeyPair local,
                           crypto::DhKeyPair::FromSecret(me.noise.secret().view()));
  config.local_static.emplace(std::move(local));
  config.rng = &rng_;
  RAPPORT_ASSIGN_OR_RETURN(crypto::HandshakeState state,
                           crypto::HandshakeState::Create(std::move(config)));
  RAPPORT_ASSIGN_OR_RETURN(const crypto::Bytes m1, ReadHandshakeFrame("message 1"));
  RAPPORT_ASSIGN_OR_RETURN(const crypto::Bytes payload1, state.ReadMessage(m1));
  if (!payload1.empty()) return Fail(ErrorCode::kProtocol, "message 1 carries a payload");
  RAPPORT_ASSIGN_OR_RETURN(const crypto::Bytes m2,
                           state.WriteMessage(EncodeHandshakePayload(me.id, me.binding)));
  if (!SendFrame(m2)) return Fail(ErrorCode::kIo, "could not send message 2");
  RAPPORT_ASSIGN_OR_RETURN(const crypto::Bytes m3, ReadHandshakeFrame("message 3"));
  RAPPORT_ASSIGN_OR_RETURN(const crypto::Bytes payload3, state.ReadMessage(m3));
  RAPPORT_ASSIGN_OR_RETURN(const core::AuthorId initiator,
                           VerifyHandshakePayload(payload3, *state.RemoteStatic()));
  RAPPORT_ASSIGN_OR_RETURN(crypto::NoiseTransport transport, state.Split());
  transport_.emplace(std::move(transport));
  frames_.set_phase(FramePhase::kTransport);
  return initiator;
}

crypto::Bytes RawPeer::SealMessage(MessageType type, crypto::ByteView body) {
  crypto::Bytes out;
  const auto pieces = SplitMessage(type, body);
  if (!transport_ || !pieces) return out;
  for (const crypto::Bytes& piece : *pieces) {
    const auto ciphertext = transport_->send.EncryptWithAd({}, piece);
    if (!ciphertext) return crypto::Bytes();
    const auto frame = EncodeFrame(*ciphertext);
    if (!frame) return crypto::Bytes();
    crypto::Append(out, *frame);
  }
  return out;
}

bool RawPeer::SendTransport(crypto::ByteView plaintext) {
  if (!transport_) return false;
  const auto ciphertext = transport_->send.EncryptWithAd({}, plaintext);
  return ciphertext && SendFrame(*ciphertext);
}

bool RawPeer::SendMessage(MessageType type, crypto::ByteView body) {
  const auto pieces = SplitMessage(type, body);
  if (!pieces) return false;
  for (const crypto::Bytes& piece : *pieces)
    if (!SendTransport(piece)) return false;
  return true;
}

Result<Message> RawPeer::ReceiveMessage(milliseconds timeout) {
  if (!transport_) return Fail(ErrorCode::kProtocol, "no handshake yet");
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    crypto::Bytes frame;
    switch (ReadFrame(milliseconds(MillisLeft(deadline)), frame)) {
      case ReadStatus::kFrame:
        break;
      case ReadStatus::kClosed:
        return Fail(ErrorCode::kIo, "the server closed the connection");
      case ReadStatus::kTimeout:
        return Fail(ErrorCode::kTimeout, "no message in time");
      case ReadStatus::kBadFrame:
        return Fail(ErrorCode::kProtocol, "the server sent a bad frame");
    }
    RAPPORT_ASSIGN_OR_RETURN(const crypto::Bytes plaintext,
                             transport_->receive.DecryptWithAd({}, frame));
    RAPPORT_ASSIGN_OR_RETURN(std::optional<Message> message, assembler_.Feed(plaintext));
    if (message) return std::move(*message);
  }
}

std::optional<ErrorMessage> RawPeer::ReceiveUntilError(milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    auto message = ReceiveMessage(milliseconds(MillisLeft(deadline)));
    if (!message) return std::nullopt;
    if (message->type != MessageType::kError) continue;
    auto error = DecodeError(message->body);
    if (!error) return std::nullopt;
    return std::move(*error);
  }
}

RawListener::RawListener() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  sockaddr_in at{};
  at.sin_family = AF_INET;
  at.sin_port = 0;
  at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof at;
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&at), sizeof at) != 0 || ::listen(fd, 4) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&at), &size) != 0) {
    ::close(fd);
    return;
  }
  fd_ = fd;
  port_ = ntohs(at.sin_port);
}

RawListener::~RawListener() {
  if (fd_ >= 0) ::close(fd_);
}

std::unique_ptr<RawPeer> RawListener::Accept(milliseconds timeout) {
  if (fd_ < 0) return nullptr;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return nullptr;
  const int fd = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0) return nullptr;
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return std::make_unique<RawPeer>(RawPeer::AdoptFd{fd});
}

}  // namespace rapport::sync::testing
