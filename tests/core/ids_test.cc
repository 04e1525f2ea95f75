#include "core/ids.h"

#include <gtest/gtest.h>

#include "crypto/bytes.h"
#include "crypto/random.h"

namespace rapport::core {
namespace {

// Ids write their own hex (they are public, so a table will do): the same
// as libsodium's constant-time hex, for every byte value.
TEST(Ids, HexWritesWhatToHexWritesForEveryByte) {
  for (int first = 0; first < 256; first += static_cast<int>(EventId::kSize)) {
    EventId id;
    for (std::size_t i = 0; i < EventId::kSize; ++i)
      id.bytes[i] = static_cast<std::uint8_t>(first + static_cast<int>(i));
    EXPECT_EQ(id.Hex(), crypto::ToHex(id.bytes)) << first;
  }
  crypto::SeededRng rng(3);
  const auto random = EventId::FromArray(rng.Draw<EventId::kSize>());
  EXPECT_EQ(random.Hex(), crypto::ToHex(random.bytes));
  NotebookId notebook;
  notebook.bytes.fill(0xAB);
  std::string expected;
  for (std::size_t i = 0; i < NotebookId::kSize; ++i) expected += "ab";
  EXPECT_EQ(notebook.Hex(), expected);
  EXPECT_EQ(notebook.Short(), "abababab");
}

}  // namespace
}  // namespace rapport::core
