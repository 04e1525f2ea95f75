#include "core/records_goal.h"

#include <gtest/gtest.h>

#include "record_test_util.h"

namespace rapport::core {
namespace {

using testing::ExpectInvalid;
using testing::ExpectRoundTrip;
using testing::TestId;

GoalText Text() {
  return GoalText{"Sleep better", "Fewer late nights", "nights asleep by 23:00", 20000};
}

TEST(GoalRecords, RoundTrip) {
  ExpectRoundTrip(GoalPropose{Text()});
  ExpectRoundTrip(GoalPropose{GoalText{"t", "", "m", std::nullopt}});
  ExpectRoundTrip(GoalRevise{TestId(1), Text()});
  ExpectRoundTrip(GoalAgree{TestId(1), TestId(2)});
  ExpectRoundTrip(GoalProgress{TestId(1), ProgressScale::kRating, 10, "good week"});
  ExpectRoundTrip(GoalProgress{TestId(1), ProgressScale::kGas, -2, ""});
  ExpectRoundTrip(GoalStatus{TestId(1), GoalStatusValue::kDropped});
}

TEST(GoalRecords, RejectsBadText) {
  ExpectInvalid(GoalPropose{GoalText{"", "", "m", {}}});
  ExpectInvalid(GoalPropose{GoalText{"t", "", "  ", {}}});
  ExpectInvalid(GoalPropose{GoalText{std::string(201, 'x'), "", "m", {}}});
  ExpectInvalid(GoalPropose{GoalText{"t", "", "m", -1}});
  ExpectInvalid(GoalRevise{TestId(1), GoalText{"t", "", "m", kMaxDay + 1}});
}

TEST(GoalRecords, ProgressRanges) {
  ExpectInvalid(GoalProgress{TestId(1), ProgressScale::kRating, 11, ""});
  ExpectInvalid(GoalProgress{TestId(1), ProgressScale::kRating, -1, ""});
  ExpectInvalid(GoalProgress{TestId(1), ProgressScale::kGas, 3, ""});
  ExpectInvalid(GoalProgress{TestId(1), ProgressScale::kGas, -3, ""});
  ExpectInvalid(GoalProgress{TestId(1), static_cast<ProgressScale>(3), 0, ""});
  EXPECT_TRUE(ValidateRecordFields(Record{0, GoalProgress{TestId(1), ProgressScale::kGas, 2, ""}}));
}

TEST(GoalRecords, RejectsUnknownStatusOnTheWire) {
  ExpectInvalid(GoalStatus{TestId(1), static_cast<GoalStatusValue>(5)});
  crypto::Bytes bytes = EncodeRecord(Record{0, GoalStatus{TestId(1), GoalStatusValue::kPaused}});
  bytes.back() = 9;
  EXPECT_FALSE(DecodeRecord(bytes));
}

TEST(Dates, ParseAndFormat) {
  EXPECT_EQ(ParseDay("1970-01-01"), 0);
  EXPECT_EQ(ParseDay("2024-02-29"), 19782);
  EXPECT_EQ(FormatDay(19782), "2024-02-29");
  EXPECT_FALSE(ParseDay("2023-02-29"));
  EXPECT_FALSE(ParseDay("2026-03- 2"));  // digits only
  EXPECT_FALSE(ParseDay("+026-03-02"));
  EXPECT_FALSE(ParseDay("2024-13-01"));
  EXPECT_FALSE(ParseDay("1969-12-31"));
  EXPECT_FALSE(ParseDay("2024-1-1"));
  EXPECT_FALSE(ParseDay("tomorrow!!"));
}

}  // namespace
}  // namespace rapport::core
