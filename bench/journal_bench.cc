// Appends 100,000 journal entries (300 bytes each) through the Device API,
// one transaction each as `journal add` writes them, and again as imports
// of 10,000 (`journal import`); then opens the notebook and folds them, in
// fresh processes as a `rapport` command does; beside the raw libsodium
// Ed25519 sign and XChaCha20-Poly1305 decrypt rates for the same sizes,
// measured in the same run. Figures and targets: docs/performance.md.
//
//   journal_bench [ENTRIES]    the benchmark (ENTRIES: fewer, for profiling)
//   journal_bench --load HOME ENTRIES  one open + fold, as the benchmark runs it
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include "bench_util.h"
#include "child_process.h"
#include "crypto/aead.h"
#include "crypto/signing.h"
#include "store/database.h"
#include "store/device.h"

using namespace rapport;

namespace {

int kEntries = 100000;  // argv[1] overrides, for profiling
constexpr std::size_t kTextSize = 300;
// Entries per `journal import` (a few years of a daily journal).
constexpr int kImportSize = 10000;
// Loads and raw decryptions timed; the median of each is compared. This
// machine's speed varies from run to run (docs/performance.md).
constexpr int kTimings = 5;
constexpr const char* kPassphrase = "bench passphrase";

std::string Text(int i) {
  std::string text = "Entry " + std::to_string(i) + ": ";
  while (text.size() < kTextSize) text += "today I noticed something small and wrote it down. ";
  text.resize(kTextSize);
  return text;
}

// Raw Ed25519 signatures per second over a message the size of an event's
// signed bytes.
double RawSignRate(std::size_t message_size) {
  crypto::SeededRng rng(1);
  const auto key = crypto::SigningKey::Generate(rng);
  crypto::Bytes message(message_size, 0x5a);
  const int n = 20000;
  bench::Stopwatch sw;
  for (int i = 0; i < n; ++i) {
    message[0] = static_cast<std::uint8_t>(i);
    volatile auto sig = key.Sign(message);
    (void)sig;
  }
  return n / sw.Seconds();
}

// Seconds to decrypt `count` ciphertexts of `plain_size` bytes with
// `ad_size` bytes of associated data.
double RawDecryptSeconds(int count, std::size_t plain_size, std::size_t ad_size) {
  crypto::SeededRng rng(2);
  const auto key = crypto::AeadKey::Generate(rng);
  const auto nonce = rng.Draw<crypto::kAeadNonceSize>();
  const crypto::Bytes ad(ad_size, 1), plain(plain_size, 2);
  const crypto::Bytes sealed = crypto::AeadSeal(key, nonce, plain, ad);
  bench::Stopwatch sw;
  for (int i = 0; i < count; ++i) {
    auto opened = crypto::AeadOpen(key, nonce, sealed, ad);
    if (!opened) std::abort();
  }
  return sw.Seconds();
}

// Seconds per SQLite transaction that inserts one row the size of a stored
// event into a table shaped as store/'s `events`, on a store::Database (so
// with the store's settings: WAL, synchronous=NORMAL): what one transaction
// per entry costs before Rapport does anything. Negative if SQLite failed.
double RawSqliteTransactionSeconds(std::size_t encoded_size) {
  bench::BenchDir dir;
  auto db = store::Database::Open(dir.path() / "raw.db", store::OpenMode::kCreateNew);
  if (!db || !db->Exec("CREATE TABLE events (notebook_id BLOB NOT NULL, author BLOB NOT NULL,"
                       " seq INTEGER NOT NULL, lamport INTEGER NOT NULL, id BLOB NOT NULL,"
                       " encoded BLOB NOT NULL, local_mac BLOB NOT NULL,"
                       " PRIMARY KEY (notebook_id, author, seq)) WITHOUT ROWID"))
    return -1;
  auto insert = db->Prepare("INSERT INTO events VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6)");
  if (!insert) return -1;
  const crypto::Bytes notebook(16, 1), author(32, 2), encoded(encoded_size, 4), mac(32, 5);
  crypto::Bytes id(32, 3);
  const int n = 20000;
  bench::Stopwatch sw;
  for (int i = 1; i <= n; ++i) {
    std::memcpy(id.data(), &i, sizeof i);
    auto tx = store::Transaction::Begin(*db);
    if (!tx) return -1;
    insert->Bind(1, notebook).Bind(2, author).Bind(3, i).Bind(4, id).Bind(5, encoded).Bind(6, mac);
    if (!insert->Run() || !insert->Reset() || !tx->Commit()) return -1;
  }
  return sw.Seconds() / n;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// This process's peak resident memory, from /proc: unlike ru_maxrss, it
// does not count what the parent held when it started this one.
double OwnPeakMiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  return -1;
}

// The child of `--load`: opens the device in `home`, loads its one notebook
// (which must hold `entries` journal entries), and prints the seconds the
// load took and its own peak memory in MiB.
int LoadOnce(const char* home, std::size_t entries) {
  crypto::SystemRng rng;
  bench::TickingClock clock;
  auto device = store::Device::Open(home, kPassphrase, {&rng, &clock});
  if (!device) return std::fprintf(stderr, "%s\n", device.error().message.c_str()), 1;
  const auto notebooks = device->ListNotebooks();
  if (!notebooks || notebooks->size() != 1) return std::fprintf(stderr, "no notebook\n"), 1;
  bench::Stopwatch fold_time;
  auto loaded = device->Load(notebooks->front().id);
  const double seconds = fold_time.Seconds();
  if (!loaded || !loaded->problems.empty() || loaded->state.journal.size() != entries)
    return std::fprintf(stderr, "fold lost entries\n"), 1;
  // Every entry, in the order written, as `journal list` would list them.
  for (std::size_t i = 0; i < entries; ++i) {
    const core::JournalEntry& e = loaded->state.journal[i].entry;
    if (e.text != Text(static_cast<int>(i)) || e.mood != static_cast<int>(i % 11))
      return std::fprintf(stderr, "entry %zu came back different\n", i), 1;
  }
  std::printf("%.6f %.1f\n", seconds, OwnPeakMiB());
  return 0;
}

struct LoadTiming {
  double seconds = -1;
  double peak_mib = -1;
};

// One open + fold of the notebook in `home`, in a fresh process.
std::optional<LoadTiming> TimeLoadInFreshProcess(const std::filesystem::path& home) {
  bench::ChildProcess child({"/proc/self/exe", "--load", home.string(), std::to_string(kEntries)},
                            {}, home / "load-stderr.txt");
  if (!child.started()) return std::nullopt;
  const std::string out = child.ReadAll();
  const bench::ChildExit exit = child.Wait();
  LoadTiming t;
  if (!WIFEXITED(exit.status) || WEXITSTATUS(exit.status) != 0 ||
      std::sscanf(out.c_str(), "%lf %lf", &t.seconds, &t.peak_mib) != 2)
    return std::nullopt;
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::strcmp(argv[1], "--load") == 0)
    return LoadOnce(argv[2], std::strtoul(argv[3], nullptr, 10));
  if (argc > 1) kEntries = std::atoi(argv[1]);
  bench::BenchDir dir;
  crypto::SystemRng rng;
  bench::TickingClock clock;
  const store::DeviceEnv env{&rng, &clock};

  // Body = record header (10) + text (4 + 300) + mood, tags, origin (3).
  const std::size_t body_size = 10 + 4 + kTextSize + 3;
  const std::size_t signed_size = core::kEventHeaderSize + 24 + 4 + body_size + 16;
  const double sign_rate = RawSignRate(signed_size);
  // The event as stored: what is signed, and the signature.
  const double sqlite_seconds = RawSqliteTransactionSeconds(signed_size + 64);
  if (sqlite_seconds < 0) return std::fprintf(stderr, "raw SQLite failed\n"), 1;

  core::NotebookId nb;
  double append_rate = 0;
  {
    auto device = store::Device::Create(dir.path(), kPassphrase, "Bench", core::Role::kClient, env);
    if (!device) return std::fprintf(stderr, "%s\n", device.error().message.c_str()), 1;
    nb = *device->CreateNotebook("Bench notebook");
    bench::Stopwatch append;
    for (int i = 0; i < kEntries; ++i) {
      core::JournalEntry e;
      e.text = Text(i);
      e.mood = i % 11;
      if (!device->AppendShared(nb, e)) return std::fprintf(stderr, "append failed\n"), 1;
    }
    append_rate = kEntries / append.Seconds();
  }  // closed, as the next `rapport` command finds it

  bench::Stopwatch open_time;
  if (!store::Device::Open(dir.path(), kPassphrase, env)) return 1;
  const double open_seconds = open_time.Seconds();
  std::vector<double> fold_seconds, decrypt_seconds;
  double load_peak_mib = 0;
  for (int i = 0; i < kTimings; ++i) {
    const auto load = TimeLoadInFreshProcess(dir.path());
    if (!load) {
      std::ifstream child_stderr(dir.path() / "load-stderr.txt");
      std::fprintf(stderr, "the load failed: %s\n",
                   std::string(std::istreambuf_iterator<char>(child_stderr), {}).c_str());
      return 1;
    }
    fold_seconds.push_back(load->seconds);
    load_peak_mib = std::max(load_peak_mib, load->peak_mib);
    decrypt_seconds.push_back(RawDecryptSeconds(kEntries, body_size, core::kEventHeaderSize));
  }

  // The same entries again, in another home, through `rapport journal
  // import`'s path: one transaction per import of kImportSize entries.
  double import_rate = 0;
  {
    bench::BenchDir import_dir;
    auto device =
        store::Device::Create(import_dir.path(), kPassphrase, "Bench", core::Role::kClient, env);
    if (!device) return 1;
    const core::NotebookId import_nb = *device->CreateNotebook("Bench notebook");
    bench::Stopwatch import;
    for (int first = 0; first < kEntries; first += kImportSize) {
      std::vector<core::Record> records;
      for (int i = first; i < std::min(kEntries, first + kImportSize); ++i) {
        core::JournalEntry e;
        e.text = Text(i);
        e.mood = i % 11;
        records.push_back({clock.NowMillis(), std::move(e)});
      }
      if (!device->AppendSharedRecords(import_nb, std::move(records)))
        return std::fprintf(stderr, "import failed\n"), 1;
    }
    import_rate = kEntries / import.Seconds();
  }

  std::printf("journal_bench: %d entries of %zu bytes\n", kEntries, kTextSize);
  std::printf("  raw Ed25519 sign:            %9.0f /s\n", sign_rate);
  std::printf(
      "  append (one transaction each): %7.0f entries/s  = %.0f%% of raw sign (target >= 50%%)\n",
      append_rate, 100.0 * append_rate / sign_rate);
  // Even if Rapport cost nothing beside them, one signature and one
  // transaction per entry cannot go faster than this.
  const double ceiling = 1 / (1 / sign_rate + sqlite_seconds);
  std::printf(
      "  raw SQLite transaction, one such row: %.1f us; so one transaction per entry tops out at"
      " %.0f entries/s = %.0f%% of raw sign\n",
      sqlite_seconds * 1e6, ceiling, 100.0 * ceiling / sign_rate);
  std::printf(
      "  import (one transaction per %d): %6.0f entries/s  = %.0f%% of raw sign (target >= 50%%)\n",
      kImportSize, import_rate, 100.0 * import_rate / sign_rate);
  const auto range = [](const std::vector<double>& v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f-%.3f", *std::min_element(v.begin(), v.end()),
                  *std::max_element(v.begin(), v.end()));
    return std::string(text);
  };
  std::printf("  raw decrypt of %d bodies:   %7.3f s  (median of %d: %s)\n", kEntries,
              Median(decrypt_seconds), kTimings, range(decrypt_seconds).c_str());
  std::printf(
      "  open + fold (Load):            %7.3f s  = %.2fx raw decrypt (target < 2x)"
      "  (median of %d fresh processes: %s)\n",
      Median(fold_seconds), Median(fold_seconds) / Median(decrypt_seconds), kTimings,
      range(fold_seconds).c_str());
  std::printf("  unlock (Argon2id, once):       %7.3f s\n", open_seconds);
  std::printf(
      "  peak memory:                   %7.1f MiB appending, %.1f MiB loading"
      " (target < 200 MiB)\n",
      bench::PeakMemoryMiB(), load_peak_mib);
  return 0;
}
