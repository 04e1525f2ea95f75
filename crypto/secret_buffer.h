// SecretBuffer: memory for keys and plaintext secrets. It is allocated with
// sodium_malloc (guard pages, locked so it is not swapped out) and wiped by
// sodium_free on release. Move-only: a secret is never copied by accident.
//
// Not thread-safe; a buffer belongs to one owner at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "crypto/bytes.h"

namespace rapport::crypto {

// Initialises libsodium once. Every crypto entry point calls it; aborts if
// libsodium cannot start (no usable random source), a broken invariant.
void EnsureSodium();

class SecretBuffer {
 public:
  SecretBuffer() = default;
  // A zero-filled secret of `size` bytes.
  explicit SecretBuffer(std::size_t size);
  // Copies `bytes` into secure memory. The caller wipes its own copy.
  static SecretBuffer CopyOf(ByteView bytes);

  SecretBuffer(SecretBuffer&& other) noexcept;
  SecretBuffer& operator=(SecretBuffer&& other) noexcept;
  SecretBuffer(const SecretBuffer&) = delete;
  SecretBuffer& operator=(const SecretBuffer&) = delete;
  ~SecretBuffer();

  std::uint8_t* data() { return data_; }
  const std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::span<std::uint8_t> span() { return {data_, size_}; }
  ByteView view() const { return {data_, size_}; }

 private:
  void Release();
  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

// Overwrites `bytes` with zeros in a way the compiler cannot elide.
void Wipe(std::span<std::uint8_t> bytes);

// Compares in time that depends only on the length, never on the contents.
// Use it for every MAC, key and hash comparison.
[[nodiscard]] bool ConstantTimeEqual(ByteView a, ByteView b);

}  // namespace rapport::crypto
