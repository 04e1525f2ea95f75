// Test helpers: an in-memory KnownFeeds and a member who writes events.
#pragma once

#include <algorithm>
#include <map>
#include <memory>

#include "core/event.h"
#include "core/record.h"
#include "core/validator.h"
#include "crypto/random.h"

namespace rapport::core::testing {

// Holds accepted events in memory, as the store would.
class MemoryFeeds : public KnownFeeds {
 public:
  MemoryFeeds(const NotebookId& notebook, crypto::AeadKey key)
      : notebook_(notebook), key_(std::move(key)) {}

  void AddMember(const AuthorId& a, Role role, bool creator) { members_[a] = {role, creator}; }
  void Store(const SignedEvent& e) {
    ids_[{e.header.author, e.header.seq}] = e.Id();
    heads_[e.header.author] = {e.header.seq, e.Id(), e.header.lamport};
    max_lamport_ = std::max(max_lamport_, e.header.lamport);
  }
  const crypto::AeadKey& key() const { return key_; }

  const crypto::AeadKey* EpochKey(const NotebookId& n, std::uint32_t epoch) override {
    return n == notebook_ && epoch == 0 ? &key_ : nullptr;
  }
  Result<std::optional<MemberInfo>> Member(const NotebookId&, const AuthorId& a) override {
    auto it = members_.find(a);
    if (it == members_.end()) return std::optional<MemberInfo>();
    return std::optional<MemberInfo>(it->second);
  }
  Result<std::optional<FeedHead>> Head(const NotebookId&, const AuthorId& a) override {
    auto it = heads_.find(a);
    if (it == heads_.end()) return std::optional<FeedHead>();
    return std::optional<FeedHead>(it->second);
  }
  Result<std::optional<EventId>> IdAt(const NotebookId&, const AuthorId& a,
                                      std::uint64_t seq) override {
    auto it = ids_.find({a, seq});
    if (it == ids_.end()) return std::optional<EventId>();
    return std::optional<EventId>(it->second);
  }
  Result<std::uint64_t> MaxLamport(const NotebookId&) override { return max_lamport_; }

 private:
  NotebookId notebook_;
  crypto::AeadKey key_;
  std::map<AuthorId, MemberInfo> members_;
  std::map<AuthorId, FeedHead> heads_;
  std::map<std::pair<AuthorId, std::uint64_t>, EventId> ids_;
  std::uint64_t max_lamport_ = 0;
};

// An author writing a well-formed feed.
class TestAuthor {
 public:
  TestAuthor(crypto::Rng& rng, const NotebookId& notebook)
      : rng_(rng), key_(crypto::SigningKey::Generate(rng)), notebook_(notebook) {}

  // A second writer with the same key and feed position: lets a test sign
  // two different events for one seq (equivocation).
  TestAuthor Fork() const { return TestAuthor(*this); }

  AuthorId id() const { return AuthorId::FromArray(key_.public_key()); }
  const crypto::SigningKey& key() const { return key_; }

  // The next event in this author's feed; `lamport` defaults to one more
  // than this author's last clock.
  SignedEvent Write(const Record& record, const crypto::AeadKey& epoch_key,
                    std::optional<std::uint64_t> lamport = std::nullopt) {
    EventHeader h;
    h.notebook = notebook_;
    h.author = id();
    h.seq = ++seq_;
    h.lamport = lamport ? *lamport : lamport_ + 1;
    lamport_ = h.lamport;
    h.prev = prev_;
    SignedEvent e = SealEvent(h, EncodeRecord(record), epoch_key, key_, rng_);
    prev_ = e.Id();
    return e;
  }

 private:
  TestAuthor(const TestAuthor& other)
      : rng_(other.rng_),
        key_(*crypto::SigningKey::FromSecret(other.key_.secret().view())),
        notebook_(other.notebook_),
        seq_(other.seq_),
        lamport_(other.lamport_),
        prev_(other.prev_) {}

  crypto::Rng& rng_;
  crypto::SigningKey key_;
  NotebookId notebook_;
  std::uint64_t seq_ = 0;
  std::uint64_t lamport_ = 0;
  EventId prev_;
};

inline Record Journal(std::string text, std::optional<int> mood = {}) {
  JournalEntry e;
  e.text = std::move(text);
  e.mood = mood;
  return Record{1700000000000, e};
}

inline Record Genesis(std::string title) {
  return Record{1700000000000, NotebookCreated{std::move(title), "Dr. Ada", Role::kTherapist}};
}

}  // namespace rapport::core::testing
