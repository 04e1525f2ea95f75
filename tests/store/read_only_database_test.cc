// A database file made read-only for a while (a restore from read-only
// media, a cautious chmod): reading it must work, and must not leave the
// -wal and -shm beside it read-only once the file is writable again.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <functional>

#include "store/database.h"
#include "tests/store/temp_dir.h"

namespace rapport::store {
namespace {

using testing_util::ModeOf;
using testing_util::TempDir;

constexpr uid_t kOrdinaryUser = 65534;  // nobody

// Runs `body` in a child process as an ordinary user, whom file modes bind
// (the tests may run as root, whom they do not), and returns its exit code.
// REQUIRES: the files `body` touches belong to that user when run as root.
int ExitCodeAsOrdinaryUser(const std::function<int()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::geteuid() == 0 && (::setgid(kOrdinaryUser) != 0 || ::setuid(kOrdinaryUser) != 0))
      ::_exit(100);
    ::_exit(body());
  }
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// 0 if `file` opens and `sql` runs; otherwise prints why and returns 1.
int OpenAndRun(const std::filesystem::path& file, std::string_view sql) {
  auto db = Database::Open(file, OpenMode::kMustExist);
  Status ran = db ? db->Exec(sql) : Status(db.as_unexpected());
  if (ran) return 0;
  std::fprintf(stderr, "%s\n", ran.error().message.c_str());
  return 1;
}

void GiveToOrdinaryUser(const std::filesystem::path& p) {
  if (::geteuid() == 0) {
    ASSERT_EQ(::chown(p.c_str(), kOrdinaryUser, kOrdinaryUser), 0) << p;
  }
}

TEST(ReadOnlyDatabase, ReadingItLeavesNothingThatBlocksWritingLater) {
  TempDir dir;
  const auto file = dir / "t.db";
  {
    auto db = Database::Open(file, OpenMode::kCreateIfMissing);
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE(db->Exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)"));
  }
  GiveToOrdinaryUser(dir.path());
  GiveToOrdinaryUser(file);
  ASSERT_EQ(::chmod(file.c_str(), 0400), 0);

  EXPECT_EQ(ExitCodeAsOrdinaryUser([&] { return OpenAndRun(file, "SELECT count(*) FROM t"); }), 0)
      << "a read-only database can be read";
  for (const char* suffix : {"-wal", "-shm"}) {
    auto beside = file;
    beside += suffix;
    if (std::filesystem::exists(beside)) {
      EXPECT_EQ(ModeOf(beside), 0600u) << beside;
    }
  }
  EXPECT_EQ(ModeOf(file), 0400u) << "the database file itself stays as its owner set it";

  ASSERT_EQ(::chmod(file.c_str(), 0600), 0);
  EXPECT_EQ(ExitCodeAsOrdinaryUser([&] { return OpenAndRun(file, "INSERT INTO t VALUES (2)"); }), 0)
      << "once writable again, the database takes writes";
}

TEST(ReadOnlyDatabase, AFolderWhereNoLogCanBeMadeIsNamedAsTheCause) {
  TempDir dir;
  const auto home = dir.path() / "home";
  const auto file = home / "t.db";
  std::filesystem::create_directory(home);
  {
    auto db = Database::Open(file, OpenMode::kCreateIfMissing);
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE(db->Exec("CREATE TABLE t (x)"));
  }  // closing removes the -wal and -shm: the next open must make them
  GiveToOrdinaryUser(dir.path());
  GiveToOrdinaryUser(home);
  GiveToOrdinaryUser(file);
  ASSERT_EQ(::chmod(home.c_str(), 0500), 0);

  EXPECT_EQ(ExitCodeAsOrdinaryUser([&] {
              auto db = Database::Open(file, OpenMode::kMustExist);
              if (db) return 2;
              std::fprintf(stderr, "%s\n", db.error().message.c_str());
              const bool named =
                  db.error().message.find("its folder is read-only") != std::string::npos;
              return db.error().code == ErrorCode::kIo && named ? 0 : 1;
            }),
            0);
  ASSERT_EQ(::chmod(home.c_str(), 0700), 0);  // so that TempDir can remove it
}

}  // namespace
}  // namespace rapport::store
