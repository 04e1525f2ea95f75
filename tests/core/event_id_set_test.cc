#include "core/event_id_set.h"

#include <gtest/gtest.h>

#include "crypto/hash.h"

namespace rapport::core {
namespace {

EventId IdOf(int i) {
  const std::string seed = "event " + std::to_string(i);
  return EventId::FromArray(crypto::Blake2b256(crypto::AsBytes(seed)));
}

// Ids that all land in the same slot of any table up to 2^32 slots: the
// first eight bytes (the hash the table uses) are equal, the rest differ.
EventId CollidingId(std::uint8_t last) {
  EventId id;
  id.bytes[31] = last;
  return id;
}

TEST(EventIdSet, EmptyContainsNothing) {
  const EventIdSet set;
  EXPECT_TRUE(set.empty());
  EXPECT_EQ(set.size(), 0u);
  EXPECT_FALSE(set.contains(IdOf(1)));
  EXPECT_EQ(set.begin(), set.end());
}

TEST(EventIdSet, InsertsEachIdOnceAndFindsItAcrossGrowth) {
  EventIdSet set;
  constexpr int kCount = 5000;  // many rehashes from the smallest table
  for (int i = 0; i < kCount; ++i) ASSERT_TRUE(set.Insert(IdOf(i))) << i;
  for (int i = 0; i < kCount; ++i) EXPECT_FALSE(set.Insert(IdOf(i))) << i;
  EXPECT_EQ(set.size(), static_cast<std::size_t>(kCount));
  for (int i = 0; i < kCount; ++i) EXPECT_TRUE(set.contains(IdOf(i))) << i;
  for (int i = kCount; i < 2 * kCount; ++i) EXPECT_FALSE(set.contains(IdOf(i))) << i;
}

TEST(EventIdSet, IteratesInInsertionOrder) {
  EventIdSet set;
  set.Reserve(3);
  for (int i : {7, 3, 9, 3}) set.Insert(IdOf(i));
  const std::vector<EventId> seen(set.begin(), set.end());
  EXPECT_EQ(seen, (std::vector<EventId>{IdOf(7), IdOf(3), IdOf(9)}));
}

TEST(EventIdSet, IdsThatShareAHashAreStillTellApart) {
  EventIdSet set;
  for (std::uint8_t i = 1; i <= 40; ++i) ASSERT_TRUE(set.Insert(CollidingId(i)));
  for (std::uint8_t i = 1; i <= 40; ++i) EXPECT_TRUE(set.contains(CollidingId(i)));
  EXPECT_FALSE(set.contains(CollidingId(41)));
  EXPECT_FALSE(set.Insert(CollidingId(20)));
  EXPECT_EQ(set.size(), 40u);
}

TEST(EventIdSet, AddedIdsAreFoundAndADuplicateIsDroppedOnTheNextLookup) {
  EventIdSet set;
  set.Reserve(4);
  for (int i : {5, 1, 5, 2}) set.Add(IdOf(i));
  EXPECT_TRUE(set.contains(IdOf(1)));
  EXPECT_FALSE(set.contains(IdOf(3)));
  EXPECT_EQ(set.size(), 3u);
  const std::vector<EventId> seen(set.begin(), set.end());
  EXPECT_EQ(seen, (std::vector<EventId>{IdOf(5), IdOf(1), IdOf(2)}));
  // Added after a lookup, and one already there, across the table's growth.
  for (int i = 0; i < 100; ++i) set.Add(IdOf(i));
  EXPECT_FALSE(set.Insert(IdOf(99)));
  EXPECT_TRUE(set.Insert(IdOf(100)));
  EXPECT_EQ(set.size(), 101u);
  for (int i = 0; i <= 100; ++i) EXPECT_TRUE(set.contains(IdOf(i))) << i;
  EXPECT_EQ(*set.begin(), IdOf(5));
}

TEST(EventIdSet, SizeAndIterationCountAnAddedDuplicateOnce) {
  EventIdSet set;
  set.Add(IdOf(1));
  set.Add(IdOf(1));
  EXPECT_EQ(set.size(), 1u);
  EXPECT_EQ(std::distance(set.begin(), set.end()), 1);
  EXPECT_FALSE(set.empty());
}

// Sets are moved with the state they are part of (Fold::Take): what is left
// behind is empty and usable, as a moved-from vector is.
TEST(EventIdSet, AMovedFromSetIsEmptyAndUsable) {
  EventIdSet from;
  for (int i = 0; i < 3; ++i) from.Add(IdOf(i));
  ASSERT_EQ(from.size(), 3u);
  const EventIdSet to = std::move(from);
  EXPECT_EQ(to.size(), 3u);
  EXPECT_TRUE(to.contains(IdOf(2)));
  EXPECT_EQ(from.size(), 0u);
  from.Add(IdOf(7));
  EXPECT_TRUE(from.contains(IdOf(7)));
  EXPECT_EQ(from.size(), 1u);

  EventIdSet assigned;
  assigned.Add(IdOf(9));
  assigned = std::move(from);
  EXPECT_EQ(assigned.size(), 1u);
  EXPECT_TRUE(assigned.contains(IdOf(7)));
  EXPECT_FALSE(assigned.contains(IdOf(9)));
  EXPECT_EQ(from.size(), 0u);
  from.Add(IdOf(8));
  EXPECT_EQ(std::vector<EventId>(from.begin(), from.end()), std::vector<EventId>{IdOf(8)});
}

TEST(EventIdSet, ReserveKeepsWhatIsThere) {
  EventIdSet set;
  for (int i = 0; i < 10; ++i) set.Insert(IdOf(i));
  set.Reserve(100000);
  set.Reserve(5);  // smaller than held: no change
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(set.contains(IdOf(i)));
  EXPECT_EQ(set.size(), 10u);
}

}  // namespace
}  // namespace rapport::core
