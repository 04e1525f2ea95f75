#include "crypto/noise_symmetric_state.h"

#include <algorithm>

namespace rapport::crypto {

SymmetricState::SymmetricState(std::string_view protocol_name) : ck_(kNoiseHashSize) {
  const ByteView name = AsBytes(protocol_name);
  if (name.size() <= kNoiseHashSize) {
    h_.fill(0);
    std::copy(name.begin(), name.end(), h_.begin());
  } else {
    h_ = NoiseHash2(name, {});
  }
  std::copy(h_.begin(), h_.end(), ck_.data());
}

void SymmetricState::InitializeCipherKey(std::span<std::uint8_t> hkdf_output) {
  cipher_.InitializeKey(hkdf_output.first(kNoiseKeySize));
  Wipe(hkdf_output);
}

// HKDF temporaries are stack arrays, wiped after use: a SecretBuffer per
// output would cost an mmap and mlock each, several times per handshake.
void SymmetricState::MixKey(ByteView input_key_material) {
  std::uint8_t temp_k[kNoiseHashSize];
  NoiseHkdf(ck_.view(), input_key_material, ck_.span(), temp_k);
  InitializeCipherKey(temp_k);
}

void SymmetricState::MixHash(ByteView data) { h_ = NoiseHash2(h_, data); }

void SymmetricState::MixKeyAndHash(ByteView input_key_material) {
  std::uint8_t temp_h[kNoiseHashSize];
  std::uint8_t temp_k[kNoiseHashSize];
  NoiseHkdf(ck_.view(), input_key_material, ck_.span(), temp_h, temp_k);
  MixHash(temp_h);
  Wipe(temp_h);
  InitializeCipherKey(temp_k);
}

Result<Bytes> SymmetricState::EncryptAndHash(ByteView plaintext) {
  Bytes ciphertext;
  if (cipher_.HasKey()) {
    RAPPORT_ASSIGN_OR_RETURN(ciphertext, cipher_.EncryptWithAd(h_, plaintext));
  } else {
    if (plaintext.size() > kNoiseMaxMessageSize)
      return Fail(ErrorCode::kProtocol, "noise: message longer than 65535 bytes");
    ciphertext = ToBytes(plaintext);
  }
  MixHash(ciphertext);
  return ciphertext;
}

Result<Bytes> SymmetricState::DecryptAndHash(ByteView ciphertext) {
  Bytes plaintext;
  if (cipher_.HasKey()) {
    RAPPORT_ASSIGN_OR_RETURN(plaintext, cipher_.DecryptWithAd(h_, ciphertext));
  } else {
    if (ciphertext.size() > kNoiseMaxMessageSize)
      return Fail(ErrorCode::kProtocol, "noise: message longer than 65535 bytes");
    plaintext = ToBytes(ciphertext);
  }
  MixHash(ciphertext);
  return plaintext;
}

NoiseCipherPair SymmetricState::Split() const {
  std::uint8_t temp_k1[kNoiseHashSize];
  std::uint8_t temp_k2[kNoiseHashSize];
  NoiseHkdf(ck_.view(), {}, temp_k1, temp_k2);
  NoiseCipherPair pair;
  pair.c1.InitializeKey(ByteView(temp_k1).first(kNoiseKeySize));
  pair.c2.InitializeKey(ByteView(temp_k2).first(kNoiseKeySize));
  Wipe(temp_k1);
  Wipe(temp_k2);
  return pair;
}

}  // namespace rapport::crypto
