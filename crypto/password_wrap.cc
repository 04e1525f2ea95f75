#include "crypto/password_wrap.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>

#include "crypto/aead.h"

namespace rapport::crypto {
namespace {

constexpr char kMagic[4] = {'R', 'P', 'W', '1'};
constexpr std::size_t kSaltSize = crypto_pwhash_SALTBYTES;
constexpr std::size_t kHeaderSize = 4 + 1 + 8 + 8 + kSaltSize + kAeadNonceSize;

void PutU64(Bytes& out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
std::uint64_t GetU64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}

Result<AeadKey> DeriveKey(std::string_view passphrase, ByteView salt, const KdfParams& params) {
  SecretBuffer key(kAeadKeySize);
  if (crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(), salt.data(),
                    params.opslimit, static_cast<size_t>(params.memlimit),
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Fail(ErrorCode::kIo, "not enough memory to derive the key from the passphrase");
  }
  return AeadKey::FromBytes(key.view());
}

}  // namespace

KdfParams KdfParams::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

bool KdfParamsAllowed(const KdfParams& params) {
  const KdfParams floor = KdfParams::Interactive();
  return params.opslimit >= floor.opslimit && params.memlimit >= floor.memlimit &&
         params.opslimit <= crypto_pwhash_OPSLIMIT_SENSITIVE &&
         params.memlimit <= crypto_pwhash_MEMLIMIT_SENSITIVE;
}

Bytes WrapSecret(std::string_view passphrase, ByteView secret, const KdfParams& params, Rng& rng) {
  EnsureSodium();
  if (!KdfParamsAllowed(params)) std::abort();
  Bytes blob(kMagic, kMagic + 4);
  blob.push_back(static_cast<std::uint8_t>(crypto_pwhash_ALG_ARGON2ID13));
  PutU64(blob, params.opslimit);
  PutU64(blob, params.memlimit);
  const auto salt = rng.Draw<kSaltSize>();
  Append(blob, salt);
  const AeadNonce nonce = rng.Draw<kAeadNonceSize>();
  Append(blob, nonce);
  auto key = DeriveKey(passphrase, salt, params);
  if (!key) std::abort();  // Allowed parameters always derive (short of memory).
  const Bytes header = blob;
  Append(blob, AeadSeal(*key, nonce, secret, header));
  return blob;
}

Result<SecretBuffer> UnwrapSecret(std::string_view passphrase, ByteView blob) {
  EnsureSodium();
  if (blob.size() < kHeaderSize + kAeadTagSize)
    return Fail(ErrorCode::kCorruptData, "wrapped key is truncated");
  if (std::memcmp(blob.data(), kMagic, 4) != 0)
    return Fail(ErrorCode::kUnsupportedVersion, "wrapped key has an unknown format");
  if (blob[4] != crypto_pwhash_ALG_ARGON2ID13)
    return Fail(ErrorCode::kUnsupportedVersion, "wrapped key uses an unknown algorithm");
  const KdfParams params{GetU64(blob.data() + 5), GetU64(blob.data() + 13)};
  if (!KdfParamsAllowed(params))
    return Fail(ErrorCode::kCorruptData, "wrapped key has unsafe key-derivation parameters");
  const ByteView header = blob.first(kHeaderSize);
  const ByteView salt = blob.subspan(21, kSaltSize);
  AeadNonce nonce;
  std::memcpy(nonce.data(), blob.data() + 21 + kSaltSize, kAeadNonceSize);
  RAPPORT_ASSIGN_OR_RETURN(AeadKey key, DeriveKey(passphrase, salt, params));
  auto secret = AeadOpenSecret(key, nonce, blob.subspan(kHeaderSize), header);
  if (!secret) return Fail(ErrorCode::kWrongPassphrase, "wrong passphrase");
  return secret;
}

}  // namespace rapport::crypto
