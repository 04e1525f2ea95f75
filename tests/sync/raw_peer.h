// A peer for hostile tests, written apart from sync/'s Asio code: blocking
// POSIX sockets and the project's pure pieces (crypto::HandshakeState,
// EncodeFrame / FrameReader, SplitMessage / MessageAssembler, the message
// codecs). It can do everything a real device does, and everything a real
// device never does: send raw bytes, stop mid-frame, present any identity.
//
// Not thread-safe; one RawPeer per connection, used by one test.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "base/result.h"
#include "core/ids.h"
#include "crypto/noise_handshake.h"
#include "crypto/random.h"
#include "crypto/signing.h"
#include "sync/frame.h"
#include "sync/messages.h"

namespace rapport::sync::testing {

using std::chrono::milliseconds;

// What the raw peer presents in the handshake: a Noise static key and the
// identity payload (identity key and its binding signature). Nothing ties
// the three together unless the test made them so.
struct RawIdentity {
  crypto::DhKeyPair noise;
  core::AuthorId id;
  crypto::Signature binding{};
};

// A device nobody has paired with: fresh keys, a valid binding.
RawIdentity StrangerIdentity(crypto::Rng& rng);
// `identity` vouching for `noise` (a valid binding by that identity key).
RawIdentity IdentityFor(const crypto::SigningKey& identity, crypto::DhKeyPair noise);

class RawPeer {
 public:
  // Connects to 127.0.0.1:`port`; connected() says whether it worked.
  // `buffer_size`: the socket's send and receive buffers (as SO_SNDBUF and
  // SO_RCVBUF take them), instead of the system's growing ones.
  explicit RawPeer(std::uint16_t port, std::optional<int> buffer_size = std::nullopt);
  // Takes over a connected socket (RawListener::Accept).
  struct AdoptFd {
    int fd;
  };
  explicit RawPeer(AdoptFd adopt) : fd_(adopt.fd) {}
  ~RawPeer();
  RawPeer(const RawPeer&) = delete;
  RawPeer& operator=(const RawPeer&) = delete;

  bool connected() const { return fd_ >= 0; }

  // ---- Bytes and frames, no encryption ----
  bool SendRaw(crypto::ByteView bytes);
  // The 2-byte length and `payload`.
  bool SendFrame(crypto::ByteView payload);
  // Half-closes: the server reads the end of the stream.
  void ShutdownWrite();
  enum class SendStatus { kSent, kStalled, kClosed };
  // Sends all of `bytes` without blocking for good: kStalled if the other
  // side took nothing for `stall` (it stopped reading and the buffers are
  // full), kClosed if the connection failed.
  SendStatus SendWithin(crypto::ByteView bytes, milliseconds stall);

  enum class ReadStatus { kFrame, kClosed, kTimeout, kBadFrame };
  // The next frame's payload, or why there is none within `timeout`.
  ReadStatus ReadFrame(milliseconds timeout, crypto::Bytes& payload);
  // Reads until the server closes the connection (end of stream or reset)
  // or `timeout` passes; true if it closed. `frames` counts the whole
  // frames that arrived meanwhile.
  bool WaitForClose(milliseconds timeout, std::size_t* frames = nullptr);

  // ---- Noise ----
  // Runs XX (or XXpsk3 when `psk` is given) as the initiator, presenting
  // `me`, up to and including message 3. Returns the responder's identity
  // (after checking its payload binds the static key it sent). Fails with
  // the reason when the server closes or sends something wrong.
  Result<core::AuthorId> Handshake(const RawIdentity& me,
                                   std::optional<crypto::SecretBuffer> psk = std::nullopt);
  // The same as the responder, on a connection from a real device: XX,
  // presenting `me`. Returns the initiator's identity (after checking its
  // payload binds the static key it sent).
  Result<core::AuthorId> HandshakeAsResponder(const RawIdentity& me);
  // The responder's static key, once message 2 was read.
  const std::optional<crypto::DhPublicKey>& responder_static() const { return responder_static_; }

  // After Handshake: one plaintext encrypted as one transport frame.
  bool SendTransport(crypto::ByteView plaintext);
  // After Handshake: an application message, cut, encrypted and framed.
  bool SendMessage(MessageType type, crypto::ByteView body);
  // After Handshake: the frames SendMessage would send, for sending later
  // (each uses up the next nonce now). Empty if it cannot be encoded.
  crypto::Bytes SealMessage(MessageType type, crypto::ByteView body);
  // After Handshake: the next application message. kIo if the server
  // closed the connection first, kTimeout if nothing came in time,
  // kProtocol / kAuthenticationFailed if what came is wrong.
  Result<Message> ReceiveMessage(milliseconds timeout);
  // Receives messages until an Error message arrives (returned) or the
  // connection ends (nullopt); everything before it is skipped.
  std::optional<ErrorMessage> ReceiveUntilError(milliseconds timeout);

 private:
  // The next handshake frame, or why there is none (`what` names it).
  Result<crypto::Bytes> ReadHandshakeFrame(const char* what);
  // Waits for bytes within the deadline and adds them to pending_.
  // false on end of stream, error or timeout (then `timed_out` is set).
  bool Fill(std::chrono::steady_clock::time_point deadline, bool& timed_out);

  int fd_ = -1;
  FrameReader frames_;
  crypto::Bytes pending_;  // received, not yet taken by frames_
  crypto::SystemRng rng_;
  std::optional<crypto::NoiseTransport> transport_;
  MessageAssembler assembler_;
  std::optional<crypto::DhPublicKey> responder_static_;
};

// A listening socket on 127.0.0.1 at a port the system picks, for a raw
// peer that a real device dials.
class RawListener {
 public:
  RawListener();
  ~RawListener();
  RawListener(const RawListener&) = delete;
  RawListener& operator=(const RawListener&) = delete;

  // 0 if listening failed.
  std::uint16_t port() const { return port_; }
  // The next connection, or nullptr if none arrives within `timeout`.
  std::unique_ptr<RawPeer> Accept(milliseconds timeout);

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace rapport::sync::testing
