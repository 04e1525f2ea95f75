// Internal to store/: the state behind a Device, shared by its .cc files.
#pragma once

#include <map>

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

 private:
  Device::State& s_;
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
  // Loads (and caches) a notebook's content key; nullptr if not held.
  const crypto::AeadKey* EpochKey(const core::NotebookId& n, std::uint32_t epoch);
  Status StoreEpochKey(const core::NotebookId& n, std::uint32_t epoch, const crypto::AeadKey& key);
  Status UpsertMember(const core::NotebookId& n, const core::AuthorId& a, core::Role role,
                      bool is_creator);
  Result<std::uint32_t> CurrentEpoch(const core::NotebookId& n);
  Status RecordRejection(const core::SignedEvent& e, crypto::ByteView encoded, const Error& error);
};

// Associated data that binds each sealed blob to its place.
crypto::Bytes SealContext(std::string_view label, crypto::ByteView a, crypto::ByteView b = {});

}  // namespace rapport::store
