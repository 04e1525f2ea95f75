// Byte containers shared by every layer: growable Bytes, fixed-size arrays
// for keys and ids, and hex for people and logs.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::crypto {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

template <std::size_t N>
using FixedBytes = std::array<std::uint8_t, N>;

inline ByteView AsBytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
inline std::string_view AsChars(ByteView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}
inline Bytes ToBytes(ByteView b) { return Bytes(b.begin(), b.end()); }

std::string ToHex(ByteView bytes);
// Returns nullopt unless `hex` is an even number of hex digits.
std::optional<Bytes> FromHex(std::string_view hex);

// Appends `b` to `out`.
inline void Append(Bytes& out, ByteView b) { out.insert(out.end(), b.begin(), b.end()); }

}  // namespace rapport::crypto
