// The sync protocol of one connection, after the handshake: which messages
// to send and what to do with each one received (docs/protocol.md, section
// 6). No IO: the connection (sync/connection.cc) feeds it the messages it
// assembles and sends what it returns, so every step can be tested without
// a socket.
//
// Three kinds of session:
//   kPeer     two paired devices: Hello, then per shared notebook a version
//             vector, the events the other lacks, CaughtUp; then live push.
//   kInviter  the inviting side of a pairing: Hello naming the notebook,
//             then on the joiner's Introduce it adds the joiner as a member
//             and sends the notebook key; then as kPeer for that notebook.
//   kJoiner   the joining side: waits for the inviter's first message (which
//             proves the PSK matched), sends Introduce, joins on the key.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "store/device.h"
#include "sync/messages.h"

namespace rapport::sync {

enum class SessionKind { kPeer, kInviter, kJoiner };

struct Outgoing {
  MessageType type = MessageType::kPing;
  crypto::Bytes body;
  std::size_t events = 0;  // how many events it carries, for progress
};

struct SessionCounters {
  std::size_t events_sent = 0;
  std::size_t events_received = 0;
};

struct PairingDetails {
  // kInviter: the invite being answered. kJoiner: the invite being used.
  core::NotebookId notebook;
  core::Role inviter_role = core::Role::kTherapist;
  crypto::DhPublicKey inviter_static{};
  std::string inviter_address;  // kJoiner: remembered for later syncs
  // kInviter: the invite whose PSK the joiner proved it holds in the
  // handshake (store::PendingInvite::sealed); only that one may be used up.
  crypto::Bytes invite;
};

class SyncSession {
 public:
  // `peer` and `peer_static` are the identity and static key the handshake
  // authenticated. For kInviter and kJoiner, `pairing` is required.
  SyncSession(store::Device& device, SessionKind kind, const core::AuthorId& peer,
              const crypto::DhPublicKey& peer_static, std::optional<PairingDetails> pairing);

  // The first messages to send, right after the handshake.
  Result<std::vector<Outgoing>> Start();
  // Handles one message from the peer; returns what to send in reply.
  Result<std::vector<Outgoing>> Handle(const Message& message);
  // The next batch of events the peer lacks (or a CaughtUp once a notebook
  // is done), or nullopt if nothing is due. Called whenever the send queue
  // is empty, so that only one batch is in memory at a time.
  Result<std::optional<Outgoing>> NextBatch();
  // Live push: re-reads this device's feeds so that NextBatch offers what
  // was added since. Cheap when nothing changed.
  Status Refresh();

  // After a call failed: the code to send in the Error message before
  // closing (the error's message is the reason).
  WireErrorCode failure_code() const { return failure_code_; }

  // Both sides have sent CaughtUp for every notebook they share.
  bool CaughtUp() const;
  // kJoiner: the pairing is complete (the notebook key arrived).
  bool Paired() const { return paired_; }
  const SessionCounters& counters() const { return counters_; }
  const std::vector<core::NotebookId>& notebooks() const { return order_; }

 private:
  struct NotebookSync {
    bool peer_vector_known = false;  // its VersionVector arrived
    bool sent_caught_up = false;
    bool peer_caught_up = false;
    std::map<core::AuthorId, std::uint64_t> ours;      // what we hold
    std::map<core::AuthorId, std::uint64_t> peer_has;  // what it holds, as far as we know
    core::AuthorId creator;  // its feed is sent first: it holds every member.add
  };

  Result<std::vector<Outgoing>> OnHello(const Message& m);
  Result<std::vector<Outgoing>> OnIntroduce(const Message& m);
  Result<std::vector<Outgoing>> OnNotebookKey(const Message& m);
  Result<std::vector<Outgoing>> OnVersionVector(const Message& m);
  Result<std::vector<Outgoing>> OnEvents(const Message& m);
  Result<std::vector<Outgoing>> OnCaughtUp(const Message& m);
  // Starts syncing `notebook`: reads our feeds and sends our version vector.
  Result<Outgoing> Begin(const core::NotebookId& notebook);
  NotebookSync* Find(const core::NotebookId& notebook);
  // The next batch of `author`'s events the peer lacks, or nullopt.
  Result<std::optional<Outgoing>> NextBatchOf(const core::NotebookId& notebook, NotebookSync& sync,
                                              const core::AuthorId& author, std::uint64_t held);

  store::Device& device_;
  SessionKind kind_;
  core::AuthorId peer_;
  crypto::DhPublicKey peer_static_;
  std::optional<PairingDetails> pairing_;
  bool hello_received_ = false;
  bool introduced_ = false;
  bool paired_ = false;
  std::vector<core::NotebookId> order_;  // notebooks being synced, in order
  std::map<core::NotebookId, NotebookSync> syncs_;
  SessionCounters counters_;
  WireErrorCode failure_code_ = WireErrorCode::kProtocol;
};

}  // namespace rapport::sync
