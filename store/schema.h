// The database schema, as a list of migrations (docs/storage.md).
#pragma once

#include <span>

#include "store/migrations.h"

namespace rapport::store {

std::span<const Migration> SchemaMigrations();

}  // namespace rapport::store
