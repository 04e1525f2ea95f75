#include "crypto/aead.h"

#include <sodium.h>

#include <cstring>

namespace rapport::crypto {

static_assert(kAeadKeySize == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(kAeadNonceSize == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(kAeadTagSize == crypto_aead_xchacha20poly1305_ietf_ABYTES);

AeadKey AeadKey::Generate(Rng& rng) {
  SecretBuffer key(kAeadKeySize);
  rng.Fill(key.span());
  return AeadKey(std::move(key));
}

Result<AeadKey> AeadKey::FromBytes(ByteView bytes) {
  if (bytes.size() != kAeadKeySize)
    return Fail(ErrorCode::kInvalidArgument, "key must be 32 bytes");
  return AeadKey(SecretBuffer::CopyOf(bytes));
}

Bytes AeadSeal(const AeadKey& key, const AeadNonce& nonce, ByteView plaintext, ByteView ad) {
  EnsureSodium();
  Bytes out(plaintext.size() + kAeadTagSize);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data(), &written, plaintext.data(),
                                             plaintext.size(), ad.data(), ad.size(), nullptr,
                                             nonce.data(), key.view().data());
  out.resize(written);
  return out;
}

namespace {

// Decrypts into `out` (ciphertext.size() - tag bytes). Wipes `out` on failure.
Status OpenInto(const AeadKey& key, const AeadNonce& nonce, ByteView ciphertext, ByteView ad,
                std::span<std::uint8_t> out) {
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(out.data(), &written, nullptr, ciphertext.data(),
                                                 ciphertext.size(), ad.data(), ad.size(),
                                                 nonce.data(), key.view().data()) != 0) {
    Wipe(out);
    return Fail(ErrorCode::kAuthenticationFailed,
                "decryption failed: data was altered or the key is wrong");
  }
  return Ok();
}

}  // namespace

Status AeadOpenInto(const AeadKey& key, const AeadNonce& nonce, ByteView ciphertext, ByteView ad,
                    Bytes& out) {
  EnsureSodium();
  // `out` may hold the last plaintext: wiped before resizing, so that neither
  // a buffer outgrown nor a tail cut off keeps it, and never handed back.
  Wipe(out);
  if (ciphertext.size() < kAeadTagSize) {
    out.clear();
    return Fail(ErrorCode::kCorruptData, "ciphertext is truncated");
  }
  out.resize(ciphertext.size() - kAeadTagSize);
  Status opened = OpenInto(key, nonce, ciphertext, ad, out);
  if (!opened) out.clear();  // OpenInto wiped it
  return opened;
}

Result<Bytes> AeadOpen(const AeadKey& key, const AeadNonce& nonce, ByteView ciphertext,
                       ByteView ad) {
  Bytes out;
  RAPPORT_RETURN_IF_ERROR(AeadOpenInto(key, nonce, ciphertext, ad, out));
  return out;
}

Result<SecretBuffer> AeadOpenSecret(const AeadKey& key, const AeadNonce& nonce, ByteView ciphertext,
                                    ByteView ad) {
  EnsureSodium();
  if (ciphertext.size() < kAeadTagSize)
    return Fail(ErrorCode::kCorruptData, "ciphertext is truncated");
  SecretBuffer out(ciphertext.size() - kAeadTagSize);
  RAPPORT_RETURN_IF_ERROR(OpenInto(key, nonce, ciphertext, ad, out.span()));
  return out;
}

Bytes SealWithRandomNonce(const AeadKey& key, Rng& rng, ByteView plaintext, ByteView ad) {
  const AeadNonce nonce = rng.Draw<kAeadNonceSize>();
  Bytes out(nonce.begin(), nonce.end());
  Append(out, AeadSeal(key, nonce, plaintext, ad));
  return out;
}

namespace {
Result<AeadNonce> SplitNonce(ByteView box) {
  if (box.size() < kAeadNonceSize + kAeadTagSize)
    return Fail(ErrorCode::kCorruptData, "sealed data is truncated");
  AeadNonce nonce;
  std::memcpy(nonce.data(), box.data(), kAeadNonceSize);
  return nonce;
}
}  // namespace

Result<Bytes> OpenWithNonce(const AeadKey& key, ByteView box, ByteView ad) {
  RAPPORT_ASSIGN_OR_RETURN(const AeadNonce nonce, SplitNonce(box));
  return AeadOpen(key, nonce, box.subspan(kAeadNonceSize), ad);
}

Result<SecretBuffer> OpenSecretWithNonce(const AeadKey& key, ByteView box, ByteView ad) {
  RAPPORT_ASSIGN_OR_RETURN(const AeadNonce nonce, SplitNonce(box));
  return AeadOpenSecret(key, nonce, box.subspan(kAeadNonceSize), ad);
}

AeadKey DeriveSubkey(const AeadKey& master, std::uint64_t id, const char purpose[8]) {
  EnsureSodium();
  SecretBuffer sub(kAeadKeySize);
  crypto_kdf_derive_from_key(sub.data(), sub.size(), id, purpose, master.view().data());
  return *AeadKey::FromBytes(sub.view());
}

}  // namespace rapport::crypto
