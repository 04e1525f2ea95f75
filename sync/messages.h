// Application messages, carried inside encrypted Noise transport messages
// (docs/protocol.md, "Messages"). A message is `type u8 | length u32 | body`
// and may span several transport messages; every length and count has an
// explicit limit, checked before anything is allocated. Pure functions over
// bytes, no IO, so each decoder can be unit-tested and fuzzed on its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "core/event.h"
#include "core/ids.h"
#include "core/role.h"
#include "crypto/bytes.h"
#include "crypto/noise_cipher_state.h"
#include "crypto/secret_buffer.h"

namespace rapport::sync {

// The version in Hello. The prologue "rapport/1" pins the same number.
inline constexpr std::uint16_t kProtocolVersion = 1;

inline constexpr std::size_t kMessageHeaderSize = 1 + 4;  // type u8 | length u32
// The largest body of any message. A length over it is refused on sight.
inline constexpr std::size_t kMaxMessageBodySize = 4 * 1024 * 1024;
// Each piece of a message is one transport message's plaintext.
inline constexpr std::size_t kMaxMessageChunkSize = crypto::kNoiseMaxPlaintextSize;

inline constexpr std::size_t kMaxHelloNotebooks = 1000;
inline constexpr std::size_t kMaxVersionVectorEntries = 1000;
inline constexpr std::size_t kMaxEventsPerBatch = 256;
inline constexpr std::size_t kMaxErrorReasonSize = 200;
inline constexpr std::size_t kNotebookKeySize = crypto::kAeadKeySize;

// Body layouts (docs/protocol.md). Counts and lengths are u32 big-endian.
inline constexpr std::size_t kCountSize = 4;
inline constexpr std::size_t kVersionVectorEntrySize = core::AuthorId::kSize + 8;
// An Events body: notebook | count | count x (length u32 | event). A batch
// fits when kEventsBodyOverhead + sum(kEventsPerEventOverhead + size) is at
// most kMaxMessageBodySize.
inline constexpr std::size_t kEventsBodyOverhead = core::kNotebookIdSize + kCountSize;
inline constexpr std::size_t kEventsPerEventOverhead = 4;

// Type codes on the wire. 0 and 9..255 are not used: unknown types are a
// protocol error, there is no "skip what you don't know".
enum class MessageType : std::uint8_t {
  kHello = 1,
  kVersionVector = 2,
  kEvents = 3,
  kCaughtUp = 4,
  kNotebookKey = 5,
  kError = 6,
  kPing = 7,
  kPong = 8,
  kIntroduce = 9,
};

inline constexpr std::size_t kMaxIntroduceNameSize = 200;

// True if `type` is one of the codes above.
bool IsKnownMessageType(std::uint8_t type);
// The name for logs, e.g. "Hello"; "unknown" otherwise.
const char* MessageTypeName(MessageType type);
// The largest body a message of `type` can have (exact size for the fixed
// ones). The assembler refuses a longer declared length before allocating.
std::size_t MaxBodySize(MessageType type);

// A whole message as assembled from transport plaintexts, not yet decoded.
struct Message {
  MessageType type = MessageType::kPing;
  crypto::Bytes body;
};

// ---- The message layer -----------------------------------------------------

// Cuts `type | length | body` into transport plaintexts of at most
// kMaxMessageChunkSize bytes: all full but the last, the header in the first.
// kProtocol if `body` is longer than MaxBodySize(type).
[[nodiscard]] Result<std::vector<crypto::Bytes>> SplitMessage(MessageType type,
                                                              crypto::ByteView body);

// Rebuilds messages from decrypted transport plaintexts, in order. A message
// starts at the start of a plaintext, whose first 5 bytes are its header, and
// a plaintext never holds bytes of two messages. After an error every later
// Feed returns the same error.
//
// Not thread-safe; one assembler per connection.
class MessageAssembler {
 public:
  MessageAssembler() = default;
  // Wipes a message left half-assembled (a NotebookKey cut off by a closed
  // connection holds part of a key).
  ~MessageAssembler();
  MessageAssembler(const MessageAssembler&) = delete;
  MessageAssembler& operator=(const MessageAssembler&) = delete;

  // Returns the message this plaintext completed, nullopt if it needs more
  // plaintexts, or kProtocol if: the plaintext is empty or longer than
  // kMaxMessageChunkSize; a first plaintext is shorter than the header; the
  // type is unknown; the length is over MaxBodySize(type) (checked before
  // anything is allocated); or the plaintext runs past the message's end.
  [[nodiscard]] Result<std::optional<Message>> Feed(crypto::ByteView plaintext);

  bool failed() const { return failed_; }
  // True between the first and last plaintext of a message.
  bool in_message() const { return in_message_; }
  // The type of the message being assembled, or of the last one completed.
  MessageType type() const { return type_; }
  // Memory held for the message being assembled; never above the declared
  // length, which is at most kMaxMessageBodySize.
  std::size_t capacity() const { return body_.capacity(); }

 private:
  Unexpected FailWith(std::string reason);
  // Appends to body_ without letting the vector grow past `declared_`.
  void AppendBody(crypto::ByteView bytes);

  bool in_message_ = false;
  MessageType type_ = MessageType::kPing;
  std::size_t declared_ = 0;
  crypto::Bytes body_;
  bool failed_ = false;
  Error error_;
};

// ---- The messages (docs/protocol.md, "Message types") -----------------------
// Each EncodeX returns the body only (pass it to SplitMessage with the type)
// and refuses, with kProtocol, what the decoder would refuse. Each DecodeX
// takes the body of a message of that type and returns kProtocol with a
// short reason on truncation, trailing bytes, a count or length over its
// limit, or a value the layout forbids.

// The first message each side sends: its protocol version and the notebooks
// it wants to sync (each at most once; order is the sender's).
struct Hello {
  std::uint16_t version = kProtocolVersion;
  std::vector<core::NotebookId> notebooks;  // at most kMaxHelloNotebooks
};
[[nodiscard]] Result<crypto::Bytes> EncodeHello(const Hello& hello);
// Also kUnsupportedVersion if `version` is not kProtocolVersion.
[[nodiscard]] Result<Hello> DecodeHello(crypto::ByteView body);

struct VersionVectorEntry {
  core::AuthorId author;
  std::uint64_t highest_seq = 0;  // >= 1: authors with nothing held are left out
  friend bool operator==(const VersionVectorEntry&, const VersionVectorEntry&) = default;
};
// For one notebook: author -> highest seq the sender holds. Authors are
// distinct; order is the sender's.
struct VersionVector {
  core::NotebookId notebook;
  std::vector<VersionVectorEntry> entries;  // at most kMaxVersionVectorEntries
};
[[nodiscard]] Result<crypto::Bytes> EncodeVersionVector(const VersionVector& vv);
[[nodiscard]] Result<VersionVector> DecodeVersionVector(crypto::ByteView body);

// A batch of encoded events (core::SignedEvent::Encode) of one notebook, in
// the order the receiver should validate them. The bytes are not parsed
// here: the receiver decodes and validates each one (core/).
struct Events {
  core::NotebookId notebook;
  // 1..kMaxEventsPerBatch events, each 1..core::kMaxEncodedEventSize bytes,
  // the whole body at most kMaxMessageBodySize.
  std::vector<crypto::Bytes> events;
};
[[nodiscard]] Result<crypto::Bytes> EncodeEvents(const Events& events);
[[nodiscard]] Result<Events> DecodeEvents(crypto::ByteView body);

// The sender has sent everything the receiver lacked in this notebook; what
// follows is live push.
struct CaughtUp {
  core::NotebookId notebook;
};
[[nodiscard]] Result<crypto::Bytes> EncodeCaughtUp(const CaughtUp& caught_up);
[[nodiscard]] Result<CaughtUp> DecodeCaughtUp(crypto::ByteView body);

// A notebook's content key for one epoch, handed to a newly paired member.
struct NotebookKey {
  core::NotebookId notebook;
  std::uint32_t epoch = 0;
  crypto::SecretBuffer key;  // exactly kNotebookKeySize bytes
};
// WARNING: the returned body holds the key in ordinary memory. Encrypt it and
// then crypto::Wipe it (and the SplitMessage pieces) at once.
[[nodiscard]] Result<crypto::Bytes> EncodeNotebookKey(const NotebookKey& key);
// The key is copied into a SecretBuffer. WARNING: `body` still holds it; the
// caller wipes the assembled message body after this call.
[[nodiscard]] Result<NotebookKey> DecodeNotebookKey(crypto::ByteView body);

// Codes carried by Error. Unknown codes are accepted (a newer peer may send
// them) and shown as numbers.
enum class WireErrorCode : std::uint16_t {
  kProtocol = 1,            // the peer broke this protocol
  kUnsupportedVersion = 2,  // Hello carried a version we do not speak
  kNotMember = 3,           // not a member of a notebook it asked for
  kRejectedEvent = 4,       // an event failed validation
  kInternal = 5,            // the sender failed on its side
  kShuttingDown = 6,        // the sender is stopping (Ctrl-C on serve or sync)
};

// Sent just before closing the connection: a code and a short reason of
// printable ASCII (0x20..0x7E), at most kMaxErrorReasonSize bytes.
struct ErrorMessage {
  std::uint16_t code = static_cast<std::uint16_t>(WireErrorCode::kProtocol);
  std::string reason;
};
[[nodiscard]] Result<crypto::Bytes> EncodeError(const ErrorMessage& error);
[[nodiscard]] Result<ErrorMessage> DecodeError(crypto::ByteView body);
// What to tell the person at this device when the other one sent `error`:
// the codes a person can act on get their own words, the rest the reason.
std::string DescribePeerError(const ErrorMessage& error);

// Keep-alive and round-trip measure: Pong echoes the Ping's value.
struct Ping {
  std::uint64_t value = 0;
};
struct Pong {
  std::uint64_t value = 0;
};
[[nodiscard]] Result<crypto::Bytes> EncodePing(const Ping& ping);
[[nodiscard]] Result<Ping> DecodePing(crypto::ByteView body);
[[nodiscard]] Result<crypto::Bytes> EncodePong(const Pong& pong);
[[nodiscard]] Result<Pong> DecodePong(crypto::ByteView body);

// Pairing only: the joiner tells the inviter how to list it as a member.
// The name is UTF-8, 1..kMaxIntroduceNameSize bytes; role is 1 (therapist)
// or 2 (client).
struct Introduce {
  core::Role role = core::Role::kClient;
  std::string name;
};
[[nodiscard]] Result<crypto::Bytes> EncodeIntroduce(const Introduce& introduce);
[[nodiscard]] Result<Introduce> DecodeIntroduce(crypto::ByteView body);

}  // namespace rapport::sync
