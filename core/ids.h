// Strong id types, so a notebook id can never be passed where an event id
// or an author key is expected. All are fixed-size byte strings shown as hex.
#pragma once

#include <array>
#include <compare>
#include <cstring>
#include <string>

#include "crypto/bytes.h"
#include "crypto/signing.h"

namespace rapport::core {

template <typename Tag, std::size_t N>
struct StrongBytes {
  static constexpr std::size_t kSize = N;
  crypto::FixedBytes<N> bytes{};

  // Ids are public, so a plain table will do: crypto::ToHex is constant-time
  // and several times slower, which `review --json` felt (one per entry).
  std::string Hex() const {
    const auto chars = HexChars();
    return std::string(chars.begin(), chars.end());
  }
  // The same, held in place: for output that writes one per record.
  std::array<char, 2 * N> HexChars() const {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::array<char, 2 * N> out;
    for (std::size_t i = 0; i < N; ++i) {
      out[2 * i] = kDigits[bytes[i] >> 4];
      out[2 * i + 1] = kDigits[bytes[i] & 0xF];
    }
    return out;
  }
  // The first `n` hex digits, the way ids are shown to people.
  std::string Short(std::size_t n = 8) const { return Hex().substr(0, n); }
  bool IsZero() const {
    for (auto b : bytes)
      if (b != 0) return false;
    return true;
  }
  static StrongBytes FromArray(const crypto::FixedBytes<N>& b) { return StrongBytes{b}; }
  // Returns nullopt unless `view` is exactly N bytes.
  static std::optional<StrongBytes> FromView(crypto::ByteView view) {
    if (view.size() != N) return std::nullopt;
    StrongBytes out;
    std::copy(view.begin(), view.end(), out.bytes.begin());
    return out;
  }
  friend auto operator<=>(const StrongBytes&, const StrongBytes&) = default;
};

// For unordered containers. Ids are hashes or random, so their first eight
// bytes are already well mixed.
struct StrongBytesHash {
  template <typename Tag, std::size_t N>
  std::size_t operator()(const StrongBytes<Tag, N>& id) const {
    static_assert(N >= sizeof(std::size_t));
    std::size_t h;
    std::memcpy(&h, id.bytes.data(), sizeof h);
    return h;
  }
};

struct NotebookIdTag {};
struct EventIdTag {};
struct AuthorIdTag {};
struct PrivateIdTag {};

inline constexpr std::size_t kNotebookIdSize = 16;

using NotebookId = StrongBytes<NotebookIdTag, kNotebookIdSize>;
// BLAKE2b-256 of an event's signed bytes (docs/events.md).
using EventId = StrongBytes<EventIdTag, 32>;
// An author is an Ed25519 identity public key.
using AuthorId = StrongBytes<AuthorIdTag, crypto::kSignPublicKeySize>;
// A private record (never synced) has a random id of the same shape.
using PrivateId = StrongBytes<PrivateIdTag, 32>;

}  // namespace rapport::core
