// Appends 100,000 journal entries (300 bytes each) through the Device API,
// one transaction each as `journal add` writes them, and again as imports
// of 10,000 (`journal import`); then opens the notebook and folds them;
// beside the raw libsodium Ed25519 sign and XChaCha20-Poly1305 decrypt rates
// for the same sizes, measured in the same run. Figures and targets:
// docs/performance.md.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "bench_util.h"
#include "crypto/aead.h"
#include "crypto/signing.h"
#include "store/device.h"

using namespace rapport;

namespace {

int kEntries = 100000;  // argv[1] overrides, for profiling
constexpr std::size_t kTextSize = 300;
// Entries per `journal import` (a few years of a daily journal).
constexpr int kImportSize = 10000;

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

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) kEntries = std::atoi(argv[1]);
  bench::BenchDir dir;
  crypto::SystemRng rng;
  bench::TickingClock clock;
  const store::DeviceEnv env{&rng, &clock};

  // Body = record header (10) + text (4 + 300) + mood, tags, origin (3).
  const std::size_t body_size = 10 + 4 + kTextSize + 3;
  const std::size_t signed_size = core::kEventHeaderSize + 24 + 4 + body_size + 16;
  const double sign_rate = RawSignRate(signed_size);

  core::NotebookId nb;
  double append_rate = 0;
  {
    auto device =
        store::Device::Create(dir.path(), "bench passphrase", "Bench", core::Role::kClient, env);
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
  auto reopened = store::Device::Open(dir.path(), "bench passphrase", env);
  if (!reopened) return 1;
  const double open_seconds = open_time.Seconds();
  bench::Stopwatch fold_time;
  auto loaded = reopened->Load(nb);
  const double fold_seconds = fold_time.Seconds();
  if (!loaded || loaded->state.journal.size() != static_cast<std::size_t>(kEntries))
    return std::fprintf(stderr, "fold lost entries\n"), 1;
  const double decrypt_seconds = RawDecryptSeconds(kEntries + 1, body_size, core::kEventHeaderSize);

  // The same entries again, in another home, through `rapport journal
  // import`'s path: one transaction per import of kImportSize entries.
  double import_rate = 0;
  {
    bench::BenchDir import_dir;
    auto device = store::Device::Create(import_dir.path(), "bench passphrase", "Bench",
                                        core::Role::kClient, env);
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
  std::printf(
      "  import (one transaction per %d): %6.0f entries/s  = %.0f%% of raw sign (target >= 50%%)\n",
      kImportSize, import_rate, 100.0 * import_rate / sign_rate);
  std::printf("  raw decrypt of %d bodies:   %7.3f s\n", kEntries, decrypt_seconds);
  std::printf("  open + fold (Load):            %7.3f s  = %.2fx raw decrypt (target < 2x)\n",
              fold_seconds, fold_seconds / decrypt_seconds);
  std::printf("  unlock (Argon2id, once):       %7.3f s\n", open_seconds);
  std::printf("  peak memory:                   %7.1f MiB (target < 200 MiB)\n",
              bench::PeakMemoryMiB());
  return 0;
}
