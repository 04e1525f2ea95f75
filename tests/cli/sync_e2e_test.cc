// End-to-end tests of pairing and sync with real `rapport` processes on
// 127.0.0.1 (port 0 everywhere): invite and join, serve and sync both ways,
// edits made apart that converge to the same review, live push, a bare
// sync to the remembered address, Ctrl-C, writes by other commands while
// serve runs, and an interrupted sync that resumes. Waiting is always for a
// condition, with a deadline.
#include <signal.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <iterator>
#include <memory>
#include <regex>
#include <set>
#include <sstream>

#include "background_process.h"
#include "cli_fixture.h"
#include "paired_devices.h"
#include "throttled_relay.h"

namespace rapport::cli::testing {
namespace {

using nlohmann::json;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

constexpr char kTherapistName[] = "Dr. Ada Example";
constexpr char kClientName[] = "Sam";
constexpr char kWelcome[] = "Welcome to our notebook";
// Both devices make the review as of this moment, so that it depends on the
// shared record alone.
constexpr char kSyncNow[] = "2030-01-01T12:00:00Z";
// A process prints its first line after one passphrase derivation, which
// can take seconds on a loaded machine.
constexpr auto kStartTimeout = seconds(30);
constexpr auto kExitTimeout = seconds(15);

std::vector<std::string> At(const std::filesystem::path& home, std::vector<std::string> args) {
  args.insert(args.begin(), {"--home", home.string()});
  return args;
}

bool Contains(const std::vector<std::string>& texts, const std::string& text) {
  return std::find(texts.begin(), texts.end(), text) != texts.end();
}

// Helpers shared by the tests below: running `rapport` on one of the homes
// under root(), in the foreground or in the background.
class SyncE2EBase : public ::testing::Test {
 protected:
  const std::filesystem::path& root() const { return tmp_.path(); }
  std::filesystem::path therapist() const { return root() / "therapist"; }
  std::filesystem::path client() const { return root() / "client"; }

  static RunResult Rapport(const std::filesystem::path& home,
                           const std::vector<std::string>& args) {
    return RunRapport(At(home, args), MakeEnv());
  }
  // --json ARGS; expects exit 0 and JSON on stdout.
  static json RapportJson(const std::filesystem::path& home, std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    const RunResult r = Rapport(home, args);
    EXPECT_EQ(r.exit_code, 0) << "rapport " << args[1] << ": " << r.err;
    const json j = ParseJson(r);
    EXPECT_FALSE(j.is_discarded()) << "not JSON: " << r.out;
    return j;
  }
  static std::unique_ptr<BackgroundProcess> Start(const std::filesystem::path& home,
                                                  const std::vector<std::string>& args) {
    auto p = std::make_unique<BackgroundProcess>(At(home, args), MakeEnv());
    EXPECT_TRUE(p->running()) << p->error();
    return p;
  }
  // `rapport serve` on `home`, on a port the system picks; `address` is
  // where it listens once it said so.
  static std::unique_ptr<BackgroundProcess> Serve(const std::filesystem::path& home,
                                                  std::string& address) {
    auto p = Start(home, {"serve", "--listen", "127.0.0.1:0"});
    const auto line = p->ReadLine(kStartTimeout);
    EXPECT_TRUE(line) << "serve did not start: " << p->Stderr();
    static const std::regex kListening(
        R"(Listening on (127\.0\.0\.1:[0-9]+); press Ctrl-C to stop\.)");
    std::smatch m;
    if (line && std::regex_match(*line, m, kListening)) address = m[1].str();
    EXPECT_FALSE(address.empty()) << "unexpected first line: " << line.value_or("(none)");
    EXPECT_FALSE(address.ends_with(":0"));
    return p;
  }
  // Ctrl-C on `sync --live`: exit 0 and the summary of what it exchanged.
  static void StopLive(BackgroundProcess& live) {
    live.Signal(SIGINT);
    EXPECT_EQ(live.Wait(kExitTimeout), 0) << live.Stderr();
    EXPECT_NE(live.Stdout().find("Synced with"), std::string::npos) << live.Stdout();
  }
  // Ctrl-C, then serve must end with exit code 0 and say so.
  static void StopServe(BackgroundProcess& serve) {
    serve.Signal(SIGINT);
    EXPECT_EQ(serve.Wait(kExitTimeout), 0) << serve.Stderr();
    EXPECT_NE(serve.Stdout().find("Stopped."), std::string::npos) << serve.Stdout();
  }
  // The texts of the journal entries `home` lists, shared and private.
  static std::vector<std::string> JournalTexts(const std::filesystem::path& home) {
    std::vector<std::string> out;
    for (const json& e : RapportJson(home, {"journal", "list"})) out.push_back(e.value("text", ""));
    return out;
  }
  // Waits until both homes hold as many events as each other, at least
  // `at_least`: the cheap sign that a sync in another process has landed.
  bool WaitForSameEventCount(std::int64_t at_least, std::chrono::milliseconds timeout) {
    return PollUntil(
        [&] {
          const std::int64_t a = CountEvents(therapist());
          return a >= at_least && a == CountEvents(client());
        },
        timeout);
  }
  static std::string Review(const std::filesystem::path& home) {
    const RunResult r = Rapport(home, {"--json", "review", "--now", kSyncNow});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

 private:
  store::testing_util::TempDir tmp_;
};

// Homes made from scratch with the real commands.
using SyncPairingTest = SyncE2EBase;

TEST_F(SyncPairingTest, InviteAndJoinPairTwoDevices) {
  ASSERT_EQ(
      Rapport(therapist(), {"init", "--name", kTherapistName, "--role", "therapist"}).exit_code, 0);
  ASSERT_EQ(Rapport(client(), {"init", "--name", kClientName, "--role", "client"}).exit_code, 0);
  RapportJson(therapist(), {"notebook", "create", kSampleTitle});
  RapportJson(therapist(), {"journal", "add", "--share", kWelcome});
  RapportJson(therapist(), {"journal", "add", "A private note of the therapist"});

  auto invite = Start(therapist(), {"--json", "invite", "--listen", "127.0.0.1:0"});
  const auto line = invite->ReadLine(kStartTimeout);
  ASSERT_TRUE(line) << invite->Stderr();
  const json offer = json::parse(*line, nullptr, false);
  ASSERT_TRUE(offer.is_object()) << *line;
  const std::string text = offer.value("invite", "");
  EXPECT_TRUE(text.starts_with("RAPPORT1-")) << text;
  EXPECT_TRUE(offer.value("address", "").starts_with("127.0.0.1:")) << *line;
  EXPECT_FALSE(offer.value("address", "").ends_with(":0")) << *line;

  const json joined = RapportJson(client(), {"join", text});
  EXPECT_EQ(joined.value("title", ""), kSampleTitle);
  EXPECT_GE(joined.value("received", 0), 2) << joined.dump();
  EXPECT_EQ(invite->Wait(kExitTimeout), 0) << invite->Stderr();
  EXPECT_NE(invite->Stderr().find("paired"), std::string::npos) << invite->Stderr();

  // The same 60 digits on both devices, each naming the other.
  const json mine = RapportJson(therapist(), {"safety-number"});
  const json theirs = RapportJson(client(), {"safety-number"});
  ASSERT_EQ(mine.size(), 1u) << mine.dump();
  ASSERT_EQ(theirs.size(), 1u) << theirs.dump();
  EXPECT_EQ(mine[0].value("member", ""), kClientName);
  EXPECT_EQ(theirs[0].value("member", ""), kTherapistName);
  const std::string number = mine[0].value("safety_number", "");
  EXPECT_TRUE(std::regex_match(number, std::regex(R"([0-9]{5}( [0-9]{5}){11})"))) << number;
  EXPECT_EQ(theirs[0].value("safety_number", ""), number);

  // The joiner holds the notebook and the therapist's shared entry, by its
  // author; the private note stayed behind.
  const json entries = RapportJson(client(), {"journal", "list"});
  ASSERT_EQ(entries.size(), 1u) << entries.dump();
  EXPECT_EQ(entries[0].value("text", ""), kWelcome);
  EXPECT_EQ(entries[0].value("author", ""), kTherapistName);
  EXPECT_EQ(entries[0].value("visibility", ""), "shared");
}

// A device with a notebook of its own before it joins (a therapist has one
// per client) needs --notebook to pick one: the command that `join` and
// `invite` tell each person to run next must say so, and work.
TEST_F(SyncPairingTest, TheSafetyNumberCommandBothAreToldToRunWorksWithSeveralNotebooks) {
  ASSERT_EQ(
      Rapport(therapist(), {"init", "--name", kTherapistName, "--role", "therapist"}).exit_code, 0);
  ASSERT_EQ(Rapport(client(), {"init", "--name", kClientName, "--role", "client"}).exit_code, 0);
  RapportJson(therapist(), {"notebook", "create", "Sessions with Kim"});
  RapportJson(therapist(), {"notebook", "create", kSampleTitle});
  RapportJson(client(), {"notebook", "create", "My own notes"});

  auto invite = Start(therapist(), {"--notebook", kSampleTitle, "invite", "--listen", "127.0.0.1:0",
                                    "--expires", "10m"});
  std::string text;
  ASSERT_TRUE(PollUntil(
      [&] {
        const std::string out = invite->Stdout();
        const auto at = out.find("RAPPORT1-");
        if (at == std::string::npos) return false;
        text = out.substr(at, out.find('\n', at) - at);
        return true;
      },
      kStartTimeout))
      << invite->Stderr();
  const RunResult joined = Rapport(client(), {"join", text});
  ASSERT_EQ(joined.exit_code, 0) << joined.err;
  ASSERT_EQ(invite->Wait(kExitTimeout), 0) << invite->Stderr();

  // "... in person: rapport ARGS" ends each one's output.
  auto run_suggested = [](const std::filesystem::path& home, const std::string& out) {
    const std::string marker = "in person: rapport ";
    const auto at = out.rfind(marker);
    if (at == std::string::npos) return RunResult{-1, "", "no suggestion in: " + out};
    std::istringstream words(out.substr(at + marker.size()));
    std::vector<std::string> args;
    for (std::string w; words >> w;) args.push_back(w);
    return Rapport(home, args);
  };
  const RunResult client_number = run_suggested(client(), joined.out);
  EXPECT_EQ(client_number.exit_code, 0) << joined.out << client_number.err;
  EXPECT_NE(client_number.out.find(kTherapistName), std::string::npos) << client_number.out;
  const RunResult therapist_number = run_suggested(therapist(), invite->Stdout());
  EXPECT_EQ(therapist_number.exit_code, 0) << invite->Stdout() << therapist_number.err;
  EXPECT_NE(therapist_number.out.find(kClientName), std::string::npos) << therapist_number.out;
}

// Other users of the machine can read a process's arguments: the invite's
// secret must not stay in them while `join` waits for the other device.
// Typed in either case: join accepts both.
class JoinArgumentsTest : public SyncE2EBase, public ::testing::WithParamInterface<bool> {};

TEST_P(JoinArgumentsTest, JoinHidesTheInviteFromItsArguments) {
  const bool lower_case = GetParam();
  ASSERT_EQ(
      Rapport(therapist(), {"init", "--name", kTherapistName, "--role", "therapist"}).exit_code, 0);
  ASSERT_EQ(Rapport(client(), {"init", "--name", kClientName, "--role", "client"}).exit_code, 0);
  RapportJson(therapist(), {"notebook", "create", kSampleTitle});
  auto invite = Start(therapist(), {"--json", "invite", "--listen", "127.0.0.1:0"});
  const auto line = invite->ReadLine(kStartTimeout);
  ASSERT_TRUE(line) << invite->Stderr();
  std::string text = json::parse(*line, nullptr, false).value("invite", "");
  ASSERT_TRUE(text.starts_with("RAPPORT1-")) << *line;
  if (lower_case)
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string prefix = text.substr(0, std::string_view("RAPPORT1-").size());
  // The inviting device, stopped, accepts the connection but never answers.
  invite->Signal(SIGSTOP);
  auto join = Start(client(), {"join", text});
  const std::string secret = text.substr(prefix.size());
  auto arguments = [&] {
    std::ifstream in("/proc/" + std::to_string(join->pid()) + "/cmdline", std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  // Until the child has exec'd, its arguments are the test's own: wait for
  // the invite's prefix to show, with the rest overwritten.
  EXPECT_TRUE(PollUntil(
      [&] {
        const std::string now = arguments();
        return now.find(prefix + "*") != std::string::npos && now.find(secret) == std::string::npos;
      },
      kStartTimeout))
      << arguments() << join->Stderr();
  EXPECT_TRUE(join->running()) << join->Stderr();
  invite->Signal(SIGCONT);
}

INSTANTIATE_TEST_SUITE_P(EitherCase, JoinArgumentsTest, ::testing::Bool());

// `serve` runs for days with the device unlocked. The passphrase it was
// given in the environment must not stay there (other processes of the user
// could read /proc/PID/environ), and the process must make no core file:
// decrypted records and stdio buffers are outside sodium's memory.
TEST_F(SyncPairingTest, ServeKeepsNoPassphraseInItsEnvironmentAndMakesNoCoreFile) {
  ASSERT_EQ(
      Rapport(therapist(), {"init", "--name", kTherapistName, "--role", "therapist"}).exit_code, 0);
  std::string address;
  auto serve = Serve(therapist(), address);
  ASSERT_FALSE(address.empty()) << serve->Stderr();
  const std::string proc = "/proc/" + std::to_string(serve->pid());
  auto read = [&](const std::string& name) {
    std::ifstream in(proc + "/" + name, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string environment = read("environ");
  EXPECT_EQ(environment.find(kPassphrase), std::string::npos);
  const std::string limits = read("limits");
  EXPECT_TRUE(std::regex_search(limits, std::regex(R"(Max core file size +0 +0 )"))) << limits;
  StopServe(*serve);
}

// Starts from two homes paired in-process (the pairing test above does it
// for real), with one shared entry by the therapist. The devices stay open
// for the test to write "while apart" cheaply; CloseDevices() before the
// `rapport` processes run.
class SyncE2ETest : public SyncE2EBase {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(
        CreateHome(therapist_, therapist(), kTherapistName, core::Role::kTherapist));
    ASSERT_NO_FATAL_FAILURE(CreateHome(client_, client(), kClientName, core::Role::kClient));
    auto nb = therapist_.device->CreateNotebook(kSampleTitle);
    ASSERT_TRUE(nb) << nb.error().message;
    notebook_ = *nb;
    ASSERT_TRUE(Write(therapist_, kWelcome));
    // The address the client "joined" at: nothing listens there.
    const Status paired =
        PairDevices(*therapist_.device, *client_.device, notebook_, "127.0.0.1:9");
    ASSERT_TRUE(paired) << paired.error().message;
  }

  store::Device& therapist_device() { return *therapist_.device; }
  store::Device& client_device() { return *client_.device; }
  void CloseDevices() {
    therapist_.device.reset();
    client_.device.reset();
  }
  // The therapist serving and the client connected with `sync --live`.
  void ServeAndSyncLive(std::string& address, std::unique_ptr<BackgroundProcess>& serve,
                        std::unique_ptr<BackgroundProcess>& live) {
    CloseDevices();
    serve = Serve(therapist(), address);
    live = Start(client(), {"sync", "--live", "--peer", address});
    ASSERT_TRUE(serve->WaitForStderr("connected to", kStartTimeout)) << serve->Stderr();
  }
  // A shared journal entry written in-process.
  Result<core::EventId> Write(OpenHome& home, const std::string& text) {
    core::JournalEntry entry;
    entry.text = text;
    return home.device->AppendShared(notebook_, entry);
  }
  Result<core::EventId> ProposeGoal(OpenHome& home, const std::string& title,
                                    const std::string& measure) {
    return home.device->AppendShared(notebook_, core::GoalPropose{{title, "", measure, {}}});
  }

  OpenHome therapist_;
  OpenHome client_;
  core::NotebookId notebook_;
};

TEST_F(SyncE2ETest, ClientSyncsWithServingTherapist) {
  ASSERT_TRUE(Write(therapist_, "From the therapist"));
  ASSERT_TRUE(Write(client_, "From the client"));
  CloseDevices();

  std::string address;
  auto serve = Serve(therapist(), address);
  const json report = RapportJson(client(), {"sync", "--peer", address});
  ASSERT_EQ(report.size(), 1u) << report.dump();
  EXPECT_EQ(report[0].value("peer", ""), kTherapistName);
  EXPECT_EQ(report[0].value("address", ""), address);
  EXPECT_EQ(report[0].value("received", -1), 1);
  EXPECT_EQ(report[0].value("sent", -1), 1);
  EXPECT_TRUE(Contains(JournalTexts(client()), "From the therapist"));

  // serve stores what the client sent; wait until it has landed.
  EXPECT_TRUE(WaitForSameEventCount(0, seconds(5)));
  EXPECT_TRUE(Contains(JournalTexts(therapist()), "From the client"));
  StopServe(*serve);
}

TEST_F(SyncE2ETest, TherapistSyncsWithServingClient) {
  ASSERT_TRUE(Write(therapist_, "From the therapist"));
  ASSERT_TRUE(Write(client_, "From the client"));
  CloseDevices();

  std::string address;
  auto serve = Serve(client(), address);
  const json report = RapportJson(therapist(), {"sync", "--peer", address});
  ASSERT_EQ(report.size(), 1u) << report.dump();
  EXPECT_EQ(report[0].value("peer", ""), kClientName);
  EXPECT_EQ(report[0].value("received", -1), 1);
  EXPECT_EQ(report[0].value("sent", -1), 1);
  EXPECT_TRUE(Contains(JournalTexts(therapist()), "From the client"));
  EXPECT_TRUE(WaitForSameEventCount(0, seconds(5)));
  EXPECT_TRUE(Contains(JournalTexts(client()), "From the therapist"));
  StopServe(*serve);
}

TEST_F(SyncE2ETest, BareSyncUsesTheRememberedAddress) {
  CloseDevices();
  std::string address;
  auto serve = Serve(therapist(), address);
  ASSERT_EQ(RapportJson(client(), {"sync", "--peer", address}).size(), 1u);

  // Written by another command while serve holds the database open.
  ASSERT_EQ(Rapport(therapist(), {"journal", "add", "--share", "Written while serving"}).exit_code,
            0);
  const json again = RapportJson(client(), {"sync"});
  ASSERT_EQ(again.size(), 1u) << again.dump();
  EXPECT_EQ(again[0].value("address", ""), address);
  EXPECT_EQ(again[0].value("received", -1), 1);
  EXPECT_TRUE(Contains(JournalTexts(client()), "Written while serving"));
  StopServe(*serve);
}

TEST_F(SyncE2ETest, DevicesEditedApartConvergeToTheSameReview) {
  // Apart: each writes journal entries and proposes a goal; the client also
  // keeps a private entry.
  ASSERT_TRUE(Write(therapist_, "Therapist, while apart"));
  const auto stranger =
      ProposeGoal(therapist_, "Start a conversation with a stranger", "conversations started");
  ASSERT_TRUE(stranger);
  ASSERT_TRUE(Write(client_, "Client, while apart"));
  const auto sleep = ProposeGoal(client_, "Sleep better", "nights with 7 hours of sleep");
  ASSERT_TRUE(sleep);
  core::JournalEntry secret;
  secret.text = "Only on my phone";
  ASSERT_TRUE(client_device().AddPrivate(notebook_, secret));
  CloseDevices();

  std::string address;
  auto serve = Serve(therapist(), address);
  ASSERT_EQ(RapportJson(client(), {"sync", "--peer", address}).size(), 1u);
  ASSERT_TRUE(WaitForSameEventCount(0, seconds(5)));
  const std::string review = Review(therapist());
  EXPECT_EQ(Review(client()), review);
  for (const char* text : {"Therapist, while apart", "Client, while apart",
                           "Start a conversation with a stranger", "Sleep better"})
    EXPECT_NE(review.find(text), std::string::npos) << text << " is not in " << review;
  EXPECT_EQ(review.find("Only on my phone"), std::string::npos) << "a private entry was sent";

  // Apart again (nobody is connected): each agrees to the other's goal, and
  // the client writes once more. The bare sync reaches the same serve.
  ASSERT_EQ(Rapport(therapist(), {"goal", "agree", sleep->Hex()}).exit_code, 0);
  ASSERT_EQ(Rapport(client(), {"goal", "agree", stranger->Hex()}).exit_code, 0);
  ASSERT_EQ(Rapport(client(), {"journal", "add", "--share", "Client, second round"}).exit_code, 0);
  const std::int64_t before = CountEvents(client());
  ASSERT_EQ(RapportJson(client(), {"sync"}).size(), 1u);
  ASSERT_TRUE(WaitForSameEventCount(before + 1, seconds(5)));
  const std::string agreed = Review(therapist());
  EXPECT_EQ(Review(client()), agreed);
  const json goals = json::parse(agreed, nullptr, false).value("goals", json::array());
  ASSERT_EQ(goals.size(), 2u) << agreed;
  for (const json& goal : goals) EXPECT_TRUE(goal.value("agreed", false)) << goal.dump();
  EXPECT_NE(agreed.find("Client, second round"), std::string::npos);
  StopServe(*serve);
}

TEST_F(SyncE2ETest, LivePushReachesAConnectedDeviceBothWays) {
  std::string address;
  std::unique_ptr<BackgroundProcess> serve, live;
  ASSERT_NO_FATAL_FAILURE(ServeAndSyncLive(address, serve, live));

  // Each entry is written by another `rapport` process while both are
  // connected; it must reach the other device within 2 s.
  const std::int64_t client_before = CountEvents(client());
  ASSERT_EQ(
      Rapport(therapist(), {"journal", "add", "--share", "Live from the therapist"}).exit_code, 0);
  EXPECT_TRUE(PollUntil([&] { return CountEvents(client()) > client_before; }, seconds(2),
                        std::chrono::milliseconds(5)))
      << "not pushed to the client within 2 s; " << live->Stderr();

  const std::int64_t therapist_before = CountEvents(therapist());
  ASSERT_EQ(Rapport(client(), {"journal", "add", "--share", "Live from the client"}).exit_code, 0);
  EXPECT_TRUE(PollUntil([&] { return CountEvents(therapist()) > therapist_before; }, seconds(2),
                        std::chrono::milliseconds(5)))
      << "not pushed to the therapist within 2 s; " << serve->Stderr();

  EXPECT_TRUE(Contains(JournalTexts(client()), "Live from the therapist"));
  EXPECT_TRUE(Contains(JournalTexts(therapist()), "Live from the client"));
  live->Signal(SIGINT);
  EXPECT_EQ(live->Wait(kExitTimeout), 0) << live->Stderr();
  StopServe(*serve);
}

TEST_F(SyncE2ETest, CtrlCStopsServeCleanly) {
  std::string address;
  std::unique_ptr<BackgroundProcess> serve, live;
  ASSERT_NO_FATAL_FAILURE(ServeAndSyncLive(address, serve, live));

  StopServe(*serve);
  EXPECT_EQ(serve->Stderr().find("rapport:"), std::string::npos) << serve->Stderr();
  // The connected device notices, and stops on its own.
  const auto live_end = live->Wait(kExitTimeout);
  EXPECT_TRUE(live_end.has_value()) << "sync --live kept running after serve stopped";

  // Both stores are intact: a new serve and a sync work.
  auto again = Serve(therapist(), address);
  const json report = RapportJson(client(), {"sync", "--peer", address});
  ASSERT_EQ(report.size(), 1u) << report.dump();
  EXPECT_EQ(report[0].value("received", -1), 0);
  StopServe(*again);
}

// The serving device vanishes without a word (killed, or its network gone):
// `sync --live` dials again until it is back, then pushes live as before.
TEST_F(SyncE2ETest, LiveSyncDialsAgainAfterTheConnectionDrops) {
  std::string address;
  std::unique_ptr<BackgroundProcess> serve, live;
  ASSERT_NO_FATAL_FAILURE(ServeAndSyncLive(address, serve, live));

  serve->Signal(SIGKILL);
  ASSERT_TRUE(live->WaitForStderr("again in 1 s", kStartTimeout)) << live->Stderr();
  EXPECT_FALSE(live->Wait(std::chrono::milliseconds(0))) << live->Stderr();

  auto again = Start(therapist(), {"serve", "--listen", address});
  ASSERT_TRUE(again->ReadLine(kStartTimeout)) << again->Stderr();
  ASSERT_TRUE(again->WaitForStderr("connected to", kStartTimeout))
      << again->Stderr() << "\nsync --live: " << live->Stderr();
  const std::int64_t before = CountEvents(client());
  ASSERT_EQ(Rapport(therapist(), {"journal", "add", "--share", "After the drop"}).exit_code, 0);
  EXPECT_TRUE(PollUntil([&] { return CountEvents(client()) > before; }, seconds(5),
                        std::chrono::milliseconds(5)))
      << "not pushed after reconnecting; " << live->Stderr();

  StopLive(*live);
  StopServe(*again);
}

// Ctrl-C while `sync --live` waits to dial again ends it as a finished sync.
TEST_F(SyncE2ETest, CtrlCWhileLiveSyncWaitsToDialAgainEndsIt) {
  std::string address;
  std::unique_ptr<BackgroundProcess> serve, live;
  ASSERT_NO_FATAL_FAILURE(ServeAndSyncLive(address, serve, live));
  serve->Signal(SIGKILL);
  ASSERT_TRUE(live->WaitForStderr("dialling", kStartTimeout)) << live->Stderr();
  StopLive(*live);
}

// Regression: records written by other commands while `rapport serve` held
// the database open were lost when serve stopped. Here serve also stores
// what a client sends in between, and sends on what the others wrote.
TEST_F(SyncE2ETest, WritesByOtherCommandsWhileServingSurvive) {
  ASSERT_TRUE(Write(client_, "From the client, for serve"));
  CloseDevices();
  std::string address;
  auto serve = Serve(therapist(), address);
  ASSERT_EQ(Rapport(therapist(), {"journal", "add", "--share", "Shared while serving"}).exit_code,
            0);
  ASSERT_EQ(Rapport(therapist(), {"journal", "add", "Private while serving"}).exit_code, 0);
  ASSERT_EQ(Rapport(therapist(), {"goal", "propose", "Walk every day", "--measure", "days walked"})
                .exit_code,
            0);
  const json report = RapportJson(client(), {"sync", "--peer", address});
  ASSERT_EQ(report.size(), 1u) << report.dump();
  EXPECT_EQ(report[0].value("received", -1), 2) << "the entry and the goal written meanwhile";
  EXPECT_EQ(report[0].value("sent", -1), 1);
  ASSERT_TRUE(WaitForSameEventCount(0, seconds(5)));
  ASSERT_EQ(Rapport(therapist(), {"journal", "add", "--share", "After the sync"}).exit_code, 0);
  const std::int64_t written = CountEvents(therapist());
  StopServe(*serve);

  EXPECT_EQ(CountEvents(therapist()), written);
  const auto texts = JournalTexts(therapist());
  for (const char* text : {kWelcome, "Shared while serving", "Private while serving",
                           "From the client, for serve", "After the sync"})
    EXPECT_TRUE(Contains(texts, text)) << text << " is missing";
  const json history = RapportJson(therapist(), {"history"});
  const json events = history.value("events", json::array());
  EXPECT_EQ(static_cast<std::int64_t>(events.size()), written);
  bool goal_seen = false;
  for (const json& e : events) {
    EXPECT_TRUE(e.value("verified", false)) << e.dump();
    goal_seen |= e.value("type", "") == "goal.propose";
  }
  EXPECT_TRUE(goal_seen) << history.dump();
}

// A once-mode sync succeeds only when the other device has closed its side,
// proof it read everything. Here the last part of what the client sends is
// held back on the way (in socket buffers: the client's writes all finish)
// while serve keeps the connection alive: the client must not claim success.
TEST_F(SyncE2ETest, ASyncIsNotReportedDoneBeforeThePeerHasReadEverything) {
  constexpr int kEntries = 300;
  constexpr std::size_t kEntrySize = 1000;
  OpenExistingHome(client_, client());
  ASSERT_TRUE(client_.device);
  ASSERT_TRUE(
      AddSharedEntries(client_device(), notebook_, "From the client", kEntries, kEntrySize));
  client_.device.reset();
  CloseDevices();
  const std::int64_t therapist_base = CountEvents(therapist());
  std::string address;
  auto serve = Serve(therapist(), address);
  ThrottledRelay relay(address);
  ASSERT_FALSE(relay.address().empty());
  relay.Limit(kEntries * kEntrySize / 3, ThrottledRelay::kUnlimited);
  const RunResult held = Rapport(client(), {"sync", "--peer", relay.address(), "--timeout", "2"});
  EXPECT_NE(held.exit_code, 0) << held.out;
  EXPECT_THAT(held.err, ::testing::HasSubstr("did not confirm it received everything")) << held.err;
  EXPECT_LT(CountEvents(therapist()), therapist_base + kEntries);

  // Straight to serve, the next sync finishes the job.
  const json report = RapportJson(client(), {"sync", "--peer", address});
  ASSERT_EQ(report.size(), 1u) << report.dump();
  EXPECT_EQ(CountEvents(therapist()), therapist_base + kEntries);
  StopServe(*serve);
}

// A device killed (-9) while it stores what a sync brings keeps every batch
// it stored, and the next sync moves only the rest. Killing the receiving
// side makes the interruption certain: a killed sender may already have
// handed everything to the kernel's socket buffers.
TEST_F(SyncE2ETest, AnInterruptedSyncResumesWhereItStopped) {
  // Enough events, each big enough, that a sync takes several batches.
  constexpr int kEntries = 2000;
  constexpr std::size_t kEntrySize = 1000;
  const Status written =
      AddSharedEntries(therapist_device(), notebook_, "From the therapist", kEntries, kEntrySize);
  ASSERT_TRUE(written) << written.error().message;
  CloseDevices();
  const std::int64_t base = CountEvents(client());
  ASSERT_EQ(CountEvents(therapist()), base + kEntries);
  const auto StartSync = [&](const std::string& address) {
    return Start(client(), {"sync", "--peer", address});
  };
  const auto Grows = [](const std::filesystem::path& home, std::int64_t from) {
    return PollUntil([&] { return CountEvents(home) > from; }, seconds(20),
                     std::chrono::milliseconds(1));
  };

  // Each sync below goes through a relay that lets only this many bytes
  // through in one direction: a third of what there is to send, more than a
  // batch. The sync then stops part-way every time, however fast it runs.
  constexpr std::size_t kPartOfTheEntries = kEntries * kEntrySize / 3;
  std::string address;
  auto serve = Serve(therapist(), address);
  ThrottledRelay relay(address);
  ASSERT_FALSE(relay.address().empty());

  // 1. The client is killed once it has stored a first batch.
  relay.Limit(ThrottledRelay::kUnlimited, kPartOfTheEntries);
  {
    auto sync = StartSync(relay.address());
    ASSERT_TRUE(Grows(client(), base)) << sync->Stderr();
    sync->Signal(SIGKILL);
    EXPECT_EQ(sync->Wait(kExitTimeout), 128 + SIGKILL);
  }
  const std::int64_t client_kept = CountEvents(client());
  ASSERT_GT(client_kept, base);
  ASSERT_LT(client_kept, base + kEntries);

  // 2. Meanwhile the client wrote as much; serve is killed once it has
  // stored a first batch of it.
  OpenExistingHome(client_, client());
  ASSERT_TRUE(client_.device);
  ASSERT_TRUE(
      AddSharedEntries(client_device(), notebook_, "From the client", kEntries, kEntrySize));
  client_.device.reset();
  const std::int64_t total = base + 2 * kEntries;
  const std::int64_t therapist_base = CountEvents(therapist());
  relay.Limit(kPartOfTheEntries, ThrottledRelay::kUnlimited);
  {
    auto sync = StartSync(relay.address());
    ASSERT_TRUE(Grows(therapist(), therapist_base)) << sync->Stderr();
    serve->Signal(SIGKILL);
    EXPECT_EQ(serve->Wait(kExitTimeout), 128 + SIGKILL);
    // The client stops by itself and does not claim success: serve went
    // away with its batches unread.
    const auto code = sync->Wait(kExitTimeout);
    ASSERT_TRUE(code.has_value()) << sync->Stderr();
    EXPECT_NE(*code, 0) << sync->Stdout();
  }
  const std::int64_t therapist_kept = CountEvents(therapist());
  ASSERT_GT(therapist_kept, therapist_base);
  ASSERT_LT(therapist_kept, total);
  const std::int64_t client_has = CountEvents(client());

  // 3. With serve restarted, one sync moves exactly what each side lacks.
  serve = Serve(therapist(), address);
  const json report = RapportJson(client(), {"sync", "--peer", address});
  ASSERT_EQ(report.size(), 1u) << report.dump();
  EXPECT_EQ(report[0].value("received", -1), total - client_has);
  EXPECT_EQ(report[0].value("sent", -1), total - therapist_kept);
  EXPECT_EQ(CountEvents(client()), total);
  EXPECT_TRUE(WaitForSameEventCount(total, seconds(10)));
  StopServe(*serve);

  // Same events, all verified, on both devices.
  const json mine = RapportJson(therapist(), {"history"}).value("events", json::array());
  const json theirs = RapportJson(client(), {"history"}).value("events", json::array());
  ASSERT_EQ(static_cast<std::int64_t>(mine.size()), total);
  ASSERT_EQ(theirs.size(), mine.size());
  std::set<std::string> ids_mine, ids_theirs;
  for (const json& e : mine) ids_mine.insert(e.value("id", ""));
  for (const json& e : theirs) {
    ids_theirs.insert(e.value("id", ""));
    EXPECT_TRUE(e.value("verified", false)) << e.dump();
  }
  EXPECT_EQ(ids_theirs, ids_mine);
}

}  // namespace
}  // namespace rapport::cli::testing
