// Device creation and unlocking: the identity, the device key and its
// subkeys. Notebook operations are in device_notebooks.cc, private records in
// device_private.cc.
#include "store/device.h"

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

int LatestSchemaVersion() { return SchemaMigrations().back().version; }

// Checks the schema version before anything else touches the file.
Status CheckSchemaVersion(Database& db, const std::filesystem::path& home) {
  RAPPORT_ASSIGN_OR_RETURN(const int version, db.UserVersion());
  if (version > LatestSchemaVersion())
    return Fail(ErrorCode::kUnsupportedVersion,
                "the database in " + home.string() +
                    " was written by a newer version of Rapport; upgrade Rapport to open it");
  if (version == 0)
    return Fail(ErrorCode::kNoIdentity,
                "no identity in " + home.string() +
                    " yet: run `rapport init --name NAME --role therapist|client`");
  return Ok();
}

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
  const auto path = DatabasePath(home);
  std::error_code ec;
  const bool existed = std::filesystem::exists(path, ec);
  RAPPORT_ASSIGN_OR_RETURN(Database db, Database::Open(path, existed ? OpenMode::kMustExist
                                                                     : OpenMode::kCreateIfMissing));
  if (existed) {
    auto version = CheckSchemaVersion(db, home);
    if (version) {
      return Fail(ErrorCode::kAlreadyExists,
                  "an identity already exists in " + home.string() + "; nothing was changed");
    }
    if (version.error().code != ErrorCode::kNoIdentity) return version.as_unexpected();
  }
  RAPPORT_RETURN_IF_ERROR(Migrate(db, SchemaMigrations()));

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
  const Bytes sealed_secrets =
      crypto::SealWithRandomNonce(keys.secrets, rng, secrets.view(), SealContext("secrets", pk));
  const Bytes sealed_profile = crypto::SealWithRandomNonce(
      keys.profile, rng, EncodeProfile(name, role), SealContext("profile", pk));
  const Bytes wrapped = crypto::WrapSecret(passphrase, device_key.view(), env.kdf, rng);

  RAPPORT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  {
    RAPPORT_ASSIGN_OR_RETURN(
        Statement insert,
        db.Prepare("INSERT INTO device (id, sign_public, noise_public, binding_signature, "
                   "wrapped_device_key, sealed_secrets, sealed_profile) "
                   "VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)"));
    insert.Bind(1, pk)
        .Bind(2, noise.public_key())
        .Bind(3, binding)
        .Bind(4, wrapped)
        .Bind(5, sealed_secrets)
        .Bind(6, sealed_profile);
    auto inserted = insert.Run();
    if (!inserted && inserted.error().code == ErrorCode::kAlreadyExists)
      return Fail(ErrorCode::kAlreadyExists,
                  "an identity already exists in " + home.string() + "; nothing was changed");
    RAPPORT_RETURN_IF_ERROR(inserted);
  }
  RAPPORT_RETURN_IF_ERROR(tx.Commit());

  auto state = std::make_unique<State>(std::move(db), env, std::move(keys), std::move(signing),
                                       std::move(noise));
  state->identity =
      IdentityInfo{core::AuthorId::FromArray(pk), state->noise.public_key(), binding, name, role};
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
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return Fail(ErrorCode::kNoIdentity,
                "no identity in " + home.string() +
                    " yet: run `rapport init --name NAME --role therapist|client`");
  RAPPORT_ASSIGN_OR_RETURN(Database db, Database::Open(path, OpenMode::kMustExist));
  RAPPORT_RETURN_IF_ERROR(CheckSchemaVersion(db, home));

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
