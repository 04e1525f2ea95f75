#include "core/event.h"

#include "core/codec.h"
#include "crypto/hash.h"

namespace rapport::core {

crypto::Bytes EventHeader::Encode() const {
  Writer w;
  w.U8(kEventVersion);
  w.Raw(notebook.bytes);
  w.Raw(author.bytes);
  w.U64(seq);
  w.U64(lamport);
  w.Raw(prev.bytes);
  w.U32(epoch);
  return w.Take();
}

crypto::Bytes SignedEvent::SignedBytes() const {
  Writer w;
  w.Raw(header.Encode());
  w.Raw(nonce);
  w.Blob(ciphertext);
  return w.Take();
}

crypto::Bytes SignedEvent::Encode() const {
  crypto::Bytes out = SignedBytes();
  crypto::Append(out, signature);
  return out;
}

EventId SignedEvent::Id() const { return EventId::FromArray(crypto::Blake2b256(SignedBytes())); }

bool SignedEvent::VerifySignature() const {
  return crypto::VerifySignature(header.author.bytes, SignedBytes(), signature);
}

Result<EventView> ParseEvent(crypto::ByteView encoded) {
  if (encoded.size() > kMaxEncodedEventSize)
    return Fail(ErrorCode::kCorruptData, "event is larger than the limit");
  Reader r(encoded);
  EventView e;
  std::uint8_t version = 0;
  std::uint32_t length = 0;
  r.U8(version);
  r.Raw(e.header.notebook.bytes);
  r.Raw(e.header.author.bytes);
  r.U64(e.header.seq);
  r.U64(e.header.lamport);
  r.Raw(e.header.prev.bytes);
  r.U32(e.header.epoch);
  r.Raw(e.nonce);
  r.U32(length);
  if (!r.ok()) return Fail(ErrorCode::kCorruptData, "event is truncated");
  if (version != kEventVersion)
    return Fail(ErrorCode::kUnsupportedVersion, "event has an unknown format version");
  if (length > kMaxCiphertextSize || length < crypto::kAeadTagSize)
    return Fail(ErrorCode::kCorruptData, "event body has an invalid length");
  r.View(length, e.ciphertext);
  r.Raw(e.signature);
  if (!r.AtEnd()) return Fail(ErrorCode::kCorruptData, "event is truncated or has trailing bytes");
  if (e.header.seq == 0) return Fail(ErrorCode::kCorruptData, "event has sequence number 0");
  e.header_bytes = encoded.first(kEventHeaderSize);
  e.signed_bytes = encoded.first(encoded.size() - crypto::kSignatureSize);
  return e;
}

std::optional<std::uint32_t> PeekEpoch(crypto::ByteView encoded) {
  constexpr std::size_t kEpochSize = 4;
  if (encoded.size() < kEventHeaderSize) return std::nullopt;
  Reader r(encoded.subspan(kEventHeaderSize - kEpochSize, kEpochSize));
  std::uint32_t epoch = 0;
  r.U32(epoch);
  return epoch;
}

Status OpenEventBodyInto(const EventView& event, const crypto::AeadKey& epoch_key,
                         crypto::Bytes& body) {
  return crypto::AeadOpenInto(epoch_key, event.nonce, event.ciphertext, event.header_bytes, body);
}

Result<SignedEvent> DecodeEvent(crypto::ByteView encoded) {
  RAPPORT_ASSIGN_OR_RETURN(const EventView view, ParseEvent(encoded));
  SignedEvent e;
  e.header = view.header;
  e.nonce = view.nonce;
  e.ciphertext.assign(view.ciphertext.begin(), view.ciphertext.end());
  e.signature = view.signature;
  return e;
}

SignedEvent SealEvent(const EventHeader& header, crypto::ByteView plaintext_body,
                      const crypto::AeadKey& epoch_key, const crypto::SigningKey& author,
                      crypto::Rng& rng) {
  SignedEvent e;
  e.header = header;
  e.nonce = rng.Draw<crypto::kAeadNonceSize>();
  e.ciphertext = crypto::AeadSeal(epoch_key, e.nonce, plaintext_body, header.Encode());
  e.signature = author.Sign(e.SignedBytes());
  return e;
}

Result<crypto::Bytes> OpenEventBody(const SignedEvent& event, const crypto::AeadKey& epoch_key) {
  return crypto::AeadOpen(epoch_key, event.nonce, event.ciphertext, event.header.Encode());
}

}  // namespace rapport::core
