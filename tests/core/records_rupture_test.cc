// Codec and value tests of rupture, ending, comment and reflection records.
#include "core/records_rupture.h"

#include <gtest/gtest.h>

#include "record_test_util.h"

namespace rapport::core {
namespace {

using testing::ExpectInvalid;
using testing::ExpectRoundTrip;
using testing::TestId;

TEST(RuptureRecords, RoundTrip) {
  ExpectRoundTrip(RuptureFlag{RuptureKind::kWithdrawal, "went quiet about work"});
  ExpectRoundTrip(RuptureRepair{TestId(1), RepairKind::kRationaleGiven, "explained why"});
  ExpectRoundTrip(RuptureResolve{TestId(1)});
  ExpectInvalid(RuptureFlag{static_cast<RuptureKind>(3), ""});
  ExpectInvalid(RuptureRepair{TestId(1), static_cast<RepairKind>(0), ""});
}

TEST(EndingRecords, RoundTrip) {
  ExpectRoundTrip(EndingStart{""});
  ExpectRoundTrip(EndingCheck{EndingAction::kPrideInProgress, true, "proud"});
  ExpectRoundTrip(EndingCheck{EndingAction::kHowTherapyWent, false, ""});
  ExpectRoundTrip(EndingSummary{"We did good work."});
  ExpectInvalid(EndingCheck{static_cast<EndingAction>(9), true, ""});
  ExpectInvalid(EndingSummary{""});
  for (int i = 1; i <= kEndingActionCount; ++i) {
    const auto a = static_cast<EndingAction>(i);
    EXPECT_EQ(ParseEndingAction(EndingActionName(a)), a);
  }
}

TEST(CommentRecords, RoundTrip) {
  ExpectRoundTrip(Comment{TestId(4), "Thanks for writing this."});
  ExpectInvalid(Comment{TestId(4), ""});
}

TEST(ReflectionRecords, RoundTrip) {
  ExpectRoundTrip(TherapistReflection{"I felt impatient today; notice it."});
  ExpectInvalid(TherapistReflection{" "});
}

}  // namespace
}  // namespace rapport::core
