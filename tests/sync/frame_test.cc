// Noise framing: EncodeFrame and FrameReader (sync/frame.h).
#include "sync/frame.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace rapport::sync {
namespace {

crypto::Bytes Payload(std::size_t n, std::uint8_t seed = 1) {
  crypto::Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(seed + i * 7);
  return b;
}

crypto::Bytes Frame(crypto::ByteView payload) {
  auto f = EncodeFrame(payload);
  EXPECT_TRUE(f) << f.error().message;
  return std::move(f).value();
}

// Feeds `input` in pieces of `step` bytes, draining after each, and returns
// every frame until the first error (recorded in `error`).
std::vector<crypto::Bytes> ReadAll(FrameReader& reader, crypto::ByteView input, std::size_t step,
                                   bool* error = nullptr) {
  std::vector<crypto::Bytes> frames;
  if (error) *error = false;
  while (true) {
    const std::size_t n = std::min(step, input.size());
    crypto::ByteView piece = input.first(n);
    input = input.subspan(n);
    do {
      piece = piece.subspan(reader.Feed(piece));
      for (FrameResult r = reader.Next(); r.status != FrameStatus::kNeedMore; r = reader.Next()) {
        if (r.status == FrameStatus::kError) {
          if (error) *error = true;
          return frames;
        }
        frames.push_back(crypto::ToBytes(r.frame));
      }
    } while (!piece.empty());
    if (input.empty()) return frames;
  }
}

TEST(Frame, EncodeWritesBigEndianLength) {
  const crypto::Bytes f = Frame(Payload(0x0123));
  ASSERT_EQ(f.size(), 2u + 0x0123);
  EXPECT_EQ(f[0], 0x01);
  EXPECT_EQ(f[1], 0x23);
}

TEST(Frame, EncodeLimits) {
  EXPECT_FALSE(EncodeFrame({}));
  EXPECT_TRUE(EncodeFrame(Payload(1)));
  EXPECT_TRUE(EncodeFrame(Payload(kMaxFrameSize)));
  auto over = EncodeFrame(Payload(kMaxFrameSize + 1));
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::kProtocol);
}

TEST(FrameReader, RoundTripsOneFrame) {
  FrameReader reader(FramePhase::kTransport);
  const crypto::Bytes payload = Payload(100);
  const crypto::Bytes f = Frame(payload);
  EXPECT_EQ(reader.Feed(f), f.size());
  FrameResult r = reader.Next();
  ASSERT_EQ(r.status, FrameStatus::kFrame);
  EXPECT_EQ(crypto::ToBytes(r.frame), payload);
  EXPECT_EQ(reader.Next().status, FrameStatus::kNeedMore);
  EXPECT_EQ(reader.buffered(), 0u);
}

TEST(FrameReader, ByteAtATimeEqualsAllAtOnce) {
  crypto::Bytes stream;
  std::vector<crypto::Bytes> payloads = {Payload(32, 1), Payload(16, 2), Payload(1000, 3),
                                         Payload(kMaxFrameSize, 4), Payload(17, 5)};
  for (const auto& p : payloads) crypto::Append(stream, Frame(p));
  for (std::size_t step :
       {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{4096}, stream.size()}) {
    FrameReader reader(FramePhase::kTransport);
    bool error = true;
    EXPECT_EQ(ReadAll(reader, stream, step, &error), payloads) << "step " << step;
    EXPECT_FALSE(error);
    EXPECT_EQ(reader.buffered(), 0u);
    EXPECT_LE(reader.capacity(), kMaxFrameReaderBuffer);
  }
}

TEST(FrameReader, NeverBuffersMoreThanOneFrame) {
  crypto::Bytes stream;
  for (int i = 0; i < 4; ++i) crypto::Append(stream, Frame(Payload(kMaxFrameSize)));
  FrameReader reader(FramePhase::kTransport);
  // Offered everything, it takes exactly one maximum frame.
  EXPECT_EQ(reader.Feed(stream), kMaxFrameReaderBuffer);
  EXPECT_EQ(reader.Feed(stream), 0u);
  EXPECT_EQ(reader.buffered(), kMaxFrameReaderBuffer);
  EXPECT_LE(reader.capacity(), kMaxFrameReaderBuffer);
  // Full means a frame is ready, so there is always a way forward.
  EXPECT_EQ(reader.Next().status, FrameStatus::kFrame);
  EXPECT_EQ(ReadAll(reader, crypto::ByteView(stream).subspan(kMaxFrameReaderBuffer), 100000).size(),
            3u);
}

TEST(FrameReader, TruncationAtEveryByteNeedsMore) {
  const crypto::Bytes f = Frame(Payload(300));
  for (std::size_t cut = 0; cut < f.size(); ++cut) {
    FrameReader reader(FramePhase::kTransport);
    EXPECT_EQ(reader.Feed(crypto::ByteView(f).first(cut)), cut);
    EXPECT_EQ(reader.Next().status, FrameStatus::kNeedMore) << "cut " << cut;
    EXPECT_FALSE(reader.failed());
  }
}

TEST(FrameReader, ZeroLengthIsAnError) {
  for (FramePhase phase : {FramePhase::kHandshake, FramePhase::kTransport}) {
    FrameReader reader(phase);
    const crypto::Bytes zero = {0, 0};
    EXPECT_EQ(reader.Feed(zero), 2u);
    FrameResult r = reader.Next();
    ASSERT_EQ(r.status, FrameStatus::kError);
    EXPECT_EQ(r.error.code, ErrorCode::kProtocol);
    EXPECT_NE(r.error.message.find("zero"), std::string::npos);
  }
}

TEST(FrameReader, MinimumsPerPhase) {
  // Exactly at the minimum passes; one under fails, before the body arrives.
  {
    FrameReader reader(FramePhase::kHandshake);
    const crypto::Bytes f = Frame(Payload(kMinHandshakeFrameSize));
    ASSERT_EQ(reader.Feed(f), f.size());
    EXPECT_EQ(reader.Next().status, FrameStatus::kFrame);
  }
  {
    FrameReader reader(FramePhase::kHandshake);
    const crypto::Bytes header = {0, static_cast<std::uint8_t>(kMinHandshakeFrameSize - 1)};
    ASSERT_EQ(reader.Feed(header), 2u);
    EXPECT_EQ(reader.Next().status, FrameStatus::kError);
  }
  {
    FrameReader reader(FramePhase::kTransport);
    const crypto::Bytes f = Frame(Payload(kMinTransportFrameSize));
    ASSERT_EQ(reader.Feed(f), f.size());
    EXPECT_EQ(reader.Next().status, FrameStatus::kFrame);
  }
  {
    FrameReader reader(FramePhase::kTransport);
    const crypto::Bytes header = {0, static_cast<std::uint8_t>(kMinTransportFrameSize - 1)};
    ASSERT_EQ(reader.Feed(header), 2u);
    EXPECT_EQ(reader.Next().status, FrameStatus::kError);
  }
}

TEST(FrameReader, PhaseSwitchAppliesToTheNextFrame) {
  // A 20-byte frame is too short for a handshake but fine for transport,
  // even when it was buffered before the switch.
  crypto::Bytes stream = Frame(Payload(48));
  crypto::Append(stream, Frame(Payload(20)));
  FrameReader reader;
  ASSERT_EQ(reader.Feed(stream), stream.size());
  EXPECT_EQ(reader.Next().status, FrameStatus::kFrame);
  reader.set_phase(FramePhase::kTransport);
  FrameResult r = reader.Next();
  ASSERT_EQ(r.status, FrameStatus::kFrame);
  EXPECT_EQ(r.frame.size(), 20u);
}

TEST(FrameReader, LargestLengthIsAcceptedWithoutReserving) {
  FrameReader reader(FramePhase::kTransport);
  const crypto::Bytes header = {0xFF, 0xFF};
  ASSERT_EQ(reader.Feed(header), 2u);
  EXPECT_EQ(reader.Next().status, FrameStatus::kNeedMore);
  // The declared length reserves nothing: memory follows the bytes received.
  EXPECT_LT(reader.capacity(), 64u);
}

TEST(FrameReader, FlippedLengthIsCaught) {
  // The same frame with its length's high byte flipped now claims 0x8000+
  // bytes: the reader waits for them rather than misparsing...
  crypto::Bytes f = Frame(Payload(64));
  f[0] ^= 0x80;
  FrameReader reader(FramePhase::kTransport);
  ASSERT_EQ(reader.Feed(f), f.size());
  EXPECT_EQ(reader.Next().status, FrameStatus::kNeedMore);
  // ...and with the low byte cut to under the minimum it fails at once.
  crypto::Bytes g = Frame(Payload(64));
  g[1] = 0x01;
  FrameReader reader2(FramePhase::kTransport);
  ASSERT_EQ(reader2.Feed(g), g.size());
  EXPECT_EQ(reader2.Next().status, FrameStatus::kError);
}

TEST(FrameReader, ShorterLengthDesynchronisesIntoAnErrorOrWrongFrame) {
  // A length one short returns a frame that is not the payload sent: the
  // Noise layer above rejects it (its tag fails). The reader never crashes.
  const crypto::Bytes payload = Payload(64);
  crypto::Bytes f = Frame(payload);
  f[1] -= 1;
  FrameReader reader(FramePhase::kTransport);
  ASSERT_EQ(reader.Feed(f), f.size());
  FrameResult r = reader.Next();
  ASSERT_EQ(r.status, FrameStatus::kFrame);
  EXPECT_NE(crypto::ToBytes(r.frame), payload);
}

TEST(FrameReader, GarbageNeverCrashesAndStaysBounded) {
  std::uint32_t x = 12345;
  for (int round = 0; round < 200; ++round) {
    crypto::Bytes garbage(1 + round * 97 % 5000);
    for (auto& b : garbage) {
      x = x * 1103515245u + 12345u;
      b = static_cast<std::uint8_t>(x >> 16);
    }
    FrameReader reader(round % 2 ? FramePhase::kTransport : FramePhase::kHandshake);
    ReadAll(reader, garbage, 1 + round % 13);
    EXPECT_LE(reader.buffered(), kMaxFrameReaderBuffer);
    EXPECT_LE(reader.capacity(), kMaxFrameReaderBuffer);
  }
}

TEST(FrameReader, StaysFailed) {
  FrameReader reader(FramePhase::kTransport);
  const crypto::Bytes zero = {0, 0};
  ASSERT_EQ(reader.Feed(zero), 2u);
  const FrameResult first = reader.Next();
  ASSERT_EQ(first.status, FrameStatus::kError);
  EXPECT_TRUE(reader.failed());
  // Valid input afterwards changes nothing.
  const crypto::Bytes f = Frame(Payload(32));
  EXPECT_EQ(reader.Feed(f), 0u);
  const FrameResult again = reader.Next();
  EXPECT_EQ(again.status, FrameStatus::kError);
  EXPECT_EQ(again.error.message, first.error.message);
  EXPECT_EQ(reader.buffered(), 0u);
}

}  // namespace
}  // namespace rapport::sync
