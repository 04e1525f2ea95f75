#include "core/codec.h"

#include <cstring>

namespace rapport::core {

void Writer::U16(std::uint16_t v) {
  out_.push_back(static_cast<std::uint8_t>(v >> 8));
  out_.push_back(static_cast<std::uint8_t>(v));
}
void Writer::U32(std::uint32_t v) {
  for (int i = 3; i >= 0; --i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void Writer::U64(std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void Writer::Blob(crypto::ByteView b) {
  U32(static_cast<std::uint32_t>(b.size()));
  Raw(b);
}

bool Reader::Take(std::size_t n, const std::uint8_t*& p) {
  if (!ok_ || in_.size() - pos_ < n) {
    ok_ = false;
    return false;
  }
  p = in_.data() + pos_;
  pos_ += n;
  return true;
}

bool Reader::U8(std::uint8_t& v) {
  const std::uint8_t* p;
  if (!Take(1, p)) return false;
  v = p[0];
  return true;
}
bool Reader::U16(std::uint16_t& v) {
  const std::uint8_t* p;
  if (!Take(2, p)) return false;
  v = static_cast<std::uint16_t>((p[0] << 8) | p[1]);
  return true;
}
bool Reader::U32(std::uint32_t& v) {
  const std::uint8_t* p;
  if (!Take(4, p)) return false;
  v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | p[i];
  return true;
}
bool Reader::U64(std::uint64_t& v) {
  const std::uint8_t* p;
  if (!Take(8, p)) return false;
  v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return true;
}
bool Reader::I64(std::int64_t& v) {
  std::uint64_t u;
  if (!U64(u)) return false;
  v = static_cast<std::int64_t>(u);
  return true;
}
bool Reader::Raw(std::span<std::uint8_t> out) {
  const std::uint8_t* p;
  if (!Take(out.size(), p)) return false;
  if (!out.empty()) std::memcpy(out.data(), p, out.size());
  return true;
}
bool Reader::View(std::size_t n, crypto::ByteView& out) {
  const std::uint8_t* p;
  if (!Take(n, p)) return false;
  out = crypto::ByteView(p, n);
  return true;
}
bool Reader::LengthPrefixed(std::size_t max_size, crypto::ByteView& out) {
  std::uint32_t n;
  if (!U32(n)) return false;
  if (n > max_size) {
    ok_ = false;
    return false;
  }
  return View(n, out);
}
bool Reader::Blob(crypto::Bytes& out, std::size_t max_size) {
  crypto::ByteView view;
  if (!LengthPrefixed(max_size, view)) return false;
  out.assign(view.begin(), view.end());
  return true;
}
bool Reader::String(std::string& out, std::size_t max_size) {
  crypto::ByteView view;
  if (!LengthPrefixed(max_size, view)) return false;
  if (!IsValidUtf8(crypto::AsChars(view))) {
    ok_ = false;
    return false;
  }
  out.assign(crypto::AsChars(view));
  return true;
}

bool IsValidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    // Fast path: eight ASCII bytes at a time (most text is mostly ASCII).
    if (s.size() - i >= 8) {
      std::uint64_t chunk;
      std::memcpy(&chunk, s.data() + i, 8);
      if ((chunk & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len;
    std::uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (s.size() - i < len) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Reject overlong forms, surrogates and code points past U+10FFFF.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return false;
    i += len;
  }
  return true;
}

}  // namespace rapport::core
