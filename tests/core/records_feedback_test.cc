#include "core/records_feedback.h"

#include <gtest/gtest.h>

#include "core/records_profile.h"
#include "record_test_util.h"

namespace rapport::core {
namespace {

using testing::ExpectInvalid;
using testing::ExpectRoundTrip;

TEST(FeedbackRecords, RoundTrip) {
  ExpectRoundTrip(SessionFeedback{10, 9, 0, 7, 19000});
  ExpectRoundTrip(SessionFeedback{0, 0, 0, 0, std::nullopt});
  ExpectRoundTrip(WellbeingCheckin{5, 6, 7, 8, 19001});
  ExpectRoundTrip(FeedbackNote{"It helps to write things down."});
}

TEST(FeedbackRecords, Totals) {
  EXPECT_EQ((SessionFeedback{10, 9, 8, 7, {}}.Total()), 34);
  EXPECT_EQ((WellbeingCheckin{10, 10, 10, 10, {}}.Total()), 40);
}

TEST(FeedbackRecords, RatingsAreZeroToTen) {
  ExpectInvalid(SessionFeedback{11, 0, 0, 0, {}});
  ExpectInvalid(SessionFeedback{0, 0, 0, -1, {}});
  ExpectInvalid(WellbeingCheckin{0, 11, 0, 0, {}});
  ExpectInvalid(WellbeingCheckin{0, 0, 0, 0, -5});
  ExpectInvalid(FeedbackNote{"   "});
  // Out of range on the wire is malformed.
  crypto::Bytes bytes = EncodeRecord(Record{0, SessionFeedback{1, 2, 3, 4, {}}});
  bytes[10] = 11;
  EXPECT_FALSE(DecodeRecord(bytes));
}

TEST(ProfileRecords, RoundTripAndClear) {
  ExpectRoundTrip(ProfileSet{ProfileField::kCulturalBackground, "Grew up in two languages"});
  ExpectRoundTrip(ProfileSet{ProfileField::kNotes, ""});
  ExpectInvalid(ProfileSet{static_cast<ProfileField>(8), "x"});
  ExpectInvalid(ProfileSet{ProfileField::kNotes, std::string(kMaxNoteTextSize + 1, 'x')});
}

TEST(ProfileRecords, FieldNames) {
  for (int i = 1; i <= kProfileFieldCount; ++i) {
    const auto f = static_cast<ProfileField>(i);
    EXPECT_EQ(ParseProfileField(ProfileFieldName(f)), f);
  }
  EXPECT_FALSE(ParseProfileField("shoe_size"));
}

}  // namespace
}  // namespace rapport::core
