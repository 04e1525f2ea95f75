// Shared by the end-to-end tests of the `rapport` binary: a fixture with a
// temporary home, a ready-made sample home to copy, a byte-for-byte snapshot
// of a directory, and a check that a failure was reported as one clear line.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "run_binary.h"
#include "store/temp_dir.h"

namespace rapport::cli::testing {

inline constexpr char kPassphrase[] = "correct horse battery staple";
inline constexpr char kSampleTitle[] = "Sessions with Sam";
inline constexpr char kSamplePrivateText[] = "Slept badly, long day";
inline constexpr char kSampleSharedText[] = "I want to talk about work next time";

using Env = std::map<std::string, std::string>;

// The whole environment of a child: the passphrase (unless empty) and UTC.
Env MakeEnv(const std::string& passphrase = kPassphrase);

// Relative path -> bytes of every file under `dir` (directories map to "<dir>").
// Empty if `dir` does not exist.
using DirSnapshot = std::map<std::string, std::string>;
DirSnapshot Snapshot(const std::filesystem::path& dir);
// "changed rapport.db; added rapport.db-wal; " or "" if the two are equal.
std::string Differences(const DirSnapshot& before, const DirSnapshot& after);

std::string ReadBytes(const std::filesystem::path& file);
void WriteBytes(const std::filesystem::path& file, std::string_view bytes);
// Parses standard output as JSON; a discarded value if it is not JSON.
nlohmann::json ParseJson(const RunResult& r);

// Succeeds if `r` failed with `exit_code`, printed nothing on stdout, and
// printed exactly one line on stderr that starts with "rapport: " and
// contains `phrase`.
::testing::AssertionResult IsOneLineError(const RunResult& r, int exit_code,
                                          std::string_view phrase);

// A home made once per test process by init, notebook create, one private
// and one shared journal entry. Read-only: tests work on copies.
struct SampleHome {
  std::filesystem::path home;
  std::string author_id;
  std::string notebook_id;
  std::string private_id;
  std::string shared_id;
};
const SampleHome& Sample();

class CliTest : public ::testing::Test {
 protected:
  // A scratch directory for this test; home() is inside it.
  const std::filesystem::path& root() const { return tmp_.path(); }
  std::filesystem::path home() const { return root() / "home"; }

  // rapport --home HOME ARGS..., with MakeEnv() unless `env` is given.
  RunResult Run(const std::vector<std::string>& args, const std::string& stdin_text = "") const;
  RunResult RunWith(const Env& env, const std::vector<std::string>& args,
                    const std::string& stdin_text = "") const;
  // rapport --home HOME --json ARGS...; expects exit 0 and JSON output.
  nlohmann::json RunJson(const std::vector<std::string>& args,
                         const std::string& stdin_text = "") const;

  // A fresh identity "Sam" (client) with one notebook; returns its id.
  std::string InitWithNotebook();
  // Copies the sample home to home().
  const SampleHome& UseSampleHome();

  // Runs a request that must fail: checks the one-line error and that no
  // byte under root() changed.
  void ExpectRefused(const Env& env, const std::vector<std::string>& args,
                     const std::string& stdin_text, int exit_code, std::string_view phrase);
  void ExpectRefused(const std::vector<std::string>& args, int exit_code, std::string_view phrase) {
    ExpectRefused(MakeEnv(), args, "", exit_code, phrase);
  }

 private:
  store::testing_util::TempDir tmp_;
};

}  // namespace rapport::cli::testing
