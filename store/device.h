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

struct PrivateRecords {
  std::vector<PrivateEntry> entries;  // in the order they were added
  // How many were left out because they failed their integrity check (damaged
  // on disk): one damaged record must not hide all the others.
  std::size_t damaged = 0;
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

// A device this one paired with: pinned to the Noise static key it used at
// pairing, and the address it was last reached at ("" if never dialed).
struct PeerInfo {
  core::AuthorId identity;
  crypto::DhPublicKey noise_key{};
  std::string address;
};

// The invite this device is waiting on (at most one: a new invite replaces
// the previous one).
struct PendingInvite {
  core::NotebookId notebook;
  crypto::SecretBuffer psk;  // kInvitePskSize bytes. WARNING: a secret
  std::int64_t expires_ms = 0;
  // The PSK as stored, sealed with a fresh random nonce: it names this one
  // invite (not secret), for CompleteInvite.
  crypto::Bytes sealed;
};

inline constexpr std::size_t kInvitePskSize = 32;
// Reports of rejected events kept; older ones are dropped (a hostile peer
// must not be able to fill the disk).
inline constexpr std::size_t kMaxRejectionsKept = 1000;

// The time and randomness a device uses; tests pass fixed ones.
// What a commit survives. Every commit survives a crash of the process; by
// default (SQLite's synchronous=NORMAL in WAL mode) the last ones before a
// power cut may be lost. What a person writes must not be: a lost entry is
// lost trust, and a lost event of this device's feed that `serve` had
// already sent would make its seq be used twice, which the other device
// refuses for good as equivocation. kPowerCut syncs every commit to disk
// (synchronous=FULL): one fsync each, 2.4 ms on the development machine.
enum class Durability {
  kCrash,     // for bulk receiving: what is lost, the peer sends again
  kPowerCut,  // for what this device writes
};

struct DeviceEnv {
  crypto::Rng* rng;
  core::Clock* clock;
  crypto::KdfParams kdf = crypto::KdfParams::Interactive();
  Durability durability = Durability::kCrash;
};

struct PassphraseChange {
  // False when another process reading the database (rapport serve, say)
  // kept the old wrapping in the database file: until that process closes
  // it, a copy of the file still opens with the old passphrase.
  bool old_wrapping_erased = true;
};

class Device {
 public:
  // Creates the identity in `home` (created owner-only if missing).
  // kAlreadyExists if the home already holds an identity (nothing changes);
  // kCorruptData if its database is not Rapport's, kUnsupportedVersion if a
  // newer Rapport wrote it (nothing is written to either); kIo if the home
  // cannot be created or written, or rapport.db is a symbolic link;
  // kInvalidArgument for an empty name or passphrase. A database file that
  // Create made is removed again if it fails. A database with the schema but
  // no identity (an interrupted init) is completed.
  static Result<Device> Create(const std::filesystem::path& home, std::string_view passphrase,
                               const std::string& name, core::Role role, DeviceEnv env);
  // kNoIdentity if the home has no identity; kWrongPassphrase;
  // kCorruptData for a damaged or foreign file; kUnsupportedVersion if a
  // newer Rapport wrote it (neither is written to, not even its journal
  // mode); kIo if rapport.db is a symbolic link. Never writes unless a
  // migration is due.
  static Result<Device> Open(const std::filesystem::path& home, std::string_view passphrase,
                             DeviceEnv env);
  // Protects this device's key with `next` instead of `current`, which is
  // checked as Open checks it. The key itself stays the same: a copy of the
  // file taken before the change still opens with the old passphrase.
  // The change is one transaction committed with Durability::kPowerCut,
  // whatever `env` says: after a crash either passphrase works, never neither.
  // kInvalidArgument for an empty `next`, or one equal to `current`;
  // kFailedPrecondition if another process changed it meanwhile; the errors
  // of Open. On any failure nothing changes.
  static Result<PassphraseChange> ChangePassphrase(const std::filesystem::path& home,
                                                   std::string_view current, std::string_view next,
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
  // Load and History each read the notebook as it was at one moment,
  // whatever other processes commit meanwhile (one read transaction); inside
  // a transaction already open, as of that transaction.
  Result<LoadedNotebook> Load(const core::NotebookId& notebook);
  Result<std::vector<HistoryRow>> History(const core::NotebookId& notebook);
  Result<std::vector<Rejection>> Rejections(const core::NotebookId& notebook);
  // Until the returned object ends, every read through this Device sees
  // the database as of one moment, whatever other processes commit: for a
  // command that shows several reads together (Load and ListPrivate, say).
  // REQUIRES: no write through this Device meanwhile (it fails as kIo).
  Result<ReadTransaction> ReadSnapshot();

  // --- writing ---
  // Appends a shared record to this device's feed. Rule violations
  // (core::CheckRecordRules, and core::CheckAgainstState against the
  // notebook's current state: unknown ids, a closed task, agreeing twice...)
  // are returned and nothing is written. Only records whose rules depend on
  // the state pay for loading it (a fold); journal entries do not.
  Result<core::EventId> AppendShared(const core::NotebookId& notebook, core::RecordBody body);
  // Appends several shared records as one: all of them, in order, or none
  // (one transaction, so also far faster per record than AppendShared).
  // Each keeps the time it carries, e.g. an imported entry its first date.
  Result<std::vector<core::EventId>> AppendSharedRecords(const core::NotebookId& notebook,
                                                         std::vector<core::Record> records);
  // Keeps a record on this device only, sealed under a device key.
  Result<core::PrivateId> AddPrivate(const core::NotebookId& notebook, core::RecordBody body);
  // Keeps several as one: all, or none; each with the time it carries.
  Result<std::vector<core::PrivateId>> AddPrivateRecords(const core::NotebookId& notebook,
                                                         std::vector<core::Record> records);
  Result<PrivateRecords> ListPrivate(const core::NotebookId& notebook);
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
  // The device that created `notebook`: its feed holds every member.add.
  // kNotFound if this device does not hold the notebook.
  Result<core::AuthorId> NotebookCreator(const core::NotebookId& notebook);
  // Author -> highest seq held, for every feed of the notebook.
  Result<std::map<core::AuthorId, std::uint64_t>> VersionVector(const core::NotebookId& notebook);
  // The encoded events of `author` with seq > `after_seq`, in seq order, at
  // most `limit` of them.
  Result<std::vector<crypto::Bytes>> EventsAfter(const core::NotebookId& notebook,
                                                 const core::AuthorId& author,
                                                 std::uint64_t after_seq, std::size_t limit);

  // --- pairing and peers (store/device_pairing.cc) ---
  // The Noise static key pair. WARNING: holds the secret key; for the
  // handshake only.
  const crypto::DhKeyPair& noise_keys() const;
  // Makes a new single-use invite to `notebook` that expires at `expires_ms`,
  // replacing any earlier one, and returns its fresh random PSK.
  // kPermissionDenied unless this device may add members.
  Result<crypto::SecretBuffer> CreateInvite(const core::NotebookId& notebook,
                                            std::int64_t expires_ms);
  // The invite waiting, if any (expired or not: the caller says which).
  Result<std::optional<PendingInvite>> PendingInviteNow();
  // Pairing done, inviter side, in one transaction: writes member.add for the
  // joiner, pins it as a peer and deletes the invite. `invite` is the
  // PendingInvite::sealed of the invite whose PSK the joiner proved it holds:
  // kNotFound if that invite was used, replaced or has expired meanwhile
  // (a newer invite for the same notebook does not stand in for it).
  Result<core::EventId> CompleteInvite(const core::NotebookId& notebook, crypto::ByteView invite,
                                       const core::AuthorId& joiner,
                                       const crypto::DhPublicKey& noise_key, core::Role role,
                                       const std::string& name);
  // Pairing done, joiner side, in one transaction: JoinNotebook and pin the
  // inviter with the static key the invite named, reached at `address`.
  Status CompleteJoin(const core::NotebookId& notebook, const core::AuthorId& inviter,
                      core::Role inviter_role, const crypto::DhPublicKey& inviter_noise_key,
                      const std::string& address, std::uint32_t epoch, const crypto::AeadKey& key);
  // The pinned peer with this identity, or nullopt.
  Result<std::optional<PeerInfo>> FindPeer(const core::AuthorId& identity);
  Result<std::vector<PeerInfo>> ListPeers();
  Status RememberPeerAddress(const core::AuthorId& identity, const std::string& address);
  // The notebooks of which both this device and `peer` are members.
  Result<std::vector<core::NotebookId>> NotebooksSharedWith(const core::AuthorId& peer);
  // The name `member` was given in `notebook`, read from the event that made
  // them a member (the creator's first event, or the MemberAdded in the
  // creator's feed) without folding the notebook; nullopt if none is found.
  Result<std::optional<std::string>> MemberName(const core::NotebookId& notebook,
                                                const core::AuthorId& member);
  // The database file, so a long-lived process can watch it for changes.
  const std::filesystem::path& database_file() const;
  // Changes whenever another process (or connection) commits to this
  // database: SQLite's PRAGMA data_version. For live push.
  Result<std::int64_t> DataVersion();
  // Validates and stores a batch of encoded events of `notebook` from a
  // peer, all or nothing, in one transaction. Each event must be for
  // `notebook` and must continue its author's feed; an event already held
  // byte for byte is skipped (acceptance is idempotent). On the first
  // rejected event nothing of the batch is stored, the rejection is logged
  // (Rejections) and its error returned. Returns how many were new.
  // A failure of this device's own is not the peer's: if it cannot read its
  // copy to check an event (busy, a disk error, a damaged row), nothing of
  // the batch is stored or logged and the error is kIo; the same batch may
  // be sent again.
  Result<std::size_t> AcceptBatch(const core::NotebookId& notebook,
                                  const std::vector<crypto::Bytes>& events);

  // --- receiving ---
  // Validates and stores one encoded event from a peer. A rejected event is
  // recorded in the rejection log and its error returned; nothing else changes.
  // A local failure to check it is kIo and logs nothing, as in AcceptBatch.
  Result<core::Accepted> Accept(crypto::ByteView encoded);

  // For tests: the database, to inspect or damage it.
  Database& database_for_testing();

  // Opaque: defined in store/device_state.h, for store/'s own files.
  struct State;

 private:
  explicit Device(std::unique_ptr<State> state);
  // Open, also handing back the unwrapped device key and the stored
  // wrapping it came from, when the pointers are not null.
  static Result<Device> Unlock(const std::filesystem::path& home, std::string_view passphrase,
                               DeviceEnv env, crypto::SecretBuffer* device_key,
                               crypto::Bytes* wrapping);
  Result<core::EventId> AppendInTransaction(const core::NotebookId& notebook, core::Record record);
  // Where this device's next event in a notebook goes: read once, then
  // advanced by each AppendAt in the same transaction.
  struct FeedPosition;
  Result<FeedPosition> NextFeedPosition(const core::NotebookId& notebook);
  Result<core::EventId> AppendAt(FeedPosition& position, core::Record record);
  Result<core::PrivateId> AddPrivateInTransaction(const core::NotebookId& notebook,
                                                  const core::Record& record);
  Status JoinInTransaction(const core::NotebookId& notebook, const core::AuthorId& creator,
                           core::Role creator_role, std::uint32_t epoch,
                           const crypto::AeadKey& key);
  std::unique_ptr<State> s_;
};

}  // namespace rapport::store
