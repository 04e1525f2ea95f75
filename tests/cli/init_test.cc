// End-to-end tests of `rapport init` and of where the passphrase comes from:
// the new home is private, and --passphrase-file works like the variable.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "cli_fixture.h"

namespace rapport::cli::testing {
namespace {

using store::testing_util::ModeOf;
using ::testing::HasSubstr;
using Json = nlohmann::json;

class InitCliTest : public CliTest {};

TEST_F(InitCliTest, CreatesAPrivateHomeAndPrintsTheIdentity) {
  const Json id = RunJson({"init", "--name", "Ada", "--role", "therapist"});
  EXPECT_EQ(id.value("name", ""), "Ada");
  EXPECT_EQ(id.value("role", ""), "therapist");
  EXPECT_EQ(id.value("id", "").size(), 64u);
  EXPECT_EQ(id.value("noise_key", "").size(), 64u);
  EXPECT_EQ(id.value("home", ""), home().string());
  EXPECT_EQ(ModeOf(home()), 0700u);
  EXPECT_EQ(ModeOf(home() / "rapport.db"), 0600u);
  // Closed cleanly: the write-ahead log was checkpointed and removed.
  EXPECT_EQ(Differences({}, Snapshot(home())), "added rapport.db; ");
}

TEST_F(InitCliTest, TightensAnExistingLooseHome) {
  std::filesystem::create_directory(home());
  ::chmod(home().c_str(), 0755);
  const RunResult r = Run({"init", "--name", "Sam", "--role", "client"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Created the identity of Sam (client)"));
  EXPECT_EQ(ModeOf(home()), 0700u);
  EXPECT_EQ(ModeOf(home() / "rapport.db"), 0600u);
}

TEST_F(InitCliTest, PassphraseFileWorksWithOrWithoutTrailingNewline) {
  const Env no_variable = MakeEnv("");
  const auto with_newline = root() / "with_newline";
  const auto without_newline = root() / "without_newline";
  const auto with_crlf = root() / "with_crlf";
  WriteBytes(with_newline, std::string(kPassphrase) + "\n");
  WriteBytes(without_newline, kPassphrase);
  WriteBytes(with_crlf, std::string(kPassphrase) + "\r\n");

  const RunResult init = RunWith(no_variable, {"--passphrase-file", with_newline.string(), "init",
                                               "--name", "Sam", "--role", "client"});
  EXPECT_EQ(init.exit_code, 0) << init.err;
  const RunResult create = RunWith(
      no_variable, {"--passphrase-file", without_newline.string(), "notebook", "create", "N"});
  EXPECT_EQ(create.exit_code, 0) << create.err;
  const RunResult crlf =
      RunWith(no_variable, {"--passphrase-file", with_crlf.string(), "notebook", "list"});
  EXPECT_EQ(crlf.exit_code, 0) << crlf.err;
  // The same passphrase from the environment variable opens it too.
  const RunResult variable = Run({"notebook", "list"});
  EXPECT_EQ(variable.exit_code, 0) << variable.err;
  EXPECT_THAT(variable.out, HasSubstr("  N  ("));
}

// SQLite refuses a link anywhere on the path when asked not to follow
// links; Rapport resolves the directories, so a linked $HOME or data folder
// works.
TEST_F(InitCliTest, AHomeUnderALinkedDirectoryWorks) {
  std::filesystem::create_directory(root() / "real");
  std::filesystem::create_directory_symlink(root() / "real", root() / "linked");
  const std::string linked_home = (root() / "linked" / "home").string();
  const RunResult init =
      RunRapport({"--home", linked_home, "init", "--name", "Sam", "--role", "client"}, MakeEnv());
  EXPECT_EQ(init.exit_code, 0) << init.err;
  EXPECT_TRUE(std::filesystem::is_regular_file(root() / "real" / "home" / "rapport.db"));
  const RunResult list = RunRapport({"--home", linked_home, "notebook", "list"}, MakeEnv());
  EXPECT_EQ(list.exit_code, 0) << list.err;
}

TEST_F(InitCliTest, ADatabaseThatIsALinkIsRefused) {
  ASSERT_EQ(Run({"init", "--name", "Sam", "--role", "client"}).exit_code, 0);
  const auto elsewhere = root() / "elsewhere";
  std::filesystem::create_directory(elsewhere);
  std::filesystem::create_symlink(home() / "rapport.db", elsewhere / "rapport.db");
  const DirSnapshot before = Snapshot(root());
  const RunResult r = RunRapport({"--home", elsewhere.string(), "notebook", "list"}, MakeEnv());
  EXPECT_TRUE(IsOneLineError(r, 2, "rapport.db is a symbolic link"));
  EXPECT_EQ(Differences(before, Snapshot(root())), "");
}

TEST_F(InitCliTest, AFailedInitLeavesNoDatabaseBehind) {
  // Longer than SQLite's 512-byte path limit: the file could be created, but
  // SQLite cannot open it.
  std::filesystem::path deep = root();
  for (int i = 0; i < 3; ++i) deep /= std::string(200, 'h');
  const RunResult r =
      RunRapport({"--home", deep.string(), "init", "--name", "Sam", "--role", "client"}, MakeEnv());
  EXPECT_TRUE(IsOneLineError(r, 2, "unable to open database file"));
  EXPECT_TRUE(std::filesystem::is_directory(deep));
  EXPECT_FALSE(std::filesystem::exists(deep / "rapport.db"));
}

}  // namespace
}  // namespace rapport::cli::testing
