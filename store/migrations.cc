// Migrate(): versioned schema changes applied in a single transaction.
#include "store/migrations.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace rapport::store {
namespace {

// A gap or a repeat in the list is a bug in the program, not in the data.
void CheckContiguous(std::span<const Migration> migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      std::fprintf(stderr, "rapport: migration list is not 1, 2, 3...: entry %zu has version %d\n",
                   i, migrations[i].version);
      std::abort();
    }
  }
}

}  // namespace

Status CheckNotNewer(const Database& db, std::int64_t current, std::int64_t newest) {
  if (current > newest) {
    return Fail(ErrorCode::kUnsupportedVersion,
                db.path().string() + " was written by a newer version of Rapport (schema " +
                    std::to_string(current) + ", this build knows up to " + std::to_string(newest) +
                    "); upgrade Rapport to open it. Nothing was changed");
  }
  return Ok();
}

Status Migrate(Database& db, std::span<const Migration> migrations) {
  CheckContiguous(migrations);
  const int newest = static_cast<int>(migrations.size());

  // A cheap read first, so that the common case (up to date) and the newer
  // case take no write lock and write nothing.
  RAPPORT_ASSIGN_OR_RETURN(int current, db.UserVersion());
  RAPPORT_RETURN_IF_ERROR(CheckNotNewer(db, current, newest));
  if (current == newest) return Ok();

  RAPPORT_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db));
  // Another process may have migrated between the read and the lock.
  RAPPORT_ASSIGN_OR_RETURN(current, db.UserVersion());
  RAPPORT_RETURN_IF_ERROR(CheckNotNewer(db, current, newest));
  if (current < 0) {
    return Fail(ErrorCode::kCorruptData,
                db.path().string() + " has a negative schema version " + std::to_string(current));
  }
  for (int v = current + 1; v <= newest; ++v) {
    Status applied = db.Exec(migrations[static_cast<std::size_t>(v - 1)].sql);
    if (!applied) {
      return Fail(applied.error().code, "schema migration to version " + std::to_string(v) +
                                            " failed: " + applied.error().message);
    }
  }
  RAPPORT_RETURN_IF_ERROR(db.SetUserVersion(newest));
  return txn.Commit();  // on failure the destructor rolls back
}

}  // namespace rapport::store
