#include "crypto/secret_buffer.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace rapport::crypto {

void EnsureSodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) std::abort();
}

SecretBuffer::SecretBuffer(std::size_t size) : size_(size) {
  EnsureSodium();
  if (size == 0) return;
  data_ = static_cast<std::uint8_t*>(sodium_malloc(size));
  if (data_ == nullptr) throw std::bad_alloc();
  std::memset(data_, 0, size);
}

SecretBuffer SecretBuffer::CopyOf(ByteView bytes) {
  SecretBuffer out(bytes.size());
  if (!bytes.empty()) std::memcpy(out.data_, bytes.data(), bytes.size());
  return out;
}

SecretBuffer::SecretBuffer(SecretBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

SecretBuffer& SecretBuffer::operator=(SecretBuffer&& other) noexcept {
  if (this != &other) {
    Release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

SecretBuffer::~SecretBuffer() { Release(); }

void SecretBuffer::Release() {
  if (data_ != nullptr) sodium_free(data_);  // sodium_free wipes first.
  data_ = nullptr;
  size_ = 0;
}

void Wipe(std::span<std::uint8_t> bytes) {
  if (!bytes.empty()) sodium_memzero(bytes.data(), bytes.size());
}

bool ConstantTimeEqual(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  // libsodium's fixed-size comparisons are vectorised; sodium_memcmp reads a
  // byte at a time (a load checks two 32-byte values per event with this).
  switch (a.size()) {
    case 0:
      return true;
    case 16:
      return crypto_verify_16(a.data(), b.data()) == 0;
    case 32:
      return crypto_verify_32(a.data(), b.data()) == 0;
    case 64:
      return crypto_verify_64(a.data(), b.data()) == 0;
    default:
      return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
  }
}

}  // namespace rapport::crypto
