// Tests for store/migrations.h: versions, idempotence, atomicity, and
// refusing a database from a newer Rapport.
#include "store/migrations.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/store/temp_dir.h"

namespace rapport::store {
namespace {

using testing_util::ReadFile;
using testing_util::TempDir;

// Each migration leaves a trace in `log`, so a migration that ran twice shows.
constexpr Migration kThree[] = {
    {1, "CREATE TABLE log (v INTEGER); INSERT INTO log VALUES (1);"},
    {2, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body BLOB); INSERT INTO log VALUES (2);"},
    {3, "ALTER TABLE notes ADD COLUMN tag TEXT; INSERT INTO log VALUES (3);"},
};

Database OpenMigrating(const std::filesystem::path& file) {
  auto db = Database::Open(file, OpenMode::kCreateIfMissing);
  if (!db) ADD_FAILURE() << db.error().message;
  return std::move(db).value();
}

int VersionOf(Database& db) {
  auto v = db.UserVersion();
  EXPECT_TRUE(v) << v.error().message;
  return v ? *v : -1;
}

std::vector<std::int64_t> Log(Database& db) {
  std::vector<std::int64_t> out;
  auto stmt = db.Prepare("SELECT v FROM log ORDER BY rowid");
  if (!stmt) return out;
  for (;;) {
    auto row = stmt->Step();
    if (!row || !*row) break;
    out.push_back(stmt->ColumnInt(0));
  }
  return out;
}

bool HasTable(Database& db, const char* name) {
  auto stmt = db.Prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1");
  EXPECT_TRUE(stmt);
  auto row = stmt->Bind(1, name).Step();
  EXPECT_TRUE(row);
  return row && *row;
}

TEST(Migrations, RunAllOnAFreshDatabase) {
  TempDir dir;
  Database db = OpenMigrating(dir / "t.db");
  ASSERT_TRUE(Migrate(db, kThree));
  EXPECT_EQ(VersionOf(db), 3);
  EXPECT_EQ(Log(db), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_TRUE(db.Exec("INSERT INTO notes (body, tag) VALUES (x'00', 'a')"));
}

TEST(Migrations, AreIdempotent) {
  TempDir dir;
  {
    Database db = OpenMigrating(dir / "t.db");
    ASSERT_TRUE(Migrate(db, kThree));
    ASSERT_TRUE(Migrate(db, kThree));
  }
  Database db = OpenMigrating(dir / "t.db");
  ASSERT_TRUE(Migrate(db, kThree));
  EXPECT_EQ(VersionOf(db), 3);
  EXPECT_EQ(Log(db), (std::vector<std::int64_t>{1, 2, 3}));
}

TEST(Migrations, RunOnlyThoseNewerThanTheDatabase) {
  TempDir dir;
  Database db = OpenMigrating(dir / "t.db");
  ASSERT_TRUE(Migrate(db, std::span(kThree).first(1)));
  EXPECT_EQ(VersionOf(db), 1);
  EXPECT_EQ(Log(db), (std::vector<std::int64_t>{1}));
  ASSERT_TRUE(Migrate(db, kThree));
  EXPECT_EQ(VersionOf(db), 3);
  EXPECT_EQ(Log(db), (std::vector<std::int64_t>{1, 2, 3}));
}

TEST(Migrations, EmptyListLeavesVersionZero) {
  TempDir dir;
  Database db = OpenMigrating(dir / "t.db");
  ASSERT_TRUE(Migrate(db, std::span<const Migration>()));
  EXPECT_EQ(VersionOf(db), 0);
}

TEST(Migrations, NewerDatabaseIsUnsupportedAndUnchanged) {
  TempDir dir;
  const auto file = dir / "t.db";
  {
    Database db = OpenMigrating(file);
    ASSERT_TRUE(Migrate(db, kThree));
    ASSERT_TRUE(db.SetUserVersion(4));  // as a future Rapport would leave it
  }
  const auto before = ReadFile(file);
  ASSERT_FALSE(before.empty());
  {
    Database db = OpenMigrating(file);
    Status s = Migrate(db, kThree);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::kUnsupportedVersion);
    EXPECT_NE(s.error().message.find(file.string() + " was written by a newer version of Rapport"),
              std::string::npos)
        << s.error().message;
    EXPECT_EQ(VersionOf(db), 4);
    EXPECT_FALSE(db.InTransaction());
  }
  EXPECT_EQ(ReadFile(file), before) << "the file's bytes changed";
}

TEST(Migrations, FailureLeavesVersionAndSchemaUnchanged) {
  TempDir dir;
  Database db = OpenMigrating(dir / "t.db");
  ASSERT_TRUE(Migrate(db, std::span(kThree).first(1)));
  const Migration broken[] = {
      kThree[0],
      kThree[1],  // succeeds, but must be rolled back with the failure of 3
      {3, "INSERT INTO log VALUES (3); CREATE TABLE oops (x); SELECT * FROM no_such_table;"},
  };
  Status s = Migrate(db, broken);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
  EXPECT_NE(s.error().message.find("migration to version 3 failed"), std::string::npos)
      << s.error().message;
  EXPECT_NE(s.error().message.find("no_such_table"), std::string::npos);
  EXPECT_EQ(VersionOf(db), 1);
  EXPECT_FALSE(HasTable(db, "notes"));
  EXPECT_FALSE(HasTable(db, "oops"));
  EXPECT_EQ(Log(db), (std::vector<std::int64_t>{1}));
  EXPECT_FALSE(db.InTransaction());

  // The good list still applies afterwards.
  ASSERT_TRUE(Migrate(db, kThree));
  EXPECT_EQ(VersionOf(db), 3);
}

TEST(Migrations, FailureOnAFreshDatabaseLeavesItEmpty) {
  TempDir dir;
  Database db = OpenMigrating(dir / "t.db");
  const Migration broken[] = {kThree[0], {2, "CREATE TABLE log (again INTEGER)"}};
  ASSERT_FALSE(Migrate(db, broken));
  EXPECT_EQ(VersionOf(db), 0);
  EXPECT_FALSE(HasTable(db, "log"));
}

TEST(MigrationsDeathTest, NonContiguousVersionsAbort) {
  // "fast": the child is forked here and shares this TempDir, which the
  // parent removes; "threadsafe" would rerun the test in a child that dies
  // before removing a TempDir of its own. No other thread runs here.
  GTEST_FLAG_SET(death_test_style, "fast");
  TempDir dir;
  Database db = OpenMigrating(dir / "t.db");
  const Migration gap[] = {{1, "SELECT 1"}, {3, "SELECT 3"}};
  EXPECT_DEATH((void)Migrate(db, gap), "not 1, 2, 3");
  const Migration from_zero[] = {{0, "SELECT 0"}};
  EXPECT_DEATH((void)Migrate(db, from_zero), "not 1, 2, 3");
  EXPECT_EQ(VersionOf(db), 0);
}

}  // namespace
}  // namespace rapport::store
