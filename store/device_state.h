// Internal to store/: the state behind a Device, shared by its .cc files.
#pragma once

#include <map>
#include <optional>
#include <utility>

#include "crypto/hash.h"
#include "crypto/signing.h"
#include "store/device.h"
#include "store/statement_cache.h"

namespace rapport::store {

// The subkeys of the device key (crypto_kdf ids and contexts), docs/keys.md.
struct DeviceKeys {
  crypto::AeadKey secrets;    // seals the identity's secret keys
  crypto::AeadKey profile;    // seals the display name and role
  crypto::AeadKey epochs;     // seals notebook content keys
  crypto::AeadKey private_;   // seals private records
  crypto::AeadKey local_mac;  // MACs stored events against local tampering

  static DeviceKeys Derive(const crypto::AeadKey& device_key);
};

// Validation's view of the database (core::KnownFeeds).
class StoreFeeds final : public core::KnownFeeds {
 public:
  explicit StoreFeeds(Device::State& s) : s_(s) {}
  const crypto::AeadKey* EpochKey(const core::NotebookId& n, std::uint32_t epoch) override;
  Result<std::optional<core::MemberInfo>> Member(const core::NotebookId& n,
                                                 const core::AuthorId& a) override;
  Result<std::optional<core::FeedHead>> Head(const core::NotebookId& n,
                                             const core::AuthorId& a) override;
  Result<std::optional<core::EventId>> IdAt(const core::NotebookId& n, const core::AuthorId& a,
                                            std::uint64_t seq) override;
  Result<std::uint64_t> MaxLamport(const core::NotebookId& n) override;

  // The first failure to read this device's own copy since the last call,
  // which it forgets. Validation passes such a failure on as if it were its
  // verdict on the event; this tells the two apart (JudgePeerEvent).
  std::optional<Error> TakeLocalFailure() { return std::exchange(local_failure_, std::nullopt); }

 private:
  template <typename T>
  Result<T> Noted(Result<T> result) {
    if (!result && !local_failure_) local_failure_ = result.error();
    return result;
  }

  Result<std::optional<core::MemberInfo>> ReadMember(const core::NotebookId& n,
                                                     const core::AuthorId& a);

  Device::State& s_;
  std::optional<Error> local_failure_;
};

struct Device::State {
  State(Database database, DeviceEnv e, DeviceKeys k, crypto::SigningKey sk, crypto::DhKeyPair dh)
      : db(std::move(database)),
        env(e),
        keys(std::move(k)),
        signing(std::move(sk)),
        noise(std::move(dh)),
        statements(db),
        log(db, statements),
        feeds(*this) {}

  Database db;
  DeviceEnv env;
  DeviceKeys keys;
  crypto::SigningKey signing;
  crypto::DhKeyPair noise;
  IdentityInfo identity;
  StatementCache statements;
  EventLog log;
  StoreFeeds feeds;
  std::map<std::pair<core::NotebookId, std::uint32_t>, crypto::AeadKey> epoch_keys;

  // The local MAC of a stored event (docs/storage.md, "Local integrity"):
  // keyed BLAKE2b over id | header | nonce | signature. The ciphertext is
  // left out because its AEAD tag already binds it to header and nonce, so
  // together they catch a change to any byte at a fraction of the cost.
  // REQUIRES: `encoded` parsed as an event.
  crypto::Hash256 LocalMac(const core::EventId& id, crypto::ByteView encoded) const;
  // Loads (and caches) a notebook's content key; nullptr if not held. An
  // error if it could not be read, or the stored key no longer opens.
  Result<const crypto::AeadKey*> FindEpochKey(const core::NotebookId& n, std::uint32_t epoch);
  // FindEpochKey, with nullptr for either failure too.
  const crypto::AeadKey* EpochKey(const core::NotebookId& n, std::uint32_t epoch);
  Status StoreEpochKey(const core::NotebookId& n, std::uint32_t epoch, const crypto::AeadKey& key);
  Status UpsertMember(const core::NotebookId& n, const core::AuthorId& a, core::Role role,
                      bool is_creator);
  Result<std::uint32_t> CurrentEpoch(const core::NotebookId& n);
  Status RecordRejection(const core::SignedEvent& e, crypto::ByteView encoded, const Error& error);
};

// core::ValidateEvent for an event a peer sent (`verified` if its signature
// was checked already), telling apart the two ways it can fail. The error
// is this device's own: it could not read its copy to judge the event
// (busy, a disk error, a damaged row), always as kIo; the event was not
// judged and the peer is not to blame. The value is the verdict.
Result<Result<core::Accepted>> JudgePeerEvent(Device::State& s, const core::SignedEvent& event,
                                              const core::VerifiedEvent* verified);

// Associated data that binds each sealed blob to its place.
crypto::Bytes SealContext(std::string_view label, crypto::ByteView a, crypto::ByteView b = {});

}  // namespace rapport::store
