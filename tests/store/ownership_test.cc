// Tests for store/schema.h CheckRapportDatabase and how Device uses it: a
// database that is not Rapport's, or is from a newer Rapport, is refused by
// Open and by Create before anything is written to it; one from before the
// application id still opens. Also the home path: linked directories work,
// a linked database file does not, and a failed init leaves no file.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/device.h"
#include "store/home.h"
#include "store/schema.h"
#include "test_device.h"

namespace rapport::store {
namespace {

using testing_util::ReadFile;
using testing_util::TempDir;
using testing_util::TestHome;

Database OpenRaw(const std::filesystem::path& file) {
  auto db = Database::Open(file, OpenMode::kCreateIfMissing);
  EXPECT_TRUE(db) << db.error().message;
  return std::move(db).value();
}

std::int64_t PragmaValue(Database& db, const std::string& name) {
  auto stmt = db.Prepare("PRAGMA " + name);
  EXPECT_TRUE(stmt) << stmt.error().message;
  auto row = stmt->Step();
  EXPECT_TRUE(row && *row);
  return stmt->ColumnInt(0);
}

// Runs `sql` on the home's database, then leaves it in rollback-journal
// mode, as another program (or the sqlite3 shell) would.
void RewriteInRollbackMode(const std::filesystem::path& home, const std::string& sql) {
  Database db = OpenRaw(DatabasePath(home));
  ASSERT_TRUE(db.Exec(sql)) << sql;
  ASSERT_TRUE(db.Exec("PRAGMA journal_mode=DELETE"));
}

// Every file in `dir` with its bytes, to see that nothing was written or
// added (no -wal or -shm either).
std::map<std::string, std::vector<std::uint8_t>> FilesIn(const std::filesystem::path& dir) {
  std::map<std::string, std::vector<std::uint8_t>> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    files[entry.path().filename().string()] = ReadFile(entry.path());
  return files;
}

void ExpectOpenAndCreateRefuse(TestHome& home, ErrorCode code, const std::string& phrase) {
  const auto before = FilesIn(home.dir.path());
  auto opened = Device::Open(home.dir.path(), "correct horse", home.env());
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, code) << opened.error().message;
  EXPECT_NE(opened.error().message.find(phrase), std::string::npos) << opened.error().message;
  auto created = Device::Create(home.dir.path(), "pw", "Sam", core::Role::kClient, home.env());
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, code) << created.error().message;
  EXPECT_NE(created.error().message.find(phrase), std::string::npos) << created.error().message;
  EXPECT_EQ(FilesIn(home.dir.path()), before) << "a refused database was changed";
}

TEST(Ownership, ANewDatabaseCarriesTheApplicationIdAndTheNewestVersion) {
  TestHome home(31);
  { home.Create(); }
  Database db = OpenRaw(DatabasePath(home.dir.path()));
  EXPECT_EQ(PragmaValue(db, "application_id"), kApplicationId);
  EXPECT_EQ(PragmaValue(db, "user_version"), SchemaMigrations().back().version);
  EXPECT_GE(SchemaMigrations().back().version, kFirstVersionWithApplicationId);
}

TEST(Ownership, AnotherProgramsDatabaseIsRefusedAndKeepsEveryByte) {
  TestHome home(32);
  ASSERT_NO_FATAL_FAILURE(RewriteInRollbackMode(
      home.dir.path(), "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('X')"));
  ExpectOpenAndCreateRefuse(home, ErrorCode::kCorruptData,
                            "rapport.db is not a Rapport database; nothing was changed");
}

TEST(Ownership, AnotherProgramsDatabaseInWalModeLeavesNoWalBehind) {
  TestHome home(33);
  EXPECT_TRUE(OpenRaw(DatabasePath(home.dir.path())).Exec("CREATE TABLE contacts (name TEXT)"));
  ExpectOpenAndCreateRefuse(home, ErrorCode::kCorruptData, "is not a Rapport database");
}

TEST(Ownership, AnotherApplicationIdIsRefusedEvenWhenEmpty) {
  TestHome home(34);
  ASSERT_NO_FATAL_FAILURE(RewriteInRollbackMode(home.dir.path(), "PRAGMA application_id = 42"));
  ExpectOpenAndCreateRefuse(home, ErrorCode::kCorruptData, "is not a Rapport database");
}

// Another program's schema version must not pass for one of Rapport's.
TEST(Ownership, AForeignDatabaseWithAVersionIsRefused) {
  TestHome home(35);
  ASSERT_NO_FATAL_FAILURE(RewriteInRollbackMode(
      home.dir.path(), "CREATE TABLE device (id INTEGER); PRAGMA user_version = 2"));
  ExpectOpenAndCreateRefuse(home, ErrorCode::kCorruptData, "is not a Rapport database");
}

TEST(Ownership, ANewerRapportDatabaseIsRefusedAndKeepsEveryByte) {
  TestHome home(36);
  { home.Create(); }
  ASSERT_NO_FATAL_FAILURE(RewriteInRollbackMode(home.dir.path(), "PRAGMA user_version = 99"));
  ExpectOpenAndCreateRefuse(home, ErrorCode::kUnsupportedVersion,
                            "was written by a newer version of Rapport");
}

TEST(Ownership, ANewerRapportDatabaseInWalModeLeavesNoWalBehind) {
  TestHome home(37);
  { home.Create(); }
  EXPECT_TRUE(OpenRaw(DatabasePath(home.dir.path())).Exec("PRAGMA user_version = 99"));
  ExpectOpenAndCreateRefuse(home, ErrorCode::kUnsupportedVersion, "newer version of Rapport");
}

// Databases made before migration 3 have no application id; they open, and
// the migration stamps them.
TEST(Ownership, ADatabaseFromBeforeTheApplicationIdOpensAndIsStamped) {
  TestHome home(38);
  core::AuthorId id;
  { id = home.Create().identity().id; }
  ASSERT_NO_FATAL_FAILURE(
      RewriteInRollbackMode(home.dir.path(), "PRAGMA application_id = 0; PRAGMA user_version = 2"));
  { EXPECT_EQ(home.Open().identity().id, id); }
  Database db = OpenRaw(DatabasePath(home.dir.path()));
  EXPECT_EQ(PragmaValue(db, "application_id"), kApplicationId);
  EXPECT_EQ(PragmaValue(db, "user_version"), SchemaMigrations().back().version);
}

// A schema without the identity row is what an interrupted init leaves; it
// must not block the next init ("already exists") or every other command.
TEST(Ownership, InitAfterAnInterruptedInitSucceeds) {
  TestHome home(39);
  {
    Database db = OpenRaw(DatabasePath(home.dir.path()));
    ASSERT_TRUE(Migrate(db, SchemaMigrations()));
  }
  auto opened = Device::Open(home.dir.path(), "correct horse", home.env());
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kNoIdentity);
  { home.Create(); }
  EXPECT_EQ(home.Open().identity().name, "Dr. Ada Example");
}

TEST(Ownership, AnEmptyFileIsAHomeWithoutIdentity) {
  TestHome home(40);
  testing_util::WriteFile(DatabasePath(home.dir.path()), {});
  auto opened = Device::Open(home.dir.path(), "correct horse", home.env());
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kNoIdentity);
  EXPECT_EQ(ReadFile(DatabasePath(home.dir.path())).size(), 0u) << "Open wrote to it";
  { home.Create(); }
  home.Open();
}

// ---- the home path ---------------------------------------------------------

TEST(DeviceHomePath, AHomeBehindALinkedDirectoryWorks) {
  TestHome home(41);
  std::filesystem::create_directory(home.dir / "real");
  std::filesystem::create_directory_symlink(home.dir / "real", home.dir / "linked");
  const auto linked_home = home.dir.path() / "linked" / "home";
  core::AuthorId id;
  {
    auto d = Device::Create(linked_home, "correct horse", "Sam", core::Role::kClient, home.env());
    ASSERT_TRUE(d) << d.error().message;
    id = d->identity().id;
  }
  EXPECT_TRUE(std::filesystem::is_regular_file(home.dir.path() / "real" / "home" / "rapport.db"));
  auto d = Device::Open(linked_home, "correct horse", home.env());
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->identity().id, id);
}

TEST(DeviceHomePath, ADatabaseFileThatIsALinkIsRefused) {
  TestHome home(42);
  { home.Create(); }
  const auto elsewhere = home.dir.path() / "elsewhere";
  std::filesystem::create_directory(elsewhere);
  std::filesystem::create_symlink(DatabasePath(home.dir.path()), DatabasePath(elsewhere));
  const auto before = ReadFile(DatabasePath(home.dir.path()));
  auto opened = Device::Open(elsewhere, "correct horse", home.env());
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kIo);
  EXPECT_NE(opened.error().message.find("rapport.db is a symbolic link"), std::string::npos)
      << opened.error().message;
  auto created = Device::Create(elsewhere, "pw", "Sam", core::Role::kClient, home.env());
  ASSERT_FALSE(created);
  EXPECT_NE(created.error().message.find("is a symbolic link"), std::string::npos)
      << created.error().message;
  EXPECT_EQ(ReadFile(DatabasePath(home.dir.path())), before);
  EXPECT_TRUE(std::filesystem::is_symlink(DatabasePath(elsewhere)));
}

TEST(DeviceHomePath, AFailedInitLeavesNoDatabaseBehind) {
  TestHome home(43);
  // Longer than SQLite's 512-byte path limit: the file could be created,
  // but SQLite cannot open it.
  std::filesystem::path deep = home.dir.path();
  for (int i = 0; i < 3; ++i) deep /= std::string(200, 'h');
  auto d = Device::Create(deep, "correct horse", "Sam", core::Role::kClient, home.env());
  ASSERT_FALSE(d);
  EXPECT_FALSE(std::filesystem::exists(DatabasePath(deep)));
}

}  // namespace
}  // namespace rapport::store
