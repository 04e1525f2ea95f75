// Two homes paired in-process, for the sync tests (paired_devices.h).
#include "paired_devices.h"

#include <gtest/gtest.h>

#include <chrono>

#include "cli_fixture.h"
#include "store/database.h"
#include "store/home.h"
#include "sync/messages.h"

namespace rapport::cli::testing {

void CreateHome(OpenHome& out, const std::filesystem::path& home, const std::string& name,
                core::Role role) {
  out.home = home;
  auto d =
      store::Device::Create(home, kPassphrase, name, role, store::DeviceEnv{&out.rng, &out.clock});
  ASSERT_TRUE(d) << "creating " << home << ": " << d.error().message;
  out.device.emplace(std::move(d).value());
}

void OpenExistingHome(OpenHome& out, const std::filesystem::path& home) {
  out.home = home;
  auto d = store::Device::Open(home, kPassphrase, store::DeviceEnv{&out.rng, &out.clock});
  ASSERT_TRUE(d) << "opening " << home << ": " << d.error().message;
  out.device.emplace(std::move(d).value());
}

Status PairDevices(store::Device& owner, store::Device& joiner, const core::NotebookId& notebook,
                   const std::string& owner_address) {
  const std::int64_t in_an_hour =
      std::chrono::duration_cast<std::chrono::milliseconds>(
          (std::chrono::system_clock::now() + std::chrono::hours(1)).time_since_epoch())
          .count();
  RAPPORT_RETURN_IF_ERROR(owner.CreateInvite(notebook, in_an_hour));
  RAPPORT_ASSIGN_OR_RETURN(const auto invite, owner.PendingInviteNow());
  if (!invite) return Fail(ErrorCode::kNotFound, "the invite just made is not waiting");
  const store::IdentityInfo& j = joiner.identity();
  RAPPORT_RETURN_IF_ERROR(owner.CompleteInvite(notebook, invite->sealed, j.id,
                                               joiner.noise_keys().public_key(), j.role, j.name));
  RAPPORT_ASSIGN_OR_RETURN(auto key, owner.NotebookKeyForPeer(notebook));
  const store::IdentityInfo& o = owner.identity();
  RAPPORT_RETURN_IF_ERROR(joiner.CompleteJoin(notebook, o.id, o.role,
                                              owner.noise_keys().public_key(), owner_address,
                                              key.first, key.second));
  RAPPORT_RETURN_IF_ERROR(CopyEvents(owner, joiner, notebook));
  return Ok();
}

Result<std::size_t> CopyEvents(store::Device& from, store::Device& to,
                               const core::NotebookId& notebook) {
  RAPPORT_ASSIGN_OR_RETURN(const auto offer, from.VersionVector(notebook));
  RAPPORT_ASSIGN_OR_RETURN(const auto have, to.VersionVector(notebook));
  std::size_t added = 0;
  for (const auto& [author, head] : offer) {
    const auto it = have.find(author);
    std::uint64_t held = it == have.end() ? 0 : it->second;
    while (held < head) {
      RAPPORT_ASSIGN_OR_RETURN(const auto batch,
                               from.EventsAfter(notebook, author, held, sync::kMaxEventsPerBatch));
      if (batch.empty()) break;
      RAPPORT_ASSIGN_OR_RETURN(const std::size_t n, to.AcceptBatch(notebook, batch));
      added += n;
      held += batch.size();
    }
  }
  return added;
}

Status AddSharedEntries(store::Device& device, const core::NotebookId& notebook,
                        const std::string& prefix, int count, std::size_t pad_to) {
  for (int i = 1; i <= count; ++i) {
    core::JournalEntry entry;
    entry.text = prefix + " " + std::to_string(i);
    if (entry.text.size() < pad_to) entry.text.resize(pad_to, '.');
    RAPPORT_RETURN_IF_ERROR(device.AppendShared(notebook, entry));
  }
  return Ok();
}

std::int64_t CountEvents(const std::filesystem::path& home) {
  auto db = store::Database::Open(store::DatabasePath(home), store::OpenMode::kMustExist);
  if (!db) return -1;
  auto count = db->Prepare("SELECT count(*) FROM events");
  if (!count) return -1;
  const auto row = count->Step();
  if (!row || !*row) return -1;
  return count->ColumnInt(0);
}

}  // namespace rapport::cli::testing
