// Tests for store/home.h: where the home is, and creating it privately.
#include "store/home.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <string>

#include "tests/store/temp_dir.h"

namespace rapport::store {
namespace {

using testing_util::ModeOf;
using testing_util::TempDir;
using testing_util::WriteFile;

// A fake environment for ResolveHome.
EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

const std::map<std::string, std::string> kAll = {
    {"RAPPORT_HOME", "/r"}, {"XDG_DATA_HOME", "/x"}, {"HOME", "/h"}};

TEST(Home, FlagWinsOverEverything) {
  EXPECT_EQ(ResolveHome("/flag", Env(kAll)), "/flag");
  EXPECT_EQ(ResolveHome("relative/dir", Env(kAll)), "relative/dir");
}

TEST(Home, EmptyOrMissingFlagFallsBackToRapportHome) {
  EXPECT_EQ(ResolveHome("", Env(kAll)), "/r");
  EXPECT_EQ(ResolveHome(std::nullopt, Env(kAll)), "/r");
}

TEST(Home, XdgDataHomeComesNext) {
  EXPECT_EQ(ResolveHome(std::nullopt, Env({{"XDG_DATA_HOME", "/x"}, {"HOME", "/h"}})),
            "/x/rapport");
  EXPECT_EQ(ResolveHome(std::nullopt,
                        Env({{"RAPPORT_HOME", ""}, {"XDG_DATA_HOME", "/x"}, {"HOME", "/h"}})),
            "/x/rapport")
      << "an empty RAPPORT_HOME counts as unset";
}

TEST(Home, HomeIsTheLastResort) {
  EXPECT_EQ(ResolveHome(std::nullopt, Env({{"HOME", "/h"}})), "/h/.local/share/rapport");
  EXPECT_EQ(ResolveHome(std::nullopt, Env({{"XDG_DATA_HOME", ""}, {"HOME", "/h"}})),
            "/h/.local/share/rapport");
  EXPECT_EQ(ResolveHome(std::nullopt, Env({{"XDG_DATA_HOME", "rel"}, {"HOME", "/h"}})),
            "/h/.local/share/rapport")
      << "a relative XDG_DATA_HOME is ignored, as the XDG spec says";
}

TEST(Home, NothingSetGivesEmptyPath) {
  EXPECT_TRUE(ResolveHome(std::nullopt, Env({})).empty());
  EXPECT_TRUE(ResolveHome("", Env({{"HOME", ""}})).empty());
}

TEST(Home, ProcessEnvironmentOverload) {
  // Only the flag case is independent of the real environment.
  EXPECT_EQ(ResolveHome("/flag"), "/flag");
}

TEST(Home, DatabasePathIsInsideTheHome) {
  EXPECT_EQ(DatabasePath("/h/rapport"), std::filesystem::path("/h/rapport/rapport.db"));
}

TEST(Home, EnsureHomeCreatesPrivateDirectoryAndParents) {
  TempDir dir;
  const auto home = dir.path() / "a" / "b" / "rapport";
  const mode_t old_umask = ::umask(0);
  Status s = EnsureHome(home);
  ::umask(old_umask);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_TRUE(std::filesystem::is_directory(home));
  EXPECT_EQ(ModeOf(home), 0700u);
  EXPECT_EQ(ModeOf(dir.path() / "a"), 0700u);
  EXPECT_TRUE(EnsureHome(home)) << "idempotent";
  EXPECT_EQ(ModeOf(home), 0700u);
}

TEST(Home, EnsureHomeTightensAnExistingHome) {
  TempDir dir;
  const auto home = dir / "home";
  ASSERT_EQ(::mkdir(home.c_str(), 0755), 0);
  ASSERT_EQ(::chmod(home.c_str(), 0755), 0);
  ASSERT_TRUE(EnsureHome(home));
  EXPECT_EQ(ModeOf(home), 0700u);
}

TEST(Home, EnsureHomeUnderARegularFileIsIo) {
  // A regular file in the path stops even root.
  TempDir dir;
  WriteFile(dir / "file", {'x'});
  const auto home = dir.path() / "file" / "sub";
  Status s = EnsureHome(home);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
  EXPECT_EQ(s.error().message, "cannot create Rapport home " + home.string() + ": Not a directory");
}

TEST(Home, EnsureHomeOnARegularFileIsIo) {
  TempDir dir;
  WriteFile(dir / "file", {'x'});
  Status s = EnsureHome(dir / "file");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
  EXPECT_NE(s.error().message.find("Not a directory"), std::string::npos);
}

TEST(Home, EnsureHomeInAnUnwritableParentIsIo) {
  if (::geteuid() == 0) {
    GTEST_SKIP() << "root ignores directory permissions; EnsureHomeUnderARegularFileIsIo "
                    "covers the failure path as root";
  }
  TempDir dir;
  const auto parent = dir / "locked";
  ASSERT_EQ(::mkdir(parent.c_str(), 0500), 0);
  const auto home = parent / "home";
  Status s = EnsureHome(home);
  ::chmod(parent.c_str(), 0700);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
  EXPECT_EQ(s.error().message,
            "cannot create Rapport home " + home.string() + ": Permission denied");
}

TEST(Home, EnsureHomeWithoutAPathIsInvalidArgument) {
  Status s = EnsureHome({});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace rapport::store
