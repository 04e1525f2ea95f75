// Shared by the end-to-end tests of the collaborative record's commands
// (goal, task, feedback, profile, rupture, reflect, ending, comment): a
// client or therapist home, a second member's home paired with it, and the
// ids the commands print.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli_fixture.h"
#include "two_devices.h"

namespace rapport::cli::testing {

class VerbTest : public CliTest {
 protected:
  // home() as a fresh identity with one notebook; returns the notebook id.
  std::string ClientHome() { return InitWithNotebook(); }
  std::string TherapistHome() {
    const RunResult init = Run({"init", "--name", "Dr. Ada", "--role", "therapist"});
    EXPECT_EQ(init.exit_code, 0) << init.err;
    return RunJson({"notebook", "create", kSampleTitle}).value("id", "");
  }

  // The therapist's home, beside home().
  std::filesystem::path therapist() const { return root() / "therapist"; }

  // A therapist home that created the notebook and a client home() paired
  // with it; returns the notebook id.
  std::string PairedHomes() {
    EXPECT_EQ(RunAt(therapist(), {"init", "--name", "Dr. Ada", "--role", "therapist"}).exit_code,
              0);
    const std::string nb =
        RunJsonAt(therapist(), {"notebook", "create", kSampleTitle}).value("id", "");
    EXPECT_EQ(Run({"init", "--name", "Sam", "--role", "client"}).exit_code, 0);
    PairHomes(therapist(), home(), nb);
    return nb;
  }
  void Exchange(const std::string& nb) { ExchangeEvents(therapist(), home(), nb); }

  RunResult RunAt(const std::filesystem::path& at, const std::vector<std::string>& args) const {
    std::vector<std::string> all = {"--home", at.string()};
    all.insert(all.end(), args.begin(), args.end());
    return RunRapport(all, MakeEnv());
  }
  nlohmann::json RunJsonAt(const std::filesystem::path& at,
                           const std::vector<std::string>& args) const {
    std::vector<std::string> all = {"--json"};
    all.insert(all.end(), args.begin(), args.end());
    const RunResult r = RunAt(at, all);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return ParseJson(r);
  }

  // Runs a write command with --json and returns the id it printed.
  std::string Write(const std::vector<std::string>& args) {
    const nlohmann::json j = RunJson(args);
    EXPECT_TRUE(j.is_object() && j.contains("id")) << j.dump();
    return j.is_object() ? j.value("id", "") : "";
  }
  std::string WriteAt(const std::filesystem::path& at, const std::vector<std::string>& args) {
    const nlohmann::json j = RunJsonAt(at, args);
    EXPECT_TRUE(j.is_object() && j.contains("id")) << j.dump();
    return j.is_object() ? j.value("id", "") : "";
  }
};

// The first `n` hex digits of an id: what people type.
inline std::string Short(const std::string& id, std::size_t n = 6) { return id.substr(0, n); }

}  // namespace rapport::cli::testing
