// In-process pairing and event exchange for end-to-end tests (two_devices.h).
#include "two_devices.h"

#include <gtest/gtest.h>

#include "cli_fixture.h"
#include "store/device.h"
#include "store/system_clock.h"

namespace rapport::cli::testing {
namespace {

// One opened home with the environment it needs.
struct OpenedHome {
  explicit OpenedHome(const std::filesystem::path& home) {
    auto d = store::Device::Open(home, kPassphrase, store::DeviceEnv{&rng, &clock});
    if (!d) {
      ADD_FAILURE() << "opening " << home << ": " << d.error().message;
      return;
    }
    device.emplace(std::move(d).value());
  }
  crypto::SystemRng rng;
  store::SystemClock clock;
  std::optional<store::Device> device;
};

core::NotebookId Resolve(store::Device& device, const std::string& notebook_id) {
  auto nb = device.ResolveNotebook(notebook_id);
  if (!nb) ADD_FAILURE() << "notebook " << notebook_id << ": " << nb.error().message;
  return nb ? *nb : core::NotebookId{};
}

// Copies what `to` lacks from `from`; returns how many events were accepted.
std::size_t CopyMissing(store::Device& from, store::Device& to, const std::string& notebook_id) {
  const core::NotebookId nb_from = Resolve(from, notebook_id);
  const core::NotebookId nb_to = Resolve(to, notebook_id);
  const auto have = to.VersionVector(nb_to);
  const auto offer = from.VersionVector(nb_from);
  if (!have || !offer) {
    ADD_FAILURE() << "reading version vectors failed";
    return 0;
  }
  std::size_t accepted = 0;
  for (const auto& [author, head] : *offer) {
    const auto it = have->find(author);
    const std::uint64_t held = it == have->end() ? 0 : it->second;
    if (held >= head) continue;
    const auto events = from.EventsAfter(nb_from, author, held, head - held);
    if (!events) {
      ADD_FAILURE() << "reading events failed: " << events.error().message;
      return accepted;
    }
    for (const auto& bytes : *events) {
      const auto result = to.Accept(bytes);
      if (!result) {
        ADD_FAILURE() << "an event was rejected: " << result.error().message;
        return accepted;
      }
      ++accepted;
    }
  }
  return accepted;
}

}  // namespace

void PairHomes(const std::filesystem::path& owner, const std::filesystem::path& joiner,
               const std::string& notebook_id) {
  OpenedHome o(owner);
  OpenedHome j(joiner);
  if (!o.device || !j.device) return;
  const core::NotebookId nb = Resolve(*o.device, notebook_id);
  const store::IdentityInfo& joining = j.device->identity();
  const auto added =
      o.device->AddMember(nb, joining.id, joining.noise_key, joining.role, joining.name);
  ASSERT_TRUE(added) << added.error().message;
  auto key = o.device->NotebookKeyForPeer(nb);
  ASSERT_TRUE(key) << key.error().message;
  const Status joined = j.device->JoinNotebook(nb, o.device->identity().id,
                                               o.device->identity().role, key->first, key->second);
  ASSERT_TRUE(joined) << joined.error().message;
  CopyMissing(*o.device, *j.device, notebook_id);
}

void ExchangeEvents(const std::filesystem::path& a, const std::filesystem::path& b,
                    const std::string& notebook_id) {
  OpenedHome ha(a);
  OpenedHome hb(b);
  if (!ha.device || !hb.device) return;
  // Two rounds settle it: a's events to b, then b's (now including any that
  // needed a's) to a.
  CopyMissing(*ha.device, *hb.device, notebook_id);
  CopyMissing(*hb.device, *ha.device, notebook_id);
}

}  // namespace rapport::cli::testing
