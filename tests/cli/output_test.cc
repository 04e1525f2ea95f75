// What the binary prints when printing itself goes wrong: a full disk under
// standard output, a file name that is not UTF-8 in --json output.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_fixture.h"

namespace rapport::cli::testing {
namespace {

using ::testing::HasSubstr;

class OutputTest : public CliTest {
 protected:
  // rapport --home HOME ARGS... with standard output on /dev/full; returns
  // the exit code and fills `err` with standard error.
  int RunIntoFullDisk(const std::vector<std::string>& args, std::string& err) {
    std::vector<std::string> full_args = {"--home", home().string()};
    full_args.insert(full_args.end(), args.begin(), args.end());
    const int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    const int out = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
    const std::filesystem::path err_file = root() / "stderr.txt";
    const int err_fd = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    EXPECT_TRUE(in >= 0 && out >= 0 && err_fd >= 0);
    pid_t pid = 0;
    const int spawned = SpawnRapport(full_args, MakeEnv(), in, out, err_fd, pid);
    for (int fd : {in, out, err_fd}) ::close(fd);
    EXPECT_EQ(spawned, 0);
    int status = 0;
    EXPECT_EQ(::waitpid(pid, &status, 0), pid);
    err = ReadBytes(err_file);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
};

TEST_F(OutputTest, AListCutShortByAFullDiskIsAFailure) {
  UseSampleHome();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--json", "journal", "list"}, std::vector<std::string>{"review"},
        std::vector<std::string>{"history"}}) {
    std::string err;
    EXPECT_EQ(RunIntoFullDisk(args, err), 2) << args.back();
    EXPECT_THAT(err, HasSubstr("could not write the output")) << args.back();
    EXPECT_THAT(err, HasSubstr("No space left on device")) << args.back();
  }
}

TEST_F(OutputTest, AHomeNamedInBytesThatAreNotUtf8IsReportedInJson) {
  const std::filesystem::path odd = root() / "caf\xff";
  const RunResult r = RunRapport(
      {"--home", odd.string(), "--json", "init", "--name", "Sam", "--role", "client"}, MakeEnv());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json out = ParseJson(r);
  ASSERT_TRUE(out.is_object()) << r.out;
  EXPECT_THAT(out.dump(), HasSubstr("caf\xef\xbf\xbd"));  // U+FFFD for the odd byte
}

}  // namespace
}  // namespace rapport::cli::testing
