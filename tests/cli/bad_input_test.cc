// End-to-end tests of requests the binary must refuse: each ends with exit
// code 1 (or 2 where noted), one clear line on stderr, and no stored byte
// changed. Damaged data is in damaged_data_test.cc.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>

#include "cli_fixture.h"

namespace rapport::cli::testing {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

class BadInputCliTest : public CliTest {};

// A mistyped join can make the argument parser quote the invite, PSK and
// all; the error names the mistake without it.
TEST_F(BadInputCliTest, AParseErrorDoesNotRepeatAnInvite) {
  const std::string secret = "AEBAGBAFAYDQQCIKBMGA2SECRETPSKBYTES7";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"join", "--timeout", "RAPPORT1-" + secret},
        std::vector<std::string>{"join", "RAPPORT1-AAAA", "rapport1-" + secret}}) {
    const RunResult r = Run(args);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    std::string err = r.err;
    for (char& c : err) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_THAT(err, HasSubstr("rapport1-"));
    EXPECT_EQ(err.find("secretpsk"), std::string::npos) << r.err;
  }
}

TEST_F(BadInputCliTest, InitOverAnExistingIdentityKeepsTheOriginal) {
  const SampleHome& sample = UseSampleHome();
  ExpectRefused(MakeEnv("a different passphrase"), {"init", "--name", "Eve", "--role", "therapist"},
                "", 1, "already exists");
  // The first identity still opens with its own passphrase.
  const Json history = RunJson({"history"});
  ASSERT_TRUE(history.is_object());
  ASSERT_FALSE(history["events"].empty());
  for (const Json& e : history["events"]) EXPECT_EQ(e["author"], sample.author_id);
  const RunResult list = Run({"notebook", "list"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr(kSampleTitle));
}

TEST_F(BadInputCliTest, EveryCommandWithoutAnIdentitySaysToRunInit) {
  const std::vector<std::vector<std::string>> commands = {
      {"notebook", "list"}, {"notebook", "create", "N"}, {"journal", "add", "hello"},
      {"journal", "list"},  {"journal", "share", "ab"},  {"history"}};
  for (const auto& command : commands) {
    SCOPED_TRACE(command.front() + " " + command.back());
    ExpectRefused(MakeEnv(), command, "", 1, "rapport init");
  }
  EXPECT_FALSE(std::filesystem::exists(home())) << "a refused command created the home";
}

TEST_F(BadInputCliTest, UnknownRole) {
  ExpectRefused({"init", "--name", "Sam", "--role", "doctor"}, 1, "--role must be");
  EXPECT_FALSE(std::filesystem::exists(home()));
}

// A name of spaces would be refused later by every notebook it opens.
TEST_F(BadInputCliTest, InitWithANameOfOnlySpaces) {
  ExpectRefused({"init", "--name", "  \t ", "--role", "client"}, 1, "the name is empty");
  EXPECT_FALSE(std::filesystem::exists(home() / "rapport.db"));
}

// Text a terminal would act on (an escape sequence, a line break in a name)
// could fake what the other member reads, the safety number included.
TEST_F(BadInputCliTest, TextATerminalWouldActOnIsRefused) {
  ExpectRefused({"init", "--name", "Eve\x1b[2J", "--role", "client"}, 1,
                "the name holds a control character (U+001B)");
  ExpectRefused({"init", "--name", "Bob:\n  11111 22222", "--role", "client"}, 1,
                "the name holds a line break");
  EXPECT_FALSE(std::filesystem::exists(home() / "rapport.db"));
  UseSampleHome();
  ExpectRefused({"journal", "add", "hello\x1b[1A\x1b[2K\rrapport: wrong passphrase"}, 1,
                "the entry holds a control character (U+001B)");
  ExpectRefused({"notebook", "create", "Title\x1b]0;owned\x07"}, 1, "notebook title holds");
}

TEST_F(BadInputCliTest, UnknownNotebook) {
  UseSampleHome();
  ExpectRefused({"--notebook", "nosuch", "journal", "list"}, 1, "no notebook matches 'nosuch'");
}

TEST_F(BadInputCliTest, SeveralNotebooksAndNoneChosen) {
  UseSampleHome();
  ASSERT_EQ(Run({"notebook", "create", "Homework"}).exit_code, 0);
  ExpectRefused({"journal", "add", "Which one?"}, 1, "choose one with --notebook");
}

TEST_F(BadInputCliTest, TitleSharedByTwoNotebooksIsAmbiguous) {
  UseSampleHome();
  ASSERT_EQ(Run({"notebook", "create", kSampleTitle}).exit_code, 0);
  ExpectRefused({"--notebook", kSampleTitle, "journal", "list"}, 1, "matches several notebooks");
}

TEST_F(BadInputCliTest, ShareOfAnUnknownEntryId) {
  UseSampleHome();
  ExpectRefused({"journal", "share", "0123456789abcdef"}, 1, "no private journal entry");
}

TEST_F(BadInputCliTest, ShareOfSomethingThatIsNotAnId) {
  UseSampleHome();
  ExpectRefused({"journal", "share", "zz"}, 1, "is not an entry id");
}

TEST_F(BadInputCliTest, ShareOfAnEntryAlreadyShared) {
  const SampleHome& sample = UseSampleHome();
  ExpectRefused({"journal", "share", sample.shared_id.substr(0, 8)}, 1, "already shared");
}

TEST_F(BadInputCliTest, MoodAboveTen) {
  UseSampleHome();
  ExpectRefused({"journal", "add", "--mood", "11", "Great"}, 1, "mood must be");
}

TEST_F(BadInputCliTest, MoodBelowZero) {
  UseSampleHome();
  ExpectRefused({"journal", "add", "--mood", "-1", "Awful"}, 1, "mood must be");
}

TEST_F(BadInputCliTest, MoodNotANumber) {
  UseSampleHome();
  ExpectRefused({"journal", "add", "--mood", "good", "Fine"}, 1, "--mood");
}

TEST_F(BadInputCliTest, EmptyText) {
  UseSampleHome();
  ExpectRefused({"journal", "add", ""}, 1, "the entry is empty");
}

TEST_F(BadInputCliTest, WhitespaceOnlyText) {
  UseSampleHome();
  ExpectRefused({"journal", "add", " \t \n "}, 1, "the entry is empty");
}

TEST_F(BadInputCliTest, EmptyStandardInput) {
  UseSampleHome();
  ExpectRefused(MakeEnv(), {"journal", "add", "--share"}, "", 1, "the entry is empty");
}

TEST_F(BadInputCliTest, SinceADateThatDoesNotExist) {
  UseSampleHome();
  ExpectRefused({"journal", "list", "--since", "2026-02-31"}, 1, "YYYY-MM-DD");
}

TEST_F(BadInputCliTest, SinceAWordInsteadOfADate) {
  UseSampleHome();
  ExpectRefused({"journal", "list", "--since", "yesterday"}, 1, "YYYY-MM-DD");
}

// An empty value must not read as "not given": `review --html ""` would
// print the review on the terminal instead of writing the file asked for.
TEST_F(BadInputCliTest, AnEmptyOptionValueIsRefused) {
  UseSampleHome();
  const std::vector<std::vector<std::string>> commands = {
      {"review", "--html", ""},
      {"review", "--since", ""},
      {"journal", "list", "--since", ""},
      {"reflect", "list", "--since", ""},
      {"--notebook", "", "journal", "list"},
      {"--passphrase-file", "", "journal", "list"},
      {"--home", "", "journal", "list"},
      {"goal", "propose", "Sleep", "--measure", "nights", "--target", ""},
      {"task", "assign", "Walk", "--step", "one", "--due", ""},
      {"task", "assign", "Walk", "--step", "one", "--goal", ""},
      {"feedback", "checkin", "--individually", "5", "--interpersonally", "5", "--socially", "5",
       "--overall", "5", "--date", ""},
      {"passphrase", "change", "--new-passphrase-file", ""},
      {"sync", "--peer", ""}};
  for (const auto& command : commands) {
    SCOPED_TRACE(::testing::PrintToString(command));
    ExpectRefused(command, 1, "needs a value, not an empty string");
  }
}

TEST_F(BadInputCliTest, NoPassphraseSource) {
  UseSampleHome();
  ExpectRefused(MakeEnv(""), {"journal", "list"}, "", 1, "RAPPORT_PASSPHRASE");
}

TEST_F(BadInputCliTest, NoPassphraseSourceForInit) {
  ExpectRefused(MakeEnv(""), {"init", "--name", "Sam", "--role", "client"}, "", 1,
                "RAPPORT_PASSPHRASE");
  EXPECT_FALSE(std::filesystem::exists(home()));
}

// An import is all or nothing: a bad entry anywhere, a wrong passphrase or
// a missing file adds no entry and changes no byte.
TEST_F(BadInputCliTest, ImportWithOneBadEntryAddsNothing) {
  UseSampleHome();
  const std::string file = (root() / "import.json").string();
  std::ofstream(file) << R"([{"text": "fine"}, {"text": "also fine"}, {"text": "x", "mood": 12}])";
  ExpectRefused({"journal", "import", file}, 1, "entry 3: \"mood\" must be 0 to 10, or null");
  ExpectRefused({"journal", "import", "--share", file}, 1, "entry 3:");
}

TEST_F(BadInputCliTest, ImportWithAWrongPassphraseAddsNothing) {
  UseSampleHome();
  const std::string file = (root() / "import.json").string();
  std::ofstream(file) << R"([{"text": "fine"}])";
  ExpectRefused(MakeEnv("not the passphrase"), {"journal", "import", file}, "", 2, "passphrase");
}

TEST_F(BadInputCliTest, ImportOfAMissingFileOrAFolder) {
  UseSampleHome();
  ExpectRefused({"journal", "import", (root() / "no-such.json").string()}, 1, "cannot read");
  ExpectRefused({"journal", "import", root().string()}, 1, "Is a directory");
}

// A misspelt file name is a mistake in the request: exit 1, like a wrong
// --notebook, not a data or security problem.
TEST_F(BadInputCliTest, PassphraseFileMissing) {
  UseSampleHome();
  const std::string missing = (root() / "no_such_file").string();
  ExpectRefused(MakeEnv(""), {"--passphrase-file", missing, "journal", "list"}, "", 1,
                "cannot read passphrase file");
}

// Reading a directory fails; that must not turn into an empty passphrase
// and a misleading "wrong passphrase".
TEST_F(BadInputCliTest, PassphraseFileIsADirectory) {
  UseSampleHome();
  ExpectRefused(MakeEnv(""), {"--passphrase-file", root().string(), "journal", "list"}, "", 1,
                "Is a directory");
}

// Tests run as root, so permissions cannot make a home unwritable; a home
// below a regular file cannot be created by anyone. The store reports this
// as an I/O problem (exit 2).
TEST_F(BadInputCliTest, HomeThatCannotBeCreated) {
  WriteBytes(root() / "afile", "not a directory\n");
  const std::vector<std::string> args = {
      "--home", (root() / "afile" / "home").string(), "init", "--name", "Sam", "--role", "client"};
  const DirSnapshot before = Snapshot(root());
  const RunResult r = RunRapport(args, MakeEnv());
  EXPECT_TRUE(IsOneLineError(r, 2, "cannot create Rapport home"));
  EXPECT_THAT(r.err, HasSubstr("Not a directory"));
  EXPECT_EQ(Differences(before, Snapshot(root())), "");
}

}  // namespace
}  // namespace rapport::cli::testing

namespace rapport::cli::testing {
namespace {

// An empty passphrase can never be right: say it is empty, not that it is wrong.
TEST_F(BadInputCliTest, EmptyPassphraseFile) {
  UseSampleHome();
  WriteBytes(root() / "empty_pass", "\n");
  ExpectRefused(MakeEnv(""),
                {"--passphrase-file", (root() / "empty_pass").string(), "journal", "list"}, "", 1,
                "passphrase file is empty");
}

TEST_F(BadInputCliTest, EmptyPassphraseVariable) {
  UseSampleHome();
  Env env = MakeEnv("");
  env["RAPPORT_PASSPHRASE"] = "";
  ExpectRefused(env, {"journal", "list"}, "", 1, "RAPPORT_PASSPHRASE is empty");
}

}  // namespace
}  // namespace rapport::cli::testing
