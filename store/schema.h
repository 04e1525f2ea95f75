// The database schema, as a list of migrations (docs/storage.md), and the
// check that tells a Rapport database from any other SQLite file.
#pragma once

#include <cstdint>
#include <span>

#include "base/result.h"
#include "store/database.h"
#include "store/migrations.h"

namespace rapport::store {

std::span<const Migration> SchemaMigrations();

// PRAGMA application_id of a Rapport database: "RPRT". Migration 3 sets it,
// so every database at version 3 or later carries it.
inline constexpr std::int32_t kApplicationId = 0x52505254;
// The first schema version that carries kApplicationId.
inline constexpr int kFirstVersionWithApplicationId = 3;

// Whether `db` may be opened and written by this build: a Rapport database
// (kApplicationId; or, from before the id, user_version 1 or 2 with
// Rapport's device table), or an SQLite file with no schema at all (new, or
// left empty by an interrupted init). Reads only. An OpenCheck for
// Database::Open, so that nothing is written to a file it refuses.
//
// Errors (the file is left as it was):
//   kCorruptData         "FILE is not a Rapport database; nothing was changed"
//   kUnsupportedVersion  "FILE was written by a newer version of Rapport ..."
//   kIo, kCorruptData    from reading the file.
Status CheckRapportDatabase(Database& db);

}  // namespace rapport::store
