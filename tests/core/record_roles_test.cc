// Who may write what, through ValidateEvent as a peer's event arrives.
#include <gtest/gtest.h>

#include "core/validator.h"
#include "record_test_util.h"
#include "test_notebook.h"

namespace rapport::core {
namespace {

using testing::Genesis;
using testing::MemoryFeeds;
using testing::TestAuthor;
using testing::TestId;

class RecordRolesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    feeds_.AddMember(therapist_.id(), Role::kTherapist, true);
    feeds_.AddMember(client_.id(), Role::kClient, false);
    ASSERT_TRUE(Send(therapist_, Genesis("Ours").body));
  }
  // Validates and, if accepted, stores.
  Status Send(TestAuthor& who, const RecordBody& body) {
    const SignedEvent e = who.Write(Record{1, body}, feeds_.key());
    auto r = ValidateEvent(e, feeds_);
    if (!r) return r.as_unexpected();
    feeds_.Store(e);
    return Ok();
  }
  void ExpectDenied(TestAuthor& who, const RecordBody& body) {
    SCOPED_TRACE(std::string(RecordTypeName(body)));
    TestAuthor attempt = who.Fork();  // a refused event must not advance `who`
    auto s = Send(attempt, body);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::kPermissionDenied);
  }

  crypto::SeededRng rng_{77};
  NotebookId notebook_ = NotebookId::FromArray(rng_.Draw<kNotebookIdSize>());
  MemoryFeeds feeds_{notebook_, crypto::AeadKey::Generate(rng_)};
  TestAuthor therapist_{rng_, notebook_};
  TestAuthor client_{rng_, notebook_};
};

TEST_F(RecordRolesTest, ClientOnlyRecordsAreRefusedFromTheTherapist) {
  ExpectDenied(therapist_, SessionFeedback{9, 9, 9, 9, {}});
  ExpectDenied(therapist_, WellbeingCheckin{5, 5, 5, 5, {}});
  ExpectDenied(therapist_, ProfileSet{ProfileField::kBeliefs, "none"});
  ExpectDenied(therapist_, TaskStepDefer{TestId(1), StepId{TestId(1), 0}, "busy"});
}

TEST_F(RecordRolesTest, ClientMayWriteThem) {
  EXPECT_TRUE(Send(client_, SessionFeedback{9, 9, 9, 9, {}}));
  EXPECT_TRUE(Send(client_, WellbeingCheckin{5, 5, 5, 5, {}}));
  EXPECT_TRUE(Send(client_, ProfileSet{ProfileField::kBeliefs, "none"}));
  EXPECT_TRUE(Send(client_, TaskStepDefer{TestId(1), StepId{TestId(1), 0}, "busy"}));
}

TEST_F(RecordRolesTest, AReflectionNeverTravelsInASharedEvent) {
  ExpectDenied(therapist_, TherapistReflection{"private thought"});
  ExpectDenied(client_, TherapistReflection{"not mine to write"});
}

TEST_F(RecordRolesTest, EitherMemberWritesTheSharedRecords) {
  for (TestAuthor* who : {&therapist_, &client_}) {
    EXPECT_TRUE(Send(*who, GoalPropose{GoalText{"g", "", "m", {}}}));
    EXPECT_TRUE(Send(*who, GoalAgree{TestId(1), TestId(1)}));
    EXPECT_TRUE(Send(*who, TaskStepSplit{TestId(1), StepId{TestId(1), 0}, {"a"}}));
    EXPECT_TRUE(Send(*who, FeedbackNote{"going fine"}));
    EXPECT_TRUE(Send(*who, RuptureFlag{RuptureKind::kConfrontation, ""}));
    EXPECT_TRUE(Send(*who, EndingCheck{EndingAction::kReflectingOnGains, true, ""}));
    EXPECT_TRUE(Send(*who, Comment{TestId(1), "noted"}));
  }
}

TEST_F(RecordRolesTest, OutOfRangeValuesAreInvalid) {
  TestAuthor attempt = client_.Fork();
  auto s = Send(attempt, SessionFeedback{11, 9, 9, 9, {}});
  ASSERT_FALSE(s);
  // Malformed on the wire: a rating over 10 does not decode.
  EXPECT_EQ(s.error().code, ErrorCode::kCorruptData);
  TestAuthor again = client_.Fork();
  s = Send(again, GoalProgress{TestId(1), ProgressScale::kGas, 3, ""});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
}

TEST(PrivateRecordRules, ReflectionsAreTheTherapists) {
  const Record reflection{0, TherapistReflection{"thought"}};
  EXPECT_TRUE(CheckPrivateRecordRules(reflection, Role::kTherapist));
  auto s = CheckPrivateRecordRules(reflection, Role::kClient);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kPermissionDenied);
  EXPECT_FALSE(CheckPrivateRecordRules(Record{0, FeedbackNote{"x"}}, Role::kClient));
  EXPECT_TRUE(CheckPrivateRecordRules(testing::Journal("mine"), Role::kClient));
}

}  // namespace
}  // namespace rapport::core
