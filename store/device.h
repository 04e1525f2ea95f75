// Device: one person's device home — its identity, its keys and its copy of
// every notebook — opened with the passphrase. Everything above the store
// (sync, cli) works through this class. Key handling: docs/keys.md.
//
// Not thread-safe: one thread uses a Device at a time. Each write that
// belongs together is one SQLite transaction; a failed call changes nothing.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/notebook_state.h"
#include "core/validator.h"
#include "crypto/aead.h"
#include "crypto/password_wrap.h"
#include "crypto/random.h"
#include "store/database.h"
#include "store/event_log.h"

namespace rapport::store {

struct IdentityInfo {
  core::AuthorId id;
  crypto::DhPublicKey noise_key{};
  crypto::Signature binding{};
  std::string name;
  core::Role role = core::Role::kClient;
};

struct NotebookSummary {
  core::NotebookId id;
  std::string title;
  std::int64_t events = 0;
  std::int64_t private_records = 0;
};

// A stored event that failed its integrity check when loaded: skipped, and
// reported so the person can be told.
struct LoadProblem {
  core::AuthorId author;
  std::uint64_t seq = 0;
  std::string reason;
};

struct LoadedNotebook {
  core::NotebookState state;
  std::vector<LoadProblem> problems;
};

struct PrivateEntry {
  core::PrivateId id;
  core::Record record;
};

struct HistoryRow {
  core::EventId id;
  core::AuthorId author;
  std::uint64_t seq = 0;
  std::uint64_t lamport = 0;
  std::int64_t time_ms = 0;  // 0 when the body could not be read
  std::string type;          // record type name, or "?" when unreadable
  bool verified = false;     // signature, local integrity and decryption all good
  std::string problem;       // why not verified
};

struct Rejection {
  std::optional<core::AuthorId> author;
  std::int64_t seq = 0;
  ErrorCode code = ErrorCode::kOk;
  std::string reason;
};

// The time and randomness a device uses; tests pass fixed ones.
struct DeviceEnv {
  crypto::Rng* rng;
  core::Clock* clock;
  crypto::KdfParams kdf = crypto::KdfParams::Interactive();
};

class Device {
 public:
  // Creates the identity in `home` (created owner-only if missing).
  // kAlreadyExists if the home already holds an identity (nothing changes);
  // kIo if the home cannot be created or written; kInvalidArgument for an
  // empty name or passphrase.
  static Result<Device> Create(const std::filesystem::path& home, std::string_view passphrase,
                               const std::string& name, core::Role role, DeviceEnv env);
  // kNoIdentity if the home has no identity; kWrongPassphrase;
  // kCorruptData for a damaged or foreign file; kUnsupportedVersion if a
  // newer Rapport wrote it. Never writes unless a migration is due.
  static Result<Device> Open(const std::filesystem::path& home, std::string_view passphrase,
                             DeviceEnv env);

  Device(Device&&) noexcept;
  Device& operator=(Device&&) noexcept;
  ~Device();

  const IdentityInfo& identity() const;

  // --- notebooks ---
  Result<core::NotebookId> CreateNotebook(const std::string& title);
  Result<std::vector<NotebookSummary>> ListNotebooks();
  // `selector`: an id prefix or an exact title. Without one, the only
  // notebook. kNotFound / kAmbiguous with a message that says what to do.
  Result<core::NotebookId> ResolveNotebook(const std::optional<std::string>& selector);
  Result<LoadedNotebook> Load(const core::NotebookId& notebook);
  Result<std::vector<HistoryRow>> History(const core::NotebookId& notebook);
  Result<std::vector<Rejection>> Rejections(const core::NotebookId& notebook);

  // --- writing ---
  // Appends a shared record to this device's feed. Rule violations
  // (core::CheckRecordRules) are returned and nothing is written.
  Result<core::EventId> AppendShared(const core::NotebookId& notebook, core::RecordBody body);
  // Keeps a record on this device only, sealed under a device key.
  Result<core::PrivateId> AddPrivate(const core::NotebookId& notebook, core::RecordBody body);
  Result<std::vector<PrivateEntry>> ListPrivate(const core::NotebookId& notebook);
  // Publishes the private journal entry whose id starts with `id_prefix` to
  // the shared record, in one transaction with removing the private copy.
  Result<core::EventId> SharePrivate(const core::NotebookId& notebook, std::string_view id_prefix);

  // --- membership and pairing ---
  // Writes a member.add event for another device. kPermissionDenied unless
  // this device may add members (docs/records.md).
  Result<core::EventId> AddMember(const core::NotebookId& notebook, const core::AuthorId& member,
                                  const crypto::DhPublicKey& noise_key, core::Role role,
                                  const std::string& name);
  // The current content key, to hand to a newly paired member inside the
  // authenticated channel. WARNING: a secret; never log or store it.
  Result<std::pair<std::uint32_t, crypto::AeadKey>> NotebookKeyForPeer(
      const core::NotebookId& notebook);
  // Records a notebook this device was invited to: its creator and content
  // key, so the creator's events can be accepted. kAlreadyExists if held.
  Status JoinNotebook(const core::NotebookId& notebook, const core::AuthorId& creator,
                      core::Role creator_role, std::uint32_t epoch, const crypto::AeadKey& key);

  // --- sync ---
  // Author -> highest seq held, for every feed of the notebook.
  Result<std::map<core::AuthorId, std::uint64_t>> VersionVector(const core::NotebookId& notebook);
  // The encoded events of `author` with seq > `after_seq`, in seq order, at
  // most `limit` of them.
  Result<std::vector<crypto::Bytes>> EventsAfter(const core::NotebookId& notebook,
                                                 const core::AuthorId& author,
                                                 std::uint64_t after_seq, std::size_t limit);

  // --- receiving ---
  // Validates and stores one encoded event from a peer. A rejected event is
  // recorded in the rejection log and its error returned; nothing else changes.
  Result<core::Accepted> Accept(crypto::ByteView encoded);

  // For tests: the database, to inspect or damage it.
  Database& database_for_testing();

  // Opaque: defined in store/device_state.h, for store/'s own files.
  struct State;

 private:
  explicit Device(std::unique_ptr<State> state);
  Result<core::EventId> AppendInTransaction(const core::NotebookId& notebook, core::Record record);
  std::unique_ptr<State> s_;
};

}  // namespace rapport::store
