// Test helper: folds records straight into a state with made-up event ids,
// no signing or encryption, for tests of fold semantics and state rules.
#pragma once

#include "core/notebook_state.h"

namespace rapport::core::testing {

class FoldBuilder {
 public:
  FoldBuilder() : fold_(NotebookId{}) {
    therapist_.bytes.fill(0xA1);
    client_.bytes.fill(0xC2);
    Add(therapist_, NotebookCreated{"Ours", "Dr. Ada", Role::kTherapist});
    Add(therapist_, MemberAdded{client_, {}, Role::kClient, "Sam"});
  }

  const AuthorId& therapist() const { return therapist_; }
  const AuthorId& client() const { return client_; }
  const NotebookState& state() const { return fold_.state(); }

  // Applies `body` as the next event (clock + 1) by `author`; returns its id.
  EventId Add(const AuthorId& author, RecordBody body) { return AddAt(author, ++lamport_, body); }
  // Applies at a given clock. REQUIRES: not below the last clock used.
  EventId AddAt(const AuthorId& author, std::uint64_t lamport, RecordBody body) {
    lamport_ = std::max(lamport_, lamport);
    EventHeader h;
    h.author = author;
    h.lamport = lamport;
    h.seq = ++seqs_[author];
    EventId id;
    const std::uint64_t n = ++count_;
    // Least significant byte first: the first eight bytes are what
    // EventIdSet hashes, and real ids (BLAKE2b) differ in all of them.
    for (int i = 0; i < 8; ++i) id.bytes[i] = static_cast<std::uint8_t>(n >> (8 * i));
    fold_.Apply(id, h, Record{static_cast<std::int64_t>(n), std::move(body)});
    return id;
  }
  std::uint64_t clock() const { return lamport_; }

 private:
  Fold fold_;
  AuthorId therapist_, client_;
  std::uint64_t lamport_ = 0, count_ = 0;
  std::map<AuthorId, std::uint64_t> seqs_;
};

}  // namespace rapport::core::testing
