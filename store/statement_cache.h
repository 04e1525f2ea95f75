// Prepared statements kept for reuse, keyed by their SQL text: preparing a
// statement costs more than running a simple one, and the append and load
// paths run the same few statements many times.
// Not thread-safe; belongs to the owner of the Database.
#pragma once

#include <map>
#include <string>

#include "store/database.h"

namespace rapport::store {

class StatementCache {
 public:
  explicit StatementCache(Database& db) : db_(&db) {}

  // The statement for `sql`, reset and with bindings cleared.
  // The pointer stays valid as long as the cache.
  Result<Statement*> Get(std::string_view sql);

 private:
  Database* db_;
  std::map<std::string, Statement, std::less<>> statements_;
};

}  // namespace rapport::store
