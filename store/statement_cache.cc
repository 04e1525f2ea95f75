#include "store/statement_cache.h"

namespace rapport::store {

Result<Statement*> StatementCache::Get(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    RAPPORT_ASSIGN_OR_RETURN(Statement s, db_->Prepare(sql));
    it = statements_.emplace(std::string(sql), std::move(s)).first;
  }
  RAPPORT_RETURN_IF_ERROR(it->second.Reset());
  return &it->second;
}

}  // namespace rapport::store
