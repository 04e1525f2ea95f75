// A small binary codec for headers and record bodies: big-endian integers
// and length-prefixed byte strings. Every read checks its bounds, and every
// length is checked against an explicit limit before anything is allocated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/bytes.h"

namespace rapport::core {

class Writer {
 public:
  void U8(std::uint8_t v) { out_.push_back(v); }
  void U16(std::uint16_t v);
  void U32(std::uint32_t v);
  void U64(std::uint64_t v);
  void I64(std::int64_t v) { U64(static_cast<std::uint64_t>(v)); }
  void Raw(crypto::ByteView b) { crypto::Append(out_, b); }
  // A u32 length followed by the bytes.
  void Blob(crypto::ByteView b);
  void String(std::string_view s) { Blob(crypto::AsBytes(s)); }
  // Room for `n` bytes in all: a buffer that never grows leaves no freed,
  // unwiped copy of a secret written into it.
  void Reserve(std::size_t n) { out_.reserve(n); }

  const crypto::Bytes& bytes() const { return out_; }
  crypto::Bytes Take() { return std::move(out_); }

 private:
  crypto::Bytes out_;
};

// Reads from a view it does not own; the view must outlive the Reader.
// After any failed read, ok() is false and every later read fails too.
class Reader {
 public:
  explicit Reader(crypto::ByteView in) : in_(in) {}

  bool U8(std::uint8_t& v);
  bool U16(std::uint16_t& v);
  bool U32(std::uint32_t& v);
  bool U64(std::uint64_t& v);
  bool I64(std::int64_t& v);
  bool Raw(std::span<std::uint8_t> out);
  // A view into the input, `n` bytes long.
  bool View(std::size_t n, crypto::ByteView& out);
  bool Blob(crypto::Bytes& out, std::size_t max_size);
  // Fails on invalid UTF-8 too: text we show must be text.
  bool String(std::string& out, std::size_t max_size);

  bool ok() const { return ok_; }
  bool AtEnd() const { return ok_ && pos_ == in_.size(); }
  std::size_t remaining() const { return in_.size() - pos_; }

 private:
  bool Take(std::size_t n, const std::uint8_t*& p);
  // A u32 length (at most `max_size`) and a view of that many bytes.
  bool LengthPrefixed(std::size_t max_size, crypto::ByteView& out);
  crypto::ByteView in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

bool IsValidUtf8(std::string_view s);

}  // namespace rapport::core
