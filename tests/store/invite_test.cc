// Invites on the inviter's side: which invite a pairing may use up.
#include <gtest/gtest.h>

#include "store/device.h"
#include "test_device.h"

namespace rapport::store {
namespace {

using testing_util::TestHome;

class InviteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    therapist_.emplace(therapist_home_.Create("Dr. Ada Example", core::Role::kTherapist));
    client_.emplace(client_home_.Create("Sam", core::Role::kClient));
    auto nb = therapist_->CreateNotebook("Sessions with Sam");
    ASSERT_TRUE(nb) << nb.error().message;
    nb_ = *nb;
  }

  // The invite waiting now; fails the test if there is none.
  PendingInvite Waiting() {
    auto invite = therapist_->PendingInviteNow();
    EXPECT_TRUE(invite && invite->has_value());
    return std::move(invite).value().value();
  }

  Result<core::EventId> Complete(const PendingInvite& invite) {
    const IdentityInfo& c = client_->identity();
    return therapist_->CompleteInvite(nb_, invite.sealed, c.id, c.noise_key, c.role, c.name);
  }

  TestHome therapist_home_{1};
  TestHome client_home_{2};
  std::optional<Device> therapist_;
  std::optional<Device> client_;
  core::NotebookId nb_;
};

constexpr std::int64_t kFarFuture = 4'000'000'000'000;

TEST_F(InviteTest, OnlyTheInviteTheJoinerHeldIsUsedUp) {
  ASSERT_TRUE(therapist_->CreateInvite(nb_, kFarFuture));
  const PendingInvite first = Waiting();
  ASSERT_TRUE(therapist_->CreateInvite(nb_, kFarFuture));
  const PendingInvite second = Waiting();
  ASSERT_NE(first.sealed, second.sealed);

  auto with_first = Complete(first);
  ASSERT_FALSE(with_first) << "a replaced invite was used";
  EXPECT_EQ(with_first.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Waiting().sealed, second.sealed);  // still waiting for its holder
  auto shared = therapist_->NotebooksSharedWith(client_->identity().id);
  ASSERT_TRUE(shared);
  EXPECT_TRUE(shared->empty());

  ASSERT_TRUE(Complete(second));
  auto none = therapist_->PendingInviteNow();
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  EXPECT_FALSE(Complete(second)) << "an invite was used twice";
}

TEST_F(InviteTest, AnInviteThatExpiredBeforeTheJoinerIntroducedItselfIsNotUsed) {
  // The test clock starts at 2026-01-01 and moves a second per reading.
  ASSERT_TRUE(therapist_->CreateInvite(nb_, 1767225600000 + 5000));
  const PendingInvite invite = Waiting();
  for (int i = 0; i < 10; ++i) therapist_home_.clock.NowMillis();
  auto late = Complete(invite);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kNotFound);
  auto shared = therapist_->NotebooksSharedWith(client_->identity().id);
  ASSERT_TRUE(shared);
  EXPECT_TRUE(shared->empty());
}

}  // namespace
}  // namespace rapport::store
