// Where the passphrase comes from, in order: --passphrase-file FILE, the
// environment variable RAPPORT_PASSPHRASE, or a prompt on the terminal with
// echo turned off. The passphrase is kept in secure memory; a variable it
// came from is wiped and removed from the environment once read.
#pragma once

#include <string>

#include "base/result.h"
#include "crypto/secret_buffer.h"

namespace rapport::cli {

// `confirm`: ask twice on a terminal (when choosing a new passphrase).
// kInvalidArgument if no source is available (no terminal, no variable, no
// file) or the two entries differ; kNotFound if the file is missing or is not
// a file; kIo if it cannot be read for another reason.
Result<crypto::SecretBuffer> ReadPassphrase(const std::string& file, bool confirm);
// The same, asked as "Current passphrase" (for `rapport passphrase change`).
Result<crypto::SecretBuffer> ReadCurrentPassphrase(const std::string& file);
// The new passphrase for `rapport passphrase change`, from its own sources:
// `file` (--new-passphrase-file), RAPPORT_NEW_PASSPHRASE, or the terminal,
// asked twice. Errors as ReadPassphrase.
Result<crypto::SecretBuffer> ReadNewPassphrase(const std::string& file);

inline std::string_view AsView(const crypto::SecretBuffer& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace rapport::cli
