// Tests for store/database.h: binding and reading values, transactions,
// error mapping, file modes, and how damaged files are reported.
#include "store/database.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "tests/store/temp_dir.h"

namespace rapport::store {
namespace {

using testing_util::ModeOf;
using testing_util::ReadFile;
using testing_util::TempDir;
using testing_util::WriteFile;
using Blob = std::vector<std::uint8_t>;

// Which argument types Bind accepts (checked at compile time below).
template <typename T>
concept CanBind = requires(Statement& s, T v) {
  s.Bind(1, v);
};

static_assert(CanBind<std::int64_t>);
static_assert(CanBind<int>);
static_assert(CanBind<std::uint32_t>);
static_assert(CanBind<long long>);
static_assert(CanBind<std::string_view>);
static_assert(CanBind<std::string>);
static_assert(CanBind<const char*>);
static_assert(CanBind<Blob>);
static_assert(CanBind<std::span<const std::uint8_t>>);
static_assert(!CanBind<bool>);
static_assert(!CanBind<double>);
static_assert(!CanBind<float>);
static_assert(!CanBind<char>);
static_assert(!CanBind<std::uint64_t>);
static_assert(!CanBind<std::size_t>);
static_assert(!CanBind<std::nullptr_t>);
static_assert(!CanBind<std::vector<char>>);
static_assert(!std::is_copy_constructible_v<Database>);
static_assert(!std::is_copy_constructible_v<Statement>);
static_assert(!std::is_copy_constructible_v<Transaction>);

Database OpenOrDie(const std::filesystem::path& file) {
  auto db = Database::Open(file, OpenMode::kCreateIfMissing);
  if (!db) ADD_FAILURE() << db.error().message;
  return std::move(db).value();
}

std::int64_t CountRows(Database& db, std::string_view table) {
  auto stmt = db.Prepare("SELECT count(*) FROM " + std::string(table));
  EXPECT_TRUE(stmt) << stmt.error().message;
  auto row = stmt->Step();
  EXPECT_TRUE(row && *row);
  return stmt->ColumnInt(0);
}

std::string QueryText(Database& db, std::string_view sql) {
  auto stmt = db.Prepare(sql);
  EXPECT_TRUE(stmt) << stmt.error().message;
  auto row = stmt->Step();
  EXPECT_TRUE(row && *row) << sql;
  return stmt->ColumnText(0);
}

// Creates a database of several dozen pages, checkpointed into the main file
// (no -wal left behind), and closes it.
void WriteSeveralPages(const std::filesystem::path& file) {
  Database db = OpenOrDie(file);
  ASSERT_TRUE(db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)"));
  auto txn = Transaction::Begin(db);
  ASSERT_TRUE(txn);
  auto insert = db.Prepare("INSERT INTO t (payload) VALUES (?1)");
  ASSERT_TRUE(insert);
  for (int i = 0; i < 200; ++i) {
    const Blob payload(1000, static_cast<std::uint8_t>(i));
    ASSERT_TRUE(insert->Bind(1, payload).Run());
    ASSERT_TRUE(insert->Reset());
  }
  ASSERT_TRUE(txn->Commit());
  ASSERT_TRUE(db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"));
}

void ExpectCorruptNaming(const Status& s, const std::filesystem::path& file) {
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kCorruptData) << s.error().message;
  EXPECT_NE(s.error().message.find(file.string() + " is not a Rapport database or is damaged"),
            std::string::npos)
      << s.error().message;
  EXPECT_EQ(s.error().message.find('\n'), std::string::npos) << "one line";
}

Status OpenStatus(const std::filesystem::path& file, OpenMode mode = OpenMode::kCreateIfMissing) {
  auto db = Database::Open(file, mode);
  if (!db) return db.as_unexpected();
  return Ok();
}

// ---- values ---------------------------------------------------------------

TEST(Database, RoundTripsIntBlobTextAndNull) {
  TempDir dir;
  Database db = OpenOrDie(dir / "t.db");
  ASSERT_TRUE(db.Exec("CREATE TABLE t (i INTEGER, b BLOB, s TEXT, n)"));
  const Blob blob = {0x00, 0xff, 0x10, 0x00};
  const std::string text("caf\xc3\xa9\0tail", 10);  // UTF-8 with an embedded NUL
  auto insert = db.Prepare("INSERT INTO t (i, b, s, n) VALUES (?1, ?2, ?3, ?4)");
  ASSERT_TRUE(insert) << insert.error().message;
  ASSERT_TRUE(insert->Bind(1, std::numeric_limits<std::int64_t>::min())
                  .Bind(2, blob)
                  .Bind(3, std::string_view(text))
                  .BindNull(4)
                  .Run());
  ASSERT_TRUE(insert->Reset());
  // Empty values stay empty values, not NULL.
  ASSERT_TRUE(insert->Bind(1, std::numeric_limits<std::int64_t>::max())
                  .Bind(2, Blob{})
                  .Bind(3, std::string_view())
                  .Bind(4, 7)
                  .Run());

  auto select = db.Prepare("SELECT i, b, s, n, typeof(b), typeof(s) FROM t ORDER BY rowid");
  ASSERT_TRUE(select);
  auto row = select->Step();
  ASSERT_TRUE(row && *row);
  EXPECT_EQ(select->ColumnInt(0), std::numeric_limits<std::int64_t>::min());
  const auto b = select->ColumnBlob(1);
  EXPECT_EQ(Blob(b.begin(), b.end()), blob);
  EXPECT_EQ(select->ColumnText(2), text);
  EXPECT_TRUE(select->ColumnIsNull(3));
  EXPECT_FALSE(select->ColumnIsNull(0));
  EXPECT_EQ(select->ColumnInt(3), 0);
  EXPECT_EQ(select->ColumnText(3), "");

  row = select->Step();
  ASSERT_TRUE(row && *row);
  EXPECT_EQ(select->ColumnInt(0), std::numeric_limits<std::int64_t>::max());
  EXPECT_FALSE(select->ColumnIsNull(1));
  EXPECT_TRUE(select->ColumnBlob(1).empty());
  EXPECT_FALSE(select->ColumnIsNull(2));
  EXPECT_EQ(select->ColumnText(2), "");
  EXPECT_EQ(select->ColumnInt(3), 7);
  EXPECT_EQ(select->ColumnText(4), "blob");
  EXPECT_EQ(select->ColumnText(5), "text");

  row = select->Step();
  ASSERT_TRUE(row);
  EXPECT_FALSE(*row);
}

TEST(Database, BindOverloadsStoreTheIntendedType) {
  TempDir dir;
  Database db = OpenOrDie(dir / "t.db");
  auto stmt = db.Prepare("SELECT typeof(?1), typeof(?2), typeof(?3), typeof(?4), typeof(?5)");
  ASSERT_TRUE(stmt);
  const std::string owned = "owned";
  stmt->Bind(1, "literal").Bind(2, owned).Bind(3, 42).Bind(4, Blob{1, 2}).Bind(5, 7u);
  auto row = stmt->Step();
  ASSERT_TRUE(row && *row);
  EXPECT_EQ(stmt->ColumnText(0), "text");
  EXPECT_EQ(stmt->ColumnText(1), "text");
  EXPECT_EQ(stmt->ColumnText(2), "integer");
  EXPECT_EQ(stmt->ColumnText(3), "blob");
  EXPECT_EQ(stmt->ColumnText(4), "integer");
}

TEST(Database, LastInsertRowIdAndChanges) {
  TempDir dir;
  Database db = OpenOrDie(dir / "t.db");
  ASSERT_TRUE(db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)"));
  ASSERT_TRUE(db.Exec("INSERT INTO t (v) VALUES (1), (2), (3)"));
  EXPECT_EQ(db.LastInsertRowId(), 3);
  EXPECT_EQ(db.Changes(), 3);
  ASSERT_TRUE(db.Exec("UPDATE t SET v = 0 WHERE id >= 2"));
  EXPECT_EQ(db.Changes(), 2);
}

TEST(Database, BindErrorIsReportedByStepAndClearedByReset) {
  TempDir dir;
  Database db = OpenOrDie(dir / "t.db");
  auto stmt = db.Prepare("SELECT ?1");
  ASSERT_TRUE(stmt);
  stmt->Bind(2, 5).Bind(1, 5);  // index 2 does not exist
  auto row = stmt->Step();
  ASSERT_FALSE(row);
  EXPECT_EQ(row.error().code, ErrorCode::kIo);
  EXPECT_NE(row.error().message.find("out of range"), std::string::npos) << row.error().message;

  ASSERT_TRUE(stmt->Reset());
  const char* null_text = nullptr;
  stmt->Bind(1, null_text);
  row = stmt->Step();
  ASSERT_FALSE(row);
  EXPECT_EQ(row.error().code, ErrorCode::kInvalidArgument);

  ASSERT_TRUE(stmt->Reset());
  row = stmt->Bind(1, 9).Step();
  ASSERT_TRUE(row && *row);
  EXPECT_EQ(stmt->ColumnInt(0), 9);
}

TEST(Database, ResetClearsBindings) {
  TempDir dir;
  Database db = OpenOrDie(dir / "t.db");
  auto stmt = db.Prepare("SELECT ?1");
  ASSERT_TRUE(stmt);
  ASSERT_TRUE(stmt->Bind(1, 5).Step());
  ASSERT_TRUE(stmt->Reset());
  auto row = stmt->Step();
  ASSERT_TRUE(row && *row);
  EXPECT_TRUE(stmt->ColumnIsNull(0));
}

TEST(Database, StatementIsReusableAfterAFailedStep) {
  TempDir dir;
  Database db = OpenOrDie(dir / "t.db");
  ASSERT_TRUE(db.Exec("CREATE TABLE t (k TEXT PRIMARY KEY)"));
  auto insert = db.Prepare("INSERT INTO t (k) VALUES (?1)");
  ASSERT_TRUE(insert);
  ASSERT_TRUE(insert->Bind(1, "a").Run());
  ASSERT_TRUE(insert->Reset());
  Status dup = insert->Bind(1, "a").Run();
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  EXPECT_NE(dup.error().message.find("UNIQUE constraint failed"), std::string::npos);
  EXPECT_TRUE(insert->Reset()) << "the failure was already reported by Run";
  EXPECT_TRUE(insert->Bind(1, "b").Run());
  EXPECT_EQ(CountRows(db, "t"), 2);
}

TEST(Database, MovedStatementStillWorks) {
  TempDir dir;
  Database db = OpenOrDie(dir / "t.db");
  auto prepared = db.Prepare("SELECT ?1 + 1");
  ASSERT_TRUE(prepared);
  Statement a = std::move(prepared).value();
  Statement b = std::move(a);
  auto row = b.Bind(1, 41).Step();
  ASSERT_TRUE(row && *row);
  EXPECT_EQ(b.ColumnInt(0), 42);
}

TEST(Database, ExecRunsEveryStatementAndStopsAtTheFirstError) {
  TempDir dir;
  Database db = OpenOrDie(dir / "t.db");
  ASSERT_TRUE(
      db.Exec("CREATE TABLE a (x); -- a comment\nCREATE TABLE b (y);\n"
              "INSERT INTO a VALUES (1); SELECT * FROM a;  "));
  EXPECT_EQ(CountRows(db, "a"), 1);
  Status s = db.Exec(
      "INSERT INTO a VALUES (2); INSERT INTO nowhere VALUES (3); "
      "INSERT INTO a VALUES (4)");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
  EXPECT_NE(s.error().message.find("no such table: nowhere"), std::string::npos);
  EXPECT_EQ(CountRows(db, "a"), 2);  // the statement before the error ran
  EXPECT_TRUE(db.Exec(""));
  EXPECT_TRUE(db.Exec("  -- only a comment"));
}

TEST(Database, PrepareTakesExactlyOneStatement) {
  TempDir dir;
  Database db = OpenOrDie(dir / "t.db");
  EXPECT_TRUE(db.Prepare("SELECT 1;  -- trailing comment\n"));
  auto two = db.Prepare("SELECT 1; SELECT 2");
  ASSERT_FALSE(two);
  EXPECT_EQ(two.error().code, ErrorCode::kInvalidArgument);
  auto empty = db.Prepare("   ");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
  auto syntax = db.Prepare("SELEC 1");
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().code, ErrorCode::kIo);
  EXPECT_NE(syntax.error().message.find("syntax error"), std::string::npos);
}

TEST(Database, ForeignKeyViolationIsFailedPrecondition) {
  TempDir dir;
  Database db = OpenOrDie(dir / "t.db");
  ASSERT_TRUE(
      db.Exec("CREATE TABLE parent (id INTEGER PRIMARY KEY);"
              "CREATE TABLE child (p INTEGER NOT NULL REFERENCES parent(id));"));
  Status s = db.Exec("INSERT INTO child (p) VALUES (99)");  // foreign_keys is ON
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kFailedPrecondition) << s.error().message;
  EXPECT_NE(s.error().message.find("FOREIGN KEY"), std::string::npos);
}

TEST(Database, OpenSetsThePragmas) {
  TempDir dir;
  Database db = OpenOrDie(dir / "t.db");
  EXPECT_EQ(QueryText(db, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(QueryText(db, "PRAGMA synchronous"), "1");  // NORMAL
  EXPECT_EQ(QueryText(db, "PRAGMA foreign_keys"), "1");
  EXPECT_EQ(QueryText(db, "PRAGMA secure_delete"), "1");
  EXPECT_EQ(QueryText(db, "PRAGMA busy_timeout"), "5000");
}

TEST(Database, UserVersionRoundTrips) {
  TempDir dir;
  Database db = OpenOrDie(dir / "t.db");
  auto v = db.UserVersion();
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, 0);
  ASSERT_TRUE(db.SetUserVersion(12));
  v = db.UserVersion();
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, 12);
}

TEST(Database, MovedDatabaseKeepsWorking) {
  TempDir dir;
  Database a = OpenOrDie(dir / "t.db");
  Database b = std::move(a);
  EXPECT_TRUE(a.path().empty());
  EXPECT_EQ(b.path(), dir / "t.db");
  ASSERT_TRUE(b.Exec("CREATE TABLE t (x)"));
  Database c = OpenOrDie(dir / "u.db");
  c = std::move(b);  // closes u.db
  EXPECT_EQ(CountRows(c, "t"), 0);
}

// ---- transactions ---------------------------------------------------------

TEST(Transaction, CommitKeepsChanges) {
  TempDir dir;
  {
    Database db = OpenOrDie(dir / "t.db");
    ASSERT_TRUE(db.Exec("CREATE TABLE t (x)"));
    auto txn = Transaction::Begin(db);
    ASSERT_TRUE(txn) << txn.error().message;
    EXPECT_TRUE(db.InTransaction());
    ASSERT_TRUE(db.Exec("INSERT INTO t VALUES (1), (2)"));
    ASSERT_TRUE(txn->Commit());
    EXPECT_FALSE(db.InTransaction());
    Status again = txn->Commit();
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
  }
  Database reopened = OpenOrDie(dir / "t.db");
  EXPECT_EQ(CountRows(reopened, "t"), 2);
}

TEST(Transaction, RollsBackWhenNotCommitted) {
  TempDir dir;
  Database db = OpenOrDie(dir / "t.db");
  ASSERT_TRUE(db.Exec("CREATE TABLE t (x); INSERT INTO t VALUES (0)"));
  {
    auto txn = Transaction::Begin(db);
    ASSERT_TRUE(txn);
    ASSERT_TRUE(db.Exec("INSERT INTO t VALUES (1); CREATE TABLE u (y)"));
    EXPECT_EQ(CountRows(db, "t"), 2);
  }
  EXPECT_FALSE(db.InTransaction());
  EXPECT_EQ(CountRows(db, "t"), 1);
  EXPECT_FALSE(db.Prepare("SELECT * FROM u")) << "the DDL was rolled back too";
}

TEST(Transaction, RollsBackWhenDestroyedAfterAnError) {
  TempDir dir;
  Database db = OpenOrDie(dir / "t.db");
  ASSERT_TRUE(db.Exec("CREATE TABLE t (k TEXT PRIMARY KEY)"));
  auto work = [&db]() -> Status {
    RAPPORT_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db));
    RAPPORT_RETURN_IF_ERROR(db.Exec("INSERT INTO t VALUES ('a')"));
    RAPPORT_RETURN_IF_ERROR(db.Exec("INSERT INTO t VALUES ('a')"));  // fails
    return txn.Commit();
  };
  Status s = work();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kAlreadyExists);
  EXPECT_FALSE(db.InTransaction());
  EXPECT_EQ(CountRows(db, "t"), 0);
  // The connection is usable afterwards.
  auto txn = Transaction::Begin(db);
  ASSERT_TRUE(txn);
  ASSERT_TRUE(db.Exec("INSERT INTO t VALUES ('a')"));
  ASSERT_TRUE(txn->Commit());
  EXPECT_EQ(CountRows(db, "t"), 1);
}

TEST(Transaction, ExplicitRollbackAndMove) {
  TempDir dir;
  Database db = OpenOrDie(dir / "t.db");
  ASSERT_TRUE(db.Exec("CREATE TABLE t (x)"));
  auto first = Transaction::Begin(db);
  ASSERT_TRUE(first);
  ASSERT_TRUE(db.Exec("INSERT INTO t VALUES (1)"));
  ASSERT_TRUE(first->Rollback());
  EXPECT_FALSE(first->Commit());
  EXPECT_EQ(CountRows(db, "t"), 0);

  auto begun = Transaction::Begin(db);
  ASSERT_TRUE(begun);
  Transaction moved = std::move(begun).value();
  ASSERT_TRUE(db.Exec("INSERT INTO t VALUES (2)"));
  ASSERT_TRUE(moved.Commit());
  EXPECT_EQ(CountRows(db, "t"), 1);
}

TEST(Transaction, DoesNotNest) {
  TempDir dir;
  Database db = OpenOrDie(dir / "t.db");
  auto outer = Transaction::Begin(db);
  ASSERT_TRUE(outer);
  auto inner = Transaction::Begin(db);
  ASSERT_FALSE(inner);
  EXPECT_EQ(inner.error().code, ErrorCode::kIo);
  EXPECT_TRUE(db.InTransaction()) << "the outer transaction is untouched";
  EXPECT_TRUE(outer->Commit());
}

TEST(Transaction, SecondWriterIsBusy) {
  TempDir dir;
  Database first = OpenOrDie(dir / "t.db");
  Database second = OpenOrDie(dir / "t.db");
  ASSERT_TRUE(second.SetBusyTimeout(std::chrono::milliseconds(0)));
  auto held = Transaction::Begin(first);
  ASSERT_TRUE(held);
  auto blocked = Transaction::Begin(second);
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, ErrorCode::kIo);
  EXPECT_NE(blocked.error().message.find("the database is busy (is another rapport running?)"),
            std::string::npos)
      << blocked.error().message;
  ASSERT_TRUE(held->Commit());
  EXPECT_TRUE(Transaction::Begin(second));
}

TEST(ReadTransaction, SeesOneSnapshotAndDoesNotStopAWriter) {
  TempDir dir;
  Database reader = OpenOrDie(dir / "t.db");
  Database writer = OpenOrDie(dir / "t.db");
  ASSERT_TRUE(writer.Exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)"));
  {
    auto snapshot = ReadTransaction::Begin(reader);
    ASSERT_TRUE(snapshot) << snapshot.error().message;
    EXPECT_EQ(CountRows(reader, "t"), 1);
    ASSERT_TRUE(writer.Exec("INSERT INTO t VALUES (2)"));
    EXPECT_EQ(CountRows(reader, "t"), 1) << "a commit after the first read is not seen";
    EXPECT_EQ(CountRows(writer, "t"), 2);
  }
  EXPECT_FALSE(reader.InTransaction());
  EXPECT_EQ(CountRows(reader, "t"), 2);
}

TEST(ReadTransaction, JoinsATransactionAlreadyOpen) {
  TempDir dir;
  Database db = OpenOrDie(dir / "t.db");
  ASSERT_TRUE(db.Exec("CREATE TABLE t (x INTEGER)"));
  auto write = Transaction::Begin(db);
  ASSERT_TRUE(write);
  ASSERT_TRUE(db.Exec("INSERT INTO t VALUES (1)"));
  {
    auto read = ReadTransaction::Begin(db);
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(CountRows(db, "t"), 1);
  }
  EXPECT_TRUE(db.InTransaction()) << "ending the read must not end the write";
  ASSERT_TRUE(write->Commit());
  EXPECT_EQ(CountRows(db, "t"), 1);
}

// ---- files and modes ------------------------------------------------------

TEST(Database, NewFileAndItsWalAndShmAreOwnerOnly) {
  TempDir dir;
  const auto file = dir / "t.db";
  const mode_t old_umask = ::umask(0);  // the most permissive umask
  auto opened = Database::Open(file, OpenMode::kCreateIfMissing);
  ::umask(old_umask);
  ASSERT_TRUE(opened) << opened.error().message;
  Database db = std::move(opened).value();
  ASSERT_TRUE(db.Exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)"));
  auto wal = file;
  wal += "-wal";
  auto shm = file;
  shm += "-shm";
  ASSERT_TRUE(std::filesystem::exists(wal));
  ASSERT_TRUE(std::filesystem::exists(shm));
  EXPECT_EQ(ModeOf(file), 0600u);
  EXPECT_EQ(ModeOf(wal), 0600u);
  EXPECT_EQ(ModeOf(shm), 0600u);
}

TEST(Database, LooseExistingFileIsTightened) {
  TempDir dir;
  const auto file = dir / "t.db";
  { Database db = OpenOrDie(file); }
  ASSERT_EQ(::chmod(file.c_str(), 0644), 0);
  Database db = OpenOrDie(file);
  EXPECT_EQ(ModeOf(file), 0600u);
}

TEST(Database, EmptyExistingFileOpensAsANewDatabase) {
  TempDir dir;
  const auto file = dir / "t.db";
  WriteFile(file, {});
  auto db = Database::Open(file, OpenMode::kMustExist);
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_TRUE(db->Exec("CREATE TABLE t (x)"));
}

TEST(Database, MustExistOnAMissingFileIsNotFoundAndCreatesNothing) {
  TempDir dir;
  const auto file = dir / "missing.db";
  Status s = OpenStatus(file, OpenMode::kMustExist);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kNotFound);
  EXPECT_NE(s.error().message.find(file.string()), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(file));
}

TEST(Database, MustExistOpensAnExistingDatabase) {
  TempDir dir;
  const auto file = dir / "t.db";
  {
    Database db = OpenOrDie(file);
    ASSERT_TRUE(db.Exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)"));
  }
  auto db = Database::Open(file, OpenMode::kMustExist);
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ(CountRows(*db, "t"), 1);
}

TEST(Database, PathThroughARegularFileIsIo) {
  // Fails even as root, unlike a chmod-ed directory.
  TempDir dir;
  WriteFile(dir / "file", {'x'});
  Status s = OpenStatus(dir.path() / "file" / "t.db");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
  EXPECT_NE(s.error().message.find("Not a directory"), std::string::npos) << s.error().message;
}

TEST(Database, MissingDirectoryIsIo) {
  TempDir dir;
  Status s = OpenStatus(dir.path() / "no" / "t.db");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
}

TEST(Database, UnwritableDirectoryIsIo) {
  if (::geteuid() == 0)
    GTEST_SKIP() << "root can write a 0500 directory; see PathThroughARegularFileIsIo";
  TempDir dir;
  const auto locked = dir / "locked";
  ASSERT_EQ(::mkdir(locked.c_str(), 0500), 0);
  Status s = OpenStatus(locked / "t.db");
  ::chmod(locked.c_str(), 0700);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
}

TEST(Database, DirectoryIsIo) {
  TempDir dir;
  Status s = OpenStatus(dir.path());
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kIo) << s.error().message;
}

TEST(Database, SymbolicLinkIsRefused) {
  TempDir dir;
  { Database db = OpenOrDie(dir / "real.db"); }
  std::filesystem::create_symlink(dir / "real.db", dir / "link.db");
  for (OpenMode mode : {OpenMode::kCreateIfMissing, OpenMode::kMustExist}) {
    Status s = OpenStatus(dir / "link.db", mode);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::kIo) << s.error().message;
    EXPECT_NE(s.error().message.find("link.db is a symbolic link"), std::string::npos)
        << s.error().message;
  }
}

TEST(Database, DanglingSymbolicLinkIsRefusedAndNothingIsCreated) {
  TempDir dir;
  std::filesystem::create_symlink(dir / "target.db", dir / "link.db");
  Status s = OpenStatus(dir / "link.db", OpenMode::kCreateIfMissing);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("is a symbolic link"), std::string::npos) << s.error().message;
  EXPECT_FALSE(std::filesystem::exists(dir / "target.db"));
}

// SQLite's NOFOLLOW refuses a link anywhere on the path; Open resolves the
// directories first, so only the file itself has to be real.
TEST(Database, LinkedDirectoriesOnThePathAreFollowed) {
  TempDir dir;
  std::filesystem::create_directory(dir / "real");
  std::filesystem::create_directory_symlink(dir / "real", dir / "link");
  const auto file = dir.path() / "link" / "t.db";
  {
    auto db = Database::Open(file, OpenMode::kCreateIfMissing);
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE(db->Exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)"));
    EXPECT_EQ(db->path(), file) << "messages name the path as given";
  }
  EXPECT_TRUE(std::filesystem::is_regular_file(dir.path() / "real" / "t.db"));
  auto again = Database::Open(file, OpenMode::kMustExist);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(CountRows(*again, "t"), 1);
}

TEST(Database, CreateNewRefusesAnExistingFileAndLeavesIt) {
  TempDir dir;
  const auto file = dir / "t.db";
  { Database db = OpenOrDie(file); }
  const Blob before = ReadFile(file);
  Status s = OpenStatus(file, OpenMode::kCreateNew);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(ReadFile(file), before);
  EXPECT_TRUE(OpenStatus(dir / "new.db", OpenMode::kCreateNew));
}

// SQLite's unix VFS takes paths of up to 512 bytes; the kernel takes longer
// ones, so the file is created and then SQLite cannot open it.
TEST(Database, FailedCreateLeavesNoFileBehind) {
  TempDir dir;
  std::filesystem::path deep = dir.path();
  for (int i = 0; i < 3; ++i) deep /= std::string(200, 'd');
  std::filesystem::create_directories(deep);
  const auto file = deep / "t.db";
  Status s = OpenStatus(file, OpenMode::kCreateIfMissing);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kIo) << s.error().message;
  EXPECT_FALSE(std::filesystem::exists(file)) << "an empty file was left behind";
}

// A rollback-journal database: what another program or an old copy may be.
std::filesystem::path MakeRollbackModeDatabase(const TempDir& dir) {
  const auto file = dir / "rollback.db";
  Database db = OpenOrDie(file);
  EXPECT_TRUE(db.Exec("CREATE TABLE t (x); INSERT INTO t VALUES (1); PRAGMA journal_mode=DELETE"));
  return file;
}

// The SQLite header's write and read versions: 1 rollback journal, 2 WAL.
int HeaderJournalVersion(const std::filesystem::path& file) {
  const Blob bytes = ReadFile(file);
  return bytes.size() > 18 ? bytes[18] : -1;
}

TEST(Database, AFileTheCheckRefusesKeepsEveryByte) {
  TempDir dir;
  const auto file = MakeRollbackModeDatabase(dir);
  ASSERT_EQ(HeaderJournalVersion(file), 1);
  const Blob before = ReadFile(file);
  int checked = 0;
  auto refuse = [&checked](Database& db) -> Status {
    ++checked;
    EXPECT_EQ(CountRows(db, "t"), 1) << "the check can read the file";
    return Fail(ErrorCode::kCorruptData, "not ours");
  };
  auto db = Database::Open(file, OpenMode::kMustExist, refuse);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kCorruptData);
  EXPECT_EQ(db.error().message, "not ours");
  EXPECT_EQ(checked, 1);
  EXPECT_EQ(ReadFile(file), before) << "journal mode or anything else changed";
  EXPECT_FALSE(std::filesystem::exists(dir / "rollback.db-wal"));
  EXPECT_FALSE(std::filesystem::exists(dir / "rollback.db-shm"));

  // A check that passes lets Open go on as usual.
  auto accepted = Database::Open(file, OpenMode::kMustExist, [](Database&) { return Ok(); });
  ASSERT_TRUE(accepted) << accepted.error().message;
  EXPECT_EQ(QueryText(*accepted, "PRAGMA journal_mode"), "wal");
}

TEST(Database, ANewFileTheCheckRefusesIsRemoved) {
  TempDir dir;
  const auto file = dir / "t.db";
  auto db = Database::Open(file, OpenMode::kCreateIfMissing,
                           [](Database&) { return Fail(ErrorCode::kCorruptData, "no"); });
  ASSERT_FALSE(db);
  EXPECT_FALSE(std::filesystem::exists(file));
}

// ---- damaged files --------------------------------------------------------

TEST(Database, RandomBytesAreCorruptData) {
  TempDir dir;
  const auto file = dir / "random.db";
  std::mt19937 rng(7);
  Blob bytes(8192);
  for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
  WriteFile(file, bytes);
  ExpectCorruptNaming(OpenStatus(file), file);
  ExpectCorruptNaming(OpenStatus(file, OpenMode::kMustExist), file);
  EXPECT_EQ(ReadFile(file), bytes) << "a failed open changes nothing";
}

TEST(Database, ShortGarbageIsCorruptData) {
  TempDir dir;
  const auto file = dir / "short.db";
  const Blob bytes = {'n', 'o', 't', ' ', 'a', ' ', 'd', 'b', '\n'};
  WriteFile(file, bytes);
  ExpectCorruptNaming(OpenStatus(file), file);
  EXPECT_EQ(ReadFile(file), bytes);
}

TEST(Database, ZeroFilledFileIsCorruptData) {
  TempDir dir;
  const auto file = dir / "zeros.db";
  WriteFile(file, Blob(4096, 0));
  ExpectCorruptNaming(OpenStatus(file), file);
}

TEST(Database, SqliteMagicFollowedByGarbageIsCorruptData) {
  TempDir dir;
  const auto file = dir / "magic.db";
  const std::string magic("SQLite format 3\0", 16);
  Blob bytes(magic.begin(), magic.end());
  bytes.resize(4096, 0xA5);
  WriteFile(file, bytes);
  ExpectCorruptNaming(OpenStatus(file), file);
}

// A file cut short (a bad copy, a full disk) is caught by Open: page 1 says
// how many pages the database has, and SQLite checks that on its first read.
TEST(Database, TruncatedToHalfIsCorruptDataFromOpen) {
  TempDir dir;
  const auto file = dir / "t.db";
  WriteSeveralPages(file);
  const auto size = std::filesystem::file_size(file);
  ASSERT_GT(size, 40u * 4096u);
  std::filesystem::resize_file(file, size / 2);
  ExpectCorruptNaming(OpenStatus(file), file);
  ExpectCorruptNaming(OpenStatus(file, OpenMode::kMustExist), file);
}

// Truncation to a whole number of pages, and to less than one page, too.
TEST(Database, TruncatedAtAnyPageBoundaryIsCorruptDataFromOpen) {
  TempDir dir;
  const auto file = dir / "t.db";
  WriteSeveralPages(file);
  const Blob whole = ReadFile(file);
  for (std::size_t keep : {std::size_t{4096}, std::size_t{4096 * 3}, whole.size() - 4096,
                           std::size_t{100}, std::size_t{4000}}) {
    WriteFile(file, Blob(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(keep)));
    ExpectCorruptNaming(OpenStatus(file), file);
  }
}

// Damage inside pages (the header intact) passes Open; QuickCheck finds it,
// and so does the first statement that reads a damaged page.
TEST(Database, DamagedPagesAreFoundByQuickCheckAndByReads) {
  TempDir dir;
  const auto file = dir / "t.db";
  WriteSeveralPages(file);
  Blob bytes = ReadFile(file);
  for (std::size_t i = 4096; i < bytes.size(); ++i) bytes[i] = 0xA5;  // every page but page 1
  WriteFile(file, bytes);

  auto db = Database::Open(file, OpenMode::kMustExist);
  ASSERT_TRUE(db) << db.error().message;
  ExpectCorruptNaming(db->QuickCheck(), file);
  auto select = db->Prepare("SELECT payload FROM t");
  ASSERT_TRUE(select);
  auto row = select->Step();
  ASSERT_FALSE(row);
  ExpectCorruptNaming(row.as_unexpected(), file);
}

TEST(Database, QuickCheckPassesOnAHealthyDatabase) {
  TempDir dir;
  WriteSeveralPages(dir / "t.db");
  Database db = OpenOrDie(dir / "t.db");
  EXPECT_TRUE(db.QuickCheck());
  EXPECT_EQ(CountRows(db, "t"), 200);
}

}  // namespace
}  // namespace rapport::store
