// HandshakeState beyond the vectors: real handshakes with fresh keys, tamper
// and truncation of every handshake message, wrong PSKs, low-order keys,
// size limits, misuse, and that a failed handshake stays failed.
#include "crypto/noise_handshake.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "crypto/signing.h"

namespace rapport::crypto {
namespace {

constexpr std::string_view kPrologue = "rapport/1";

// Long-term material for one test handshake, derived from a seed.
struct Keys {
  Bytes init_static;
  Bytes resp_static;
  Bytes init_psk;
  Bytes resp_psk;
  explicit Keys(std::uint64_t seed) {
    SeededRng rng(seed);
    init_static = ToBytes(rng.Draw<32>());
    resp_static = ToBytes(rng.Draw<32>());
    init_psk = ToBytes(rng.Draw<32>());
    resp_psk = init_psk;
  }
};

DhPublicKey PublicOf(const Bytes& secret) { return DhKeyPair::FromSecret(secret)->public_key(); }

NoiseHandshakeConfig Config(NoiseProtocol protocol, NoiseRole role, Rng& rng, const Keys& keys) {
  const bool initiator = role == NoiseRole::kInitiator;
  NoiseHandshakeConfig config;
  config.protocol = protocol;
  config.role = role;
  config.prologue = ToBytes(AsBytes(kPrologue));
  config.rng = &rng;
  if (protocol != NoiseProtocol::kNN)
    config.local_static = *DhKeyPair::FromSecret(initiator ? keys.init_static : keys.resp_static);
  if (protocol == NoiseProtocol::kIK && initiator)
    config.remote_static = PublicOf(keys.resp_static);
  if (protocol == NoiseProtocol::kXXpsk3)
    config.psk = SecretBuffer::CopyOf(initiator ? keys.init_psk : keys.resp_psk);
  return config;
}

// Both sides of one handshake; each side draws its ephemeral from its own
// seeded Rng, so the same seed gives the same transcript.
struct Handshake {
  SeededRng init_rng;
  SeededRng resp_rng;
  HandshakeState init;
  HandshakeState resp;
  Handshake(NoiseProtocol protocol, std::uint64_t seed, const Keys& keys)
      : init_rng(seed * 2 + 1),
        resp_rng(seed * 2 + 2),
        init(*HandshakeState::Create(Config(protocol, NoiseRole::kInitiator, init_rng, keys))),
        resp(*HandshakeState::Create(Config(protocol, NoiseRole::kResponder, resp_rng, keys))) {}
};

Bytes PayloadFor(std::size_t i) {
  return ToBytes(AsBytes("payload of message " + std::to_string(i)));
}

struct Outcome {
  bool complete = false;
  std::size_t failed_at = 0;  // the message whose write or read failed
  bool failed_on_write = false;
  ErrorCode code = ErrorCode::kOk;
  std::vector<Bytes> messages;  // as sent, before any mutation
};

using Mutator = std::function<void(std::size_t index, Bytes& message)>;

// Runs the handshake to the end or to the first failure. `mutate` may alter
// each message between writer and reader.
Outcome RunHandshake(HandshakeState& init, HandshakeState& resp, const Mutator& mutate = {}) {
  Outcome out;
  for (std::size_t i = 0; !(init.IsComplete() && resp.IsComplete()); ++i) {
    HandshakeState& writer = i % 2 == 0 ? init : resp;
    HandshakeState& reader = i % 2 == 0 ? resp : init;
    auto written = writer.WriteMessage(PayloadFor(i));
    if (!written) {
      out.failed_at = i;
      out.failed_on_write = true;
      out.code = written.error().code;
      return out;
    }
    out.messages.push_back(*written);
    Bytes message = *written;
    if (mutate) mutate(i, message);
    auto read = reader.ReadMessage(message);
    if (!read) {
      out.failed_at = i;
      out.code = read.error().code;
      return out;
    }
    // An unauthenticated first message may arrive altered but accepted.
    if (message == *written) {
      EXPECT_EQ(*read, PayloadFor(i));
    }
  }
  out.complete = true;
  return out;
}

// Every public entry point of a failed state refuses.
void ExpectStaysFailed(HandshakeState& hs, ByteView message) {
  EXPECT_TRUE(hs.HasFailed());
  EXPECT_FALSE(hs.IsComplete());
  EXPECT_FALSE(hs.IsMyTurnToWrite());
  auto read = hs.ReadMessage(message);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kProtocol);
  auto write = hs.WriteMessage({});
  ASSERT_FALSE(write);
  EXPECT_EQ(write.error().code, ErrorCode::kProtocol);
  EXPECT_FALSE(hs.Split());
  EXPECT_FALSE(hs.GetHandshakeHash());
  EXPECT_FALSE(hs.RemoteStatic());
  EXPECT_TRUE(hs.HasFailed());
}

void ExpectTransportWorks(HandshakeState& init, HandshakeState& resp) {
  auto a = init.Split();
  auto b = resp.Split();
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  for (int round = 0; round < 4; ++round) {
    const Bytes up = ToBytes(AsBytes("to responder " + std::to_string(round)));
    auto sealed = a->send.EncryptWithAd({}, up);
    ASSERT_TRUE(sealed);
    auto opened = b->receive.DecryptWithAd({}, *sealed);
    ASSERT_TRUE(opened);
    EXPECT_EQ(*opened, up);

    const Bytes down = ToBytes(AsBytes("to initiator " + std::to_string(round)));
    sealed = b->send.EncryptWithAd({}, down);
    ASSERT_TRUE(sealed);
    opened = a->receive.DecryptWithAd({}, *sealed);
    ASSERT_TRUE(opened);
    EXPECT_EQ(*opened, down);
  }
  // The two directions use different keys.
  auto sealed = a->send.EncryptWithAd({}, AsBytes("x"));
  ASSERT_TRUE(sealed);
  EXPECT_FALSE(a->receive.DecryptWithAd({}, *sealed));
}

const NoiseProtocol kAllProtocols[] = {NoiseProtocol::kNN, NoiseProtocol::kXX,
                                       NoiseProtocol::kXXpsk3, NoiseProtocol::kIK};

// Whether the first message carries an AEAD tag: with IK's es, or because a
// psk handshake's `e` token already calls MixKey (spec 9.2).
bool FirstMessageAuthenticated(NoiseProtocol p) {
  return p == NoiseProtocol::kIK || p == NoiseProtocol::kXXpsk3;
}

std::string Name(NoiseProtocol p) { return std::string(PatternFor(p).name); }

TEST(NoiseHandshake, RealXxWithFreshKeysCompletesAndTransportWorks) {
  SystemRng rng;
  const DhKeyPair init_static = DhKeyPair::Generate(rng);
  const DhKeyPair resp_static = DhKeyPair::Generate(rng);
  auto make = [&](NoiseRole role, const DhKeyPair& s) {
    NoiseHandshakeConfig config;
    config.protocol = NoiseProtocol::kXX;
    config.role = role;
    config.prologue = ToBytes(AsBytes(kPrologue));
    config.local_static = *DhKeyPair::FromSecret(s.secret().view());
    config.rng = &rng;
    return *HandshakeState::Create(std::move(config));
  };
  HandshakeState init = make(NoiseRole::kInitiator, init_static);
  HandshakeState resp = make(NoiseRole::kResponder, resp_static);
  EXPECT_FALSE(init.RemoteStatic());
  const Outcome outcome = RunHandshake(init, resp);
  ASSERT_TRUE(outcome.complete);
  EXPECT_EQ(*init.RemoteStatic(), resp_static.public_key());
  EXPECT_EQ(*resp.RemoteStatic(), init_static.public_key());
  EXPECT_EQ(*init.GetHandshakeHash(), *resp.GetHandshakeHash());
  ExpectTransportWorks(init, resp);
}

// The Rapport pairing handshake as DESIGN.md describes it: XXpsk3, prologue
// "rapport/1", empty first payload, then 96-byte identity bindings.
TEST(NoiseHandshake, RapportPairingOverXxpsk3) {
  SystemRng rng;
  const SigningKey init_id = SigningKey::Generate(rng);
  const SigningKey resp_id = SigningKey::Generate(rng);
  const DhKeyPair init_noise = DhKeyPair::Generate(rng);
  const DhKeyPair resp_noise = DhKeyPair::Generate(rng);
  const auto psk = rng.Draw<kNoisePskSize>();
  auto make = [&](NoiseRole role, const DhKeyPair& s) {
    NoiseHandshakeConfig config;
    config.protocol = NoiseProtocol::kXXpsk3;
    config.role = role;
    config.prologue = ToBytes(AsBytes(kPrologue));
    config.local_static = *DhKeyPair::FromSecret(s.secret().view());
    config.psk = SecretBuffer::CopyOf(psk);
    config.rng = &rng;
    return *HandshakeState::Create(std::move(config));
  };
  auto binding = [](const SigningKey& id, const DhKeyPair& noise) {
    Bytes out = ToBytes(id.public_key());
    Append(out, SignStaticKeyBinding(id, noise.public_key()));
    return out;
  };
  auto verify = [](ByteView payload, const DhPublicKey& noise_key) {
    if (payload.size() != 96) return false;
    SignPublicKey id;
    Signature sig;
    std::copy_n(payload.begin(), 32, id.begin());
    std::copy_n(payload.begin() + 32, 64, sig.begin());
    return VerifyStaticKeyBinding(id, noise_key, sig);
  };

  HandshakeState init = make(NoiseRole::kInitiator, init_noise);
  HandshakeState resp = make(NoiseRole::kResponder, resp_noise);
  auto m1 = init.WriteMessage({});
  ASSERT_TRUE(m1);
  ASSERT_TRUE(resp.ReadMessage(*m1));
  auto m2 = resp.WriteMessage(binding(resp_id, resp_noise));
  ASSERT_TRUE(m2);
  auto p2 = init.ReadMessage(*m2);
  ASSERT_TRUE(p2);
  EXPECT_TRUE(verify(*p2, *init.RemoteStatic()));
  auto m3 = init.WriteMessage(binding(init_id, init_noise));
  ASSERT_TRUE(m3);
  auto p3 = resp.ReadMessage(*m3);
  ASSERT_TRUE(p3);
  EXPECT_TRUE(verify(*p3, *resp.RemoteStatic()));
  ASSERT_TRUE(init.IsComplete() && resp.IsComplete());
  ExpectTransportWorks(init, resp);
}

TEST(NoiseHandshake, EveryProtocolCompletesAndIsDeterministicUnderASeed) {
  for (NoiseProtocol p : kAllProtocols) {
    SCOPED_TRACE(Name(p));
    const Keys keys(11);
    Handshake first(p, 3, keys);
    Handshake second(p, 3, keys);
    const Outcome a = RunHandshake(first.init, first.resp);
    const Outcome b = RunHandshake(second.init, second.resp);
    ASSERT_TRUE(a.complete && b.complete);
    EXPECT_EQ(a.messages, b.messages);
    EXPECT_EQ(a.messages.size(), PatternFor(p).messages.size());
    EXPECT_EQ(*first.init.GetHandshakeHash(), *first.resp.GetHandshakeHash());
    ExpectTransportWorks(first.init, first.resp);
  }
}

TEST(NoiseHandshake, FlippingAnyByteOfAnyMessageFailsAndTheReaderStaysFailed) {
  for (NoiseProtocol p : kAllProtocols) {
    const Keys keys(21);
    Handshake clean(p, 5, keys);
    const Outcome reference = RunHandshake(clean.init, clean.resp);
    ASSERT_TRUE(reference.complete);
    for (std::size_t k = 0; k < reference.messages.size(); ++k) {
      for (std::size_t j = 0; j < reference.messages[k].size(); ++j) {
        SCOPED_TRACE(Name(p) + " message " + std::to_string(k) + " byte " + std::to_string(j));
        Handshake h(p, 5, keys);
        const Outcome outcome = RunHandshake(h.init, h.resp, [&](std::size_t i, Bytes& m) {
          if (i == k) m[j] ^= 0x01;
        });
        ASSERT_FALSE(outcome.complete);
        // Without a key the first message of XX and NN carries no tag; the
        // change is caught when the initiator reads the reply.
        const bool caught_now = k > 0 || FirstMessageAuthenticated(p);
        EXPECT_EQ(outcome.failed_at, caught_now ? k : 1u);
        EXPECT_FALSE(outcome.failed_on_write);
        HandshakeState& reader = outcome.failed_at % 2 == 0 ? h.resp : h.init;
        ExpectStaysFailed(reader, reference.messages[outcome.failed_at]);
      }
    }
  }
}

TEST(NoiseHandshake, TruncatedOrExtendedMessagesFail) {
  for (NoiseProtocol p : kAllProtocols) {
    const Keys keys(31);
    Handshake clean(p, 7, keys);
    const Outcome reference = RunHandshake(clean.init, clean.resp);
    ASSERT_TRUE(reference.complete);
    for (std::size_t k = 0; k < reference.messages.size(); ++k) {
      const std::size_t size = reference.messages[k].size();
      for (std::size_t n = 0; n <= size + 1; ++n) {
        if (n == size) continue;
        SCOPED_TRACE(Name(p) + " message " + std::to_string(k) + " resized to " +
                     std::to_string(n));
        Handshake h(p, 7, keys);
        const Outcome outcome = RunHandshake(h.init, h.resp, [&](std::size_t i, Bytes& m) {
          if (i == k) m.resize(n, 0);
        });
        ASSERT_FALSE(outcome.complete);
        // An unauthenticated first message can lose or gain payload bytes
        // unnoticed, but not the 32-byte ephemeral key it starts with.
        const bool caught_now = k > 0 || FirstMessageAuthenticated(p) || n < kDhPublicKeySize;
        EXPECT_EQ(outcome.failed_at, caught_now ? k : 1u);
        if (n < kDhPublicKeySize && k == 0) {
          EXPECT_EQ(outcome.code, ErrorCode::kProtocol);
        }
      }
    }
  }
}

TEST(NoiseHandshake, WrongPskFailsAtTheThirdMessageOnTheResponder) {
  Keys keys(41);
  keys.resp_psk[31] ^= 0x01;
  Handshake h(NoiseProtocol::kXXpsk3, 9, keys);
  const Outcome outcome = RunHandshake(h.init, h.resp);
  ASSERT_FALSE(outcome.complete);
  EXPECT_EQ(outcome.failed_at, 2u);
  EXPECT_FALSE(outcome.failed_on_write);
  EXPECT_EQ(outcome.code, ErrorCode::kAuthenticationFailed);
  ExpectStaysFailed(h.resp, outcome.messages[2]);
}

TEST(NoiseHandshake, DifferentProloguesFail) {
  const Keys keys(43);
  SeededRng r1(1), r2(2);
  NoiseHandshakeConfig a = Config(NoiseProtocol::kXX, NoiseRole::kInitiator, r1, keys);
  NoiseHandshakeConfig b = Config(NoiseProtocol::kXX, NoiseRole::kResponder, r2, keys);
  b.prologue = ToBytes(AsBytes("rapport/2"));
  HandshakeState init = *HandshakeState::Create(std::move(a));
  HandshakeState resp = *HandshakeState::Create(std::move(b));
  const Outcome outcome = RunHandshake(init, resp);
  ASSERT_FALSE(outcome.complete);
  EXPECT_EQ(outcome.failed_at, 1u);
  EXPECT_EQ(outcome.code, ErrorCode::kAuthenticationFailed);
}

// X25519 points of small order give an all-zero shared secret; the peer
// that sends one is refused (spec 12.1 lets implementations choose).
TEST(NoiseHandshake, LowOrderEphemeralIsRefused) {
  Bytes zero(32, 0);
  Bytes one(32, 0);
  one[0] = 1;
  for (const Bytes& bad : {zero, one}) {
    const Keys keys(51);
    {
      // XX: the responder meets it in `ee` while writing message 2.
      Handshake h(NoiseProtocol::kXX, 13, keys);
      const Outcome outcome = RunHandshake(h.init, h.resp, [&](std::size_t i, Bytes& m) {
        if (i == 0) std::copy(bad.begin(), bad.end(), m.begin());
      });
      ASSERT_FALSE(outcome.complete);
      EXPECT_EQ(outcome.failed_at, 1u);
      EXPECT_TRUE(outcome.failed_on_write);
      EXPECT_EQ(outcome.code, ErrorCode::kProtocol);
      EXPECT_TRUE(h.resp.HasFailed());
    }
    {
      // XX: the initiator meets the responder's bad `e` while reading.
      Handshake h(NoiseProtocol::kXX, 13, keys);
      const Outcome outcome = RunHandshake(h.init, h.resp, [&](std::size_t i, Bytes& m) {
        if (i == 1) std::copy(bad.begin(), bad.end(), m.begin());
      });
      EXPECT_EQ(outcome.failed_at, 1u);
      EXPECT_FALSE(outcome.failed_on_write);
      EXPECT_EQ(outcome.code, ErrorCode::kProtocol);
    }
    {
      // IK: the responder's `es` while reading message 1.
      Handshake h(NoiseProtocol::kIK, 13, keys);
      const Outcome outcome = RunHandshake(h.init, h.resp, [&](std::size_t i, Bytes& m) {
        if (i == 0) std::copy(bad.begin(), bad.end(), m.begin());
      });
      EXPECT_EQ(outcome.failed_at, 0u);
      EXPECT_FALSE(outcome.failed_on_write);
      EXPECT_EQ(outcome.code, ErrorCode::kProtocol);
      ExpectStaysFailed(h.resp, outcome.messages[0]);
    }
  }
}

TEST(NoiseHandshake, MessageSizeLimits) {
  const Keys keys(61);
  {
    // XX message 1 is `e` (32 bytes) then the payload in the clear.
    Handshake h(NoiseProtocol::kXX, 15, keys);
    auto largest = h.init.WriteMessage(Bytes(kNoiseMaxMessageSize - kDhPublicKeySize));
    ASSERT_TRUE(largest);
    EXPECT_EQ(largest->size(), kNoiseMaxMessageSize);
    EXPECT_TRUE(h.resp.ReadMessage(*largest));
  }
  {
    Handshake h(NoiseProtocol::kXX, 15, keys);
    auto too_big = h.init.WriteMessage(Bytes(kNoiseMaxMessageSize - kDhPublicKeySize + 1));
    ASSERT_FALSE(too_big);
    EXPECT_EQ(too_big.error().code, ErrorCode::kProtocol);
    EXPECT_TRUE(h.init.HasFailed());
  }
  {
    // XXpsk3 message 1 is encrypted, so the tag counts too.
    Handshake h(NoiseProtocol::kXXpsk3, 15, keys);
    auto too_big = h.init.WriteMessage(Bytes(kNoiseMaxMessageSize - kDhPublicKeySize - 15));
    ASSERT_FALSE(too_big);
    EXPECT_EQ(too_big.error().code, ErrorCode::kProtocol);
  }
  {
    Handshake h(NoiseProtocol::kXX, 15, keys);
    auto read = h.resp.ReadMessage(Bytes(kNoiseMaxMessageSize + 1, 9));
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().code, ErrorCode::kProtocol);
    ExpectStaysFailed(h.resp, Bytes(40, 9));
  }
}

TEST(NoiseHandshake, OutOfTurnCallsFailAndPoison) {
  const Keys keys(71);
  {
    Handshake h(NoiseProtocol::kXX, 17, keys);
    EXPECT_TRUE(h.init.IsMyTurnToWrite());
    EXPECT_FALSE(h.resp.IsMyTurnToWrite());
    auto r = h.init.ReadMessage(Bytes(48));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kProtocol);
    ExpectStaysFailed(h.init, Bytes(48));
  }
  {
    Handshake h(NoiseProtocol::kXX, 17, keys);
    auto w = h.resp.WriteMessage({});
    ASSERT_FALSE(w);
    EXPECT_EQ(w.error().code, ErrorCode::kProtocol);
    EXPECT_TRUE(h.resp.HasFailed());
  }
}

TEST(NoiseHandshake, SplitAndHashOnlyAfterCompletionAndSplitOnlyOnce) {
  const Keys keys(81);
  Handshake h(NoiseProtocol::kXX, 19, keys);
  EXPECT_FALSE(h.init.GetHandshakeHash());
  EXPECT_FALSE(h.init.HasFailed());  // A query does not poison the state.
  auto early = h.resp.Split();
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kProtocol);
  EXPECT_TRUE(h.resp.HasFailed());

  Handshake g(NoiseProtocol::kXX, 19, keys);
  ASSERT_TRUE(RunHandshake(g.init, g.resp).complete);
  auto more = g.init.WriteMessage({});
  ASSERT_FALSE(more);
  EXPECT_EQ(more.error().code, ErrorCode::kProtocol);
  ASSERT_TRUE(g.resp.Split());
  EXPECT_TRUE(g.resp.GetHandshakeHash());  // Still there after Split.
  auto twice = g.resp.Split();
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kProtocol);
}

TEST(NoiseHandshake, ConfigIsCheckedAgainstThePattern) {
  const Keys keys(91);
  SeededRng rng(1);
  auto expect_refused = [](NoiseHandshakeConfig config, const char* why) {
    auto r = HandshakeState::Create(std::move(config));
    ASSERT_FALSE(r) << why;
    EXPECT_EQ(r.error().code, ErrorCode::kProtocol) << why;
  };
  for (std::size_t size : {0u, 16u, 31u, 33u, 64u}) {
    NoiseHandshakeConfig c = Config(NoiseProtocol::kXXpsk3, NoiseRole::kInitiator, rng, keys);
    c.psk = SecretBuffer::CopyOf(Bytes(size, 1));
    expect_refused(std::move(c), "PSK of the wrong size");
  }
  NoiseHandshakeConfig c = Config(NoiseProtocol::kXXpsk3, NoiseRole::kResponder, rng, keys);
  c.psk.reset();
  expect_refused(std::move(c), "XXpsk3 without a PSK");
  c = Config(NoiseProtocol::kXX, NoiseRole::kInitiator, rng, keys);
  c.psk = SecretBuffer::CopyOf(keys.init_psk);
  expect_refused(std::move(c), "XX with a PSK");
  c = Config(NoiseProtocol::kXX, NoiseRole::kResponder, rng, keys);
  c.local_static.reset();
  expect_refused(std::move(c), "XX without a static key");
  c = Config(NoiseProtocol::kNN, NoiseRole::kInitiator, rng, keys);
  c.local_static = *DhKeyPair::FromSecret(keys.init_static);
  expect_refused(std::move(c), "NN with a static key");
  c = Config(NoiseProtocol::kIK, NoiseRole::kInitiator, rng, keys);
  c.remote_static.reset();
  expect_refused(std::move(c), "IK initiator without the responder's key");
  c = Config(NoiseProtocol::kIK, NoiseRole::kResponder, rng, keys);
  c.remote_static = PublicOf(keys.init_static);
  expect_refused(std::move(c), "IK responder given a remote key in advance");
  c = Config(NoiseProtocol::kXX, NoiseRole::kInitiator, rng, keys);
  c.remote_static = PublicOf(keys.resp_static);
  expect_refused(std::move(c), "XX given a remote key in advance");
  c = Config(NoiseProtocol::kXX, NoiseRole::kInitiator, rng, keys);
  c.rng = nullptr;
  expect_refused(std::move(c), "no ephemeral source");
}

TEST(NoiseHandshake, FixedEphemeralIsUsedInsteadOfTheRng) {
  const Keys keys(101);
  SeededRng rng(5);
  NoiseHandshakeConfig c = Config(NoiseProtocol::kXX, NoiseRole::kInitiator, rng, keys);
  c.rng = nullptr;
  const Bytes fixed(32, 0x42);
  c.fixed_ephemeral = *DhKeyPair::FromSecret(fixed);
  HandshakeState hs = *HandshakeState::Create(std::move(c));
  auto m = hs.WriteMessage({});
  ASSERT_TRUE(m);
  EXPECT_EQ(ToHex(ByteView(*m).first(32)), ToHex(PublicOf(fixed)));
}

TEST(NoiseProtocolNames, RoundTripAndUnknownNamesAreRefused) {
  for (NoiseProtocol p : kAllProtocols) {
    auto parsed = ProtocolFromName(PatternFor(p).name);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(*parsed, p);
  }
  EXPECT_FALSE(ProtocolFromName("Noise_XX_25519_ChaChaPoly_BLAKE2s"));
  EXPECT_FALSE(ProtocolFromName("Noise_XX_25519_AESGCM_BLAKE2b"));
  EXPECT_FALSE(ProtocolFromName("Noise_XXpsk0_25519_ChaChaPoly_BLAKE2b"));
}

}  // namespace
}  // namespace rapport::crypto
