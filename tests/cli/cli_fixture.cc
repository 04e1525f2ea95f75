// The shared fixture of the end-to-end tests (cli_fixture.h).
#include "cli_fixture.h"

#include <algorithm>
#include <fstream>
#include <iterator>

namespace rapport::cli::testing {
namespace {

std::vector<std::string> WithHome(const std::filesystem::path& home,
                                  const std::vector<std::string>& args) {
  std::vector<std::string> all = {"--home", home.string()};
  all.insert(all.end(), args.begin(), args.end());
  return all;
}

// Runs one step of building the sample home; returns the "id" it printed.
std::string SampleStep(const std::filesystem::path& home, const std::vector<std::string>& args) {
  std::vector<std::string> all = {"--json"};
  all.insert(all.end(), args.begin(), args.end());
  const RunResult r = RunRapport(WithHome(home, all), MakeEnv());
  const nlohmann::json j = ParseJson(r);
  if (r.exit_code != 0 || !j.is_object() || !j.contains("id")) {
    ADD_FAILURE() << "building the sample home failed at " << args.front() << ": " << r.err;
    return "";
  }
  return j["id"].get<std::string>();
}

SampleHome BuildSample(const std::filesystem::path& home) {
  SampleHome s;
  s.home = home;
  s.author_id = SampleStep(home, {"init", "--name", "Sam", "--role", "client"});
  s.notebook_id = SampleStep(home, {"notebook", "create", kSampleTitle});
  s.private_id = SampleStep(home, {"journal", "add", kSamplePrivateText});
  s.shared_id = SampleStep(
      home, {"journal", "add", "--share", "--mood", "6", "--tag", "work", kSampleSharedText});
  return s;
}

}  // namespace

std::string Differences(const DirSnapshot& before, const DirSnapshot& after) {
  std::string out;
  for (const auto& [name, bytes] : before) {
    const auto it = after.find(name);
    if (it == after.end()) {
      out += "removed " + name + "; ";
    } else if (it->second != bytes) {
      out += "changed " + name + "; ";
    }
  }
  for (const auto& [name, bytes] : after)
    if (!before.contains(name)) out += "added " + name + "; ";
  return out;
}

Env MakeEnv(const std::string& passphrase) {
  Env env = {{"TZ", "UTC"}};
  if (!passphrase.empty()) env["RAPPORT_PASSPHRASE"] = passphrase;
  return env;
}

DirSnapshot Snapshot(const std::filesystem::path& dir) {
  DirSnapshot out;
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    const std::string name = std::filesystem::relative(entry.path(), dir).string();
    out[name] = entry.is_directory() ? "<dir>" : ReadBytes(entry.path());
  }
  return out;
}

std::string ReadBytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void WriteBytes(const std::filesystem::path& file, std::string_view bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

nlohmann::json ParseJson(const RunResult& r) {
  return nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
}

::testing::AssertionResult IsOneLineError(const RunResult& r, int exit_code,
                                          std::string_view phrase) {
  auto failure = [&r] {
    return ::testing::AssertionFailure()
           << "(exit " << r.exit_code << ", stdout [" << r.out << "], stderr [" << r.err << "]) ";
  };
  if (r.exit_code != exit_code) return failure() << "expected exit code " << exit_code;
  if (!r.err.starts_with("rapport: ")) return failure() << "stderr must start with 'rapport: '";
  if (std::count(r.err.begin(), r.err.end(), '\n') != 1 || !r.err.ends_with('\n'))
    return failure() << "stderr must be exactly one line";
  if (r.err.find(phrase) == std::string::npos)
    return failure() << "stderr should mention '" << phrase << "'";
  if (!r.out.empty()) return failure() << "a failure should print nothing on stdout";
  return ::testing::AssertionSuccess();
}

const SampleHome& Sample() {
  static const store::testing_util::TempDir dir;
  static const SampleHome sample = BuildSample(dir.path() / "home");
  return sample;
}

RunResult CliTest::Run(const std::vector<std::string>& args, const std::string& stdin_text) const {
  return RunWith(MakeEnv(), args, stdin_text);
}

RunResult CliTest::RunWith(const Env& env, const std::vector<std::string>& args,
                           const std::string& stdin_text) const {
  return RunRapport(WithHome(home(), args), env, stdin_text);
}

nlohmann::json CliTest::RunJson(const std::vector<std::string>& args,
                                const std::string& stdin_text) const {
  std::vector<std::string> all = {"--json"};
  all.insert(all.end(), args.begin(), args.end());
  const RunResult r = Run(all, stdin_text);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = ParseJson(r);
  EXPECT_FALSE(j.is_discarded()) << "not JSON: " << r.out;
  return j;
}

std::string CliTest::InitWithNotebook() {
  const RunResult init = Run({"init", "--name", "Sam", "--role", "client"});
  EXPECT_EQ(init.exit_code, 0) << init.err;
  const nlohmann::json nb = RunJson({"notebook", "create", kSampleTitle});
  return nb.is_object() ? nb.value("id", "") : "";
}

const SampleHome& CliTest::UseSampleHome() {
  const SampleHome& sample = Sample();
  std::filesystem::copy(sample.home, home(), std::filesystem::copy_options::recursive);
  return sample;
}

void CliTest::ExpectRefused(const Env& env, const std::vector<std::string>& args,
                            const std::string& stdin_text, int exit_code, std::string_view phrase) {
  std::string command = "rapport";
  for (const auto& a : args) command += " " + a;
  SCOPED_TRACE(command);
  const DirSnapshot before = Snapshot(root());
  const RunResult r = RunWith(env, args, stdin_text);
  EXPECT_TRUE(IsOneLineError(r, exit_code, phrase));
  EXPECT_EQ(Differences(before, Snapshot(root())), "") << "a refused request changed files";
}

}  // namespace rapport::cli::testing
