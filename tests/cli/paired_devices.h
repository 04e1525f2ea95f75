// Setting up the sync tests quickly: two device homes made and paired in
// this process through the store's pairing hooks, the same calls a
// `rapport invite` / `rapport join` session makes (CreateInvite,
// CompleteInvite, CompleteJoin, then the history in batches), so that tests
// other than the pairing test itself need no network to start from a
// paired pair. Homes use the passphrase of cli_fixture.h, so the `rapport`
// binary opens them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "base/result.h"
#include "crypto/random.h"
#include "store/device.h"
#include "store/system_clock.h"

namespace rapport::cli::testing {

// A home opened (or created) in this process with the system's clock and
// randomness. Opening costs one passphrase derivation, as in the binary.
struct OpenHome {
  std::filesystem::path home;
  crypto::SystemRng rng;
  store::SystemClock clock;
  std::optional<store::Device> device;
};

// Creates an identity in `home`; fails the test on error.
void CreateHome(OpenHome& out, const std::filesystem::path& home, const std::string& name,
                core::Role role);
// Opens an existing home; fails the test on error.
void OpenExistingHome(OpenHome& out, const std::filesystem::path& home);

// Pairs `joiner` into `notebook` of `owner` (its creator) as an invite and a
// join would: the joiner becomes a member, both pin each other's Noise
// static key, the joiner remembers `owner_address` and receives the key and
// the whole history.
Status PairDevices(store::Device& owner, store::Device& joiner, const core::NotebookId& notebook,
                   const std::string& owner_address);

// Stores in `to` every event of `notebook` that `from` holds and `to` lacks,
// in batches as a sync would. Returns how many were new.
Result<std::size_t> CopyEvents(store::Device& from, store::Device& to,
                               const core::NotebookId& notebook);

// Appends `count` shared journal entries "PREFIX 1", "PREFIX 2"..., each
// padded with dots to `pad_to` characters if it is shorter.
Status AddSharedEntries(store::Device& device, const core::NotebookId& notebook,
                        const std::string& prefix, int count, std::size_t pad_to = 0);

// How many events the database in `home` holds, counted straight from its
// events table without the passphrase (one SQLite query, no key
// derivation), so a test can watch a running process's progress cheaply.
// -1 on error.
std::int64_t CountEvents(const std::filesystem::path& home);

}  // namespace rapport::cli::testing
