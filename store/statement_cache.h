// Prepared statements kept for reuse, keyed by their SQL text: preparing a
// statement costs more than running a simple one, and the append and load
// paths run the same few statements many times.
// Not thread-safe; belongs to the owner of the Database.
#pragma once

#include <map>
#include <string>

#include "store/database.h"

namespace rapport::store {

// Resets a cached statement when the scope ends. A statement left stepped
// keeps its read transaction open: the connection then reads an old snapshot
// and its next write fails as busy, which matters for a long-lived process
// such as `rapport serve` sharing the database with other commands.
class ResetOnExit {
 public:
  explicit ResetOnExit(Statement* s) : s_(s) {}
  ~ResetOnExit() { (void)s_->Reset(); }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  Statement* s_;
};

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
