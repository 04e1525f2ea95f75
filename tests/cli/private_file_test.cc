// WritePrivateFile: owner-only, never half-written, streamed in pieces.
#include "cli/private_file.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "store/temp_dir.h"

namespace rapport::cli {
namespace {

using store::testing_util::TempDir;

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream all;
  all << in.rdbuf();
  return all.str();
}

unsigned Mode(const std::filesystem::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0);
  return st.st_mode & 07777;
}

std::size_t EntriesIn(const std::filesystem::path& dir) {
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir),
                                                std::filesystem::directory_iterator()));
}

// A page longer than the 64 KiB buffer, so that it is written in pieces.
std::string LongPage() {
  std::string page;
  for (int i = 0; page.size() < (1u << 20) + 123; ++i)
    page += "<p>line " + std::to_string(i) + "</p>\n";
  return page;
}

TEST(PrivateFile, AStreamedPageArrivesWholeAndOwnerOnly) {
  TempDir dir;
  const auto path = dir.path() / "review.html";
  const std::string page = LongPage();
  ASSERT_TRUE(WritePrivateFile(
      path, [&](std::ostream& out) { out << page; }, false));
  EXPECT_EQ(Slurp(path), page);
  EXPECT_EQ(Mode(path), 0600u);
}

TEST(PrivateFile, AnExistingFileIsLeftAloneWithoutReplace) {
  TempDir dir;
  const auto path = dir.path() / "review.html";
  { std::ofstream(path) << "keep me"; }
  auto written = WritePrivateFile(path, "new", false);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(Slurp(path), "keep me");
}

TEST(PrivateFile, ReplacingTightensTheMode) {
  TempDir dir;
  const auto path = dir.path() / "review.html";
  { std::ofstream(path) << "old"; }
  ::chmod(path.c_str(), 0644);
  const std::string page = LongPage();
  ASSERT_TRUE(WritePrivateFile(path, page, true));
  EXPECT_EQ(Slurp(path), page);
  EXPECT_EQ(Mode(path), 0600u);
}

TEST(PrivateFile, AWriteThatFailsPartWayLeavesNothingBehind) {
  TempDir dir;
  const auto path = dir.path() / "review.html";
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);  // EFBIG instead of a signal
  rlimit old_limit{};
  ::getrlimit(RLIMIT_FSIZE, &old_limit);
  rlimit small = old_limit;
  small.rlim_cur = 100 * 1024;  // the page is 1 MiB
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  const std::string page = LongPage();
  auto written = WritePrivateFile(
      path, [&](std::ostream& out) { out << page; }, false);
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  std::signal(SIGXFSZ, old_handler);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kIo);
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_EQ(EntriesIn(dir.path()), 0u);
}

TEST(PrivateFile, AWriterThatThrowsLeavesNothingBehind) {
  TempDir dir;
  const auto path = dir.path() / "review.html";
  auto throwing = [](std::ostream& out) {
    out << LongPage();
    throw std::runtime_error("rendering failed");
  };
  EXPECT_THROW((void)WritePrivateFile(path, throwing, false), std::runtime_error);
  EXPECT_FALSE(std::filesystem::exists(path));
  { std::ofstream(path) << "old page"; }
  EXPECT_THROW((void)WritePrivateFile(path, throwing, true), std::runtime_error);
  EXPECT_EQ(Slurp(path), "old page");
  EXPECT_EQ(EntriesIn(dir.path()), 1u);  // no temporary file left beside it
}

TEST(PrivateFile, TheNameAppearsOnlyWhenThePageIsWhole) {
  TempDir dir;
  const auto path = dir.path() / "review.html";
  bool seen_while_writing = true;
  ASSERT_TRUE(WritePrivateFile(
      path,
      [&](std::ostream& out) {
        out << LongPage();
        out.flush();
        seen_while_writing = std::filesystem::exists(path);
      },
      false));
  EXPECT_FALSE(seen_while_writing);
  EXPECT_EQ(Slurp(path), LongPage());
  EXPECT_EQ(EntriesIn(dir.path()), 1u);  // the temporary name is gone
}

TEST(PrivateFile, AFileThatAppearsWhileWritingIsLeftAlone) {
  TempDir dir;
  const auto path = dir.path() / "review.html";
  auto written = WritePrivateFile(
      path,
      [&](std::ostream& out) {
        out << LongPage();
        std::ofstream(path) << "someone else's";
      },
      false);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(Slurp(path), "someone else's");
  EXPECT_EQ(EntriesIn(dir.path()), 1u);
}

TEST(PrivateFile, ADanglingLinkIsNotFollowed) {
  TempDir dir;
  const auto path = dir.path() / "review.html";
  const auto target = dir.path() / "elsewhere.html";
  std::filesystem::create_symlink(target, path);
  auto written = WritePrivateFile(path, "page", false);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kAlreadyExists);
  EXPECT_FALSE(std::filesystem::exists(target));
  EXPECT_TRUE(std::filesystem::is_symlink(path));
}

TEST(PrivateFile, AMissingFolderIsAUserError) {
  TempDir dir;
  auto written = WritePrivateFile(dir.path() / "no-such-folder" / "review.html", "x", false);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kInvalidArgument);
}

TEST(PrivateFile, NoNameIsMadeWhileThePageIsWritten) {
  TempDir dir;
  const auto path = dir.path() / "review.html";
  std::size_t entries_while_writing = 99;
  auto count_entries = [&](std::ostream& out) {
    out << LongPage();
    out.flush();
    entries_while_writing = EntriesIn(dir.path());
  };
  ASSERT_TRUE(WritePrivateFile(path, count_entries, false));
  EXPECT_EQ(entries_while_writing, 0u);
  ASSERT_TRUE(WritePrivateFile(path, count_entries, true));
  EXPECT_EQ(entries_while_writing, 1u);  // the old page only
  EXPECT_EQ(EntriesIn(dir.path()), 1u);
}

// Runs WritePrivateFile in a child process that is killed half-way through
// the page (as by Ctrl-C, or a crash).
void KillWhileWriting(const std::filesystem::path& path, bool replace) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    (void)WritePrivateFile(
        path,
        [](std::ostream& out) {
          out << LongPage();
          out.flush();
          ::raise(SIGKILL);
        },
        replace);
    ::_exit(0);  // not reached
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
}

TEST(PrivateFile, AProcessKilledWhileWritingLeavesNoCopyOfThePage) {
  TempDir dir;
  const auto path = dir.path() / "review.html";
  KillWhileWriting(path, false);
  EXPECT_EQ(EntriesIn(dir.path()), 0u);
  { std::ofstream(path) << "old page"; }
  KillWhileWriting(path, true);
  EXPECT_EQ(EntriesIn(dir.path()), 1u);
  EXPECT_EQ(Slurp(path), "old page");
}

// Where a folder cannot hold an unnamed file, a temporary name is used.
TEST(PrivateFile, WithANamedTemporaryFileThePageArrivesWholeOwnerOnlyAndAlone) {
  TempDir dir;
  const auto path = dir.path() / "review.html";
  const std::string page = LongPage();
  auto write_page = [&](std::ostream& out) { out << page; };
  ASSERT_TRUE(WritePrivateFileViaNamedTemp(path, write_page, false));
  EXPECT_EQ(Slurp(path), page);
  EXPECT_EQ(Mode(path), 0600u);
  EXPECT_EQ(EntriesIn(dir.path()), 1u);

  auto again = WritePrivateFileViaNamedTemp(path, write_page, false);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);

  ::chmod(path.c_str(), 0644);
  ASSERT_TRUE(WritePrivateFileViaNamedTemp(
      path, [](std::ostream& out) { out << "newer"; }, true));
  EXPECT_EQ(Slurp(path), "newer");
  EXPECT_EQ(Mode(path), 0600u);
  EXPECT_EQ(EntriesIn(dir.path()), 1u);
}

TEST(PrivateFile, WithANamedTemporaryFileAThrowingWriterLeavesNothing) {
  TempDir dir;
  const auto path = dir.path() / "review.html";
  auto throwing = [](std::ostream& out) {
    out << LongPage();
    throw std::runtime_error("rendering failed");
  };
  EXPECT_THROW((void)WritePrivateFileViaNamedTemp(path, throwing, false), std::runtime_error);
  EXPECT_EQ(EntriesIn(dir.path()), 0u);
}

}  // namespace
}  // namespace rapport::cli
