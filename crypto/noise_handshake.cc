#include "crypto/noise_handshake.h"

#include <algorithm>
#include <string>
#include <utility>

#include "crypto/noise_dh.h"

namespace rapport::crypto {

namespace {

bool IsInitiator(NoiseRole role) { return role == NoiseRole::kInitiator; }

// True if `role` sends `token` in some message of `pattern`.
bool Sends(const NoisePattern& pattern, NoiseRole role, NoiseToken token) {
  for (std::size_t i = 0; i < pattern.messages.size(); ++i) {
    if ((i % 2 == 0) != IsInitiator(role)) continue;
    const auto& tokens = pattern.messages[i];
    if (std::find(tokens.begin(), tokens.end(), token) != tokens.end()) return true;
  }
  return false;
}

Unexpected Misuse(const char* what) {
  return Fail(ErrorCode::kProtocol, std::string("noise: ") + what);
}

}  // namespace

HandshakeState::HandshakeState(const NoisePattern& pattern, NoiseHandshakeConfig config)
    : pattern_(&pattern),
      role_(config.role),
      symmetric_(pattern.name),
      s_(std::move(config.local_static)),
      fixed_e_(std::move(config.fixed_ephemeral)),
      rs_(config.remote_static),
      psk_(std::move(config.psk)),
      rng_(config.rng) {}

Result<HandshakeState> HandshakeState::Create(NoiseHandshakeConfig config) {
  const NoisePattern& pattern = PatternFor(config.protocol);
  const bool initiator = IsInitiator(config.role);
  const bool needs_static = Sends(pattern, config.role, NoiseToken::kS) ||
                            (!initiator && pattern.responder_static_premessage);
  const bool needs_remote_static = initiator && pattern.responder_static_premessage;

  if (needs_static != config.local_static.has_value())
    return Misuse(needs_static ? "this pattern needs a local static key"
                               : "this pattern takes no local static key");
  if (needs_remote_static != config.remote_static.has_value())
    return Misuse(needs_remote_static ? "this pattern needs the remote static key"
                                      : "this pattern takes no remote static key in advance");
  if (pattern.psk != config.psk.has_value())
    return Misuse(pattern.psk ? "this pattern needs a PSK" : "this pattern takes no PSK");
  if (config.psk && config.psk->size() != kNoisePskSize) return Misuse("a PSK must be 32 bytes");
  if (config.rng == nullptr && !config.fixed_ephemeral)
    return Misuse("no source for the ephemeral key");

  const Bytes prologue = std::move(config.prologue);
  HandshakeState state(pattern, std::move(config));
  // Spec 5.3 Initialize(): the prologue, then the pre-message public keys in
  // order (initiator's first; only IK has one, the responder's "<- s").
  state.symmetric_.MixHash(prologue);
  if (pattern.responder_static_premessage)
    state.symmetric_.MixHash(initiator ? ByteView(*state.rs_) : ByteView(state.s_->public_key()));
  return state;
}

bool HandshakeState::IsMyTurnToWrite() const {
  return phase_ == Phase::kHandshake && (next_message_ % 2 == 0) == IsInitiator(role_);
}

Status HandshakeState::CheckTurn(bool writing) const {
  if (phase_ == Phase::kFailed) return Misuse("the handshake has already failed");
  if (phase_ != Phase::kHandshake) return Misuse("the handshake is already complete");
  if (IsMyTurnToWrite() != writing)
    return Misuse(writing ? "it is the peer's turn to send" : "it is our turn to send");
  return Ok();
}

void HandshakeState::Advance(bool ok) {
  if (!ok) {
    phase_ = Phase::kFailed;
    WipeSecrets();
    return;
  }
  if (++next_message_ == pattern_->messages.size()) {
    phase_ = Phase::kComplete;
    handshake_hash_ = symmetric_.handshake_hash();
    // Only ck (inside symmetric_) is still needed, for Split().
    ReleaseKeys();
  }
}

void HandshakeState::ReleaseKeys() {
  // SecretBuffer frees with sodium_free, which zeroes first.
  e_.reset();
  s_.reset();
  fixed_e_.reset();
  psk_.reset();
}

void HandshakeState::WipeSecrets() {
  symmetric_ = SymmetricState(pattern_->name);  // Drops ck and k.
  ReleaseKeys();
}

Result<Bytes> HandshakeState::WriteMessage(ByteView payload) {
  if (Status turn = CheckTurn(/*writing=*/true); !turn) {
    Advance(false);
    return turn.as_unexpected();
  }
  Result<Bytes> out = WriteTokens(payload);
  Advance(out.has_value());
  return out;
}

Result<Bytes> HandshakeState::ReadMessage(ByteView message) {
  if (Status turn = CheckTurn(/*writing=*/false); !turn) {
    Advance(false);
    return turn.as_unexpected();
  }
  Result<Bytes> payload = ReadTokens(message);
  Advance(payload.has_value());
  return payload;
}

Status HandshakeState::MixDh(NoiseToken token) {
  const bool initiator = IsInitiator(role_);
  // Spec 5.3: which local key pair meets which remote public key.
  const DhKeyPair* local = nullptr;
  const DhPublicKey* remote = nullptr;
  auto pick = [&](std::optional<DhKeyPair>& l, std::optional<DhPublicKey>& r) {
    local = l ? &*l : nullptr;
    remote = r ? &*r : nullptr;
  };
  switch (token) {
    case NoiseToken::kEE:
      pick(e_, re_);
      break;
    case NoiseToken::kES:
      initiator ? pick(e_, rs_) : pick(s_, re_);
      break;
    case NoiseToken::kSE:
      initiator ? pick(s_, re_) : pick(e_, rs_);
      break;
    case NoiseToken::kSS:
      pick(s_, rs_);
      break;
    default:
      return Misuse("not a DH token");
  }
  if (local == nullptr || remote == nullptr) return Misuse("a DH token found a key missing");
  // A stack temporary, wiped straight after use (see SymmetricState::MixKey).
  std::uint8_t shared[kDhPublicKeySize];
  RAPPORT_RETURN_IF_ERROR(NoiseDh(*local, *remote, shared));
  symmetric_.MixKey(shared);
  Wipe(shared);
  return Ok();
}

Result<Bytes> HandshakeState::WriteTokens(ByteView payload) {
  Bytes out;
  for (NoiseToken token : pattern_->messages[next_message_]) {
    switch (token) {
      case NoiseToken::kE: {
        if (fixed_e_) {
          e_ = std::move(fixed_e_);
          fixed_e_.reset();
        } else {
          if (rng_ == nullptr) return Misuse("no source for the ephemeral key");
          e_ = DhKeyPair::Generate(*rng_);
        }
        const DhPublicKey& pub = e_->public_key();
        Append(out, pub);
        symmetric_.MixHash(pub);
        if (pattern_->psk) symmetric_.MixKey(pub);  // Spec 9.2.
        break;
      }
      case NoiseToken::kS: {
        RAPPORT_ASSIGN_OR_RETURN(const Bytes sealed, symmetric_.EncryptAndHash(s_->public_key()));
        Append(out, sealed);
        break;
      }
      case NoiseToken::kPsk:
        symmetric_.MixKeyAndHash(psk_->view());
        break;
      default:
        RAPPORT_RETURN_IF_ERROR(MixDh(token));
        break;
    }
  }
  // Refuse before encrypting, so an oversized payload never consumes a nonce.
  const std::size_t tag = symmetric_.HasKey() ? kNoiseTagSize : 0;
  if (payload.size() > kNoiseMaxMessageSize - out.size() - tag)
    return Misuse("handshake message longer than 65535 bytes");
  RAPPORT_ASSIGN_OR_RETURN(const Bytes sealed, symmetric_.EncryptAndHash(payload));
  Append(out, sealed);
  return out;
}

Result<Bytes> HandshakeState::ReadTokens(ByteView message) {
  if (message.size() > kNoiseMaxMessageSize)
    return Misuse("handshake message longer than 65535 bytes");
  ByteView rest = message;
  for (NoiseToken token : pattern_->messages[next_message_]) {
    switch (token) {
      case NoiseToken::kE: {
        if (rest.size() < kDhPublicKeySize) return Misuse("handshake message truncated");
        DhPublicKey pub;
        std::copy_n(rest.begin(), kDhPublicKeySize, pub.begin());
        rest = rest.subspan(kDhPublicKeySize);
        re_ = pub;
        symmetric_.MixHash(pub);
        if (pattern_->psk) symmetric_.MixKey(pub);  // Spec 9.2.
        break;
      }
      case NoiseToken::kS: {
        const std::size_t size = kDhPublicKeySize + (symmetric_.HasKey() ? kNoiseTagSize : 0);
        if (rest.size() < size) return Misuse("handshake message truncated");
        RAPPORT_ASSIGN_OR_RETURN(const Bytes pub, symmetric_.DecryptAndHash(rest.first(size)));
        rest = rest.subspan(size);
        DhPublicKey key;
        std::copy_n(pub.begin(), kDhPublicKeySize, key.begin());
        rs_ = key;
        break;
      }
      case NoiseToken::kPsk:
        symmetric_.MixKeyAndHash(psk_->view());
        break;
      default:
        RAPPORT_RETURN_IF_ERROR(MixDh(token));
        break;
    }
  }
  // The rest is the payload; DecryptAndHash checks it is at least a tag.
  return symmetric_.DecryptAndHash(rest);
}

Result<NoiseTransport> HandshakeState::Split() {
  if (phase_ != Phase::kComplete) {
    const bool was_split = phase_ == Phase::kSplit;
    const bool failed = phase_ == Phase::kFailed;
    Advance(false);
    if (failed) return Misuse("the handshake has already failed");
    return Misuse(was_split ? "Split() was already called" : "the handshake is not complete");
  }
  NoiseCipherPair pair = symmetric_.Split();
  symmetric_ = SymmetricState(pattern_->name);  // Wipes ck.
  phase_ = Phase::kSplit;
  if (IsInitiator(role_)) return NoiseTransport{std::move(pair.c1), std::move(pair.c2)};
  return NoiseTransport{std::move(pair.c2), std::move(pair.c1)};
}

Result<NoiseHash> HandshakeState::GetHandshakeHash() const {
  if (phase_ == Phase::kFailed) return Misuse("the handshake has already failed");
  if (!IsComplete()) return Misuse("the handshake is not complete");
  return handshake_hash_;
}

std::optional<DhPublicKey> HandshakeState::RemoteStatic() const {
  if (phase_ == Phase::kFailed) return std::nullopt;
  return rs_;
}

}  // namespace rapport::crypto
