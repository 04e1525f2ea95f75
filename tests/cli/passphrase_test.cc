// End-to-end tests of `rapport passphrase change`: the new passphrase opens
// the notebook with everything in it, the old one no longer does, and every
// refused change leaves the files as they were.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <csignal>

#include "cli_fixture.h"
#include "terminal_child.h"

namespace rapport::cli::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kNewPassphrase[] = "a different passphrase, longer";

Env WithNew(const std::string& current, const std::string& next) {
  Env env = MakeEnv(current);
  env["RAPPORT_NEW_PASSPHRASE"] = next;
  return env;
}

class PassphraseCliTest : public CliTest {};

TEST_F(PassphraseCliTest, OnlyTheNewPassphraseOpensTheNotebookAfterwards) {
  UseSampleHome();
  const RunResult changed = RunWith(WithNew(kPassphrase, kNewPassphrase), {"passphrase", "change"});
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_THAT(changed.out, HasSubstr("is changed"));

  const RunResult with_old = Run({"journal", "list"});
  EXPECT_TRUE(IsOneLineError(with_old, 2, "wrong passphrase"));
  const RunResult with_new = RunWith(MakeEnv(kNewPassphrase), {"journal", "list"});
  ASSERT_EQ(with_new.exit_code, 0) << with_new.err;
  EXPECT_THAT(with_new.out, HasSubstr(kSamplePrivateText));
  EXPECT_THAT(with_new.out, HasSubstr(kSampleSharedText));
}

TEST_F(PassphraseCliTest, TheNewPassphraseCanComeFromAFile) {
  UseSampleHome();
  const auto file = root() / "new-passphrase";
  WriteBytes(file, std::string(kNewPassphrase) + "\n");
  const RunResult changed =
      Run({"--json", "passphrase", "change", "--new-passphrase-file", file.string()});
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_EQ(ParseJson(changed).value("changed", false), true);
  EXPECT_EQ(ParseJson(changed).value("old_passphrase_erased", false), true);
  EXPECT_EQ(RunWith(MakeEnv(kNewPassphrase), {"notebook", "list"}).exit_code, 0);
}

TEST_F(PassphraseCliTest, ARefusedChangeChangesNothing) {
  UseSampleHome();
  ExpectRefused(WithNew("not the passphrase", kNewPassphrase), {"passphrase", "change"}, "", 2,
                "wrong passphrase");
  ExpectRefused(WithNew(kPassphrase, kPassphrase), {"passphrase", "change"}, "", 1,
                "the same as the current one");
  ExpectRefused(WithNew(kPassphrase, ""), {"passphrase", "change"}, "", 1,
                "RAPPORT_NEW_PASSPHRASE is empty");
  ExpectRefused(MakeEnv(), {"passphrase", "change", "--new-passphrase-file", "/no/such/file"}, "",
                1, "cannot read new passphrase file");
  // No new passphrase anywhere, and no terminal to ask on.
  ExpectRefused(MakeEnv(), {"passphrase", "change"}, "", 1, "RAPPORT_NEW_PASSPHRASE");
  EXPECT_EQ(Run({"notebook", "list"}).exit_code, 0);  // the old one still opens it
}

TEST_F(PassphraseCliTest, WithoutAnIdentityItSaysWhatToDo) {
  ExpectRefused(WithNew(kPassphrase, kNewPassphrase), {"passphrase", "change"}, "", 1,
                "rapport init");
}

// Typed on the terminal, the passphrase is not shown, and echo is back on
// once it is read.
TEST_F(PassphraseCliTest, TypedOnTheTerminalItIsNotShown) {
  UseSampleHome();
  const TerminalChild child =
      StartOnTerminal({"--home", home().string(), "journal", "list"}, MakeEnv(""));
  ASSERT_GT(child.pid, 0);
  ASSERT_THAT(ReadUntil(child.master, "Passphrase: "), HasSubstr("Passphrase: "));
  const std::string typed = std::string(kPassphrase) + "\n";
  ASSERT_EQ(::write(child.master, typed.data(), typed.size()), static_cast<ssize_t>(typed.size()));
  const std::string shown = ReadUntil(child.master, kSamplePrivateText);
  EXPECT_THAT(shown, HasSubstr(kSamplePrivateText));
  // Typing the passphrase before echo was off lost it (TCSAFLUSH): never wait forever.
  if (shown.find(kSamplePrivateText) == std::string::npos) ::kill(child.pid, SIGKILL);
  EXPECT_THAT(shown, ::testing::Not(HasSubstr(kPassphrase)));
  int status = 0;
  ASSERT_EQ(::waitpid(child.pid, &status, 0), child.pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  termios terminal{};
  ASSERT_EQ(::tcgetattr(child.master, &terminal), 0);
  EXPECT_TRUE(terminal.c_lflag & ECHO);
  ::close(child.master);
}

// Ctrl-C while the passphrase is asked for ends the command, and must not
// leave the person's terminal without echo for whatever they type next.
TEST_F(PassphraseCliTest, CtrlCAtThePromptLeavesTheTerminalEchoing) {
  UseSampleHome();
  const TerminalChild child =
      StartOnTerminal({"--home", home().string(), "journal", "list"}, MakeEnv(""));
  ASSERT_GT(child.pid, 0);
  ASSERT_THAT(ReadUntil(child.master, "Passphrase: "), HasSubstr("Passphrase: "));
  termios terminal{};
  ASSERT_EQ(::tcgetattr(child.master, &terminal), 0);
  EXPECT_FALSE(terminal.c_lflag & ECHO) << "the prompt is shown once echo is off";
  ASSERT_EQ(::write(child.master, "\x03", 1), 1);  // Ctrl-C
  int status = 0;
  ASSERT_EQ(::waitpid(child.pid, &status, 0), child.pid);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) << status;
  ASSERT_EQ(::tcgetattr(child.master, &terminal), 0);
  EXPECT_TRUE(terminal.c_lflag & ECHO);
  ::close(child.master);
}

}  // namespace
}  // namespace rapport::cli::testing
