// A joiner whose first sync was interrupted is a member from the join on
// (Device::CompleteJoin) and may write before the notebook's history reaches
// them: what they write then carries a clock below the member.add that
// admitted them. Both devices must still show it.
#include <gtest/gtest.h>

#include "test_device.h"

namespace rapport::store {
namespace {

using testing_util::TestHome;

class JoinBeforeHistory : public ::testing::Test {
 protected:
  void Deliver(Device& from, Device& to) { testing_util::Deliver(from, to, notebook_); }

  TestHome therapist_home_{111}, client_home_{112};
  Device therapist_ = therapist_home_.Create("Dr. Ada Example", core::Role::kTherapist);
  Device client_ = client_home_.Create("Sam Client", core::Role::kClient);
  core::NotebookId notebook_;
};

TEST_F(JoinBeforeHistory, FeedbackWrittenBeforeTheHistoryArrivedIsShownOnBothDevices) {
  notebook_ = *therapist_.CreateNotebook("Anxiety work");
  ASSERT_TRUE(therapist_.AddMember(notebook_, client_.identity().id, client_.identity().noise_key,
                                   core::Role::kClient, client_.identity().name));
  auto key = therapist_.NotebookKeyForPeer(notebook_);
  ASSERT_TRUE(key);
  ASSERT_TRUE(client_.CompleteJoin(notebook_, therapist_.identity().id, core::Role::kTherapist,
                                   therapist_.identity().noise_key, "127.0.0.1:9", key->first,
                                   key->second));
  // The first sync was cut off before any event arrived.
  auto written = client_.AppendShared(notebook_, core::SessionFeedback{9, 8, 9, 9, std::nullopt});
  ASSERT_TRUE(written) << written.error().message;
  Deliver(therapist_, client_);
  Deliver(client_, therapist_);
  for (Device* device : {&therapist_, &client_}) {
    auto loaded = device->Load(notebook_);
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded->state.session_feedback.size(), 1u);
    EXPECT_TRUE(loaded->state.ignored.empty());
  }
}

}  // namespace
}  // namespace rapport::store
