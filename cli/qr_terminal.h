// Draws text as a QR code in the terminal, two module rows per line with
// half-block characters, so a phone camera can read an invite off a screen.
#pragma once

#include <optional>
#include <string>

namespace rapport::cli {

// Light modules are drawn as blocks and dark ones as blanks, which reads
// correctly on the usual dark terminal background, with a 2-module quiet
// zone. nullopt if the text does not fit in a QR code.
std::optional<std::string> DrawQrCode(const std::string& text);

}  // namespace rapport::cli
