// Device::AcceptBatch: a peer's batch is stored whole or not at all. The
// batches here are large enough that signatures are verified on several
// threads ahead of the ordered checks, so a bad event anywhere in them must
// still stop the whole batch.
#include <gtest/gtest.h>

#include "core/event.h"
#include "store/device.h"
#include "test_device.h"

namespace rapport::store {
namespace {

using testing_util::Entry;
using testing_util::TestHome;

constexpr int kBatchSize = 100;

class AcceptBatchTest : public ::testing::Test {
 protected:
  AcceptBatchTest()
      : therapist_home_(51),
        client_home_(52),
        therapist_(therapist_home_.Create("Dr. Ada", core::Role::kTherapist)),
        client_(client_home_.Create("Sam", core::Role::kClient)) {}

  void SetUp() override {
    auto nb = therapist_.CreateNotebook("Sessions");
    ASSERT_TRUE(nb) << nb.error().message;
    nb_ = *nb;
    ASSERT_NO_FATAL_FAILURE(testing_util::PairInStore(therapist_, client_, nb_));
    const IdentityInfo& t = therapist_.identity();
    held_before_ = client_.VersionVector(nb_).value();

    const std::uint64_t after = held_before_.at(t.id);
    for (int i = 0; i < kBatchSize; ++i)
      ASSERT_TRUE(therapist_.AppendShared(nb_, Entry("entry " + std::to_string(i))));
    auto batch = therapist_.EventsAfter(nb_, t.id, after, 1000);
    ASSERT_TRUE(batch);
    ASSERT_EQ(batch->size(), static_cast<std::size_t>(kBatchSize));
    batch_ = *batch;
  }

  // The batch with event `index` re-signed wrongly (one bit of its
  // signature flipped).
  std::vector<crypto::Bytes> WithBadSignatureAt(std::size_t index) const {
    std::vector<crypto::Bytes> batch = batch_;
    auto event = core::DecodeEvent(batch[index]);
    EXPECT_TRUE(event);
    event->signature[7] ^= 0x10;
    batch[index] = event->Encode();
    return batch;
  }

  std::size_t RejectionCount() {
    auto r = client_.Rejections(nb_);
    EXPECT_TRUE(r) << r.error().message;
    return r ? r->size() : 0;
  }

  TestHome therapist_home_, client_home_;
  Device therapist_, client_;
  core::NotebookId nb_;
  std::map<core::AuthorId, std::uint64_t> held_before_;
  std::vector<crypto::Bytes> batch_;
};

TEST_F(AcceptBatchTest, StoresTheWholeBatchOnceAndThenNothing) {
  auto first = client_.AcceptBatch(nb_, batch_);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, static_cast<std::size_t>(kBatchSize));
  EXPECT_EQ(client_.VersionVector(nb_).value(), therapist_.VersionVector(nb_).value());
  auto again = client_.AcceptBatch(nb_, batch_);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, 0u);
  EXPECT_EQ(RejectionCount(), 0u);
}

TEST_F(AcceptBatchTest, ABadSignatureAnywhereKeepsNothingOfTheBatch) {
  for (const std::size_t index :
       {std::size_t{0}, std::size_t{49}, std::size_t{50}, std::size_t{kBatchSize - 1}}) {
    SCOPED_TRACE("bad signature at " + std::to_string(index));
    const std::size_t rejections = RejectionCount();
    auto r = client_.AcceptBatch(nb_, WithBadSignatureAt(index));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kAuthenticationFailed) << r.error().message;
    EXPECT_EQ(client_.VersionVector(nb_).value(), held_before_);
    EXPECT_EQ(RejectionCount(), rejections + 1);
  }
  // The genuine batch is still accepted afterwards.
  auto r = client_.AcceptBatch(nb_, batch_);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, static_cast<std::size_t>(kBatchSize));
}

TEST_F(AcceptBatchTest, AnEventOutOfOrderKeepsNothingOfTheBatch) {
  std::vector<crypto::Bytes> batch = batch_;
  std::swap(batch[30], batch[31]);
  auto r = client_.AcceptBatch(nb_, batch);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kOutOfOrder) << r.error().message;
  EXPECT_EQ(client_.VersionVector(nb_).value(), held_before_);
}

}  // namespace
}  // namespace rapport::store
