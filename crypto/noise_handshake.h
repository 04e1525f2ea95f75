// Noise HandshakeState (spec rev 34, section 5.3): the handshake as a state
// machine that does no IO. The caller moves bytes; this class only turns
// payloads into handshake messages and back, then hands over the transport
// CipherStates. Framing (the 2-byte length) belongs to sync/. See
// docs/noise.md and DESIGN.md, "Transport: the wire contract".
//
// Not thread-safe; one HandshakeState per connection, used by one task.
#pragma once

#include <cstddef>
#include <optional>

#include "base/result.h"
#include "crypto/bytes.h"
#include "crypto/noise_cipher_state.h"
#include "crypto/noise_hkdf.h"
#include "crypto/noise_pattern.h"
#include "crypto/noise_symmetric_state.h"
#include "crypto/random.h"
#include "crypto/secret_buffer.h"
#include "crypto/signing.h"

namespace rapport::crypto {

inline constexpr std::size_t kNoisePskSize = 32;

enum class NoiseRole { kInitiator, kResponder };

struct NoiseHandshakeConfig {
  NoiseProtocol protocol = NoiseProtocol::kXX;
  NoiseRole role = NoiseRole::kInitiator;
  // Must be byte-identical on both sides (Rapport: ASCII "rapport/1").
  Bytes prologue;
  // s: required exactly when the pattern has this side send `s` or use it in
  // a pre-message (XX, XXpsk3: both sides; IK: both sides; NN: neither).
  std::optional<DhKeyPair> local_static;
  // rs known in advance: required for the IK initiator, refused otherwise.
  std::optional<DhPublicKey> remote_static;
  // Required for XXpsk3 and refused otherwise; exactly kNoisePskSize bytes.
  std::optional<SecretBuffer> psk;
  // Source of the ephemeral key. Must outlive the HandshakeState.
  // Required unless fixed_ephemeral is set.
  Rng* rng = nullptr;
  // WARNING: for test vectors only. If set, the `e` token uses this key
  // instead of drawing one from `rng`. A fixed ephemeral reused across
  // handshakes destroys forward secrecy and, with the same peer, repeats
  // transport keys. Product code must leave it empty.
  std::optional<DhKeyPair> fixed_ephemeral;
};

// The transport CipherStates from Split(), already oriented for this side:
// the initiator sends with c1 and receives with c2, the responder the reverse.
struct NoiseTransport {
  CipherState send;
  CipherState receive;
};

class HandshakeState {
 public:
  // Initialize() from the spec: checks the config against the pattern, then
  // mixes the protocol name, the prologue and any pre-message keys.
  // kProtocol if a key or PSK is missing, unexpected or the wrong size.
  [[nodiscard]] static Result<HandshakeState> Create(NoiseHandshakeConfig config);

  HandshakeState(HandshakeState&&) noexcept = default;
  HandshakeState& operator=(HandshakeState&&) noexcept = default;

  // A WriteMessage, ReadMessage or Split call that fails, for any reason,
  // puts the state into HasFailed() for good: from then on those three and
  // GetHandshakeHash all return kProtocol, and RemoteStatic is nullopt.
  // Secrets (s, e, psk, ck) are wiped at that point.

  // Returns the next handshake message: the pattern's tokens followed by
  // `payload` (encrypted once a key exists). kProtocol if it is not this
  // side's turn, the handshake is over, or the message would exceed
  // kNoiseMaxMessageSize; kProtocol if a DH gives a low-order result.
  [[nodiscard]] Result<Bytes> WriteMessage(ByteView payload);

  // Consumes the peer's next handshake message and returns its payload.
  // kAuthenticationFailed if an encrypted key or the payload fails its tag;
  // kProtocol if it is not the peer's turn, the message is too short for its
  // tokens or longer than kNoiseMaxMessageSize, or a DH gives a low-order
  // result.
  [[nodiscard]] Result<Bytes> ReadMessage(ByteView message);

  // True after the last message of the pattern was written or read.
  bool IsComplete() const { return phase_ == Phase::kComplete || phase_ == Phase::kSplit; }
  bool HasFailed() const { return phase_ == Phase::kFailed; }
  // True when the next call should be WriteMessage (false once complete).
  bool IsMyTurnToWrite() const;

  // The transport CipherStates (spec Split()). Allowed once, after
  // IsComplete(); the chaining key is wiped afterwards. kProtocol otherwise.
  [[nodiscard]] Result<NoiseTransport> Split();

  // The final h, equal on both sides: a channel binding. kProtocol unless
  // IsComplete() and not failed. Does not change the state.
  [[nodiscard]] Result<NoiseHash> GetHandshakeHash() const;

  // The peer's static public key once it has been received (or was given,
  // for the IK initiator); nullopt before that and after a failure. It is
  // authenticated only as far as the handshake is: check it against the
  // identity you expect before trusting the peer.
  std::optional<DhPublicKey> RemoteStatic() const;

  NoiseRole role() const { return role_; }
  const NoisePattern& pattern() const { return *pattern_; }

 private:
  enum class Phase { kHandshake, kComplete, kSplit, kFailed };

  HandshakeState(const NoisePattern& pattern, NoiseHandshakeConfig config);

  Status CheckTurn(bool writing) const;
  Result<Bytes> WriteTokens(ByteView payload);
  Result<Bytes> ReadTokens(ByteView message);
  Status MixDh(NoiseToken token);
  // Moves to the next message, or to kFailed if `ok` is false.
  void Advance(bool ok);
  // Drops s, e and psk (wiped on release).
  void ReleaseKeys();
  // ReleaseKeys() and also resets the symmetric state, dropping ck and k.
  void WipeSecrets();

  const NoisePattern* pattern_;
  NoiseRole role_;
  SymmetricState symmetric_;
  std::optional<DhKeyPair> s_;
  std::optional<DhKeyPair> e_;
  std::optional<DhKeyPair> fixed_e_;
  std::optional<DhPublicKey> rs_;
  std::optional<DhPublicKey> re_;
  std::optional<SecretBuffer> psk_;
  Rng* rng_;
  std::size_t next_message_ = 0;
  Phase phase_ = Phase::kHandshake;
  NoiseHash handshake_hash_{};
};

}  // namespace rapport::crypto
