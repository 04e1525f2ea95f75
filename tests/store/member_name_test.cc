// Device::MemberName: a member's name read from the event that made them a
// member, without folding the notebook; the same name the fold gives.
#include <gtest/gtest.h>

#include "store/device.h"
#include "test_device.h"

namespace rapport::store {
namespace {

using testing_util::Entry;
using testing_util::TestHome;

class MemberNameTest : public ::testing::Test {
 protected:
  MemberNameTest()
      : therapist_home_(61),
        client_home_(62),
        therapist_(therapist_home_.Create("Dr. Ada", core::Role::kTherapist)),
        client_(client_home_.Create("Sam", core::Role::kClient)) {}

  void SetUp() override {
    nb_ = *therapist_.CreateNotebook("Sessions");
    // Entries before the pairing, so the client's MemberAdded is not the
    // creator's second event.
    for (int i = 0; i < 30; ++i) ASSERT_TRUE(therapist_.AppendShared(nb_, Entry("before")));
    ASSERT_NO_FATAL_FAILURE(testing_util::PairInStore(therapist_, client_, nb_));
  }

  std::optional<std::string> NameOn(Device& device, const core::AuthorId& member) {
    auto name = device.MemberName(nb_, member);
    EXPECT_TRUE(name) << name.error().message;
    return name ? *name : std::nullopt;
  }

  TestHome therapist_home_, client_home_;
  Device therapist_, client_;
  core::NotebookId nb_;
};

TEST_F(MemberNameTest, BothDevicesNameBothMembers) {
  const core::AuthorId& t = therapist_.identity().id;
  const core::AuthorId& c = client_.identity().id;
  for (Device* device : {&therapist_, &client_}) {
    EXPECT_EQ(NameOn(*device, t), "Dr. Ada");
    EXPECT_EQ(NameOn(*device, c), "Sam");
  }
}

TEST_F(MemberNameTest, AgreesWithTheFold) {
  auto loaded = client_.Load(nb_);
  ASSERT_TRUE(loaded);
  ASSERT_EQ(loaded->state.members.size(), 2u);
  for (const auto& member : loaded->state.members)
    EXPECT_EQ(NameOn(client_, member.id), member.name);
}

TEST_F(MemberNameTest, NoNameForAStrangerOrAnUnknownNotebook) {
  core::AuthorId stranger;
  stranger.bytes.fill(0x42);
  EXPECT_EQ(NameOn(therapist_, stranger), std::nullopt);
  core::NotebookId unknown;
  unknown.bytes.fill(0x24);
  auto name = therapist_.MemberName(unknown, therapist_.identity().id);
  ASSERT_TRUE(name);
  EXPECT_EQ(*name, std::nullopt);
}

}  // namespace
}  // namespace rapport::store
