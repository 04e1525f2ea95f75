// The Noise framing of the wire contract (DESIGN.md, "Transport: the wire
// contract"; docs/protocol.md, "Framing"): every Noise message, handshake and
// transport alike, travels as a 2-byte big-endian length and that many bytes.
// Pure parsing over bytes, no IO: the socket code feeds what it reads.
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/result.h"
#include "crypto/bytes.h"
#include "crypto/noise_cipher_state.h"
#include "crypto/signing.h"

namespace rapport::sync {

inline constexpr std::size_t kFrameHeaderSize = 2;
// A Noise message is at most 65535 bytes (Noise spec section 3).
inline constexpr std::size_t kMaxFrameSize = crypto::kNoiseMaxMessageSize;
// The shortest legal handshake message holds an ephemeral key (XX message 1).
inline constexpr std::size_t kMinHandshakeFrameSize = crypto::kDhPublicKeySize;
// The shortest legal transport message is an empty plaintext and its tag.
inline constexpr std::size_t kMinTransportFrameSize = crypto::kNoiseTagSize;
// The most a FrameReader ever holds: one whole frame of the largest size.
inline constexpr std::size_t kMaxFrameReaderBuffer = kFrameHeaderSize + kMaxFrameSize;

// Which Noise messages a connection is exchanging: it sets the shortest
// frame a FrameReader accepts. A length of 0 is never accepted.
enum class FramePhase { kHandshake, kTransport };

std::size_t MinFrameSize(FramePhase phase);

// Returns the 2-byte big-endian length followed by `payload`.
// kProtocol if `payload` is empty or longer than kMaxFrameSize.
[[nodiscard]] Result<crypto::Bytes> EncodeFrame(crypto::ByteView payload);

enum class FrameStatus { kFrame, kNeedMore, kError };

struct FrameResult {
  FrameStatus status = FrameStatus::kNeedMore;
  // kFrame: the frame's payload (without its length). It points into the
  // reader's buffer and stays valid until the next Feed() or the reader's
  // destruction.
  crypto::ByteView frame;
  // kError: kProtocol and a short reason for the log line.
  Error error;
};

// Splits a byte stream into frames. Never holds more than
// kMaxFrameReaderBuffer unconsumed bytes: Feed() accepts only what fits, and
// a full buffer always contains a complete frame (or an error), so calling
// Next() until kNeedMore always makes room. Every length is checked in
// Next(), against the phase in force at that call, before the frame is
// returned. Once Next() has reported kError it reports the same error for
// ever and Feed() accepts nothing.
//
// Typical use, for each chunk `in` read from the socket:
//   while (!in.empty()) {
//     in = in.subspan(reader.Feed(in));
//     for (auto r = reader.Next(); r.status != FrameStatus::kNeedMore; r = reader.Next()) {
//       if (r.status == FrameStatus::kError) { /* log, disconnect */ }
//       /* handle r.frame */
//     }
//   }
//
// Not thread-safe; one reader per connection.
class FrameReader {
 public:
  explicit FrameReader(FramePhase phase = FramePhase::kHandshake) : phase_(phase) {}

  // Appends as much of `input` as fits and returns how many bytes it took
  // (0 once failed). The caller feeds the rest after draining Next().
  [[nodiscard]] std::size_t Feed(crypto::ByteView input);

  // The next complete frame, kNeedMore, or kError (kProtocol) if the next
  // length is 0, shorter than the phase allows, or the reader has failed.
  FrameResult Next();

  // Applies to every length parsed from the next Next() call on; switch to
  // kTransport right after the last handshake message has been read.
  void set_phase(FramePhase phase) { phase_ = phase; }
  FramePhase phase() const { return phase_; }

  bool failed() const { return failed_; }
  // Bytes fed but not yet returned as frames.
  std::size_t buffered() const { return buffer_.size() - consumed_; }
  // Memory held by the buffer; never above kMaxFrameReaderBuffer.
  std::size_t capacity() const { return buffer_.capacity(); }

 private:
  FrameResult Fail(std::string reason);

  FramePhase phase_;
  crypto::Bytes buffer_;
  std::size_t consumed_ = 0;  // bytes at the front of buffer_ already returned
  bool failed_ = false;
  Error error_;
};

}  // namespace rapport::sync
