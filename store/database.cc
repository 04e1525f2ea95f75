// Database, Statement and Transaction over the SQLite C API. SqliteFailure()
// is the one place where SQLite result codes become rapport Errors.
#include "store/database.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace rapport::store {
namespace {

constexpr int kDefaultBusyTimeoutMs = 5000;

// The file name to put in messages about `db` ("" if unknown).
std::string FileNameOf(sqlite3* db) {
  const char* name = db == nullptr ? nullptr : sqlite3_db_filename(db, "main");
  return name == nullptr ? std::string() : std::string(name);
}

// Maps an SQLite result code (primary or extended) to an Error. `doing` says
// what failed ("cannot prepare SQL"); `file` names the database in messages.
Unexpected SqliteFailure(sqlite3* db, int rc, std::string_view doing, const std::string& file) {
  // sqlite3_errmsg describes the connection's latest error, which is `rc`'s
  // unless `rc` came from a call that does not record errors.
  const bool recorded = db != nullptr && sqlite3_extended_errcode(db) == rc;
  const std::string detail = recorded ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return Fail(ErrorCode::kCorruptData,
                  (file.empty() ? std::string("the database") : file) +
                      " is not a Rapport database or is damaged: " + detail);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Fail(ErrorCode::kIo, "the database is busy (is another rapport running?): " + detail);
    case SQLITE_CONSTRAINT:
      // A duplicate key means "that already exists"; a broken foreign key,
      // CHECK or NOT NULL means the request does not fit the stored state.
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY ||
          rc == SQLITE_CONSTRAINT_ROWID) {
        return Fail(ErrorCode::kAlreadyExists, std::string(doing) + ": " + detail);
      }
      return Fail(ErrorCode::kFailedPrecondition, std::string(doing) + ": " + detail);
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_FULL:
    case SQLITE_PERM:
    default:
      return Fail(ErrorCode::kIo, std::string(doing) + ": " + detail);
  }
}

Unexpected SqliteFailure(sqlite3* db, int rc, std::string_view doing) {
  return SqliteFailure(db, rc, doing, FileNameOf(db));
}

Unexpected ErrnoFailure(std::string_view doing, const std::filesystem::path& file, int err) {
  return Fail(ErrorCode::kIo, std::string(doing) + " " + file.string() + ": " + std::strerror(err));
}

// Creates `file` with mode 0600 unless it exists. Returns true if created.
// `shown` is the path as the caller gave it, for messages.
Result<bool> CreateExclusive(const std::filesystem::path& file,
                             const std::filesystem::path& shown) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return false;  // an existing file (or link): SQLite decides
    return ErrnoFailure("cannot create", shown, errno);
  }
  // The umask can only have removed bits from 0600; nothing to add.
  if (::close(fd) != 0) return ErrnoFailure("cannot create", shown, errno);
  return true;
}

// `file` with its directory resolved to the canonical path. Under
// SQLITE_OPEN_NOFOLLOW SQLite refuses a symbolic link ANYWHERE on the path,
// which would make a home under a linked $HOME unusable; the last component
// is kept as given, so a link there is still refused.
Result<std::filesystem::path> ResolveDirectory(const std::filesystem::path& file, OpenMode mode) {
  std::filesystem::path dir = file.parent_path();
  if (dir.empty()) dir = ".";
  char* real = ::realpath(dir.c_str(), nullptr);
  if (real == nullptr) {
    if (errno == ENOENT && mode == OpenMode::kMustExist) {
      return Fail(ErrorCode::kNotFound, "no Rapport database at " + file.string());
    }
    return ErrnoFailure("cannot open", file, errno);
  }
  std::filesystem::path resolved(real);
  std::free(real);
  return resolved / file.filename();
}

// Whether `file` exists; a symbolic link there is refused, with a message
// that says so (SQLite's own would be "unable to open database file").
Result<bool> ExistsAndIsNoLink(const std::filesystem::path& file,
                               const std::filesystem::path& shown) {
  struct stat st;
  if (::lstat(file.c_str(), &st) != 0) {
    if (errno == ENOENT) return false;
    return ErrnoFailure("cannot open", shown, errno);
  }
  if (S_ISLNK(st.st_mode)) {
    return Fail(ErrorCode::kIo, shown.string() +
                                    " is a symbolic link; Rapport opens only a real database "
                                    "file, not a link to one (nothing was changed)");
  }
  return true;
}

// Clears group and other bits on `file` if it is a regular file of ours.
// A missing file is fine (-wal and -shm come and go). By path, never by
// opening the file: closing any descriptor of a file drops every POSIX lock
// this process holds on it, including SQLite's, and then another process
// could check-point and delete the WAL under our open connection.
Status TightenMode(const std::filesystem::path& file) {
  struct stat st;
  if (::lstat(file.c_str(), &st) != 0) {
    if (errno == ENOENT) return Ok();
    return ErrnoFailure("cannot stat", file, errno);
  }
  if (!S_ISREG(st.st_mode) || st.st_uid != ::geteuid() || (st.st_mode & 077) == 0) return Ok();
  if (::chmod(file.c_str(), st.st_mode & 0700) != 0)
    return ErrnoFailure("cannot chmod", file, errno);
  return Ok();
}

// Gives the owner read and write on a -wal or -shm of ours, and nobody else
// anything. SQLite makes both with the database file's mode, so reading a
// database whose file was read-only leaves them read-only; they outlive the
// connection, and once the file is writable again every write would still
// fail ("attempt to write a readonly database") until someone deleted them.
// By path, as TightenMode. True if it changed the mode.
Result<bool> LetOwnerWrite(const std::filesystem::path& file) {
  struct stat st;
  if (::lstat(file.c_str(), &st) != 0) {
    if (errno == ENOENT) return false;
    return ErrnoFailure("cannot stat", file, errno);
  }
  if (!S_ISREG(st.st_mode) || st.st_uid != ::geteuid() || (st.st_mode & 07777) == 0600)
    return false;
  if (::chmod(file.c_str(), 0600) != 0) return ErrnoFailure("cannot chmod", file, errno);
  return true;
}

// Whether this process may create files in `file`'s folder (false on a
// read-only file system too: access() then fails with EROFS).
bool CanCreateFilesBeside(const std::filesystem::path& file) {
  std::filesystem::path dir = file.parent_path();
  if (dir.empty()) dir = ".";
  return ::access(dir.c_str(), W_OK | X_OK) == 0;
}

std::filesystem::path WithSuffix(const std::filesystem::path& file, const char* suffix) {
  std::filesystem::path p = file;
  p += suffix;
  return p;
}

// Runs `sql` (one statement) and returns its first column of its first row.
Result<std::string> QueryText(Database& db, std::string_view sql) {
  RAPPORT_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
  RAPPORT_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Fail(ErrorCode::kIo, std::string(sql) + " returned no row");
  return stmt.ColumnText(0);
}

}  // namespace

// ---- Database ------------------------------------------------------------

Result<Database> Database::Open(const std::filesystem::path& file, OpenMode mode,
                                const OpenCheck& check) {
  RAPPORT_ASSIGN_OR_RETURN(const std::filesystem::path real, ResolveDirectory(file, mode));
  RAPPORT_ASSIGN_OR_RETURN(const bool exists, ExistsAndIsNoLink(real, file));
  if (exists && mode == OpenMode::kCreateNew) {
    return Fail(ErrorCode::kAlreadyExists, file.string() + " already exists");
  }
  if (!exists && mode == OpenMode::kMustExist) {
    return Fail(ErrorCode::kNotFound, "no Rapport database at " + file.string());
  }
  bool created = false;
  if (!exists) {
    RAPPORT_ASSIGN_OR_RETURN(created, CreateExclusive(real, file));
    // Made by someone else since the lstat: not ours to create, or remove.
    if (!created && mode == OpenMode::kCreateNew) {
      return Fail(ErrorCode::kAlreadyExists, file.string() + " already exists");
    }
  }
  Result<Database> db = Connect(real, file, check, /*may_reconnect=*/true);
  // The connection is closed by now. An empty file left behind would look
  // like a Rapport home that a later command has to explain.
  if (!db && created) (void)RemoveDatabaseFiles(real);
  return db;
}

Result<Database> Database::Connect(const std::filesystem::path& file,
                                   const std::filesystem::path& shown, const OpenCheck& check,
                                   bool may_reconnect) {
  // The file exists now, so SQLite never creates it (and never with its own
  // mode). READWRITE without CREATE also means a file deleted in between is
  // an error rather than a fresh empty database.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
#ifdef SQLITE_OPEN_NOFOLLOW
  flags |= SQLITE_OPEN_NOFOLLOW;
#endif
#ifdef SQLITE_OPEN_EXRESCODE
  flags |= SQLITE_OPEN_EXRESCODE;
#endif
  sqlite3* handle = nullptr;
  const int rc = sqlite3_open_v2(file.c_str(), &handle, flags, nullptr);
  if (rc != SQLITE_OK) {
    Unexpected failure = SqliteFailure(handle, rc, "cannot open " + shown.string(), shown.string());
    sqlite3_close_v2(handle);  // a handle is allocated even on failure; close is always OK
    return failure;
  }
  Database db(handle, shown);
#ifndef SQLITE_OPEN_EXRESCODE
  sqlite3_extended_result_codes(handle, 1);
#endif
  RAPPORT_RETURN_IF_ERROR(db.SetBusyTimeout(std::chrono::milliseconds(kDefaultBusyTimeoutMs)));
  // The first read (before the pragmas below, since synchronous reads the
  // schema too): SQLite checks the header magic, the page size and that
  // the file holds as many pages as the header says. Garbage and truncated
  // files fail here with SQLITE_NOTADB or SQLITE_CORRUPT -> kCorruptData.
  if (auto first = QueryText(db, "PRAGMA schema_version"); !first) {
    // A WAL-mode database is read through its -shm, which SQLite creates
    // beside it: in a folder this process cannot write (or on a read-only
    // file system) the read fails, and SQLite says only "unable to open
    // database file" or "disk I/O error".
    if (first.error().code == ErrorCode::kIo && !CanCreateFilesBeside(file)) {
      return Fail(ErrorCode::kIo, "cannot read " + shown.string() +
                                      ": its folder is read-only, and Rapport needs to create " +
                                      shown.filename().string() + "-wal and -shm beside it (" +
                                      first.error().message + ")");
    }
    return first.as_unexpected();
  }
  // These do not write the file. secure_delete zeroes freed content so that
  // a deleted record's ciphertext does not linger in free pages.
  RAPPORT_RETURN_IF_ERROR(
      db.Exec("PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON; PRAGMA synchronous=NORMAL;"));
  // Nothing so far wrote to the file; switching to WAL does (the header),
  // so a file the caller does not recognise is refused before that.
  if (check) RAPPORT_RETURN_IF_ERROR(check(db));
  RAPPORT_ASSIGN_OR_RETURN(std::string journal, QueryText(db, "PRAGMA journal_mode=WAL"));
  if (journal != "wal") {
    return Fail(ErrorCode::kIo, "cannot use write-ahead logging on " + shown.string() +
                                    " (mode is " + journal + ")");
  }
  // Tighten a database file left loose by something else, but never make
  // it writable: a read-only file is the owner's choice.
  RAPPORT_RETURN_IF_ERROR(TightenMode(file));
  bool loosened = false;
  for (const char* suffix : {"-wal", "-shm"}) {
    RAPPORT_ASSIGN_OR_RETURN(const bool changed, LetOwnerWrite(WithSuffix(file, suffix)));
    loosened = loosened || changed;
  }
  // This connection opened them read-only as they were, and would stay
  // unable to write: connect again. Once, since a read-only database file
  // makes them read-only anew whenever SQLite creates them.
  if (loosened && may_reconnect) {
    db.Close();
    return Connect(file, shown, check, /*may_reconnect=*/false);
  }
  return db;
}

Status RemoveDatabaseFiles(const std::filesystem::path& file) {
  for (const char* suffix : {"-wal", "-shm", ""}) {
    const std::filesystem::path p = WithSuffix(file, suffix);
    if (::unlink(p.c_str()) != 0 && errno != ENOENT) return ErrnoFailure("cannot remove", p, errno);
  }
  return Ok();
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      hook_(std::move(other.hook_)),
      path_(std::move(other.path_)) {}

Database::Database(sqlite3* db, const std::filesystem::path& path)
    : db_(db), path_(std::make_shared<const std::filesystem::path>(path)) {}

const std::filesystem::path& Database::path() const {
  static const std::filesystem::path kNone;
  return path_ ? *path_ : kNone;
}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    Close();
    db_ = std::exchange(other.db_, nullptr);
    hook_ = std::move(other.hook_);
    path_ = std::move(other.path_);
  }
  return *this;
}

Database::~Database() { Close(); }

void Database::Close() {
  if (db_ == nullptr) return;
  // sqlite3_close_v2 always returns SQLITE_OK: with statements still alive it
  // defers the close until the last one is finalized. An open transaction is
  // rolled back.
  sqlite3_close_v2(db_);
  db_ = nullptr;
}

Status Database::Exec(std::string_view sql) {
  while (!sql.empty()) {
    if (sql.size() > INT_MAX) return Fail(ErrorCode::kInvalidArgument, "SQL text is too long");
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const int rc =
        sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), 0, &raw, &tail);
    if (rc != SQLITE_OK) return SqliteFailure(db_, rc, "cannot prepare SQL", path().string());
    const std::size_t used = static_cast<std::size_t>(tail - sql.data());
    sql.remove_prefix(used);
    if (raw == nullptr) {  // only whitespace or a comment
      if (used == 0) break;
      continue;
    }
    Statement stmt(raw, path_);
    RAPPORT_RETURN_IF_ERROR(stmt.Run());
  }
  return Ok();
}

Result<Statement> Database::Prepare(std::string_view sql) {
  if (sql.size() > INT_MAX) return Fail(ErrorCode::kInvalidArgument, "SQL text is too long");
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), 0, &raw, &tail);
  if (rc != SQLITE_OK) return SqliteFailure(db_, rc, "cannot prepare SQL", path().string());
  if (raw == nullptr) return Fail(ErrorCode::kInvalidArgument, "empty SQL statement");
  Statement stmt(raw, path_);

  // Anything after the statement must compile to nothing (whitespace,
  // comments); a second statement would otherwise be silently ignored.
  const std::string_view rest = sql.substr(static_cast<std::size_t>(tail - sql.data()));
  if (rest.find_first_not_of(" \t\r\n;") != std::string_view::npos) {
    sqlite3_stmt* extra = nullptr;
    rc = sqlite3_prepare_v3(db_, rest.data(), static_cast<int>(rest.size()), 0, &extra, nullptr);
    if (rc != SQLITE_OK) return SqliteFailure(db_, rc, "cannot prepare SQL", path().string());
    if (extra != nullptr) {
      sqlite3_finalize(extra);  // never stepped: finalize returns SQLITE_OK
      return Fail(ErrorCode::kInvalidArgument,
                  "Prepare takes one SQL statement, got more: " + std::string(sql));
    }
  }
  return stmt;
}

std::int64_t Database::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

int Database::Changes() const { return sqlite3_changes(db_); }

Result<int> Database::UserVersion() {
  RAPPORT_ASSIGN_OR_RETURN(Statement stmt, Prepare("PRAGMA user_version"));
  RAPPORT_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Fail(ErrorCode::kIo, "PRAGMA user_version returned no row");
  return static_cast<int>(stmt.ColumnInt(0));
}

Status Database::SetUserVersion(int v) {
  // PRAGMA arguments cannot be bound; an int formats safely.
  return Exec("PRAGMA user_version=" + std::to_string(v));
}

Status Database::QuickCheck() {
  RAPPORT_ASSIGN_OR_RETURN(Statement stmt, Prepare("PRAGMA quick_check"));
  RAPPORT_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Fail(ErrorCode::kIo, "PRAGMA quick_check returned no row");
  const std::string first = stmt.ColumnText(0);
  if (first == "ok") return Ok();
  std::string complaint = first;
  if (const std::size_t nl = complaint.find('\n'); nl != std::string::npos) complaint.resize(nl);
  return Fail(ErrorCode::kCorruptData,
              path().string() + " is not a Rapport database or is damaged: " + complaint);
}

Status Database::SetBusyTimeout(std::chrono::milliseconds timeout) {
  const auto ms = timeout.count();
  const int clamped = ms < 0 ? 0 : ms > INT_MAX ? INT_MAX : static_cast<int>(ms);
  const int rc = sqlite3_busy_timeout(db_, clamped);
  if (rc != SQLITE_OK)
    return SqliteFailure(db_, rc, "cannot set the busy timeout", path().string());
  return Ok();
}

void Database::SetMappedReadLimit(std::int64_t bytes) {
  // Only a hint, and it cannot fail in a way that matters: without a map
  // SQLite reads with pread.
  (void)Exec("PRAGMA mmap_size=" + std::to_string(bytes));
}

void Database::SetStatementHookForTesting(StatementHook hook) {
  hook_ = hook ? std::make_unique<StatementHook>(std::move(hook)) : nullptr;
  if (!hook_) {
    sqlite3_trace_v2(db_, 0, nullptr, nullptr);
    return;
  }
  // SQLITE_TRACE_STMT fires as a statement starts running, before it opens
  // its read transaction.
  sqlite3_trace_v2(
      db_, SQLITE_TRACE_STMT,
      [](unsigned, void* context, void* stmt, void*) -> int {
        const char* sql = sqlite3_sql(static_cast<sqlite3_stmt*>(stmt));
        (*static_cast<StatementHook*>(context))(sql == nullptr ? "" : sql);
        return 0;
      },
      hook_.get());
}

bool Database::InTransaction() const { return db_ != nullptr && sqlite3_get_autocommit(db_) == 0; }

// ---- Statement -----------------------------------------------------------

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      path_(std::move(other.path_)),
      bind_error_(std::move(other.bind_error_)),
      step_failed_(other.step_failed_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    Finalize();
    stmt_ = std::exchange(other.stmt_, nullptr);
    path_ = std::move(other.path_);
    bind_error_ = std::move(other.bind_error_);
    step_failed_ = other.step_failed_;
  }
  return *this;
}

Statement::~Statement() { Finalize(); }

void Statement::Finalize() {
  if (stmt_ == nullptr) return;
  // sqlite3_finalize repeats the last step's error, which the caller already
  // had from Step; the statement is destroyed either way.
  sqlite3_finalize(stmt_);
  stmt_ = nullptr;
}

Unexpected Statement::Failure(int rc, std::string_view doing) const {
  sqlite3* db = stmt_ == nullptr ? nullptr : sqlite3_db_handle(stmt_);
  return SqliteFailure(db, rc, doing, path_ ? path_->string() : FileNameOf(db));
}

void Statement::Remember(int rc) {
  if (rc == SQLITE_OK || bind_error_) return;
  bind_error_ = Failure(rc, "cannot bind a parameter").error;
}

Statement& Statement::Bind(int index, std::int64_t v) {
  Remember(sqlite3_bind_int64(stmt_, index, v));
  return *this;
}

Statement& Statement::Bind(int index, std::span<const std::uint8_t> blob) {
  // sqlite3_bind_blob with a null pointer would bind NULL, and an empty span
  // may have one: bind a zero-length blob explicitly.
  if (blob.empty()) {
    Remember(sqlite3_bind_zeroblob(stmt_, index, 0));
  } else {
    Remember(sqlite3_bind_blob64(stmt_, index, blob.data(), blob.size(), SQLITE_TRANSIENT));
  }
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  // As for blobs: a null data() would bind NULL rather than "".
  const char* data = text.empty() ? "" : text.data();
  Remember(sqlite3_bind_text64(stmt_, index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

Statement& Statement::Bind(int index, const char* text) {
  if (text == nullptr) {
    if (!bind_error_) {
      bind_error_ = Error(ErrorCode::kInvalidArgument,
                          "cannot bind a null C string to parameter " + std::to_string(index));
    }
    return *this;
  }
  return Bind(index, std::string_view(text));
}

Statement& Statement::BindNull(int index) {
  Remember(sqlite3_bind_null(stmt_, index));
  return *this;
}

Result<bool> Statement::Step() {
  if (bind_error_) return Unexpected{*bind_error_};
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  step_failed_ = true;
  return Failure(rc, "cannot run SQL");
}

Status Statement::Run() {
  for (;;) {
    RAPPORT_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Ok();
  }
}

Status Statement::Reset() {
  const int rc = sqlite3_reset(stmt_);
  // After a failed step sqlite3_reset returns that step's error again even
  // though the reset itself worked; it has been reported already.
  if (rc != SQLITE_OK && !step_failed_) {
    return Failure(rc, "cannot reset SQL");
  }
  step_failed_ = false;
  bind_error_.reset();
  const int cleared = sqlite3_clear_bindings(stmt_);
  if (cleared != SQLITE_OK) {
    return Failure(cleared, "cannot clear bindings");
  }
  return Ok();
}

std::int64_t Statement::ColumnInt(int col) const { return sqlite3_column_int64(stmt_, col); }

std::span<const std::uint8_t> Statement::ColumnBlob(int col) const {
  // Ask for the pointer first, then the size (the order SQLite documents).
  const void* data = sqlite3_column_blob(stmt_, col);
  const int size = sqlite3_column_bytes(stmt_, col);
  if (data == nullptr || size <= 0) return {};
  return {static_cast<const std::uint8_t*>(data), static_cast<std::size_t>(size)};
}

std::string Statement::ColumnText(int col) const {
  const unsigned char* data = sqlite3_column_text(stmt_, col);
  const int size = sqlite3_column_bytes(stmt_, col);
  if (data == nullptr || size <= 0) return {};
  return std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
}

bool Statement::ColumnIsNull(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

// ---- Transaction ---------------------------------------------------------

namespace {

// Runs one fixed statement on a raw handle (for BEGIN/COMMIT/ROLLBACK, which
// must not depend on the Database object staying put).
Status ExecRaw(sqlite3* db, const char* sql, std::string_view doing) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteFailure(db, rc, doing);
  return Ok();
}

}  // namespace

Result<Transaction> Transaction::Begin(Database& db) {
  RAPPORT_RETURN_IF_ERROR(ExecRaw(db.db_, "BEGIN IMMEDIATE", "cannot begin a transaction"));
  return Transaction(db.db_);
}

Result<ReadTransaction> ReadTransaction::Begin(Database& db) {
  if (db.InTransaction()) return ReadTransaction(nullptr);
  RAPPORT_RETURN_IF_ERROR(ExecRaw(db.db_, "BEGIN DEFERRED", "cannot begin a read transaction"));
  return ReadTransaction(db.db_);
}

ReadTransaction::ReadTransaction(ReadTransaction&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)) {}

ReadTransaction& ReadTransaction::operator=(ReadTransaction&& other) noexcept {
  if (this != &other) {
    End();
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

ReadTransaction::~ReadTransaction() { End(); }

void ReadTransaction::End() {
  sqlite3* db = std::exchange(db_, nullptr);
  // Nothing was written, so a failed ROLLBACK loses nothing; SQLite may
  // already have ended the transaction after an error.
  if (db != nullptr && sqlite3_get_autocommit(db) == 0)
    (void)sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
}

Transaction::Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Transaction& Transaction::operator=(Transaction&& other) noexcept {
  if (this != &other) {
    (void)Rollback();  // see the destructor
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

Transaction::~Transaction() {
  // A failed rollback cannot be reported from here. It leaves the
  // transaction open: nothing in it is committed, a new Begin fails, and
  // SQLite rolls it back when the connection closes. Call Rollback() to see
  // the error.
  (void)Rollback();
}

Status Transaction::Commit() {
  if (db_ == nullptr) {
    return Fail(ErrorCode::kFailedPrecondition, "the transaction has already finished");
  }
  const int rc = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    Unexpected failure = SqliteFailure(db_, rc, "cannot commit");
    // Some errors make SQLite roll back by itself; then there is nothing
    // left for us to finish.
    if (sqlite3_get_autocommit(db_) != 0) db_ = nullptr;
    return failure;
  }
  db_ = nullptr;
  return Ok();
}

Status Transaction::Rollback() {
  if (db_ == nullptr) return Ok();
  sqlite3* db = std::exchange(db_, nullptr);
  // An error may already have ended the transaction (SQLite rolls back by
  // itself after, e.g., SQLITE_FULL); ROLLBACK would then fail needlessly.
  if (sqlite3_get_autocommit(db) != 0) return Ok();
  return ExecRaw(db, "ROLLBACK", "cannot roll back");
}

}  // namespace rapport::store
