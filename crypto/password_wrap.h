// Wrapping a secret under a passphrase: Argon2id (crypto_pwhash with
// crypto_pwhash_ALG_ARGON2ID13) derives a key that seals the secret with
// XChaCha20-Poly1305. The format is in docs/storage.md, "Wrapped secrets".
//
// Blob layout: "RPW1" | alg u8 | opslimit u64be | memlimit u64be | salt[16] |
//              nonce[24] | ciphertext+tag.
// Everything before the ciphertext is the associated data, so a stored blob
// whose parameters were lowered (a downgrade) does not open.
#pragma once

#include <string_view>

#include "base/result.h"
#include "crypto/bytes.h"
#include "crypto/random.h"
#include "crypto/secret_buffer.h"

namespace rapport::crypto {

struct KdfParams {
  std::uint64_t opslimit;
  std::uint64_t memlimit;
  // libsodium's "interactive" cost: 2 passes over 64 MiB, about 0.1 s here.
  static KdfParams Interactive();
};

// True if UnwrapSecret accepts `params`: at least Interactive() (anything
// lower is a downgrade) and at most libsodium's "sensitive" cost, 4 passes
// over 1 GiB. The ceiling matters because a blob's parameters are read
// before anything in it is authenticated: a damaged or planted blob must
// not make unlocking run for days.
[[nodiscard]] bool KdfParamsAllowed(const KdfParams& params);

// REQUIRES: KdfParamsAllowed(params) (aborts otherwise: the blob could never
// be unwrapped).
Bytes WrapSecret(std::string_view passphrase, ByteView secret, const KdfParams& params, Rng& rng);

// Returns the secret, or kWrongPassphrase if the passphrase is wrong (or the
// blob was altered: the two cannot be told apart), kCorruptData if the blob is
// malformed, kUnsupportedVersion for an unknown magic or algorithm.
// Parameters outside KdfParamsAllowed() are kCorruptData, refused before
// any key derivation.
[[nodiscard]] Result<SecretBuffer> UnwrapSecret(std::string_view passphrase, ByteView blob);

}  // namespace rapport::crypto
