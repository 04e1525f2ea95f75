// Changing the passphrase: the device key is wrapped again under the new
// one (docs/keys.md). Nothing else is sealed under the passphrase itself.
#include "crypto/password_wrap.h"
#include "store/device_state.h"

namespace rapport::store {

namespace {

// Moves every page of the write-ahead log into the database file and empties
// the log. False if a reader in another process kept some of it there.
bool CheckpointAll(Database& db) {
  auto checkpoint = db.Prepare("PRAGMA wal_checkpoint(TRUNCATE)");
  if (!checkpoint) return false;
  auto row = checkpoint->Step();
  if (!row || !*row) return false;
  // busy, pages in the log, pages moved (-1, -1 once truncated).
  const auto busy = checkpoint->ColumnInt(0), log = checkpoint->ColumnInt(1),
             moved = checkpoint->ColumnInt(2);
  return busy == 0 && log == moved;
}

}  // namespace

Result<PassphraseChange> Device::ChangePassphrase(const std::filesystem::path& home,
                                                  std::string_view current, std::string_view next,
                                                  DeviceEnv env) {
  // Refused before unlocking, which may migrate the file: nothing is written.
  if (next.empty()) return Fail(ErrorCode::kInvalidArgument, "the new passphrase is empty");
  if (crypto::ConstantTimeEqual(crypto::AsBytes(current), crypto::AsBytes(next)))
    return Fail(ErrorCode::kInvalidArgument,
                "the new passphrase is the same as the current one; nothing was changed");
  // This commit must survive a power cut, whatever the caller chose: with
  // NORMAL the log is synced only at the next checkpoint.
  env.durability = Durability::kPowerCut;
  crypto::SecretBuffer device_key;
  crypto::Bytes old_wrapping;
  RAPPORT_ASSIGN_OR_RETURN(Device device, Unlock(home, current, env, &device_key, &old_wrapping));

  const crypto::Bytes wrapped = crypto::WrapSecret(next, device_key.view(), env.kdf, *env.rng);
  // The old wrapping is the only way in: make sure the new one opens to the
  // same key before it takes the old one's place.
  auto reopened = crypto::UnwrapSecret(next, wrapped);
  if (!reopened || !crypto::ConstantTimeEqual(reopened->view(), device_key.view()))
    return Fail(ErrorCode::kIo, "the new passphrase could not be checked; nothing was changed");

  Database& db = device.s_->db;
  {
    RAPPORT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
    // Only over the wrapping this process unlocked: if another change landed
    // meanwhile, replacing it would leave that one's user locked out.
    RAPPORT_ASSIGN_OR_RETURN(
        Statement update, db.Prepare("UPDATE device SET wrapped_device_key = ?1 WHERE id = 1 AND "
                                     "wrapped_device_key = ?2"));
    update.Bind(1, wrapped).Bind(2, old_wrapping);
    RAPPORT_RETURN_IF_ERROR(update.Run());
    if (db.Changes() != 1)
      return Fail(ErrorCode::kFailedPrecondition,
                  "the passphrase was changed by another command meanwhile; nothing was changed");
    RAPPORT_RETURN_IF_ERROR(tx.Commit());
  }
  // secure_delete blanked the old wrapping in the new version of its page,
  // which is in the log; the database file keeps the old version until a
  // checkpoint copies the new one over it.
  return PassphraseChange{CheckpointAll(db)};
}

}  // namespace rapport::store
