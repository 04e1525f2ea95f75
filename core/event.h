// The signed, encrypted event: the unit of the collaborative record and of
// sync. Layout and rules: docs/events.md.
//
//   header    version u8 | notebook[16] | author[32] | seq u64 | lamport u64 |
//             prev[32] | epoch u32                               (101 bytes)
//   nonce     24 bytes (XChaCha20-Poly1305)
//   body      u32 length | ciphertext+tag (the header is the associated data)
//   signature Ed25519 by `author` over everything above (the "signed bytes")
//
// Event id = BLAKE2b-256 of the signed bytes.
#pragma once

#include <optional>

#include "base/result.h"
#include "core/ids.h"
#include "crypto/aead.h"
#include "crypto/bytes.h"
#include "crypto/signing.h"

namespace rapport::core {

inline constexpr std::uint8_t kEventVersion = 1;
inline constexpr std::size_t kEventHeaderSize = 1 + kNotebookIdSize + 32 + 8 + 8 + 32 + 4;
// Generous for a journal entry, small enough that a hostile peer cannot make
// us allocate much: checked before anything is allocated.
inline constexpr std::size_t kMaxCiphertextSize = 256 * 1024;
inline constexpr std::size_t kMaxEncodedEventSize =
    kEventHeaderSize + crypto::kAeadNonceSize + 4 + kMaxCiphertextSize + crypto::kSignatureSize;

struct EventHeader {
  NotebookId notebook;
  AuthorId author;
  std::uint64_t seq = 0;      // 1, 2, 3... per author and notebook
  std::uint64_t lamport = 0;  // greater than every event the author had seen
  EventId prev;               // id of the author's event seq-1; zero for seq 1
  std::uint32_t epoch = 0;    // which content key encrypts the body

  crypto::Bytes Encode() const;
};

struct SignedEvent {
  EventHeader header;
  crypto::AeadNonce nonce{};
  crypto::Bytes ciphertext;
  crypto::Signature signature{};

  // The bytes the signature covers: header | nonce | u32 length | ciphertext.
  crypto::Bytes SignedBytes() const;
  crypto::Bytes Encode() const;
  EventId Id() const;
  // [[nodiscard]]: true only if `header.author` signed exactly these bytes.
  [[nodiscard]] bool VerifySignature() const;
};

// A parsed event that points into the encoded bytes it came from (no
// copies): the fast path for loading. Valid only while those bytes live.
struct EventView {
  EventHeader header;
  crypto::ByteView header_bytes;  // the encoded header: the AEAD associated data
  crypto::ByteView signed_bytes;  // everything the signature covers
  crypto::AeadNonce nonce{};
  crypto::ByteView ciphertext;
  crypto::Signature signature{};
};

// As DecodeEvent, without copying.
[[nodiscard]] Result<EventView> ParseEvent(crypto::ByteView encoded);
// The key epoch an encoded event's header names, read from its place in the
// header without checking anything else (nullopt if too short to hold it):
// enough to choose the key to open it with, before ParseEvent checks it all.
[[nodiscard]] std::optional<std::uint32_t> PeekEpoch(crypto::ByteView encoded);
// Decrypts the body into `body` (resized; its capacity is reused).
[[nodiscard]] Status OpenEventBodyInto(const EventView& event, const crypto::AeadKey& epoch_key,
                                       crypto::Bytes& body);

// Parses an encoded event. kCorruptData on any malformation (wrong version,
// truncation, trailing bytes, a length over kMaxCiphertextSize).
[[nodiscard]] Result<SignedEvent> DecodeEvent(crypto::ByteView encoded);

// Encrypts `plaintext_body` under `epoch_key` with the header as associated
// data, and signs. REQUIRES: header.author is `author`'s public key.
SignedEvent SealEvent(const EventHeader& header, crypto::ByteView plaintext_body,
                      const crypto::AeadKey& epoch_key, const crypto::SigningKey& author,
                      crypto::Rng& rng);

// Decrypts the body. kAuthenticationFailed if the key is wrong or any byte of
// header, nonce or ciphertext changed. Does not check the signature.
[[nodiscard]] Result<crypto::Bytes> OpenEventBody(const SignedEvent& event,
                                                  const crypto::AeadKey& epoch_key);

}  // namespace rapport::core
