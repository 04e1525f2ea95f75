// Passing over plain text eight bytes at a time, for the escapers of the
// review's JSON and HTML: the journal is most of what they write, and looking
// at one byte at a time was most of the time they took. The tests for a
// byte equal to b and for a byte below n are the well-known bit tricks
// ("Bit Twiddling Hacks"); both are exact as yes-or-no answers.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace rapport::cli::word_scan {

inline constexpr std::uint64_t kOnes = 0x0101010101010101;
inline constexpr std::uint64_t kHighBits = 0x8080808080808080;

// Nonzero if one of the eight bytes of `word` is `b`.
constexpr std::uint64_t HasByte(std::uint64_t word, std::uint8_t b) {
  const std::uint64_t v = word ^ (kOnes * b);
  return (v - kOnes) & ~v & kHighBits;
}

// Nonzero if one of the eight bytes of `word` is below `n`. REQUIRES: n <= 0x80.
constexpr std::uint64_t HasByteBelow(std::uint64_t word, std::uint8_t n) {
  return (word - kOnes * n) & ~word & kHighBits;
}

// The first position from `at` where the eight bytes starting there are not
// all plain by `all_plain(word)`, or where fewer than eight are left.
template <typename AllPlain>
std::size_t SkipPlainWords(std::string_view text, std::size_t at, AllPlain all_plain) {
  std::uint64_t word;
  while (at + sizeof word <= text.size()) {
    std::memcpy(&word, text.data() + at, sizeof word);
    if (!all_plain(word)) break;
    at += sizeof word;
  }
  return at;
}

}  // namespace rapport::cli::word_scan
