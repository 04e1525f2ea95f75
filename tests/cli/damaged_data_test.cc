// End-to-end tests of data and security errors (exit code 2): a wrong
// passphrase, and a database that is damaged, foreign or from a newer
// Rapport. Each must be one clear line and leave every stored byte as it was.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <random>

#include "cli_fixture.h"
#include "store/database.h"

namespace rapport::cli::testing {
namespace {

// The SQLite header keeps PRAGMA user_version as a 4-byte big-endian
// integer at this offset (https://www.sqlite.org/fileformat.html).
constexpr std::size_t kUserVersionOffset = 60;

std::string RandomBytes(std::size_t n, std::uint32_t seed) {
  std::mt19937 gen(seed);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(gen() & 0xFF);
  return out;
}

class DamagedDataCliTest : public CliTest {
 protected:
  std::filesystem::path db() const { return home() / "rapport.db"; }
};

TEST_F(DamagedDataCliTest, WrongPassphrase) {
  UseSampleHome();
  ExpectRefused(MakeEnv("not the passphrase"), {"journal", "add", "--share", "Hello"}, "", 2,
                "wrong passphrase");
}

TEST_F(DamagedDataCliTest, RandomBytesInsteadOfTheDatabase) {
  UseSampleHome();
  WriteBytes(db(), RandomBytes(std::filesystem::file_size(db()), 1));
  ExpectRefused({"journal", "list"}, 2, "is not a Rapport database or is damaged");
}

TEST_F(DamagedDataCliTest, RandomPagesBehindAValidFirstPage) {
  UseSampleHome();
  std::string bytes = ReadBytes(db());
  ASSERT_GT(bytes.size(), 4096u);
  const std::string noise = RandomBytes(bytes.size() - 4096, 2);
  bytes.replace(4096, noise.size(), noise);
  WriteBytes(db(), bytes);
  ExpectRefused({"history"}, 2, "is not a Rapport database or is damaged");
}

TEST_F(DamagedDataCliTest, DatabaseTruncatedToHalf) {
  UseSampleHome();
  const auto size = std::filesystem::file_size(db());
  std::filesystem::resize_file(db(), size / 2);
  ExpectRefused({"journal", "add", "Still there?"}, 2, "is not a Rapport database or is damaged");
}

TEST_F(DamagedDataCliTest, TextFileNamedLikeTheDatabase) {
  UseSampleHome();
  WriteBytes(db(), "These are my notes, not a database.\n");
  ExpectRefused({"history"}, 2, "is not a Rapport database");
}

TEST_F(DamagedDataCliTest, InitDoesNotOverwriteADamagedDatabase) {
  UseSampleHome();
  WriteBytes(db(), "These are my notes, not a database.\n");
  ExpectRefused({"init", "--name", "Sam", "--role", "client"}, 2, "is not a Rapport database");
}

void SetUserVersion(const std::filesystem::path& file, std::uint32_t version) {
  std::string bytes = ReadBytes(file);
  ASSERT_GT(bytes.size(), kUserVersionOffset + 4);
  std::uint32_t current = 0;
  for (int i = 0; i < 4; ++i)
    current = (current << 8) | static_cast<std::uint8_t>(bytes[kUserVersionOffset + i]);
  ASSERT_GE(current, 1u) << "the sample home should carry a schema version";
  ASSERT_LT(current, version);
  for (int i = 0; i < 4; ++i)
    bytes[kUserVersionOffset + i] = static_cast<char>((version >> (8 * (3 - i))) & 0xFF);
  WriteBytes(file, bytes);
}

TEST_F(DamagedDataCliTest, DatabaseFromANewerVersion) {
  UseSampleHome();
  ASSERT_NO_FATAL_FAILURE(SetUserVersion(db(), 99));
  ExpectRefused({"journal", "add", "--share", "Hello"}, 2, "newer version of Rapport");
}

TEST_F(DamagedDataCliTest, InitOverADatabaseFromANewerVersion) {
  UseSampleHome();
  ASSERT_NO_FATAL_FAILURE(SetUserVersion(db(), 99));
  ExpectRefused({"init", "--name", "Sam", "--role", "client"}, 2, "newer version of Rapport");
}

// Damage to one private record is reported, and costs only that record.
TEST_F(DamagedDataCliTest, ADamagedPrivateEntryIsLeftOutWithAWarning) {
  UseSampleHome();
  {
    auto database = store::Database::Open(db(), store::OpenMode::kMustExist);
    ASSERT_TRUE(database) << database.error().message;
    ASSERT_TRUE(database->Exec("UPDATE private_records SET sealed = zeroblob(length(sealed))"));
  }
  const RunResult r = Run({"journal", "list"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, ::testing::HasSubstr(kSampleSharedText));
  EXPECT_THAT(r.out, ::testing::Not(::testing::HasSubstr(kSamplePrivateText)));
  EXPECT_THAT(r.err, ::testing::HasSubstr("1 private record(s) on this device failed"));
}

// Runs `sql` on `file` (creating it if missing) and leaves it in
// rollback-journal mode, as the sqlite3 shell or another program would.
void ExecInRollbackMode(const std::filesystem::path& file, const std::string& sql) {
  auto db = store::Database::Open(file, store::OpenMode::kCreateIfMissing);
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_TRUE(db->Exec(sql)) << sql;
  ASSERT_TRUE(db->Exec("PRAGMA journal_mode=DELETE"));
}

// Every command, init included, refuses it before writing anything: not
// even the journal mode changes (ExpectRefused compares every byte).
TEST_F(DamagedDataCliTest, AnotherProgramsDatabaseIsLeftAlone) {
  std::filesystem::create_directories(home());
  ASSERT_NO_FATAL_FAILURE(ExecInRollbackMode(
      db(), "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('X')"));
  const std::string phrase = db().string() + " is not a Rapport database; nothing was changed";
  ExpectRefused({"journal", "list"}, 2, phrase);
  ExpectRefused({"init", "--name", "X", "--role", "client"}, 2, phrase);
}

TEST_F(DamagedDataCliTest, ANewerDatabaseInRollbackModeIsLeftAlone) {
  UseSampleHome();
  ASSERT_NO_FATAL_FAILURE(ExecInRollbackMode(db(), "PRAGMA user_version = 99"));
  ExpectRefused({"journal", "list"}, 2, "newer version of Rapport");
  ExpectRefused({"init", "--name", "Sam", "--role", "client"}, 2, "newer version of Rapport");
}

}  // namespace
}  // namespace rapport::cli::testing
