// Device::ChangePassphrase: only the new passphrase opens the device
// afterwards, everything stored is still there, and a refused change
// changes no byte.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

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

// With another connection open (as `rapport serve` keeps one), closing the
// command's own connection does not clean up the log: the change itself must.
TEST_F(ChangePassphraseTest, TheOldWrappingIsNotLeftInTheFiles) {
  const crypto::Bytes old_wrapping = StoredWrapping(home_.dir.path());
  auto idle = Database::Open(DatabasePath(home_.dir.path()), OpenMode::kMustExist);
  ASSERT_TRUE(idle);
  auto changed = Device::ChangePassphrase(home_.dir.path(), kOld, kNew, home_.env());
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_TRUE(changed->old_wrapping_erased);
  // The salt and ciphertext at the end are what a guesser would need.
  const std::string tail(old_wrapping.end() - 48, old_wrapping.end());
  for (const char* suffix : {"", "-wal"}) {
    const auto path = DatabasePath(home_.dir.path()).string() + suffix;
    EXPECT_EQ(FileBytes(path).find(tail), std::string::npos) << path;
  }
  EXPECT_NE(StoredWrapping(home_.dir.path()), old_wrapping);
}

// A reader in the middle of a read keeps the old page in the database file;
// the change still happens, and says the old wrapping is not erased yet.
TEST_F(ChangePassphraseTest, AReaderThatKeepsTheOldPageIsReported) {
  auto reader = Database::Open(DatabasePath(home_.dir.path()), OpenMode::kMustExist);
  ASSERT_TRUE(reader);
  ASSERT_TRUE(reader->Exec("BEGIN"));
  auto select = reader->Prepare("SELECT wrapped_device_key FROM device");
  ASSERT_TRUE(select);
  ASSERT_TRUE(select->Step());  // the read transaction now holds a snapshot
  auto changed = Device::ChangePassphrase(home_.dir.path(), kOld, kNew, home_.env());
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_FALSE(changed->old_wrapping_erased);
  EXPECT_TRUE(Device::Open(home_.dir.path(), kNew, home_.env()));
}

// Two changes at once: one wins, the other is refused, and the passphrase
// that was reported as set is the one that opens.
TEST_F(ChangePassphraseTest, OfTwoChangesAtOnceOnlyOneSucceeds) {
  crypto::SeededRng rng_a(101), rng_b(102);
  testing_util::FixedClock clock_a, clock_b;
  Result<PassphraseChange> a = Fail(ErrorCode::kIo, "not run"), b = a;
  std::thread first([&] {
    a = Device::ChangePassphrase(home_.dir.path(), kOld, "passphrase A", {&rng_a, &clock_a});
  });
  std::thread second([&] {
    b = Device::ChangePassphrase(home_.dir.path(), kOld, "passphrase B", {&rng_b, &clock_b});
  });
  first.join();
  second.join();
  ASSERT_NE(a.has_value(), b.has_value())
      << (a ? "" : a.error().message) << " / " << (b ? "" : b.error().message);
  const Result<PassphraseChange>& lost = a ? b : a;
  EXPECT_TRUE(lost.error().code == ErrorCode::kFailedPrecondition ||
              lost.error().code == ErrorCode::kWrongPassphrase)
      << lost.error().message;
  EXPECT_EQ(Device::Open(home_.dir.path(), "passphrase A", home_.env()).has_value(), a.has_value());
  EXPECT_EQ(Device::Open(home_.dir.path(), "passphrase B", home_.env()).has_value(), b.has_value());
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
    const auto changed = Device::ChangePassphrase(home_.dir.path(), c.current, c.next, home_.env());
    ASSERT_FALSE(changed) << c.current << " -> " << c.next;
    EXPECT_EQ(changed.error().code, c.code) << changed.error().message;
  }
  EXPECT_EQ(FileBytes(db), before);
  EXPECT_TRUE(Device::Open(home_.dir.path(), kOld, home_.env()));
}

TEST(ChangePassphrase, AHomeWithoutIdentityIsReported) {
  TestHome empty(8);
  const auto changed = Device::ChangePassphrase(empty.dir.path(), kOld, kNew, empty.env());
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().code, ErrorCode::kNoIdentity);
}

}  // namespace
}  // namespace rapport::store
