// What a commit survives (store::Durability): the commands open a device so
// that what a person writes is on disk before they are told it is saved.
#include <gtest/gtest.h>

#include "store/database.h"
#include "store/device.h"
#include "test_device.h"

namespace rapport::store {
namespace {

using testing_util::TestHome;

// SQLite's own answer: 1 is NORMAL, 2 is FULL (a sync per commit).
std::int64_t SynchronousSetting(Device& device) {
  auto select = device.database_for_testing().Prepare("PRAGMA synchronous");
  EXPECT_TRUE(select) << select.error().message;
  auto row = select->Step();
  EXPECT_TRUE(row && *row);
  return select->ColumnInt(0);
}

TEST(Durability, ADeviceForAPersonsWritesSyncsEveryCommit) {
  TestHome home(41);
  DeviceEnv env = home.env();
  env.durability = Durability::kPowerCut;
  auto created = Device::Create(home.dir.path(), "correct horse", "Sam", core::Role::kClient, env);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(SynchronousSetting(*created), 2);
  auto opened = Device::Open(home.dir.path(), "correct horse", env);
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(SynchronousSetting(*opened), 2);
}

TEST(Durability, ADeviceForBulkReceivingLeavesSyncingToCheckpoints) {
  TestHome home(42);
  home.Create();
  Device device = home.Open();  // Durability::kCrash, the default
  EXPECT_EQ(SynchronousSetting(device), 1);
}

}  // namespace
}  // namespace rapport::store
