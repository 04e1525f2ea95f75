// The message layer and the sync messages; byte layouts in docs/protocol.md,
// "Messages". Decoders check every count against its limit before reserving.
#include "sync/messages.h"

#include <algorithm>

#include "core/codec.h"

namespace rapport::sync {
namespace {

constexpr std::size_t kU16 = 2;
constexpr std::size_t kU32 = 4;
constexpr std::size_t kU64 = 8;
constexpr std::size_t kNotebook = core::kNotebookIdSize;

constexpr std::size_t kMaxHelloBody = kU16 + kCountSize + kMaxHelloNotebooks * kNotebook;
constexpr std::size_t kMaxVersionVectorBody =
    kNotebook + kCountSize + kMaxVersionVectorEntries * kVersionVectorEntrySize;
constexpr std::size_t kCaughtUpBody = kNotebook;
constexpr std::size_t kNotebookKeyBody = kNotebook + kU32 + kNotebookKeySize;
constexpr std::size_t kMaxErrorBody = kU16 + kU32 + kMaxErrorReasonSize;
constexpr std::size_t kPingBody = kU64;
constexpr std::size_t kMaxIntroduceBody = 1 + kU32 + kMaxIntroduceNameSize;

Unexpected Bad(const char* message, const std::string& reason) {
  return Fail(ErrorCode::kProtocol, std::string(message) + ": " + reason);
}

// Reads a notebook id; false (and the reader failed) on truncation.
bool ReadNotebook(core::Reader& r, core::NotebookId& out) { return r.Raw(out.bytes); }

// The shared tail of every decoder: nothing may follow the last field.
Status ExpectEnd(const core::Reader& r, const char* message) {
  if (!r.ok()) return Bad(message, "truncated");
  if (!r.AtEnd()) return Bad(message, "trailing bytes");
  return Ok();
}

// Reads a u32 count and checks it against `max` (before anything is reserved).
bool ReadCount(core::Reader& r, std::size_t max, std::uint32_t& count, bool& over) {
  over = false;
  if (!r.U32(count)) return false;
  if (count > max) {
    over = true;
    return false;
  }
  return true;
}

bool IsPrintableAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c <= 0x7E; });
}

}  // namespace

bool IsKnownMessageType(std::uint8_t type) {
  return type >= static_cast<std::uint8_t>(MessageType::kHello) &&
         type <= static_cast<std::uint8_t>(MessageType::kIntroduce);
}

const char* MessageTypeName(MessageType type) {
  switch (type) {
    case MessageType::kHello:
      return "Hello";
    case MessageType::kVersionVector:
      return "VersionVector";
    case MessageType::kEvents:
      return "Events";
    case MessageType::kCaughtUp:
      return "CaughtUp";
    case MessageType::kNotebookKey:
      return "NotebookKey";
    case MessageType::kError:
      return "Error";
    case MessageType::kPing:
      return "Ping";
    case MessageType::kPong:
      return "Pong";
    case MessageType::kIntroduce:
      return "Introduce";
  }
  return "unknown";
}

std::size_t MaxBodySize(MessageType type) {
  switch (type) {
    case MessageType::kHello:
      return kMaxHelloBody;
    case MessageType::kVersionVector:
      return kMaxVersionVectorBody;
    case MessageType::kEvents:
      return kMaxMessageBodySize;
    case MessageType::kCaughtUp:
      return kCaughtUpBody;
    case MessageType::kNotebookKey:
      return kNotebookKeyBody;
    case MessageType::kError:
      return kMaxErrorBody;
    case MessageType::kPing:
    case MessageType::kPong:
      return kPingBody;
    case MessageType::kIntroduce:
      return kMaxIntroduceBody;
  }
  return 0;
}

// ---- The message layer -------------------------------------------------------

Result<std::vector<crypto::Bytes>> SplitMessage(MessageType type, crypto::ByteView body) {
  if (!IsKnownMessageType(static_cast<std::uint8_t>(type)))
    return Fail(ErrorCode::kProtocol, "message: unknown type");
  if (body.size() > MaxBodySize(type))
    return Fail(ErrorCode::kProtocol, std::string("message: ") + MessageTypeName(type) +
                                          " body of " + std::to_string(body.size()) +
                                          " bytes is over " + std::to_string(MaxBodySize(type)));
  core::Writer header;
  header.U8(static_cast<std::uint8_t>(type));
  header.U32(static_cast<std::uint32_t>(body.size()));

  std::vector<crypto::Bytes> chunks;
  const std::size_t total = kMessageHeaderSize + body.size();
  chunks.reserve((total + kMaxMessageChunkSize - 1) / kMaxMessageChunkSize);
  crypto::Bytes first = header.Take();
  const std::size_t first_body = std::min(body.size(), kMaxMessageChunkSize - kMessageHeaderSize);
  crypto::Append(first, body.first(first_body));
  chunks.push_back(std::move(first));
  for (std::size_t pos = first_body; pos < body.size(); pos += kMaxMessageChunkSize) {
    const std::size_t n = std::min(kMaxMessageChunkSize, body.size() - pos);
    chunks.push_back(crypto::ToBytes(body.subspan(pos, n)));
  }
  return chunks;
}

MessageAssembler::~MessageAssembler() { crypto::Wipe(body_); }

Result<std::optional<Message>> MessageAssembler::Feed(crypto::ByteView plaintext) {
  if (failed_) return Unexpected{error_};
  if (plaintext.empty()) return FailWith("empty transport message");
  if (plaintext.size() > kMaxMessageChunkSize) return FailWith("transport plaintext too long");

  crypto::ByteView rest = plaintext;
  if (!in_message_) {
    if (plaintext.size() < kMessageHeaderSize) return FailWith("message header split");
    core::Reader r(plaintext);
    std::uint8_t type = 0;
    std::uint32_t length = 0;
    if (!r.U8(type) || !r.U32(length)) return FailWith("message header truncated");
    if (!IsKnownMessageType(type)) return FailWith("unknown message type " + std::to_string(type));
    type_ = static_cast<MessageType>(type);
    // The limit is checked here, before a single byte of body is stored.
    if (length > MaxBodySize(type_))
      return FailWith(std::string(MessageTypeName(type_)) + " length " + std::to_string(length) +
                      " is over " + std::to_string(MaxBodySize(type_)));
    declared_ = length;
    in_message_ = true;
    body_.clear();
    // A NotebookKey may arrive cut over several plaintexts: its body is
    // reserved whole (52 bytes), so that growing never frees a buffer holding
    // part of the key unwiped. Other bodies grow as bytes arrive.
    if (type_ == MessageType::kNotebookKey) body_.reserve(declared_);
    rest = plaintext.subspan(kMessageHeaderSize);
  }
  if (rest.size() > declared_ - body_.size())
    return FailWith(std::string(MessageTypeName(type_)) + " runs past its length");
  AppendBody(rest);
  if (body_.size() < declared_) return std::optional<Message>();

  in_message_ = false;
  declared_ = 0;
  Message message{type_, std::move(body_)};
  body_ = crypto::Bytes();
  return std::optional<Message>(std::move(message));
}

void MessageAssembler::AppendBody(crypto::ByteView bytes) {
  const std::size_t needed = body_.size() + bytes.size();
  if (needed > body_.capacity())
    body_.reserve(std::min(declared_, std::max(needed, 2 * body_.capacity())));
  crypto::Append(body_, bytes);
}

Unexpected MessageAssembler::FailWith(std::string reason) {
  failed_ = true;
  in_message_ = false;
  error_ = Error(ErrorCode::kProtocol, "message: " + std::move(reason));
  // Wipe before release: a partial body may be a NotebookKey.
  crypto::Wipe(body_);
  crypto::Bytes().swap(body_);
  return Unexpected{error_};
}

// ---- Hello -------------------------------------------------------------------

Result<crypto::Bytes> EncodeHello(const Hello& hello) {
  if (hello.notebooks.size() > kMaxHelloNotebooks) return Bad("Hello", "too many notebooks");
  std::vector<core::NotebookId> sorted = hello.notebooks;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
    return Bad("Hello", "duplicate notebook");
  core::Writer w;
  w.U16(hello.version);
  w.U32(static_cast<std::uint32_t>(hello.notebooks.size()));
  for (const auto& id : hello.notebooks) w.Raw(id.bytes);
  return w.Take();
}

Result<Hello> DecodeHello(crypto::ByteView body) {
  core::Reader r(body);
  Hello hello;
  std::uint32_t count = 0;
  bool over = false;
  if (!r.U16(hello.version)) return Bad("Hello", "truncated");
  if (hello.version != kProtocolVersion)
    return Fail(ErrorCode::kUnsupportedVersion,
                "Hello: the other device speaks sync protocol version " +
                    std::to_string(hello.version) + ", this one " +
                    std::to_string(kProtocolVersion) + ": update both to the same Rapport");
  if (!ReadCount(r, kMaxHelloNotebooks, count, over))
    return Bad("Hello", over ? "too many notebooks" : "truncated");
  if (r.remaining() != count * kNotebook)
    return Bad("Hello", r.remaining() < count * kNotebook ? "truncated" : "trailing bytes");
  hello.notebooks.resize(count);
  for (auto& id : hello.notebooks) ReadNotebook(r, id);
  RAPPORT_RETURN_IF_ERROR(ExpectEnd(r, "Hello"));
  std::vector<core::NotebookId> sorted = hello.notebooks;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
    return Bad("Hello", "duplicate notebook");
  return hello;
}

// ---- VersionVector -----------------------------------------------------------

namespace {

Status CheckEntries(const std::vector<VersionVectorEntry>& entries) {
  if (entries.size() > kMaxVersionVectorEntries) return Bad("VersionVector", "too many entries");
  std::vector<core::AuthorId> authors;
  authors.reserve(entries.size());
  for (const auto& e : entries) {
    if (e.highest_seq == 0) return Bad("VersionVector", "seq 0");
    authors.push_back(e.author);
  }
  std::sort(authors.begin(), authors.end());
  if (std::adjacent_find(authors.begin(), authors.end()) != authors.end())
    return Bad("VersionVector", "duplicate author");
  return Ok();
}

}  // namespace

Result<crypto::Bytes> EncodeVersionVector(const VersionVector& vv) {
  RAPPORT_RETURN_IF_ERROR(CheckEntries(vv.entries));
  core::Writer w;
  w.Raw(vv.notebook.bytes);
  w.U32(static_cast<std::uint32_t>(vv.entries.size()));
  for (const auto& e : vv.entries) {
    w.Raw(e.author.bytes);
    w.U64(e.highest_seq);
  }
  return w.Take();
}

Result<VersionVector> DecodeVersionVector(crypto::ByteView body) {
  core::Reader r(body);
  VersionVector vv;
  std::uint32_t count = 0;
  bool over = false;
  if (!ReadNotebook(r, vv.notebook)) return Bad("VersionVector", "truncated");
  if (!ReadCount(r, kMaxVersionVectorEntries, count, over))
    return Bad("VersionVector", over ? "too many entries" : "truncated");
  if (r.remaining() != count * kVersionVectorEntrySize)
    return Bad("VersionVector",
               r.remaining() < count * kVersionVectorEntrySize ? "truncated" : "trailing bytes");
  vv.entries.resize(count);
  for (auto& e : vv.entries) {
    r.Raw(e.author.bytes);
    r.U64(e.highest_seq);
  }
  RAPPORT_RETURN_IF_ERROR(ExpectEnd(r, "VersionVector"));
  RAPPORT_RETURN_IF_ERROR(CheckEntries(vv.entries));
  return vv;
}

// ---- Events ------------------------------------------------------------------

Result<crypto::Bytes> EncodeEvents(const Events& events) {
  if (events.events.empty()) return Bad("Events", "empty batch");
  if (events.events.size() > kMaxEventsPerBatch) return Bad("Events", "too many events");
  std::size_t total = kEventsBodyOverhead;
  for (const auto& e : events.events) {
    if (e.empty()) return Bad("Events", "empty event");
    if (e.size() > core::kMaxEncodedEventSize) return Bad("Events", "event too large");
    total += kEventsPerEventOverhead + e.size();
  }
  if (total > kMaxMessageBodySize) return Bad("Events", "batch too large");
  core::Writer w;
  w.Raw(events.notebook.bytes);
  w.U32(static_cast<std::uint32_t>(events.events.size()));
  for (const auto& e : events.events) w.Blob(e);
  return w.Take();
}

Result<Events> DecodeEvents(crypto::ByteView body) {
  if (body.size() > kMaxMessageBodySize) return Bad("Events", "batch too large");
  core::Reader r(body);
  Events events;
  std::uint32_t count = 0;
  bool over = false;
  if (!ReadNotebook(r, events.notebook)) return Bad("Events", "truncated");
  if (!ReadCount(r, kMaxEventsPerBatch, count, over))
    return Bad("Events", over ? "too many events" : "truncated");
  if (count == 0) return Bad("Events", "empty batch");
  events.events.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    std::uint32_t length = 0;
    if (!r.U32(length)) return Bad("Events", "truncated");
    if (length == 0) return Bad("Events", "empty event");
    if (length > core::kMaxEncodedEventSize) return Bad("Events", "event too large");
    crypto::ByteView view;
    if (!r.View(length, view)) return Bad("Events", "truncated");
    events.events.push_back(crypto::ToBytes(view));
  }
  RAPPORT_RETURN_IF_ERROR(ExpectEnd(r, "Events"));
  return events;
}

// ---- CaughtUp ----------------------------------------------------------------

Result<crypto::Bytes> EncodeCaughtUp(const CaughtUp& caught_up) {
  return crypto::ToBytes(caught_up.notebook.bytes);
}

Result<CaughtUp> DecodeCaughtUp(crypto::ByteView body) {
  core::Reader r(body);
  CaughtUp caught_up;
  ReadNotebook(r, caught_up.notebook);
  RAPPORT_RETURN_IF_ERROR(ExpectEnd(r, "CaughtUp"));
  return caught_up;
}

// ---- NotebookKey -------------------------------------------------------------

Result<crypto::Bytes> EncodeNotebookKey(const NotebookKey& key) {
  if (key.key.size() != kNotebookKeySize) return Bad("NotebookKey", "key is not 32 bytes");
  core::Writer w;
  w.Reserve(kNotebookKeyBody);  // never reallocated while it holds the key
  w.Raw(key.notebook.bytes);
  w.U32(key.epoch);
  w.Raw(key.key.view());
  return w.Take();
}

Result<NotebookKey> DecodeNotebookKey(crypto::ByteView body) {
  core::Reader r(body);
  NotebookKey key;
  crypto::ByteView secret;
  ReadNotebook(r, key.notebook);
  r.U32(key.epoch);
  r.View(kNotebookKeySize, secret);
  RAPPORT_RETURN_IF_ERROR(ExpectEnd(r, "NotebookKey"));
  key.key = crypto::SecretBuffer::CopyOf(secret);
  return key;
}

// ---- Error -------------------------------------------------------------------

Result<crypto::Bytes> EncodeError(const ErrorMessage& error) {
  if (error.reason.size() > kMaxErrorReasonSize) return Bad("Error", "reason too long");
  if (!IsPrintableAscii(error.reason)) return Bad("Error", "reason is not printable ASCII");
  core::Writer w;
  w.U16(error.code);
  w.String(error.reason);
  return w.Take();
}

Result<ErrorMessage> DecodeError(crypto::ByteView body) {
  core::Reader r(body);
  ErrorMessage error;
  std::uint32_t length = 0;
  crypto::ByteView reason;
  if (!r.U16(error.code) || !r.U32(length)) return Bad("Error", "truncated");
  if (length > kMaxErrorReasonSize) return Bad("Error", "reason too long");
  if (!r.View(length, reason)) return Bad("Error", "truncated");
  RAPPORT_RETURN_IF_ERROR(ExpectEnd(r, "Error"));
  error.reason.assign(crypto::AsChars(reason));
  if (!IsPrintableAscii(error.reason)) return Bad("Error", "reason is not printable ASCII");
  return error;
}

std::string DescribePeerError(const ErrorMessage& error) {
  switch (static_cast<WireErrorCode>(error.code)) {
    case WireErrorCode::kUnsupportedVersion:
      return "the other device runs a version of Rapport that cannot sync with this one: "
             "update both to the same version";
    case WireErrorCode::kInternal:
      return "the other device ended the connection: it had a problem on its side";
    case WireErrorCode::kShuttingDown:
      return "the other device stopped before the sync finished; nothing was lost, and the "
             "next sync continues from here";
    default:
      return "the other device ended the connection: " + error.reason;
  }
}

// ---- Ping / Pong -------------------------------------------------------------

namespace {

crypto::Bytes EncodeU64(std::uint64_t value) {
  core::Writer w;
  w.U64(value);
  return w.Take();
}

Result<std::uint64_t> DecodeU64(crypto::ByteView body, const char* message) {
  core::Reader r(body);
  std::uint64_t value = 0;
  r.U64(value);
  RAPPORT_RETURN_IF_ERROR(ExpectEnd(r, message));
  return value;
}

}  // namespace

Result<crypto::Bytes> EncodePing(const Ping& ping) { return EncodeU64(ping.value); }
Result<Ping> DecodePing(crypto::ByteView body) {
  RAPPORT_ASSIGN_OR_RETURN(const std::uint64_t value, DecodeU64(body, "Ping"));
  return Ping{value};
}
Result<crypto::Bytes> EncodePong(const Pong& pong) { return EncodeU64(pong.value); }
Result<Pong> DecodePong(crypto::ByteView body) {
  RAPPORT_ASSIGN_OR_RETURN(const std::uint64_t value, DecodeU64(body, "Pong"));
  return Pong{value};
}

}  // namespace rapport::sync

namespace rapport::sync {

// ---- Introduce ----------------------------------------------------------------

Result<crypto::Bytes> EncodeIntroduce(const Introduce& introduce) {
  if (introduce.name.empty() || introduce.name.size() > kMaxIntroduceNameSize)
    return Bad("Introduce", "name empty or too long");
  if (!core::IsValidUtf8(introduce.name)) return Bad("Introduce", "name is not UTF-8");
  core::Writer w;
  w.U8(static_cast<std::uint8_t>(introduce.role));
  w.String(introduce.name);
  return w.Take();
}

Result<Introduce> DecodeIntroduce(crypto::ByteView body) {
  core::Reader r(body);
  std::uint8_t role = 0;
  Introduce out;
  if (!r.U8(role) || !r.String(out.name, kMaxIntroduceNameSize))
    return Bad("Introduce", "truncated or name too long");
  RAPPORT_RETURN_IF_ERROR(ExpectEnd(r, "Introduce"));
  if (role != static_cast<std::uint8_t>(core::Role::kTherapist) &&
      role != static_cast<std::uint8_t>(core::Role::kClient))
    return Bad("Introduce", "unknown role");
  out.role = static_cast<core::Role>(role);
  if (out.name.empty() || !core::IsValidUtf8(out.name)) return Bad("Introduce", "bad name");
  return out;
}

}  // namespace rapport::sync
