// Schema migrations: the database carries its schema version in
// PRAGMA user_version, and Migrate() brings it up to date in one transaction.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "base/result.h"
#include "store/database.h"

namespace rapport::store {

// Migration `version` takes the schema from version-1 to version. `sql` may
// hold several statements. It must not BEGIN or COMMIT (Migrate does that).
struct Migration {
  int version;
  std::string_view sql;
};

// Runs every migration newer than the database's user_version, in order and
// all in ONE transaction, and sets user_version to the last one. A database
// already at the newest version is left alone (no write lock is taken).
//
// Errors (in every case the database is left exactly as it was):
//   kUnsupportedVersion  user_version is newer than the newest migration:
//                        "FILE was written by a newer version of Rapport".
//   any code from Exec   a migration failed; the message names its version.
//   kIo                  busy, disk full, ...
//
// REQUIRES: migrations[i].version == i + 1 (1, 2, 3, ... with no gaps).
// Anything else is a programming error and aborts.
// REQUIRES: no transaction is open on `db`.
Status Migrate(Database& db, std::span<const Migration> migrations);

// kUnsupportedVersion, saying so for people, if the file's schema `current`
// is newer than `newest`, the last this build knows.
Status CheckNotNewer(const Database& db, std::int64_t current, std::int64_t newest);

}  // namespace rapport::store
