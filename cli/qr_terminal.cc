#include "cli/qr_terminal.h"

#include <qrencode.h>

#include <memory>

namespace rapport::cli {
namespace {

constexpr int kQuietZone = 2;

}  // namespace

std::optional<std::string> DrawQrCode(const std::string& text) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!code) return std::nullopt;
  const int width = code->width;
  const int size = width + 2 * kQuietZone;
  auto dark = [&](int x, int y) {
    x -= kQuietZone;
    y -= kQuietZone;
    if (x < 0 || y < 0 || x >= width || y >= width) return false;
    return (code->data[y * width + x] & 1) != 0;
  };
  std::string out;
  for (int y = 0; y < size; y += 2) {
    for (int x = 0; x < size; ++x) {
      const bool top_light = !dark(x, y);
      const bool bottom_light = y + 1 < size && !dark(x, y + 1);
      if (top_light && bottom_light) {
        out += "\u2588";  // full block
      } else if (top_light) {
        out += "\u2580";  // upper half
      } else if (bottom_light) {
        out += "\u2584";  // lower half
      } else {
        out += ' ';
      }
    }
    out += '\n';
  }
  return out;
}

}  // namespace rapport::cli
