// RAII wrappers over one SQLite connection: Database, Statement, Transaction
// and ReadTransaction. store/ is the only code that includes <sqlite3.h>;
// everything above it speaks to SQLite through these classes and sees
// errors as values.
//
// Errors (every SQLite return code is mapped in one place, database.cc):
//   SQLITE_NOTADB, SQLITE_CORRUPT         -> kCorruptData  "FILE is not a Rapport
//                                            database or is damaged: ..."
//   SQLITE_BUSY, SQLITE_LOCKED            -> kIo  "the database is busy (is another
//                                            rapport running?): ..."
//   SQLITE_CONSTRAINT (UNIQUE/PRIMARY KEY)-> kAlreadyExists
//   SQLITE_CONSTRAINT (FOREIGN KEY, CHECK,
//                      NOT NULL, ...)     -> kFailedPrecondition
//   SQLITE_CANTOPEN, IOERR, READONLY,
//   FULL, PERM, and everything else       -> kIo
// Messages are one line and end with sqlite3_errmsg.
//
// Threads: a Database and everything made from it (statements, transactions)
// must be used by one thread at a time. Separate Databases on the same file
// may live in separate threads or processes; SQLite's locks arbitrate, and a
// writer waits up to the busy timeout (5 s) before failing as "busy".
#pragma once

#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"

// Opaque SQLite handles, so that this header need not include <sqlite3.h>.
struct sqlite3;
struct sqlite3_stmt;

namespace rapport::store {

// kCreateNew: the file must not exist yet (Device::Create uses it, so that a
// failed init can remove the file it made and nothing else).
enum class OpenMode { kCreateIfMissing, kMustExist, kCreateNew };

class Statement;
class Database;

// Decides, on a connection that has only read the file, whether Open may go
// on and change it. Its error is Open's error; the file is left untouched.
using OpenCheck = std::function<Status(Database&)>;

namespace internal {

template <typename T>
concept CharacterType = std::same_as<T, char> || std::same_as<T, signed char> ||
    std::same_as<T, unsigned char> || std::same_as<T, char8_t> || std::same_as<T, char16_t> ||
    std::same_as<T, char32_t> || std::same_as<T, wchar_t>;

// An integer type all of whose values an int64 holds (not bool, not a char).
template <typename T>
concept LosslessInteger = std::integral<T> && !std::same_as<T, bool> && !CharacterType<T> &&
                          (std::signed_integral<T> || sizeof(T) < sizeof(std::int64_t));

// Scalars that would convert to an SQLite value silently and wrongly.
template <typename T>
concept MisleadingScalar = std::same_as<T, bool> || std::floating_point<T> || CharacterType<T> ||
    (std::unsigned_integral<T> && sizeof(T) >= sizeof(std::int64_t));

}  // namespace internal

// One open connection. Move-only; closes on destruction (statements still
// alive keep the connection's memory until they are finalized, but must not
// be used after their Database is gone).
class Database {
 public:
  // Opens or creates `file`.
  //
  // The directories leading to `file` may be symbolic links: Open resolves
  // them (realpath) and gives SQLite the canonical path. `file` itself must
  // not be a link (SQLITE_OPEN_NOFOLLOW): a link where the database should be
  // is refused as kIo "FILE is a symbolic link ...".
  //
  // A file this call creates is made with open(O_CREAT|O_EXCL, 0600) before
  // SQLite sees it, so it is never readable by others, whatever the umask;
  // if Open then fails, it removes that file again (no empty file is left).
  //
  // Sets busy_timeout 5000 ms, foreign_keys=ON, secure_delete=ON (deleted
  // records' bytes are overwritten), synchronous=NORMAL. Reads the schema so
  // that SQLite checks the file header and page count, then runs `check`
  // (if given). Only when that passes does Open write: journal_mode=WAL, the
  // database file is tightened to owner-only if it is ours and looser (a
  // read-only one stays read-only), and its -wal and -shm, if ours, are set
  // to 0600 (SQLite gives them the file's mode, so reading a read-only file
  // would otherwise leave them read-only for every later write). A refused file keeps every byte (a
  // WAL-mode file's -wal and -shm, which the read may create, go when the connection closes).
  //
  // Errors:
  //   kNotFound     `mode` is kMustExist and `file` does not exist.
  //   kAlreadyExists `mode` is kCreateNew and `file` exists.
  //   kCorruptData  `file` is not an SQLite database, or is damaged. Open
  //                 itself detects: random bytes, a short or zero-filled file,
  //                 a bad header, and a TRUNCATED file (page 1 records the page
  //                 count; the first read, PRAGMA schema_version, fails with
  //                 SQLITE_CORRUPT when the file holds fewer pages). Damage
  //                 inside later pages passes Open and is reported by
  //                 QuickCheck() or by the Step that reads the damaged page.
  //   kIo           the file or its directory cannot be created, opened or
  //                 written (including a path through a regular file, a
  //                 directory, or a missing directory), `file` is a symbolic
  //                 link, or the database is busy.
  //   any code      from `check`.
  static Result<Database> Open(const std::filesystem::path& file, OpenMode mode,
                               const OpenCheck& check = nullptr);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs one or more `;`-separated statements to completion, discarding any
  // rows. Stops at the first failing statement; earlier ones stay applied
  // unless the caller holds a Transaction.
  Status Exec(std::string_view sql);

  // Compiles exactly one statement (trailing whitespace and comments are
  // allowed). kInvalidArgument if `sql` is empty or holds a second statement;
  // kIo for a syntax error or an unknown table or column.
  // The Statement must not outlive this Database. Nothing is cached.
  Result<Statement> Prepare(std::string_view sql);

  // Rowid of the most recent successful INSERT on this connection (0 if none).
  std::int64_t LastInsertRowId() const;
  // Rows changed by the most recent INSERT, UPDATE or DELETE.
  int Changes() const;

  // PRAGMA user_version: the schema version that Migrate() maintains.
  Result<int> UserVersion();
  Status SetUserVersion(int v);

  // PRAGMA quick_check. kCorruptData (with SQLite's first complaint) unless
  // the answer is exactly "ok". Reads the whole file: O(size of database).
  Status QuickCheck();

  // How long a statement waits for another connection's lock before failing
  // with "busy". Open sets 5000 ms; tests set 0 to see contention at once.
  Status SetBusyTimeout(std::chrono::milliseconds timeout);

  // True while a transaction is open on this connection.
  bool InTransaction() const;

  // Lets SQLite read the file through a memory map of up to `bytes` (0: no
  // map, the default), so pages come straight from the page cache instead of
  // one pread and copy each. A hint: SQLite applies it when no page is in
  // use. MappedReads sets it for one scan.
  void SetMappedReadLimit(std::int64_t bytes);

  // The path given to Open, for messages (empty once moved from).
  const std::filesystem::path& path() const;

  // For tests that interleave another connection's commits with this one's
  // reads: `hook` runs with a statement's SQL text each time the statement
  // starts running, before it reads anything. Null removes it.
  using StatementHook = std::function<void(std::string_view sql)>;
  void SetStatementHookForTesting(StatementHook hook);

 private:
  Database(sqlite3* db, const std::filesystem::path& path);
  // Open's second half: connects to `file` (resolved, and existing) and
  // applies the settings, writing only once `check` passed. `shown` is the
  // path as the caller gave it, for messages. Connects again (if
  // `may_reconnect`) when it had to make the -wal or -shm writable.
  static Result<Database> Connect(const std::filesystem::path& file,
                                  const std::filesystem::path& shown, const OpenCheck& check,
                                  bool may_reconnect);
  void Close();

  sqlite3* db_ = nullptr;
  // On the heap, so that SQLite's pointer to it survives a move.
  std::unique_ptr<StatementHook> hook_;
  // Shared with this connection's statements so that their messages name
  // the file as the caller gave it, even after the Database has moved.
  std::shared_ptr<const std::filesystem::path> path_;

  friend class Transaction;
  friend class ReadTransaction;
};

// Deletes `file` and its -wal and -shm; missing ones are fine. For a file
// that a failed create made. REQUIRES: no connection has it open.
Status RemoveDatabaseFiles(const std::filesystem::path& file);

// A compiled statement. Move-only; finalizes on destruction.
//
// Binding never fails on the spot: the first bind error (an index out of
// range, a value too big) is remembered and returned by the next Step() or
// Run(), so that binds can be chained. Reset() forgets it.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameter indexes are 1-based, as in SQLite. Blobs and texts are copied
  // (SQLITE_TRANSIENT), so the arguments need not outlive the call. An empty
  // blob or text binds a zero-length value, never NULL.
  Statement& Bind(int index, std::int64_t v);
  Statement& Bind(int index, std::span<const std::uint8_t> blob);
  Statement& Bind(int index, std::string_view text);
  Statement& BindNull(int index);

  // Any other integer that fits in an int64 (int, std::uint32_t, ...) binds as
  // an integer. Character types, bool, std::uint64_t and floating point do
  // not compile (see the deleted overload below).
  template <internal::LosslessInteger T>
  Statement& Bind(int index, T v) {
    return Bind(index, static_cast<std::int64_t>(v));
  }
  // A string literal or C string binds as text (not as a pointer or bool).
  // A null `text` is a bind error (kInvalidArgument); use BindNull.
  Statement& Bind(int index, const char* text);

  // Misuse that would otherwise compile and store the wrong thing:
  //   Bind(i, true)       bool would become 0/1 silently;
  //   Bind(i, 1.5)        SQLite would store a REAL that ColumnInt truncates;
  //   Bind(i, 'x')        a char would become its code point;
  //   Bind(i, ~0ull)      a std::uint64_t above INT64_MAX would wrap;
  //   Bind(i, nullptr)    use BindNull.
  template <internal::MisleadingScalar T>
  Statement& Bind(int index, T v) = delete;
  Statement& Bind(int index, std::nullptr_t) = delete;

  // Executes one step. true: a row is ready for the Column accessors;
  // false: the statement is done. Returns a remembered bind error first.
  Result<bool> Step();
  // Steps until done, discarding any rows.
  Status Run();
  // Rewinds the statement and clears its bindings (to NULL) for reuse.
  // Succeeds even if the last Step failed: that failure was already reported.
  Status Reset();

  // Column accessors, 0-based as in SQLite.
  // REQUIRES: the last Step() returned true. A NULL reads as 0, empty, "".
  // ColumnBlob's view (and its bytes) is valid until the next Step or Reset.
  std::int64_t ColumnInt(int col) const;
  std::span<const std::uint8_t> ColumnBlob(int col) const;
  std::string ColumnText(int col) const;
  bool ColumnIsNull(int col) const;

 private:
  Statement(sqlite3_stmt* stmt, std::shared_ptr<const std::filesystem::path> path)
      : stmt_(stmt), path_(std::move(path)) {}
  void Remember(int rc);
  void Finalize();
  Unexpected Failure(int rc, std::string_view doing) const;

  sqlite3_stmt* stmt_ = nullptr;
  std::shared_ptr<const std::filesystem::path> path_;
  std::optional<Error> bind_error_;  // the first failed Bind since Reset
  bool step_failed_ = false;         // sqlite3_reset will repeat that error

  friend class Database;
};

// BEGIN IMMEDIATE (takes the write lock at once, so a transaction never fails
// half-way because another writer got there first). Rolls back in the
// destructor unless Commit() succeeded. Move-only.
//
// REQUIRES: the Database outlives the Transaction and has no other
// transaction open (SQLite does not nest them: Begin gives kIo).
class Transaction {
 public:
  static Result<Transaction> Begin(Database& db);

  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&& other) noexcept;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  // kIo ("busy", a full disk, ...) leaves the transaction open: the caller may
  // retry Commit or let the destructor roll back. kFailedPrecondition if the
  // transaction has already been committed or rolled back.
  Status Commit();
  // Rolls back now, reporting any failure (the destructor cannot).
  Status Rollback();

 private:
  explicit Transaction(sqlite3* db) : db_(db) {}

  sqlite3* db_ = nullptr;  // null once committed, rolled back or moved from
};

// Makes every read on `db` until it ends see one snapshot of the database,
// for a reader that runs several statements whose answers must agree (the
// members and the feeds of a notebook, say). A deferred BEGIN: in WAL mode
// the snapshot is taken at the first read, later commits by other
// connections are not seen, and no lock is taken that would stop a writer.
// Ends with ROLLBACK when destroyed: it is for reading. Move-only.
//
// Inside a transaction already open on `db` it does nothing: that
// transaction's snapshot holds (a write transaction that loads a notebook).
// REQUIRES: the Database outlives it; nothing begins a Transaction on `db`
// while it lives (SQLite does not nest them: Begin gives kIo).
class ReadTransaction {
 public:
  static Result<ReadTransaction> Begin(Database& db);

  ReadTransaction(ReadTransaction&& other) noexcept;
  ReadTransaction& operator=(ReadTransaction&& other) noexcept;
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  ~ReadTransaction();

 private:
  explicit ReadTransaction(sqlite3* db) : db_(db) {}
  void End();

  sqlite3* db_ = nullptr;  // null if it joined an open transaction, or moved from
};

// Maps the file while it lives, for a scan of a whole notebook (Load), and
// unmaps it after: a long-lived process such as `rapport serve` would
// otherwise keep every page it ever read counted in its memory.
class MappedReads {
 public:
  explicit MappedReads(Database& db) : db_(db) { db_.SetMappedReadLimit(kLimit); }
  ~MappedReads() { db_.SetMappedReadLimit(0); }
  MappedReads(const MappedReads&) = delete;
  MappedReads& operator=(const MappedReads&) = delete;

 private:
  static constexpr std::int64_t kLimit = std::int64_t{1} << 30;
  Database& db_;
};

}  // namespace rapport::store
