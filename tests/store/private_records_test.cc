// Private records: a damaged one is left out, not fatal; one entry is
// shared once, however many commands share it at the same moment.
#include <gtest/gtest.h>

#include <thread>

#include "store/device.h"
#include "test_device.h"

namespace rapport::store {
namespace {

using testing_util::Entry;
using testing_util::FixedClock;
using testing_util::TestHome;

TEST(PrivateRecords, ADamagedRecordIsLeftOutAndTheOthersStillList) {
  TestHome home(21);
  Device d = home.Create();
  auto nb = d.CreateNotebook("N");
  ASSERT_TRUE(nb);
  for (const char* text : {"first", "second", "third"}) ASSERT_TRUE(d.AddPrivate(*nb, Entry(text)));
  ASSERT_TRUE(d.database_for_testing().Exec(
      "UPDATE private_records SET sealed = zeroblob(length(sealed)) WHERE rowid = "
      "(SELECT min(rowid) FROM private_records)"));
  ASSERT_TRUE(d.database_for_testing().Exec(
      "UPDATE private_records SET id = x'00' WHERE rowid = (SELECT max(rowid) FROM "
      "private_records)"));
  const auto listed = d.ListPrivate(*nb);
  ASSERT_TRUE(listed) << listed.error().message;
  EXPECT_EQ(listed->damaged, 2u);
  ASSERT_EQ(listed->entries.size(), 1u);
  EXPECT_EQ(std::get<core::JournalEntry>(listed->entries[0].record.body).text, "second");
}

TEST(PrivateRecords, TwoSharesOfOneEntryAtOnceShareItOnce) {
  TestHome home(22);
  Device first = home.Create();
  auto nb = first.CreateNotebook("N");
  ASSERT_TRUE(nb);
  // Many private entries make the listing slow enough for the two to overlap.
  std::vector<core::Record> many;
  for (int i = 0; i < 3000; ++i)
    many.push_back({1700000000000 + i, Entry("entry " + std::to_string(i))});
  auto ids = first.AddPrivateRecords(*nb, many);
  ASSERT_TRUE(ids);
  const std::string target = ids->back().Hex();

  crypto::SeededRng other_rng(23);
  FixedClock other_clock;
  auto second = Device::Open(home.dir.path(), "correct horse", DeviceEnv{&other_rng, &other_clock});
  ASSERT_TRUE(second) << second.error().message;
  Result<core::EventId> by_first = Fail(ErrorCode::kIo, "not run");
  Result<core::EventId> by_second = Fail(ErrorCode::kIo, "not run");
  {
    std::jthread a([&] { by_first = first.SharePrivate(*nb, target); });
    std::jthread b([&] { by_second = second->SharePrivate(*nb, target); });
  }
  EXPECT_NE(static_cast<bool>(by_first), static_cast<bool>(by_second))
      << "exactly one share succeeds: " << (by_first ? "" : by_first.error().message) << " / "
      << (by_second ? "" : by_second.error().message);
  const auto& refused = by_first ? by_second : by_first;
  if (!refused) {
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition) << refused.error().message;
  }
  const auto loaded = first.Load(*nb);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->state.journal.size(), 1u);
  EXPECT_EQ(first.ListPrivate(*nb)->entries.size(), 2999u);
}

}  // namespace
}  // namespace rapport::store
