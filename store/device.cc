// Device creation and unlocking: the identity, the device key and its
// subkeys. Notebook operations are in device_notebooks.cc, private records in
// device_private.cc.
#include "store/device.h"

#include <optional>

#include "core/codec.h"
#include "core/record_fields.h"
#include "core/records_notebook.h"
#include "store/device_state.h"
#include "store/home.h"
#include "store/schema.h"

namespace rapport::store {
namespace {

using crypto::AeadKey;
using crypto::Bytes;
using crypto::ByteView;

constexpr std::size_t kSecretsSize = crypto::kSignSecretKeySize + crypto::kDhSecretKeySize;

Bytes EncodeProfile(const std::string& name, core::Role role) {
  core::Writer w;
  w.U8(static_cast<std::uint8_t>(role));
  w.String(name);
  return w.Take();
}

Status DecodeProfile(ByteView bytes, IdentityInfo& out) {
  core::Reader r(bytes);
  std::uint8_t role = 0;
  if (!r.U8(role) || !r.String(out.name, 1000) || !r.AtEnd() || role < 1 || role > 2)
    return Fail(ErrorCode::kCorruptData, "the stored profile is damaged");
  out.role = static_cast<core::Role>(role);
  return Ok();
}

Unexpected NoIdentity(const std::filesystem::path& home) {
  return Fail(ErrorCode::kNoIdentity,
              "no identity in " + home.string() +
                  " yet: run `rapport init --name NAME --role therapist|client`");
}

Unexpected IdentityExists(const std::filesystem::path& home) {
  return Fail(ErrorCode::kAlreadyExists,
              "an identity already exists in " + home.string() + "; nothing was changed");
}

// Unlock's check, run by Database::Open before it writes anything: a Rapport
// database this build can read, with a schema (version 0 has no identity).
OpenCheck MustHoldRapportSchema(const std::filesystem::path& home) {
  return [home](Database& db) -> Status {
    RAPPORT_RETURN_IF_ERROR(CheckRapportDatabase(db));
    RAPPORT_ASSIGN_OR_RETURN(const int version, db.UserVersion());
    if (version == 0) return NoIdentity(home);
    return Ok();
  };
}

// True if the device row is there. A schema without it is what an
// interrupted init leaves behind, and init may go on from there.
Result<bool> HasIdentity(Database& db) {
  RAPPORT_ASSIGN_OR_RETURN(const int version, db.UserVersion());
  if (version == 0) return false;
  RAPPORT_ASSIGN_OR_RETURN(Statement select, db.Prepare("SELECT 1 FROM device WHERE id = 1"));
  return select.Step();
}

// The home's database for init, if it has one: checked as Rapport's before
// anything is written to it, and without an identity (kAlreadyExists).
Result<std::optional<Database>> OpenForInit(const std::filesystem::path& home) {
  auto db = Database::Open(DatabasePath(home), OpenMode::kMustExist, CheckRapportDatabase);
  if (!db && db.error().code == ErrorCode::kNotFound) return std::optional<Database>();
  if (!db) return db.as_unexpected();
  RAPPORT_ASSIGN_OR_RETURN(const bool has_identity, HasIdentity(*db));
  if (has_identity) return IdentityExists(home);
  return std::optional<Database>(std::move(db).value());
}

// A new identity: its keys and the sealed blobs that store it. Made before
// the database file is created, so that the passphrase hashing (the slow
// part of init) happens while there is no file to leave behind.
struct NewIdentity {
  DeviceKeys keys;
  crypto::SigningKey signing;
  crypto::DhKeyPair noise;
  crypto::Signature binding;
  Bytes wrapped;
  Bytes sealed_secrets;
  Bytes sealed_profile;
};

NewIdentity MakeIdentity(std::string_view passphrase, const std::string& name, core::Role role,
                         const DeviceEnv& env) {
  crypto::Rng& rng = *env.rng;
  const AeadKey device_key = AeadKey::Generate(rng);
  DeviceKeys keys = DeviceKeys::Derive(device_key);
  crypto::SigningKey signing = crypto::SigningKey::Generate(rng);
  crypto::DhKeyPair noise = crypto::DhKeyPair::Generate(rng);
  const crypto::Signature binding = crypto::SignStaticKeyBinding(signing, noise.public_key());
  const auto& pk = signing.public_key();

  crypto::SecretBuffer secrets(kSecretsSize);
  std::copy(signing.secret().data(), signing.secret().data() + crypto::kSignSecretKeySize,
            secrets.data());
  std::copy(noise.secret().data(), noise.secret().data() + crypto::kDhSecretKeySize,
            secrets.data() + crypto::kSignSecretKeySize);
  Bytes sealed_secrets =
      crypto::SealWithRandomNonce(keys.secrets, rng, secrets.view(), SealContext("secrets", pk));
  Bytes sealed_profile = crypto::SealWithRandomNonce(keys.profile, rng, EncodeProfile(name, role),
                                                     SealContext("profile", pk));
  Bytes wrapped = crypto::WrapSecret(passphrase, device_key.view(), env.kdf, rng);
  return NewIdentity{
      std::move(keys),    std::move(signing),        std::move(noise),         binding,
      std::move(wrapped), std::move(sealed_secrets), std::move(sealed_profile)};
}

// Sets how long a commit waits for the disk (Durability). Writes nothing.
Status ApplyDurability(Database& db, Durability durability) {
  return db.Exec(durability == Durability::kPowerCut ? "PRAGMA synchronous=FULL"
                                                     : "PRAGMA synchronous=NORMAL");
}

Status InsertIdentity(Database& db, const NewIdentity& identity,
                      const std::filesystem::path& home) {
  RAPPORT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  RAPPORT_ASSIGN_OR_RETURN(
      Statement insert,
      db.Prepare("INSERT INTO device (id, sign_public, noise_public, binding_signature, "
                 "wrapped_device_key, sealed_secrets, sealed_profile) "
                 "VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)"));
  insert.Bind(1, identity.signing.public_key())
      .Bind(2, identity.noise.public_key())
      .Bind(3, identity.binding)
      .Bind(4, identity.wrapped)
      .Bind(5, identity.sealed_secrets)
      .Bind(6, identity.sealed_profile);
  auto inserted = insert.Run();
  if (!inserted && inserted.error().code == ErrorCode::kAlreadyExists) return IdentityExists(home);
  RAPPORT_RETURN_IF_ERROR(inserted);
  return tx.Commit();
}

// Removes the database file that init created (and its -wal and -shm) unless
// Keep() is called, so that a failed init leaves no partial rapport.db that
// later commands would stumble on. Declare it before the Database, so that
// the connection is closed before the files go.
class CreatedFile {
 public:
  CreatedFile() = default;
  CreatedFile(const CreatedFile&) = delete;
  CreatedFile& operator=(const CreatedFile&) = delete;
  ~CreatedFile() {
    if (!path_.empty()) (void)RemoveDatabaseFiles(path_);  // best effort: already failing
  }

  void Track(std::filesystem::path path) { path_ = std::move(path); }
  void Keep() { path_.clear(); }

 private:
  std::filesystem::path path_;
};

}  // namespace

DeviceKeys DeviceKeys::Derive(const AeadKey& device_key) {
  return DeviceKeys{crypto::DeriveSubkey(device_key, 1, "identity"),
                    crypto::DeriveSubkey(device_key, 2, "profile_"),
                    crypto::DeriveSubkey(device_key, 3, "epochkey"),
                    crypto::DeriveSubkey(device_key, 4, "private_"),
                    crypto::DeriveSubkey(device_key, 5, "localmac")};
}

Bytes SealContext(std::string_view label, ByteView a, ByteView b) {
  Bytes out = crypto::ToBytes(crypto::AsBytes("rapport/1 "));
  crypto::Append(out, crypto::AsBytes(label));
  out.push_back(0);
  crypto::Append(out, a);
  crypto::Append(out, b);
  return out;
}

Device::Device(std::unique_ptr<State> state) : s_(std::move(state)) {}
Device::Device(Device&&) noexcept = default;
Device& Device::operator=(Device&&) noexcept = default;
Device::~Device() = default;

const IdentityInfo& Device::identity() const { return s_->identity; }
Database& Device::database_for_testing() { return s_->db; }

Result<Device> Device::Create(const std::filesystem::path& home, std::string_view passphrase,
                              const std::string& name, core::Role role, DeviceEnv env) {
  if (passphrase.empty())
    return Fail(ErrorCode::kInvalidArgument, "the passphrase must not be empty");
  // The rule every member's name meets in the record (core/records_notebook.cc).
  if (auto checked = core::CheckLine("name", name, core::kMaxNameSize, true); !checked)
    return Fail(ErrorCode::kInvalidArgument, "the " + checked.error().message);
  RAPPORT_RETURN_IF_ERROR(EnsureHome(home));
  CreatedFile created;
  RAPPORT_ASSIGN_OR_RETURN(std::optional<Database> db, OpenForInit(home));
  NewIdentity identity = MakeIdentity(passphrase, name, role, env);
  if (!db) {
    const auto path = DatabasePath(home);
    RAPPORT_ASSIGN_OR_RETURN(Database fresh,
                             Database::Open(path, OpenMode::kCreateNew, CheckRapportDatabase));
    created.Track(path);
    db.emplace(std::move(fresh));
  }
  RAPPORT_RETURN_IF_ERROR(ApplyDurability(*db, env.durability));
  RAPPORT_RETURN_IF_ERROR(Migrate(*db, SchemaMigrations()));
  RAPPORT_RETURN_IF_ERROR(InsertIdentity(*db, identity, home));
  created.Keep();

  IdentityInfo info{core::AuthorId::FromArray(identity.signing.public_key()),
                    identity.noise.public_key(), identity.binding, name, role};
  auto state = std::make_unique<State>(std::move(*db), env, std::move(identity.keys),
                                       std::move(identity.signing), std::move(identity.noise));
  state->identity = std::move(info);
  return Device(std::move(state));
}

Result<Device> Device::Open(const std::filesystem::path& home, std::string_view passphrase,
                            DeviceEnv env) {
  return Unlock(home, passphrase, env, nullptr, nullptr);
}

Result<Device> Device::Unlock(const std::filesystem::path& home, std::string_view passphrase,
                              DeviceEnv env, crypto::SecretBuffer* device_key_out,
                              crypto::Bytes* wrapping_out) {
  const auto path = DatabasePath(home);
  // symlink_status: a link there, even a dangling one, is for Open to refuse.
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::symlink_status(path, ec))) return NoIdentity(home);
  RAPPORT_ASSIGN_OR_RETURN(Database db,
                           Database::Open(path, OpenMode::kMustExist, MustHoldRapportSchema(home)));
  RAPPORT_RETURN_IF_ERROR(ApplyDurability(db, env.durability));

  Bytes sign_public, noise_public, binding, wrapped, sealed_secrets, sealed_profile;
  {
    RAPPORT_ASSIGN_OR_RETURN(
        Statement select,
        db.Prepare("SELECT sign_public, noise_public, binding_signature, wrapped_device_key, "
                   "sealed_secrets, sealed_profile FROM device WHERE id = 1"));
    RAPPORT_ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row)
      return Fail(ErrorCode::kNoIdentity,
                  "no identity in " + home.string() + " yet: run `rapport init`");
    sign_public = crypto::ToBytes(select.ColumnBlob(0));
    noise_public = crypto::ToBytes(select.ColumnBlob(1));
    binding = crypto::ToBytes(select.ColumnBlob(2));
    wrapped = crypto::ToBytes(select.ColumnBlob(3));
    sealed_secrets = crypto::ToBytes(select.ColumnBlob(4));
    sealed_profile = crypto::ToBytes(select.ColumnBlob(5));
  }
  if (sign_public.size() != crypto::kSignPublicKeySize ||
      noise_public.size() != crypto::kDhPublicKeySize || binding.size() != crypto::kSignatureSize)
    return Fail(ErrorCode::kCorruptData, "the stored identity is damaged");

  RAPPORT_ASSIGN_OR_RETURN(crypto::SecretBuffer device_secret,
                           crypto::UnwrapSecret(passphrase, wrapped));
  RAPPORT_ASSIGN_OR_RETURN(const AeadKey device_key, AeadKey::FromBytes(device_secret.view()));
  DeviceKeys keys = DeviceKeys::Derive(device_key);

  auto secrets = crypto::OpenSecretWithNonce(keys.secrets, sealed_secrets,
                                             SealContext("secrets", sign_public));
  if (!secrets || secrets->size() != kSecretsSize)
    return Fail(ErrorCode::kCorruptData, "the stored identity keys are damaged");
  auto signing = crypto::SigningKey::FromSecret(secrets->view().first(crypto::kSignSecretKeySize));
  auto noise = crypto::DhKeyPair::FromSecret(secrets->view().subspan(crypto::kSignSecretKeySize));
  if (!signing || !noise || !crypto::ConstantTimeEqual(signing->public_key(), sign_public) ||
      !crypto::ConstantTimeEqual(noise->public_key(), noise_public))
    return Fail(ErrorCode::kCorruptData, "the stored identity keys do not match");

  IdentityInfo identity;
  identity.id = core::AuthorId::FromArray(signing->public_key());
  identity.noise_key = noise->public_key();
  std::copy(binding.begin(), binding.end(), identity.binding.begin());
  if (!crypto::VerifyStaticKeyBinding(signing->public_key(), identity.noise_key, identity.binding))
    return Fail(ErrorCode::kCorruptData, "the stored identity's key binding does not verify");
  auto profile =
      crypto::OpenWithNonce(keys.profile, sealed_profile, SealContext("profile", sign_public));
  if (!profile) return Fail(ErrorCode::kCorruptData, "the stored profile is damaged");
  RAPPORT_RETURN_IF_ERROR(DecodeProfile(*profile, identity));

  RAPPORT_RETURN_IF_ERROR(Migrate(db, SchemaMigrations()));
  auto state = std::make_unique<State>(std::move(db), env, std::move(keys), std::move(*signing),
                                       std::move(*noise));
  state->identity = std::move(identity);
  if (device_key_out != nullptr) *device_key_out = std::move(device_secret);
  if (wrapping_out != nullptr) *wrapping_out = std::move(wrapped);
  return Device(std::move(state));
}

}  // namespace rapport::store
