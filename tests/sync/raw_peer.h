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
  explicit RawPeer(std::uint16_t port);
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
  // The responder's static key, once message 2 was read.
  const std::optional<crypto::DhPublicKey>& responder_static() const { return responder_static_; }

  // After Handshake: one plaintext encrypted as one transport frame.
  bool SendTransport(crypto::ByteView plaintext);
  // After Handshake: an application message, cut, encrypted and framed.
  bool SendMessage(MessageType type, crypto::ByteView body);
  // After Handshake: the next application message. kIo if the server
  // closed the connection first, kTimeout if nothing came in time,
  // kProtocol / kAuthenticationFailed if what came is wrong.
  Result<Message> ReceiveMessage(milliseconds timeout);
  // Receives messages until an Error message arrives (returned) or the
  // connection ends (nullopt); everything before it is skipped.
  std::optional<ErrorMessage> ReceiveUntilError(milliseconds timeout);

 private:
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

}  // namespace rapport::sync::testing
