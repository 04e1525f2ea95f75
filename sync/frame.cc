// Noise framing; the format is in docs/protocol.md, "Framing".
#include "sync/frame.h"

#include <algorithm>
#include <string>

namespace rapport::sync {

std::size_t MinFrameSize(FramePhase phase) {
  return phase == FramePhase::kHandshake ? kMinHandshakeFrameSize : kMinTransportFrameSize;
}

Result<crypto::Bytes> EncodeFrame(crypto::ByteView payload) {
  if (payload.empty()) return Fail(ErrorCode::kProtocol, "frame: empty payload");
  if (payload.size() > kMaxFrameSize)
    return Fail(ErrorCode::kProtocol, "frame: payload of " + std::to_string(payload.size()) +
                                          " bytes is over " + std::to_string(kMaxFrameSize));
  crypto::Bytes out;
  out.reserve(kFrameHeaderSize + payload.size());
  out.push_back(static_cast<std::uint8_t>(payload.size() >> 8));
  out.push_back(static_cast<std::uint8_t>(payload.size()));
  crypto::Append(out, payload);
  return out;
}

std::size_t FrameReader::Feed(crypto::ByteView input) {
  if (failed_) return 0;
  // Drop what Next() already returned, so the limit counts only live bytes.
  // (This is what invalidates the views Next() handed out.)
  if (consumed_ > 0) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(consumed_));
    consumed_ = 0;
  }
  const std::size_t take = std::min(input.size(), kMaxFrameReaderBuffer - buffer_.size());
  if (take == 0) return 0;
  // Grow at most to the hard limit: never let the vector's doubling go past it.
  const std::size_t needed = buffer_.size() + take;
  if (needed > buffer_.capacity())
    buffer_.reserve(std::min(kMaxFrameReaderBuffer, std::max(needed, 2 * buffer_.capacity())));
  buffer_.insert(buffer_.end(), input.begin(), input.begin() + static_cast<std::ptrdiff_t>(take));
  return take;
}

FrameResult FrameReader::Next() {
  if (failed_) return FrameResult{FrameStatus::kError, {}, error_};
  if (buffered() < kFrameHeaderSize) return FrameResult{};
  const std::uint8_t* p = buffer_.data() + consumed_;
  const std::size_t length = (static_cast<std::size_t>(p[0]) << 8) | p[1];
  if (length == 0) return Fail("frame: zero length");
  if (length < MinFrameSize(phase_))
    return Fail("frame: length " + std::to_string(length) + " is under the minimum of " +
                std::to_string(MinFrameSize(phase_)) +
                (phase_ == FramePhase::kHandshake ? " for a handshake message"
                                                  : " for a transport message"));
  if (buffered() - kFrameHeaderSize < length) return FrameResult{};
  consumed_ += kFrameHeaderSize + length;
  return FrameResult{FrameStatus::kFrame, crypto::ByteView(p + kFrameHeaderSize, length), {}};
}

FrameResult FrameReader::Fail(std::string reason) {
  failed_ = true;
  error_ = Error(ErrorCode::kProtocol, std::move(reason));
  // Nothing more will be parsed: release the buffer.
  crypto::Bytes().swap(buffer_);
  consumed_ = 0;
  return FrameResult{FrameStatus::kError, {}, error_};
}

}  // namespace rapport::sync
