// Changing the passphrase: the device key is wrapped again under the new
// one (docs/keys.md). Nothing else is sealed under the passphrase itself.
#include "crypto/password_wrap.h"
#include "store/device_state.h"

namespace rapport::store {

Status Device::ChangePassphrase(const std::filesystem::path& home, std::string_view current,
                                std::string_view next, DeviceEnv env) {
  if (next.empty()) return Fail(ErrorCode::kInvalidArgument, "the new passphrase is empty");
  crypto::SecretBuffer device_key;
  RAPPORT_ASSIGN_OR_RETURN(Device device, Unlock(home, current, env, &device_key));
  if (crypto::ConstantTimeEqual(crypto::AsBytes(current), crypto::AsBytes(next)))
    return Fail(ErrorCode::kInvalidArgument,
                "the new passphrase is the same as the current one; nothing was changed");

  const crypto::Bytes wrapped = crypto::WrapSecret(next, device_key.view(), env.kdf, *env.rng);
  // The old wrapping is the only way in: make sure the new one opens to the
  // same key before it takes the old one's place.
  auto reopened = crypto::UnwrapSecret(next, wrapped);
  if (!reopened || !crypto::ConstantTimeEqual(reopened->view(), device_key.view()))
    return Fail(ErrorCode::kIo, "the new passphrase could not be checked; nothing was changed");

  Database& db = device.s_->db;
  {
    RAPPORT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
    RAPPORT_ASSIGN_OR_RETURN(Statement update,
                             db.Prepare("UPDATE device SET wrapped_device_key = ?1 WHERE id = 1"));
    update.Bind(1, wrapped);
    RAPPORT_RETURN_IF_ERROR(update.Run());
    if (db.Changes() != 1)
      return Fail(ErrorCode::kCorruptData, "the stored identity disappeared; nothing was changed");
    RAPPORT_RETURN_IF_ERROR(tx.Commit());
  }
  // secure_delete overwrote the old wrapping in the page; move the page into
  // the database file now and empty the write-ahead log, which still holds
  // the old page. Only a hint: a reader in another process (rapport serve)
  // can keep the log until it is done.
  (void)db.Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return Ok();
}

}  // namespace rapport::store
