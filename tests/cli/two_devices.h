// For end-to-end tests of the shared record before a network is involved:
// pairs two device homes in this process and moves events between them
// through the store's own sync hooks (the same ones sync/ uses). The homes
// must already hold identities made by `rapport init`, with the passphrase
// of cli_fixture.h.
#pragma once

#include <filesystem>
#include <string>

namespace rapport::cli::testing {

// Makes `joiner` a member of the notebook `notebook_id` (full hex id) held
// by `owner`, the notebook's creator, and gives it the notebook's key and
// history. Fails the test (ADD_FAILURE) on any error.
void PairHomes(const std::filesystem::path& owner, const std::filesystem::path& joiner,
               const std::string& notebook_id);

// Copies to each home every event of `notebook_id` the other holds and it
// lacks, both ways, until both hold the same events.
void ExchangeEvents(const std::filesystem::path& a, const std::filesystem::path& b,
                    const std::string& notebook_id);

}  // namespace rapport::cli::testing
