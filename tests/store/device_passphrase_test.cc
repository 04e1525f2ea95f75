// Device::ChangePassphrase: only the new passphrase opens the device
// afterwards, everything stored is still there, and a refused change
// changes no byte.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "store/database.h"
#include "store/home.h"
#include "test_device.h"

namespace rapport::store {
namespace {

using testing_util::Entry;
using testing_util::TestHome;

constexpr char kOld[] = "correct horse";  // TestHome's passphrase
constexpr char kNew[] = "a new and longer passphrase";

std::string FileBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream all;
  all << in.rdbuf();
  return all.str();
}

crypto::Bytes StoredWrapping(const std::filesystem::path& home) {
  auto db = Database::Open(DatabasePath(home), OpenMode::kMustExist);
  EXPECT_TRUE(db);
  auto select = db->Prepare("SELECT wrapped_device_key FROM device WHERE id = 1");
  EXPECT_TRUE(select);
  auto row = select->Step();
  EXPECT_TRUE(row && *row);
  return crypto::ToBytes(select->ColumnBlob(0));
}

class ChangePassphraseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Device device = home_.Create();
    notebook_ = *device.CreateNotebook("Our sessions");
    ASSERT_TRUE(device.AppendShared(notebook_, Entry("before the change", 6)));
    identity_ = device.identity().id;
  }

  TestHome home_{7};
  core::NotebookId notebook_;
  core::AuthorId identity_;
};

TEST_F(ChangePassphraseTest, OnlyTheNewPassphraseOpensAndNothingIsLost) {
  ASSERT_TRUE(Device::ChangePassphrase(home_.dir.path(), kOld, kNew, home_.env()));

  auto with_old = Device::Open(home_.dir.path(), kOld, home_.env());
  ASSERT_FALSE(with_old);
  EXPECT_EQ(with_old.error().code, ErrorCode::kWrongPassphrase);

  auto device = Device::Open(home_.dir.path(), kNew, home_.env());
  ASSERT_TRUE(device) << device.error().message;
  EXPECT_EQ(device->identity().id, identity_);
  EXPECT_EQ(device->identity().name, "Dr. Ada Example");
  auto loaded = device->Load(notebook_);
  ASSERT_TRUE(loaded);
  ASSERT_EQ(loaded->state.journal.size(), 1u);
  EXPECT_EQ(loaded->state.journal[0].entry.text, "before the change");
  EXPECT_TRUE(loaded->problems.empty());
  // And it still writes: the keys under the device key are unchanged.
  EXPECT_TRUE(device->AppendShared(notebook_, Entry("after the change")));
}

TEST_F(ChangePassphraseTest, CanChangeAgainAndBack) {
  ASSERT_TRUE(Device::ChangePassphrase(home_.dir.path(), kOld, kNew, home_.env()));
  ASSERT_TRUE(Device::ChangePassphrase(home_.dir.path(), kNew, kOld, home_.env()));
  EXPECT_TRUE(Device::Open(home_.dir.path(), kOld, home_.env()));
}

TEST_F(ChangePassphraseTest, TheOldWrappingIsNotLeftInTheFiles) {
  const crypto::Bytes old_wrapping = StoredWrapping(home_.dir.path());
  ASSERT_TRUE(Device::ChangePassphrase(home_.dir.path(), kOld, kNew, home_.env()));
  EXPECT_NE(StoredWrapping(home_.dir.path()), old_wrapping);
  // The salt and ciphertext at the end are what a guesser would need.
  const std::string tail(old_wrapping.end() - 48, old_wrapping.end());
  for (const char* suffix : {"", "-wal"}) {
    const auto path = DatabasePath(home_.dir.path()).string() + suffix;
    EXPECT_EQ(FileBytes(path).find(tail), std::string::npos) << path;
  }
}

TEST_F(ChangePassphraseTest, ARefusedChangeChangesNoByte) {
  const auto db = DatabasePath(home_.dir.path());
  const std::string before = FileBytes(db);
  struct Case {
    const char* current;
    const char* next;
    ErrorCode code;
  };
  for (const Case& c : {Case{"wrong horse", kNew, ErrorCode::kWrongPassphrase},
                        Case{kOld, "", ErrorCode::kInvalidArgument},
                        Case{kOld, kOld, ErrorCode::kInvalidArgument}}) {
    const Status changed =
        Device::ChangePassphrase(home_.dir.path(), c.current, c.next, home_.env());
    ASSERT_FALSE(changed) << c.current << " -> " << c.next;
    EXPECT_EQ(changed.error().code, c.code) << changed.error().message;
  }
  EXPECT_EQ(FileBytes(db), before);
  EXPECT_TRUE(Device::Open(home_.dir.path(), kOld, home_.env()));
}

TEST(ChangePassphrase, AHomeWithoutIdentityIsReported) {
  TestHome empty(8);
  const Status changed = Device::ChangePassphrase(empty.dir.path(), kOld, kNew, empty.env());
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().code, ErrorCode::kNoIdentity);
}

}  // namespace
}  // namespace rapport::store
