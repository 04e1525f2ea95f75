// Syncs 100,000 journal entries (300-byte texts) from a therapist's device
// home to a freshly paired client's over 127.0.0.1, with the real
// `rapport serve` and `rapport sync` as separate processes so that each
// side's memory can be measured, beside the raw Ed25519 verify rate measured
// in the same run (the receiver verifies every event once). Then, with
// `rapport sync --live` connected, appends 1,000 single entries on the
// therapist's side and times each until it is in the client's database.
// Figures and targets: docs/performance.md.
//
//   sync_bench [ENTRIES [PUSHES]]     defaults 100000 and 1000
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "bench_util.h"
#include "child_process.h"
#include "crypto/signing.h"
#include "store/device.h"
#include "store/system_clock.h"

using namespace rapport;
namespace fs = std::filesystem;

namespace {

int kEntries = 100000;
int kPushes = 1000;
constexpr int kWarmupPushes = 20;
constexpr std::size_t kTextSize = 300;
constexpr const char* kPassphrase = "bench passphrase";
constexpr std::chrono::seconds kStartTimeout{60};

std::string Text(int i) {
  std::string text = "Entry " + std::to_string(i) + ": ";
  while (text.size() < kTextSize) text += "today I noticed something small and wrote it down. ";
  text.resize(kTextSize);
  return text;
}

bool Report(const char* what, const Error& error) {
  std::fprintf(stderr, "sync_bench: %s: %s\n", what, error.message.c_str());
  return false;
}

// Raw Ed25519 verifications per second over a message the size of an
// event's signed bytes.
double RawVerifyRate(std::size_t message_size) {
  crypto::SeededRng rng(3);
  const auto key = crypto::SigningKey::Generate(rng);
  crypto::Bytes message(message_size, 0x5a);
  const crypto::Signature signature = key.Sign(message);
  const int n = 10000;
  bench::Stopwatch sw;
  for (int i = 0; i < n; ++i)
    if (!crypto::VerifySignature(key.public_key(), message, signature)) std::abort();
  return n / sw.Seconds();
}

// Runs `work` in a forked process and says whether it returned true. The
// heavy setup runs there so that this process stays small: Linux counts a
// parent's memory at fork into its children's ru_maxrss.
template <typename Fn>
bool InChild(Fn work) {
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid == 0) {
    const bool ok = work();
    std::fflush(stdout);
    _exit(ok ? 0 : 1);
  }
  int status = -1;
  if (pid < 0 || waitpid(pid, &status, 0) != pid) return false;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// Creates both homes, pairs them as `rapport invite` and `rapport join` do
// (without the network: the same Device calls), and appends the entries on
// the therapist's side.
bool Populate(const fs::path& therapist_home, const fs::path& client_home) {
  crypto::SystemRng rng;
  store::SystemClock clock;
  const store::DeviceEnv env{&rng, &clock};
  auto therapist =
      store::Device::Create(therapist_home, kPassphrase, "Therapist", core::Role::kTherapist, env);
  if (!therapist) return Report("creating the therapist's home", therapist.error());
  auto client = store::Device::Create(client_home, kPassphrase, "Client", core::Role::kClient, env);
  if (!client) return Report("creating the client's home", client.error());
  const auto nb = therapist->CreateNotebook("Bench notebook");
  if (!nb) return Report("creating the notebook", nb.error());
  const auto psk = therapist->CreateInvite(*nb, clock.NowMillis() + 600'000);
  if (!psk) return Report("inviting", psk.error());
  const auto invite = therapist->PendingInviteNow();
  if (!invite || !*invite) return Report("reading the invite", Error(ErrorCode::kNotFound, "none"));
  const store::IdentityInfo& c = client->identity();
  const auto added =
      therapist->CompleteInvite(*nb, (*invite)->sealed, c.id, c.noise_key, c.role, c.name);
  if (!added) return Report("adding the client", added.error());
  const auto key = therapist->NotebookKeyForPeer(*nb);
  if (!key) return Report("reading the notebook key", key.error());
  const store::IdentityInfo& t = therapist->identity();
  const Status joined =
      client->CompleteJoin(*nb, t.id, t.role, t.noise_key, "", key->first, key->second);
  if (!joined) return Report("joining", joined.error());
  // What a join receives: the history so far, which names the client a member.
  const auto history = therapist->EventsAfter(*nb, t.id, 0, 16);
  if (!history) return Report("reading the history", history.error());
  if (auto accepted = client->AcceptBatch(*nb, *history); !accepted)
    return Report("receiving the history", accepted.error());

  bench::Stopwatch append;
  for (int i = 0; i < kEntries; ++i) {
    core::JournalEntry e;
    e.text = Text(i);
    e.mood = i % 11;
    if (auto id = therapist->AppendShared(*nb, e); !id) return Report("appending", id.error());
  }
  std::printf("  setup: %d entries appended in %.1f s (%.0f /s), in a child process\n", kEntries,
              append.Seconds(), kEntries / append.Seconds());
  return true;
}

// The unsigned number after "key": in the output of `rapport --json sync`.
std::uint64_t JsonNumber(const std::string& json, const std::string& key) {
  const auto at = json.find("\"" + key + "\":");
  if (at == std::string::npos) return 0;
  return std::strtoull(json.c_str() + at + key.size() + 3, nullptr, 10);
}

// Waits for the Argon2id unlock of a starting `rapport` command to end: it
// maps 64 MiB, fills them and unmaps them at once. Returns the peak seen,
// or -1 if the process ended first.
double AwaitUnlock(const bench::ChildProcess& child) {
  double highest = 0;
  for (;;) {
    const double rss = child.StatusMiB("VmRSS");
    if (rss < 0) return -1;
    highest = std::max(highest, rss);
    if (highest >= 48 && rss <= highest - 32) return highest;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

struct Homes {
  fs::path therapist, client, logs;
};

std::vector<std::string> Env() { return {std::string("RAPPORT_PASSPHRASE=") + kPassphrase}; }

// Phase 2: entries appended here one at a time reach the client's database
// through `serve` and `sync --live`. Returns the latencies in ms, sorted;
// empty on failure.
std::vector<double> LivePush(const Homes& homes, const std::string& address) {
  bench::ChildProcess live(
      {RAPPORT_BINARY, "--home", homes.client.string(), "sync", "--live", "--peer", address}, Env(),
      homes.logs / "client-live.log");
  crypto::SystemRng rng;
  store::SystemClock clock;
  const store::DeviceEnv env{&rng, &clock};
  auto writer = store::Device::Open(homes.therapist, kPassphrase, env);
  auto reader = store::Device::Open(homes.client, kPassphrase, env);
  if (!writer || !reader) return {};
  const auto nb = writer->ResolveNotebook(std::nullopt);
  if (!nb) return {};
  const core::AuthorId author = writer->identity().id;
  const auto heads = writer->VersionVector(*nb);
  if (!heads || !heads->contains(author)) return {};
  std::uint64_t seq = heads->find(author)->second;

  std::vector<double> latencies;
  for (int i = 0; i < kWarmupPushes + kPushes; ++i) {
    core::JournalEntry e;
    e.text = Text(i);
    if (!writer->AppendShared(*nb, e)) return {};
    ++seq;
    // From the commit on the therapist's side to the client's commit:
    // PRAGMA data_version changes on every commit by another process.
    bench::Stopwatch sw;
    const double timeout = i < kWarmupPushes ? kStartTimeout.count() : 10.0;
    std::int64_t seen_version = -1;
    for (;;) {
      const auto version = reader->DataVersion();
      if (!version) return {};
      if (*version != seen_version) {
        seen_version = *version;
        const auto held = reader->EventsAfter(*nb, author, seq - 1, 1);
        if (!held) return {};
        if (!held->empty()) break;
      }
      if (sw.Seconds() > timeout) {
        std::fprintf(stderr, "sync_bench: entry %d did not arrive within %.0f s\n", i, timeout);
        return {};
      }
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
    if (i >= kWarmupPushes) latencies.push_back(sw.Seconds() * 1000.0);
  }
  live.Signal(SIGINT);
  live.ReadAll();
  if (const auto end = live.Wait(); !WIFEXITED(end.status) || WEXITSTATUS(end.status) != 0)
    std::fprintf(stderr, "sync_bench: `sync --live` ended badly; see %s\n",
                 (homes.logs / "client-live.log").c_str());
  std::sort(latencies.begin(), latencies.end());
  return latencies;
}

double Percentile(const std::vector<double>& sorted, double p) {
  const auto rank = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(rank, sorted.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) kEntries = std::atoi(argv[1]);
  if (argc > 2) kPushes = std::max(1, std::atoi(argv[2]));
  bench::BenchDir dir;
  const Homes homes{dir.path() / "therapist", dir.path() / "client", dir.path()};
  std::printf("sync_bench: %d journal entries of %zu bytes, therapist -> client over 127.0.0.1\n",
              kEntries, kTextSize);
  if (!InChild([&] { return Populate(homes.therapist, homes.client); })) return 1;

  // Body = record header (10) + text (4 + 300) + mood, tags, origin (3).
  const std::size_t body_size = 10 + 4 + kTextSize + 3;
  const std::size_t signed_size = core::kEventHeaderSize + 24 + 4 + body_size + 16;
  const double verify_rate = RawVerifyRate(signed_size);

  bench::ChildProcess serve(
      {RAPPORT_BINARY, "--home", homes.therapist.string(), "serve", "--listen", "127.0.0.1:0"},
      Env(), homes.logs / "serve.log");
  const auto listening = serve.ReadLine(kStartTimeout);
  const std::string prefix = "Listening on ";
  if (!listening || listening->rfind(prefix, 0) != 0)
    return std::fprintf(stderr, "sync_bench: `serve` did not start; see %s\n",
                        (homes.logs / "serve.log").c_str()),
           1;
  const std::string address =
      listening->substr(prefix.size(), listening->find(';') - prefix.size());
  const double serve_unlock_mib = serve.StatusMiB("VmHWM");
  const bool serve_reset = serve.ResetPeak();

  // Phase 1: the bulk sync, timed from the end of the client's unlock.
  bench::Stopwatch command;
  bench::ChildProcess sync(
      {RAPPORT_BINARY, "--home", homes.client.string(), "--json", "sync", "--peer", address}, Env(),
      homes.logs / "client.log");
  const double client_unlock_mib = AwaitUnlock(sync);
  const double unlock_seconds = command.Seconds();
  const bool client_reset = client_unlock_mib > 0 && sync.ResetPeak();
  const std::string json = sync.ReadAll();
  const bench::ChildExit client_exit = sync.Wait();
  const double command_seconds = command.Seconds();
  const double sync_seconds = command_seconds - (client_reset ? unlock_seconds : 0);
  const double serve_sync_mib = serve.StatusMiB("VmHWM");
  // What it holds now: its own memory, and pages of the database file that
  // SQLite's mmap_size maps (counted in RSS, but the page cache's).
  const double serve_anon_mib = serve.StatusMiB("RssAnon");
  const double serve_file_mib = serve.StatusMiB("RssFile");
  if (!WIFEXITED(client_exit.status) || WEXITSTATUS(client_exit.status) != 0)
    return std::fprintf(stderr, "sync_bench: `sync` failed; see %s\n",
                        (homes.logs / "client.log").c_str()),
           1;
  const std::uint64_t received = JsonNumber(json, "received");
  const std::uint64_t bytes_in = JsonNumber(json, "bytes_received");
  const std::uint64_t bytes_out = JsonNumber(json, "bytes_sent");
  if (received < static_cast<std::uint64_t>(kEntries))
    return std::fprintf(stderr, "sync_bench: only %llu events arrived\n",
                        static_cast<unsigned long long>(received)),
           1;
  const double sync_rate = static_cast<double>(received) / sync_seconds;

  std::printf("  raw Ed25519 verify (%zu-byte message):  %9.0f /s\n", signed_size, verify_rate);
  std::printf(
      "  bulk sync, %llu events:             %9.0f events/s in %.2f s = %.0f%% of raw "
      "verify (target >= 70%%)\n",
      static_cast<unsigned long long>(received), sync_rate, sync_seconds,
      100.0 * sync_rate / verify_rate);
  std::printf("    whole `rapport sync` command:       %6.2f s, of which %.2f s start and unlock\n",
              command_seconds, client_reset ? unlock_seconds : 0.0);
  std::printf("  on the wire:                          %9.1f bytes/event (%llu in, %llu out)\n",
              static_cast<double>(bytes_in + bytes_out) / static_cast<double>(received),
              static_cast<unsigned long long>(bytes_in),
              static_cast<unsigned long long>(bytes_out));
  std::printf("  peak memory while syncing, client:    %9.1f MiB%s (target < 64 MiB)\n",
              client_exit.peak_mib, client_reset ? "" : " (unlock included)");
  std::printf("  peak memory while syncing, server:    %9.1f MiB%s (target < 64 MiB)\n",
              serve_sync_mib, serve_reset ? "" : " (unlock included)");
  std::printf("    server after the sync: %.1f MiB of its own, %.1f MiB of mapped files\n",
              serve_anon_mib, serve_file_mib);
  std::printf("  peak memory of the unlock (Argon2id):  client %.1f MiB, server %.1f MiB\n",
              client_unlock_mib, serve_unlock_mib);
  std::printf("  (this process: %.1f MiB, counted in the children's figures if larger)\n",
              bench::PeakMemoryMiB());
  std::fflush(stdout);

  const std::vector<double> latencies = LivePush(homes, address);
  serve.Signal(SIGINT);
  serve.ReadAll();
  serve.Wait();
  if (latencies.empty()) return std::fprintf(stderr, "sync_bench: live push failed\n"), 1;
  std::printf("live push: %zu single entries, appended here, `serve` -> `sync --live`\n",
              latencies.size());
  std::printf(
      "  latency, commit here to commit on the client: p50 %.2f ms, p99 %.2f ms, max %.2f "
      "ms (target p99 < 5 ms)\n",
      Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.back());
  return 0;
}
