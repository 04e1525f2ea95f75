// The message layer (SplitMessage, MessageAssembler) and every message's
// encoding, decoding and limits (sync/messages.h).
#include "sync/messages.h"

#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include "core/codec.h"
#include "crypto/random.h"

namespace rapport::sync {
namespace {

core::NotebookId Notebook(std::uint8_t n) {
  core::NotebookId id;
  id.bytes.fill(n);
  return id;
}

core::AuthorId Author(std::uint32_t n) {
  core::AuthorId id;
  for (std::size_t i = 0; i < 4; ++i) id.bytes[i] = static_cast<std::uint8_t>(n >> (8 * i));
  return id;
}

crypto::Bytes Filler(std::size_t n, std::uint8_t seed) {
  crypto::Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(seed + i * 13);
  return b;
}

// Splits and reassembles one message; fails the test if it does not come
// back whole from its last piece.
Message Transfer(MessageType type, crypto::ByteView body) {
  auto chunks = SplitMessage(type, body);
  EXPECT_TRUE(chunks) << chunks.error().message;
  MessageAssembler assembler;
  std::optional<Message> out;
  for (std::size_t i = 0; i < chunks->size(); ++i) {
    auto r = assembler.Feed((*chunks)[i]);
    EXPECT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->has_value(), i + 1 == chunks->size());
    if (r->has_value()) out = std::move(**r);
  }
  EXPECT_TRUE(out.has_value());
  EXPECT_FALSE(assembler.in_message());
  return out.value_or(Message{});
}

template <typename T>
void ExpectProtocolError(const Result<T>& r, const std::string& needle = "") {
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kProtocol) << r.error().message;
  if (!needle.empty()) {
    EXPECT_NE(r.error().message.find(needle), std::string::npos) << r.error().message;
  }
}

// Every strict prefix of `body` and `body` plus one byte are refused.
template <typename Decode>
void ExpectStrict(const crypto::Bytes& body, Decode decode) {
  for (std::size_t cut = 0; cut < body.size(); ++cut) {
    auto r = decode(crypto::ByteView(body).first(cut));
    EXPECT_FALSE(r) << "prefix of " << cut << " bytes accepted";
  }
  crypto::Bytes longer = body;
  longer.push_back(0);
  ExpectProtocolError(decode(longer));
}

// ---- Message layer -----------------------------------------------------------

TEST(SplitMessage, HeaderAndChunkSizes) {
  const crypto::Bytes body = Filler(3 * kMaxMessageChunkSize, 1);
  auto chunks = SplitMessage(MessageType::kEvents, body);
  ASSERT_TRUE(chunks);
  ASSERT_EQ(chunks->size(), 4u);
  const crypto::Bytes& first = (*chunks)[0];
  EXPECT_EQ(first[0], static_cast<std::uint8_t>(MessageType::kEvents));
  const std::uint32_t length = (std::uint32_t{first[1]} << 24) | (std::uint32_t{first[2]} << 16) |
                               (std::uint32_t{first[3]} << 8) | first[4];
  EXPECT_EQ(length, body.size());
  for (std::size_t i = 0; i + 1 < chunks->size(); ++i)
    EXPECT_EQ((*chunks)[i].size(), kMaxMessageChunkSize);
  EXPECT_EQ((*chunks)[3].size(), kMessageHeaderSize);
}

TEST(SplitMessage, RefusesBodiesOverTheTypeLimit) {
  ExpectProtocolError(SplitMessage(MessageType::kPing, Filler(9, 0)));
  ExpectProtocolError(SplitMessage(MessageType::kEvents, Filler(kMaxMessageBodySize + 1, 0)));
  ExpectProtocolError(SplitMessage(static_cast<MessageType>(0), {}));
}

TEST(MessageAssembler, SpansSeveralTransportMessages) {
  const crypto::Bytes body = Filler(1024 * 1024 + 77, 3);
  const Message m = Transfer(MessageType::kEvents, body);
  EXPECT_EQ(m.type, MessageType::kEvents);
  EXPECT_EQ(m.body, body);
}

TEST(MessageAssembler, ExactlyAtTheMessageLimit) {
  const crypto::Bytes body = Filler(kMaxMessageBodySize, 4);
  const Message m = Transfer(MessageType::kEvents, body);
  EXPECT_EQ(m.body.size(), kMaxMessageBodySize);
}

TEST(MessageAssembler, SmallPiecesGiveTheSameMessage) {
  const crypto::Bytes body = Filler(1000, 5);
  auto chunks = SplitMessage(MessageType::kEvents, body);
  ASSERT_TRUE(chunks);
  ASSERT_EQ(chunks->size(), 1u);
  MessageAssembler assembler;
  // The header alone, then one body byte per transport message.
  auto r = assembler.Feed(crypto::ByteView((*chunks)[0]).first(kMessageHeaderSize));
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->has_value());
  for (std::size_t i = 0; i < body.size(); ++i) {
    r = assembler.Feed(crypto::ByteView(body).subspan(i, 1));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->has_value(), i + 1 == body.size());
    EXPECT_LE(assembler.capacity(), body.size());
  }
  EXPECT_EQ((*r)->body, body);
}

TEST(MessageAssembler, ConsecutiveMessages) {
  MessageAssembler assembler;
  for (std::uint64_t v = 1; v <= 3; ++v) {
    auto body = EncodePing({v});
    ASSERT_TRUE(body);
    auto chunks = SplitMessage(MessageType::kPing, *body);
    ASSERT_TRUE(chunks);
    auto r = assembler.Feed((*chunks)[0]);
    ASSERT_TRUE(r && r->has_value());
    auto ping = DecodePing((*r)->body);
    ASSERT_TRUE(ping);
    EXPECT_EQ(ping->value, v);
  }
}

TEST(MessageAssembler, HugeLengthRefusedBeforeAllocating) {
  MessageAssembler assembler;
  const crypto::Bytes header = {static_cast<std::uint8_t>(MessageType::kEvents), 0xFF, 0xFF, 0xFF,
                                0xFF};
  auto r = assembler.Feed(header);
  ExpectProtocolError(r, "over");
  EXPECT_EQ(assembler.capacity(), 0u);
  EXPECT_TRUE(assembler.failed());
}

TEST(MessageAssembler, LengthAtAndOverEachTypeLimit) {
  for (std::uint8_t t = 1; t <= 8; ++t) {
    const auto type = static_cast<MessageType>(t);
    const std::size_t max = MaxBodySize(type);
    for (std::size_t length : {max, max + 1}) {
      MessageAssembler assembler;
      core::Writer w;
      w.U8(t);
      w.U32(static_cast<std::uint32_t>(length));
      auto r = assembler.Feed(w.bytes());
      if (length == max) {
        ASSERT_TRUE(r) << MessageTypeName(type);
        EXPECT_TRUE(assembler.in_message());
        // Nothing reserved beyond the bytes actually received; except a
        // NotebookKey's 52 bytes, reserved whole so that the key is never
        // left behind in an outgrown buffer.
        EXPECT_EQ(assembler.capacity(), type == MessageType::kNotebookKey ? max : 0u);
      } else {
        ExpectProtocolError(r);
      }
    }
  }
}

TEST(MessageAssembler, UnknownTypes) {
  for (std::uint8_t t : {std::uint8_t{0}, std::uint8_t{10}, std::uint8_t{255}}) {
    MessageAssembler assembler;
    const crypto::Bytes m = {t, 0, 0, 0, 0};
    ExpectProtocolError(assembler.Feed(m), "unknown");
  }
}

TEST(MessageAssembler, MalformedPieces) {
  {
    MessageAssembler assembler;
    ExpectProtocolError(assembler.Feed({}), "empty");
  }
  {
    MessageAssembler assembler;  // header cut across two plaintexts
    const crypto::Bytes part = {static_cast<std::uint8_t>(MessageType::kPing), 0, 0};
    ExpectProtocolError(assembler.Feed(part), "header");
  }
  {
    MessageAssembler assembler;  // more than a Noise plaintext can hold
    ExpectProtocolError(assembler.Feed(Filler(kMaxMessageChunkSize + 1, 0)), "too long");
  }
  {
    MessageAssembler assembler;  // a second message in the same plaintext
    auto a = SplitMessage(MessageType::kPing, Filler(8, 1));
    ASSERT_TRUE(a);
    crypto::Bytes both = (*a)[0];
    crypto::Append(both, (*a)[0]);
    ExpectProtocolError(assembler.Feed(both), "past");
  }
}

TEST(MessageAssembler, FlippedLength) {
  auto chunks = SplitMessage(MessageType::kError, Filler(50, 1));
  ASSERT_TRUE(chunks);
  {
    // Longer than the bytes sent: the assembler waits for more.
    crypto::Bytes m = (*chunks)[0];
    m[4] ^= 0x01;  // 50 -> 51
    MessageAssembler assembler;
    auto r = assembler.Feed(m);
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->has_value());
    EXPECT_TRUE(assembler.in_message());
  }
  {
    crypto::Bytes m = (*chunks)[0];
    m[4] ^= 0x02;  // 50 -> 48: shorter than the bytes that follow
    MessageAssembler assembler;
    ExpectProtocolError(assembler.Feed(m), "past");
  }
  {
    crypto::Bytes m = (*chunks)[0];
    m[1] ^= 0x80;  // over any limit
    MessageAssembler assembler;
    ExpectProtocolError(assembler.Feed(m), "over");
    EXPECT_EQ(assembler.capacity(), 0u);
  }
}

TEST(MessageAssembler, StaysFailed) {
  MessageAssembler assembler;
  auto first = assembler.Feed({});
  ASSERT_FALSE(first);
  auto ping = SplitMessage(MessageType::kPing, Filler(8, 0));
  ASSERT_TRUE(ping);
  auto again = assembler.Feed((*ping)[0]);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message, first.error().message);
}

TEST(MessageAssembler, GarbageNeverCrashes) {
  std::uint32_t x = 99;
  for (int round = 0; round < 500; ++round) {
    MessageAssembler assembler;
    for (int piece = 0; piece < 4; ++piece) {
      crypto::Bytes garbage(1 + (round * 31 + piece) % 300);
      for (auto& b : garbage) {
        x = x * 1103515245u + 12345u;
        b = static_cast<std::uint8_t>(x >> 16);
      }
      if (round % 3 == 0) garbage[0] = 1 + round % 8;  // a known type, random length
      auto r = assembler.Feed(garbage);
      if (!r) break;
      EXPECT_LE(assembler.capacity(), kMaxMessageBodySize);
    }
  }
}

// ---- Hello -------------------------------------------------------------------

TEST(Hello, RoundTrip) {
  Hello hello{kProtocolVersion, {Notebook(1), Notebook(2), Notebook(3)}};
  auto body = EncodeHello(hello);
  ASSERT_TRUE(body);
  EXPECT_EQ(body->size(), 2u + 4u + 3u * 16u);
  const Message m = Transfer(MessageType::kHello, *body);
  auto back = DecodeHello(m.body);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->version, kProtocolVersion);
  EXPECT_EQ(back->notebooks, hello.notebooks);
  ExpectStrict(*body, DecodeHello);
}

TEST(Hello, EmptyListIsAllowed) {
  auto body = EncodeHello(Hello{});
  ASSERT_TRUE(body);
  auto back = DecodeHello(*body);
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->notebooks.empty());
}

TEST(Hello, NotebookLimit) {
  Hello hello;
  for (std::size_t i = 0; i < kMaxHelloNotebooks; ++i) {
    core::NotebookId id;
    id.bytes[0] = static_cast<std::uint8_t>(i);
    id.bytes[1] = static_cast<std::uint8_t>(i >> 8);
    hello.notebooks.push_back(id);
  }
  auto body = EncodeHello(hello);
  ASSERT_TRUE(body);
  EXPECT_EQ(body->size(), MaxBodySize(MessageType::kHello));
  ASSERT_TRUE(DecodeHello(*body));

  hello.notebooks.push_back(Notebook(0xEE));
  ExpectProtocolError(EncodeHello(hello), "too many");
  // The same by hand: count 1001 and 1001 ids.
  crypto::Bytes over = *body;
  over[5] += 1;
  crypto::Append(over, Notebook(0xEE).bytes);
  ExpectProtocolError(DecodeHello(over), "too many");
}

TEST(Hello, HugeCountRefusedBeforeReading) {
  const crypto::Bytes body = {0, 1, 0xFF, 0xFF, 0xFF, 0xFF};
  ExpectProtocolError(DecodeHello(body), "too many");
}

TEST(Hello, DuplicatesAndVersion) {
  ExpectProtocolError(EncodeHello(Hello{kProtocolVersion, {Notebook(1), Notebook(1)}}),
                      "duplicate");
  auto body = EncodeHello(Hello{kProtocolVersion, {Notebook(1), Notebook(2)}});
  ASSERT_TRUE(body);
  crypto::Bytes dup = *body;
  std::copy(dup.begin() + 6, dup.begin() + 22, dup.begin() + 22);
  ExpectProtocolError(DecodeHello(dup), "duplicate");

  auto v2 = EncodeHello(Hello{2, {}});
  ASSERT_TRUE(v2);
  auto r = DecodeHello(*v2);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupportedVersion);
  EXPECT_NE(r.error().message.find("update both"), std::string::npos) << r.error().message;
}

// ---- VersionVector -----------------------------------------------------------

TEST(VersionVector, RoundTrip) {
  VersionVector vv{Notebook(7), {{Author(1), 5}, {Author(2), 1}, {Author(3), UINT64_MAX}}};
  auto body = EncodeVersionVector(vv);
  ASSERT_TRUE(body);
  EXPECT_EQ(body->size(), 16u + 4u + 3u * 40u);
  const Message m = Transfer(MessageType::kVersionVector, *body);
  auto back = DecodeVersionVector(m.body);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->notebook, vv.notebook);
  EXPECT_EQ(back->entries, vv.entries);
  ExpectStrict(*body, DecodeVersionVector);
}

TEST(VersionVector, EntryLimit) {
  VersionVector vv{Notebook(1), {}};
  for (std::uint32_t i = 0; i < kMaxVersionVectorEntries; ++i) vv.entries.push_back({Author(i), 1});
  auto body = EncodeVersionVector(vv);
  ASSERT_TRUE(body);
  EXPECT_EQ(body->size(), MaxBodySize(MessageType::kVersionVector));
  ASSERT_TRUE(DecodeVersionVector(*body));

  vv.entries.push_back({Author(5000), 1});
  ExpectProtocolError(EncodeVersionVector(vv), "too many");
  crypto::Bytes over = *body;
  over[19] += 1;
  core::Writer extra;
  extra.Raw(Author(5000).bytes);
  extra.U64(1);
  crypto::Append(over, extra.bytes());
  ExpectProtocolError(DecodeVersionVector(over), "too many");
}

TEST(VersionVector, RejectsSeqZeroAndDuplicateAuthors) {
  ExpectProtocolError(EncodeVersionVector({Notebook(1), {{Author(1), 0}}}), "seq 0");
  ExpectProtocolError(EncodeVersionVector({Notebook(1), {{Author(1), 1}, {Author(1), 2}}}),
                      "duplicate");
  auto body = EncodeVersionVector({Notebook(1), {{Author(1), 1}, {Author(2), 2}}});
  ASSERT_TRUE(body);
  crypto::Bytes dup = *body;
  dup[20 + 40] = 1;  // second author's first byte: now Author(1)
  ExpectProtocolError(DecodeVersionVector(dup), "duplicate");
  crypto::Bytes zero = *body;
  zero[20 + 39] = 0;  // first entry's seq 1 -> 0
  ExpectProtocolError(DecodeVersionVector(zero), "seq 0");
}

// ---- Events ------------------------------------------------------------------

TEST(Events, RoundTrip) {
  Events events{Notebook(9), {Filler(300, 1), Filler(1, 2), Filler(70000, 3)}};
  auto body = EncodeEvents(events);
  ASSERT_TRUE(body);
  const Message m = Transfer(MessageType::kEvents, *body);
  auto back = DecodeEvents(m.body);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->notebook, events.notebook);
  EXPECT_EQ(back->events, events.events);
}

TEST(Events, Strict) {
  auto body = EncodeEvents(Events{Notebook(9), {Filler(30, 1), Filler(5, 2)}});
  ASSERT_TRUE(body);
  ExpectStrict(*body, DecodeEvents);
}

TEST(Events, CountLimits) {
  Events events{Notebook(1), {}};
  ExpectProtocolError(EncodeEvents(events), "empty batch");
  const crypto::Bytes empty_batch = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0};
  ExpectProtocolError(DecodeEvents(empty_batch), "empty batch");

  events.events.assign(kMaxEventsPerBatch, Filler(10, 1));
  auto body = EncodeEvents(events);
  ASSERT_TRUE(body);
  auto back = DecodeEvents(*body);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->events.size(), kMaxEventsPerBatch);

  events.events.push_back(Filler(10, 1));
  ExpectProtocolError(EncodeEvents(events), "too many");
  crypto::Bytes over = *body;
  over[19] += 1;  // count 256 -> 257
  core::Writer extra;
  extra.Blob(Filler(10, 1));
  crypto::Append(over, extra.bytes());
  ExpectProtocolError(DecodeEvents(over), "too many");
}

TEST(Events, EventSizeLimits) {
  auto body = EncodeEvents(Events{Notebook(1), {Filler(core::kMaxEncodedEventSize, 1)}});
  ASSERT_TRUE(body);
  ASSERT_TRUE(DecodeEvents(*body));

  ExpectProtocolError(
      EncodeEvents(Events{Notebook(1), {Filler(core::kMaxEncodedEventSize + 1, 1)}}), "too large");
  ExpectProtocolError(EncodeEvents(Events{Notebook(1), {crypto::Bytes{}}}), "empty event");

  // By hand: an event length one over the limit, and one claiming 4 GiB.
  core::Writer w;
  w.Raw(Notebook(1).bytes);
  w.U32(1);
  w.U32(static_cast<std::uint32_t>(core::kMaxEncodedEventSize + 1));
  crypto::Bytes over = w.Take();
  crypto::Append(over, Filler(core::kMaxEncodedEventSize + 1, 1));
  ExpectProtocolError(DecodeEvents(over), "too large");
  core::Writer huge;
  huge.Raw(Notebook(1).bytes);
  huge.U32(1);
  huge.U32(0xFFFFFFFF);
  ExpectProtocolError(DecodeEvents(huge.bytes()), "too large");
}

TEST(Events, TotalSizeLimit) {
  // Full-size events, then one more sized so the body is exactly the limit.
  const std::size_t per = kEventsPerEventOverhead + core::kMaxEncodedEventSize;
  const std::size_t full = (kMaxMessageBodySize - kEventsBodyOverhead) / per;
  Events events{Notebook(1),
                std::vector<crypto::Bytes>(full, Filler(core::kMaxEncodedEventSize, 2))};
  const std::size_t used = kEventsBodyOverhead + full * per;
  const std::size_t last = kMaxMessageBodySize - used - kEventsPerEventOverhead;
  ASSERT_LE(last, core::kMaxEncodedEventSize);
  events.events.push_back(Filler(last, 3));
  auto body = EncodeEvents(events);
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ(body->size(), kMaxMessageBodySize);
  const Message m = Transfer(MessageType::kEvents, *body);
  auto back = DecodeEvents(m.body);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->events.size(), full + 1);

  events.events.back().push_back(0);
  ExpectProtocolError(EncodeEvents(events), "batch too large");
  ExpectProtocolError(SplitMessage(MessageType::kEvents, Filler(kMaxMessageBodySize + 1, 0)));
}

// ---- CaughtUp, NotebookKey ---------------------------------------------------

TEST(CaughtUp, RoundTrip) {
  auto body = EncodeCaughtUp({Notebook(4)});
  ASSERT_TRUE(body);
  EXPECT_EQ(body->size(), 16u);
  const Message m = Transfer(MessageType::kCaughtUp, *body);
  auto back = DecodeCaughtUp(m.body);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->notebook, Notebook(4));
  ExpectStrict(*body, DecodeCaughtUp);
}

TEST(NotebookKey, RoundTripIntoSecureMemory) {
  crypto::SeededRng rng(5);
  const auto raw = rng.Draw<kNotebookKeySize>();
  NotebookKey key{Notebook(3), 7, crypto::SecretBuffer::CopyOf(raw)};
  auto body = EncodeNotebookKey(key);
  ASSERT_TRUE(body);
  EXPECT_EQ(body->size(), 16u + 4u + 32u);
  Message m = Transfer(MessageType::kNotebookKey, *body);
  auto back = DecodeNotebookKey(m.body);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->notebook, Notebook(3));
  EXPECT_EQ(back->epoch, 7u);
  ASSERT_EQ(back->key.size(), kNotebookKeySize);
  EXPECT_TRUE(crypto::ConstantTimeEqual(back->key.view(), raw));
  crypto::Wipe(m.body);
  ExpectStrict(*body, DecodeNotebookKey);
  crypto::Wipe(*body);
}

TEST(NotebookKey, KeyCutIntoPiecesIsNeverReallocated) {
  // A body that grew would free its outgrown buffers, holding part of the
  // key, without wiping them: the whole body is reserved on the header.
  crypto::SystemRng rng;
  NotebookKey key{Notebook(4), 2, crypto::SecretBuffer::CopyOf(rng.Draw<kNotebookKeySize>())};
  const auto body = EncodeNotebookKey(key);
  ASSERT_TRUE(body);
  auto chunks = SplitMessage(MessageType::kNotebookKey, *body);
  ASSERT_TRUE(chunks && chunks->size() == 1u);
  MessageAssembler assembler;
  auto r = assembler.Feed(crypto::ByteView((*chunks)[0]).first(kMessageHeaderSize));
  ASSERT_TRUE(r);
  const std::size_t reserved = assembler.capacity();
  EXPECT_EQ(reserved, body->size());
  for (std::size_t i = 0; i < body->size(); ++i) {
    r = assembler.Feed(crypto::ByteView(*body).subspan(i, 1));
    ASSERT_TRUE(r);
    if (i + 1 < body->size()) {
      EXPECT_EQ(assembler.capacity(), reserved) << "after byte " << i;
    }
  }
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->body, *body);
}

TEST(NotebookKey, RefusesAWrongSizeKey) {
  NotebookKey key{Notebook(3), 1, crypto::SecretBuffer(16)};
  ExpectProtocolError(EncodeNotebookKey(key), "32");
}

// ---- Error -------------------------------------------------------------------

TEST(ErrorMessage, RoundTrip) {
  ErrorMessage e{static_cast<std::uint16_t>(WireErrorCode::kNotMember), "not a member of 0a1b2c3d"};
  auto body = EncodeError(e);
  ASSERT_TRUE(body);
  const Message m = Transfer(MessageType::kError, *body);
  auto back = DecodeError(m.body);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->code, e.code);
  EXPECT_EQ(back->reason, e.reason);
  ExpectStrict(*body, DecodeError);
}

TEST(ErrorMessage, ReasonLimits) {
  auto at = EncodeError({1, std::string(kMaxErrorReasonSize, 'x')});
  ASSERT_TRUE(at);
  EXPECT_EQ(at->size(), MaxBodySize(MessageType::kError));
  ASSERT_TRUE(DecodeError(*at));
  ExpectProtocolError(EncodeError({1, std::string(kMaxErrorReasonSize + 1, 'x')}), "too long");
  core::Writer w;
  w.U16(1);
  w.String(std::string(kMaxErrorReasonSize + 1, 'x'));
  ExpectProtocolError(DecodeError(w.bytes()), "too long");

  ExpectProtocolError(EncodeError({1, "tab\there"}), "ASCII");
  core::Writer bad;
  bad.U16(1);
  bad.String("caf\xc3\xa9");
  ExpectProtocolError(DecodeError(bad.bytes()), "ASCII");
  // Unknown codes pass through.
  auto unknown = EncodeError({999, ""});
  ASSERT_TRUE(unknown);
  auto back = DecodeError(*unknown);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->code, 999);
}

// ---- Ping / Pong -------------------------------------------------------------

TEST(PingPong, RoundTrip) {
  auto ping = EncodePing({0x0102030405060708ull});
  ASSERT_TRUE(ping);
  EXPECT_EQ(*ping, (crypto::Bytes{1, 2, 3, 4, 5, 6, 7, 8}));
  auto p = DecodePing(Transfer(MessageType::kPing, *ping).body);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->value, 0x0102030405060708ull);
  ExpectStrict(*ping, DecodePing);

  auto pong = EncodePong({42});
  ASSERT_TRUE(pong);
  auto q = DecodePong(Transfer(MessageType::kPong, *pong).body);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->value, 42u);
  ExpectStrict(*pong, DecodePong);
}

// Every fixed-size message's body size is the type's limit.
TEST(Messages, FixedSizesMatchLimits) {
  EXPECT_EQ(MaxBodySize(MessageType::kCaughtUp), 16u);
  EXPECT_EQ(MaxBodySize(MessageType::kNotebookKey), 52u);
  EXPECT_EQ(MaxBodySize(MessageType::kPing), 8u);
  EXPECT_EQ(MaxBodySize(MessageType::kPong), 8u);
  EXPECT_EQ(MaxBodySize(MessageType::kHello), 16006u);
  EXPECT_EQ(MaxBodySize(MessageType::kVersionVector), 40020u);
  EXPECT_EQ(MaxBodySize(MessageType::kError), 206u);
  EXPECT_EQ(MaxBodySize(MessageType::kEvents), kMaxMessageBodySize);
}

}  // namespace
}  // namespace rapport::sync

namespace rapport::sync {
namespace {

TEST(IntroduceMessage, RoundTripsAndRefusesBadFields) {
  auto body = EncodeIntroduce({core::Role::kClient, "Sam"});
  ASSERT_TRUE(body);
  auto back = DecodeIntroduce(*body);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->role, core::Role::kClient);
  EXPECT_EQ(back->name, "Sam");
  EXPECT_FALSE(EncodeIntroduce({core::Role::kClient, ""}));
  EXPECT_FALSE(EncodeIntroduce({core::Role::kClient, std::string(201, 'a')}));
  crypto::Bytes bad_role = *body;
  bad_role[0] = 7;
  EXPECT_FALSE(DecodeIntroduce(bad_role));
  crypto::Bytes trailing = *body;
  trailing.push_back(0);
  EXPECT_FALSE(DecodeIntroduce(trailing));
  for (std::size_t n = 0; n < body->size(); ++n)
    EXPECT_FALSE(DecodeIntroduce(crypto::ByteView(body->data(), n))) << n;
  crypto::Bytes bad_utf8 = *EncodeIntroduce({core::Role::kTherapist, "ab"});
  bad_utf8.back() = 0xFF;
  EXPECT_FALSE(DecodeIntroduce(bad_utf8));
}

TEST(ErrorMessage, ThePersonReadsWhatToDoForCodesTheyCanActOn) {
  auto said = [](WireErrorCode code) {
    return DescribePeerError({static_cast<std::uint16_t>(code), "raw reason"});
  };
  EXPECT_NE(said(WireErrorCode::kUnsupportedVersion).find("update both"), std::string::npos);
  EXPECT_NE(said(WireErrorCode::kShuttingDown).find("nothing was lost"), std::string::npos);
  EXPECT_EQ(said(WireErrorCode::kRejectedEvent),
            "the other device ended the connection: raw reason");
  EXPECT_EQ(DescribePeerError({999, "from a newer peer"}),
            "the other device ended the connection: from a newer peer");
}

}  // namespace
}  // namespace rapport::sync
