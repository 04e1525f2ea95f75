#include "crypto/noise_cipher_state.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>

namespace rapport::crypto {

static_assert(kNoiseKeySize == crypto_aead_chacha20poly1305_ietf_KEYBYTES);
static_assert(kNoiseTagSize == crypto_aead_chacha20poly1305_ietf_ABYTES);

namespace {

using ChaChaNonce = FixedBytes<crypto_aead_chacha20poly1305_ietf_NPUBBYTES>;

// Spec 12.3: 32 bits of zeros followed by the little-endian 64-bit counter.
ChaChaNonce EncodeNonce(std::uint64_t n) {
  static_assert(ChaChaNonce{}.size() == 12);
  ChaChaNonce out{};
  for (int i = 0; i < 8; ++i) out[4 + i] = static_cast<std::uint8_t>(n >> (8 * i));
  return out;
}

void Seal(const SecretBuffer& key, std::uint64_t n, ByteView ad, ByteView plaintext,
          std::uint8_t* out) {
  const ChaChaNonce nonce = EncodeNonce(n);
  unsigned long long written = 0;
  crypto_aead_chacha20poly1305_ietf_encrypt(out, &written, plaintext.data(), plaintext.size(),
                                            ad.data(), ad.size(), nullptr, nonce.data(),
                                            key.data());
  if (written != plaintext.size() + kNoiseTagSize) std::abort();
}

}  // namespace

void CipherState::InitializeKey(ByteView key) {
  if (key.size() != kNoiseKeySize) std::abort();
  // Rekeyed often during a handshake: overwrite the secure buffer in place
  // rather than allocate a new one each time.
  if (key_.size() != kNoiseKeySize) key_ = SecretBuffer(kNoiseKeySize);
  std::copy(key.begin(), key.end(), key_.data());
  nonce_ = 0;
}

Result<Bytes> CipherState::EncryptWithAd(ByteView ad, ByteView plaintext) {
  if (!HasKey()) return Fail(ErrorCode::kProtocol, "noise: encrypt without a key");
  if (nonce_ == kNoiseMaxNonce) return Fail(ErrorCode::kProtocol, "noise: nonce exhausted");
  if (plaintext.size() > kNoiseMaxPlaintextSize)
    return Fail(ErrorCode::kProtocol, "noise: message longer than 65535 bytes");
  Bytes out(plaintext.size() + kNoiseTagSize);
  Seal(key_, nonce_, ad, plaintext, out.data());
  ++nonce_;
  return out;
}

Result<Bytes> CipherState::DecryptWithAd(ByteView ad, ByteView ciphertext) {
  if (!HasKey()) return Fail(ErrorCode::kProtocol, "noise: decrypt without a key");
  if (nonce_ == kNoiseMaxNonce) return Fail(ErrorCode::kProtocol, "noise: nonce exhausted");
  if (ciphertext.size() < kNoiseTagSize)
    return Fail(ErrorCode::kProtocol, "noise: ciphertext shorter than a tag");
  if (ciphertext.size() > kNoiseMaxMessageSize)
    return Fail(ErrorCode::kProtocol, "noise: message longer than 65535 bytes");
  const ChaChaNonce nonce = EncodeNonce(nonce_);
  Bytes out(ciphertext.size() - kNoiseTagSize);
  unsigned long long written = 0;
  // libsodium verifies the tag before it writes any plaintext.
  if (crypto_aead_chacha20poly1305_ietf_decrypt(out.data(), &written, nullptr, ciphertext.data(),
                                                ciphertext.size(), ad.data(), ad.size(),
                                                nonce.data(), key_.data()) != 0) {
    Wipe(out);
    return Fail(ErrorCode::kAuthenticationFailed, "noise: message failed authentication");
  }
  ++nonce_;
  return out;
}

Status CipherState::Rekey() {
  if (!HasKey()) return Fail(ErrorCode::kProtocol, "noise: rekey without a key");
  const FixedBytes<kNoiseKeySize> zeros{};
  std::uint8_t sealed[kNoiseKeySize + kNoiseTagSize];
  Seal(key_, kNoiseMaxNonce, {}, zeros, sealed);
  std::copy(sealed, sealed + kNoiseKeySize, key_.data());
  Wipe(sealed);
  return Ok();
}

}  // namespace rapport::crypto
