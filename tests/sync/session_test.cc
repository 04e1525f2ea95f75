// SyncSession without sockets (sync/session.h): two sessions over two
// in-process devices, their messages carried in memory, as two ends of a
// connection would carry them.
#include "sync/session.h"

#include <gtest/gtest.h>

#include <deque>
#include <limits>

#include "cli/paired_devices.h"
#include "store/test_device.h"

namespace rapport::sync {
namespace {

using cli::testing::AddSharedEntries;
using cli::testing::CopyEvents;
using cli::testing::PairDevices;
using store::testing_util::TestHome;

// What one side sent, in order, and what waits to be handled by the other.
struct Side {
  std::deque<Message> inbox;
  std::vector<Outgoing> sent;
};

void Send(Outgoing out, Side& from, Side& to) {
  to.inbox.push_back(Message{out.type, out.body});
  from.sent.push_back(std::move(out));
}

// Sends every batch `session` has ready.
Status Pump(SyncSession& session, Side& from, Side& to) {
  for (;;) {
    RAPPORT_ASSIGN_OR_RETURN(auto next, session.NextBatch());
    if (!next) return Ok();
    Send(std::move(*next), from, to);
  }
}

// Runs both sessions from Start() until neither has anything left to send
// or handle. Fails with the first error either session returns.
Status Exchange(SyncSession& a, SyncSession& b, Side& sa, Side& sb) {
  RAPPORT_ASSIGN_OR_RETURN(auto first_a, a.Start());
  for (Outgoing& o : first_a) Send(std::move(o), sa, sb);
  RAPPORT_ASSIGN_OR_RETURN(auto first_b, b.Start());
  for (Outgoing& o : first_b) Send(std::move(o), sb, sa);
  for (int step = 0; step < 100'000; ++step) {
    RAPPORT_RETURN_IF_ERROR(Pump(a, sa, sb));
    RAPPORT_RETURN_IF_ERROR(Pump(b, sb, sa));
    if (sa.inbox.empty() && sb.inbox.empty()) return Ok();
    if (!sb.inbox.empty()) {
      const Message m = std::move(sb.inbox.front());
      sb.inbox.pop_front();
      RAPPORT_ASSIGN_OR_RETURN(auto replies, b.Handle(m));
      for (Outgoing& o : replies) Send(std::move(o), sb, sa);
    }
    if (!sa.inbox.empty()) {
      const Message m = std::move(sa.inbox.front());
      sa.inbox.pop_front();
      RAPPORT_ASSIGN_OR_RETURN(auto replies, a.Handle(m));
      for (Outgoing& o : replies) Send(std::move(o), sa, sb);
    }
  }
  return Fail(ErrorCode::kTimeout, "the sessions never went quiet");
}

Message Make(MessageType type, const Result<crypto::Bytes>& body) {
  EXPECT_TRUE(body) << body.error().message;
  return Message{type, body ? *body : crypto::Bytes{}};
}

// A therapist's device and a client's, paired in one notebook.
class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    therapist_.emplace(therapist_home_.Create("Dr. Ada Example", core::Role::kTherapist));
    client_.emplace(client_home_.Create("Sam", core::Role::kClient));
    auto nb = therapist().CreateNotebook("Sessions with Sam");
    ASSERT_TRUE(nb) << nb.error().message;
    nb_ = *nb;
    const Status paired = PairDevices(therapist(), client(), nb_, "127.0.0.1:7337");
    ASSERT_TRUE(paired) << paired.error().message;
  }

  store::Device& therapist() { return *therapist_; }
  store::Device& client() { return *client_; }
  // The therapist's side of a connection with the client, and the reverse.
  SyncSession TherapistSide() {
    return SyncSession(therapist(), SessionKind::kPeer, client().identity().id,
                       client().noise_keys().public_key(), std::nullopt);
  }
  SyncSession ClientSide() {
    return SyncSession(client(), SessionKind::kPeer, therapist().identity().id,
                       therapist().noise_keys().public_key(), std::nullopt);
  }
  std::map<core::AuthorId, std::uint64_t> Vector(store::Device& d) {
    auto vv = d.VersionVector(nb_);
    EXPECT_TRUE(vv) << vv.error().message;
    return vv ? *vv : std::map<core::AuthorId, std::uint64_t>{};
  }

  TestHome therapist_home_{1};
  TestHome client_home_{2};
  std::optional<store::Device> therapist_;
  std::optional<store::Device> client_;
  core::NotebookId nb_;
};

TEST_F(SessionTest, PairedPeersCatchUpBothWays) {
  ASSERT_TRUE(AddSharedEntries(therapist(), nb_, "From the therapist", 3));
  ASSERT_TRUE(AddSharedEntries(client(), nb_, "From the client", 2));
  SyncSession a = TherapistSide();
  SyncSession b = ClientSide();
  EXPECT_FALSE(a.CaughtUp());
  Side sa, sb;
  const Status done = Exchange(a, b, sa, sb);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_TRUE(a.CaughtUp());
  EXPECT_TRUE(b.CaughtUp());
  EXPECT_EQ(a.counters().events_sent, 3u);
  EXPECT_EQ(a.counters().events_received, 2u);
  EXPECT_EQ(b.counters().events_sent, 2u);
  EXPECT_EQ(b.counters().events_received, 3u);
  EXPECT_EQ(a.notebooks(), std::vector<core::NotebookId>{nb_});
  EXPECT_EQ(Vector(therapist()), Vector(client()));

  // Each sent one Hello, one version vector and one CaughtUp.
  for (const Side* side : {&sa, &sb}) {
    std::map<MessageType, int> kinds;
    for (const Outgoing& o : side->sent) ++kinds[o.type];
    EXPECT_EQ(kinds[MessageType::kHello], 1);
    EXPECT_EQ(kinds[MessageType::kVersionVector], 1);
    EXPECT_EQ(kinds[MessageType::kCaughtUp], 1);
  }

  // A second sync has nothing to move.
  SyncSession again_a = TherapistSide();
  SyncSession again_b = ClientSide();
  Side sa2, sb2;
  ASSERT_TRUE(Exchange(again_a, again_b, sa2, sb2));
  EXPECT_TRUE(again_a.CaughtUp() && again_b.CaughtUp());
  EXPECT_EQ(again_a.counters().events_sent + again_b.counters().events_sent, 0u);
}

TEST_F(SessionTest, ALargeNotebookGoesInSeveralBoundedBatches) {
  constexpr std::size_t kEntries = 2 * kMaxEventsPerBatch + 100;
  ASSERT_TRUE(AddSharedEntries(therapist(), nb_, "Entry", static_cast<int>(kEntries)));
  SyncSession a = TherapistSide();
  SyncSession b = ClientSide();
  Side sa, sb;
  const Status done = Exchange(a, b, sa, sb);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_TRUE(a.CaughtUp() && b.CaughtUp());

  std::size_t batches = 0, events = 0;
  for (const Outgoing& o : sa.sent) {
    if (o.type != MessageType::kEvents) continue;
    const auto decoded = DecodeEvents(o.body);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_LE(decoded->events.size(), kMaxEventsPerBatch);
    EXPECT_EQ(decoded->events.size(), o.events);
    ++batches;
    events += decoded->events.size();
  }
  EXPECT_EQ(batches, 3u);
  EXPECT_EQ(events, kEntries);
  EXPECT_EQ(b.counters().events_received, kEntries);
  EXPECT_EQ(Vector(therapist()), Vector(client()));
}

TEST_F(SessionTest, HelloNamingANotebookThePeerIsNotInRevealsNothing) {
  auto secret = therapist().CreateNotebook("Another client");
  ASSERT_TRUE(secret);
  SyncSession a = TherapistSide();
  auto first = a.Start();
  ASSERT_TRUE(first && first->size() == 1u);
  const auto hello = DecodeHello((*first)[0].body);
  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->notebooks, std::vector<core::NotebookId>{nb_})
      << "offered a notebook it is not in";

  // The client asks for the other notebook: no vector, no batch, nothing.
  auto replies = a.Handle(Make(MessageType::kHello, EncodeHello({kProtocolVersion, {*secret}})));
  ASSERT_TRUE(replies) << replies.error().message;
  EXPECT_TRUE(replies->empty());
  auto next = a.NextBatch();
  ASSERT_TRUE(next);
  EXPECT_FALSE(next->has_value());
  EXPECT_TRUE(a.notebooks().empty());
  // Nor can it go on as if it were syncing it.
  EXPECT_FALSE(a.Handle(Make(MessageType::kVersionVector, EncodeVersionVector({*secret, {}}))));

  // A device that shares nothing with the therapist learns of nothing.
  TestHome stranger_home(3);
  store::Device stranger = stranger_home.Create("Someone else", core::Role::kClient);
  SyncSession s(therapist(), SessionKind::kPeer, stranger.identity().id,
                stranger.noise_keys().public_key(), std::nullopt);
  auto offered = s.Start();
  ASSERT_TRUE(offered && offered->size() == 1u);
  EXPECT_TRUE(DecodeHello((*offered)[0].body)->notebooks.empty());
  auto answer =
      s.Handle(Make(MessageType::kHello, EncodeHello({kProtocolVersion, {nb_, *secret}})));
  ASSERT_TRUE(answer);
  EXPECT_TRUE(answer->empty());
  EXPECT_FALSE(s.NextBatch()->has_value());
}

TEST_F(SessionTest, UnexpectedMessagesAreProtocolErrors) {
  const auto expect_violation = [](Result<std::vector<Outgoing>> r, const SyncSession& s,
                                   const char* what) {
    SCOPED_TRACE(what);
    ASSERT_FALSE(r) << "accepted";
    EXPECT_EQ(r.error().code, ErrorCode::kProtocol) << r.error().message;
    EXPECT_EQ(s.failure_code(), WireErrorCode::kProtocol);
  };
  const Message hello = Make(MessageType::kHello, EncodeHello({kProtocolVersion, {nb_}}));
  const Message vector = Make(MessageType::kVersionVector, EncodeVersionVector({nb_, {}}));
  const Message caught_up = Make(MessageType::kCaughtUp, EncodeCaughtUp({nb_}));
  {
    SyncSession a = TherapistSide();
    ASSERT_TRUE(a.Start());
    expect_violation(a.Handle(caught_up), a, "CaughtUp before Hello");
    expect_violation(a.Handle(vector), a, "VersionVector before Hello");
    expect_violation(
        a.Handle(Make(MessageType::kIntroduce, EncodeIntroduce({core::Role::kClient, "Sam"}))), a,
        "Introduce between paired devices");
    NotebookKey key{nb_, 0, crypto::SecretBuffer(kNotebookKeySize)};
    expect_violation(a.Handle(Make(MessageType::kNotebookKey, EncodeNotebookKey(key))), a,
                     "NotebookKey between paired devices");
    expect_violation(a.Handle(Make(MessageType::kError, EncodeError({1, "bye"}))), a,
                     "Error handed to the session");
    expect_violation(a.Handle(Message{MessageType::kHello, {0x00}}), a, "a truncated Hello");
  }
  {
    SyncSession a = TherapistSide();
    ASSERT_TRUE(a.Start());
    ASSERT_TRUE(a.Handle(hello));
    expect_violation(a.Handle(hello), a, "a second Hello");
    ASSERT_TRUE(a.Handle(vector));
    expect_violation(a.Handle(vector), a, "a second VersionVector");
    ASSERT_TRUE(a.Handle(caught_up));
    expect_violation(a.Handle(caught_up), a, "a second CaughtUp");
    core::NotebookId unknown;
    unknown.bytes.fill(0x77);
    expect_violation(
        a.Handle(Make(MessageType::kEvents, EncodeEvents({unknown, {crypto::Bytes(8, 1)}}))), a,
        "Events of a notebook not being synced");
  }
  {
    // The inviting side never receives a Hello; the joining side never an
    // Introduce, nor a Hello for another notebook than its invite's.
    PairingDetails pairing{
        nb_, core::Role::kTherapist, therapist().noise_keys().public_key(), "", {}};
    SyncSession inviter(therapist(), SessionKind::kInviter, client().identity().id,
                        client().noise_keys().public_key(), pairing);
    expect_violation(inviter.Handle(hello), inviter, "Hello to the inviter");
    SyncSession joiner(client(), SessionKind::kJoiner, therapist().identity().id,
                       therapist().noise_keys().public_key(), pairing);
    expect_violation(
        joiner.Handle(Make(MessageType::kIntroduce, EncodeIntroduce({core::Role::kClient, "X"}))),
        joiner, "Introduce to the joiner");
    core::NotebookId other;
    other.bytes.fill(0x55);
    SyncSession joiner2(client(), SessionKind::kJoiner, therapist().identity().id,
                        therapist().noise_keys().public_key(), pairing);
    expect_violation(
        joiner2.Handle(Make(MessageType::kHello, EncodeHello({kProtocolVersion, {other}}))),
        joiner2, "Hello for another notebook than the invite's");
  }
}

TEST_F(SessionTest, InviterAndJoinerPairAndCatchUp) {
  ASSERT_TRUE(AddSharedEntries(therapist(), nb_, "Before the second client", 2));
  auto nb = therapist().CreateNotebook("Sessions with Kim");
  ASSERT_TRUE(nb);
  ASSERT_TRUE(AddSharedEntries(therapist(), *nb, "For Kim", 3));
  ASSERT_TRUE(therapist().CreateInvite(*nb, std::numeric_limits<std::int64_t>::max()));
  TestHome kim_home(4);
  store::Device kim = kim_home.Create("Kim", core::Role::kClient);

  PairingDetails inviting{
      *nb, core::Role::kTherapist, therapist().noise_keys().public_key(), "", {}};
  const auto invite = therapist().PendingInviteNow();
  ASSERT_TRUE(invite && invite->has_value());
  inviting.invite = (*invite)->sealed;
  PairingDetails joining = inviting;
  joining.inviter_address = "127.0.0.1:7337";
  SyncSession a(therapist(), SessionKind::kInviter, kim.identity().id,
                kim.noise_keys().public_key(), inviting);
  SyncSession b(kim, SessionKind::kJoiner, therapist().identity().id,
                therapist().noise_keys().public_key(), joining);
  Side sa, sb;
  const Status done = Exchange(a, b, sa, sb);
  ASSERT_TRUE(done) << done.error().message;
  ASSERT_FALSE(sb.sent.empty());
  EXPECT_EQ(sb.sent.front().type, MessageType::kIntroduce) << "the joiner spoke first";
  EXPECT_TRUE(a.Paired());
  EXPECT_TRUE(b.Paired());
  EXPECT_TRUE(a.CaughtUp() && b.CaughtUp());

  // Kim holds the notebook's whole history, both pinned each other, and the
  // invite is used up.
  const auto theirs = kim.VersionVector(*nb);
  const auto mine = therapist().VersionVector(*nb);
  ASSERT_TRUE(theirs && mine);
  EXPECT_EQ(*theirs, *mine);
  const auto kim_pinned = therapist().FindPeer(kim.identity().id);
  ASSERT_TRUE(kim_pinned && kim_pinned->has_value());
  EXPECT_EQ((*kim_pinned)->noise_key, kim.noise_keys().public_key());
  const auto therapist_pinned = kim.FindPeer(therapist().identity().id);
  ASSERT_TRUE(therapist_pinned && therapist_pinned->has_value());
  EXPECT_EQ((*therapist_pinned)->address, "127.0.0.1:7337");
  const auto pending = therapist().PendingInviteNow();
  ASSERT_TRUE(pending);
  EXPECT_FALSE(pending->has_value());
  // Nothing of the other notebook went to Kim.
  EXPECT_FALSE(kim.ResolveNotebook(nb_.Hex()));
}

// A joiner that completed the handshake with one invite and introduces
// itself after that invite was replaced is refused: the newer invite is for
// someone else, and stays waiting for them.
TEST_F(SessionTest, AHandshakeWithAReplacedInviteCannotUseTheNewOne) {
  auto nb = therapist().CreateNotebook("Sessions with Kim");
  ASSERT_TRUE(nb);
  ASSERT_TRUE(therapist().CreateInvite(*nb, std::numeric_limits<std::int64_t>::max()));
  const auto first = therapist().PendingInviteNow();
  ASSERT_TRUE(first && first->has_value());
  PairingDetails inviting{
      *nb, core::Role::kTherapist, therapist().noise_keys().public_key(), "", {}};
  inviting.invite = (*first)->sealed;
  // The therapist makes a new invite while the first joiner is connected.
  ASSERT_TRUE(therapist().CreateInvite(*nb, std::numeric_limits<std::int64_t>::max()));
  const auto second = therapist().PendingInviteNow();
  ASSERT_TRUE(second && second->has_value());

  TestHome kim_home(4);
  store::Device kim = kim_home.Create("Kim", core::Role::kClient);
  SyncSession a(therapist(), SessionKind::kInviter, kim.identity().id,
                kim.noise_keys().public_key(), inviting);
  SyncSession b(kim, SessionKind::kJoiner, therapist().identity().id,
                therapist().noise_keys().public_key(), inviting);
  Side sa, sb;
  const Status done = Exchange(a, b, sa, sb);
  ASSERT_FALSE(done) << "a replaced invite was used";
  EXPECT_EQ(a.failure_code(), WireErrorCode::kNotMember);
  EXPECT_NE(done.error().message.find("replaced"), std::string::npos) << done.error().message;
  EXPECT_FALSE(a.Paired());
  EXPECT_FALSE(b.Paired());
  for (const Outgoing& o : sa.sent) EXPECT_NE(o.type, MessageType::kNotebookKey);
  const auto members = therapist().NotebooksSharedWith(kim.identity().id);
  ASSERT_TRUE(members);
  EXPECT_TRUE(members->empty());
  const auto still = therapist().PendingInviteNow();
  ASSERT_TRUE(still && still->has_value());
  EXPECT_EQ((*still)->sealed, (*second)->sealed);
}

TEST_F(SessionTest, ARejectedBatchIsKeptNowhereAndEndsWithCode4) {
  ASSERT_TRUE(AddSharedEntries(client(), nb_, "Not yet synced", 2));
  auto events = client().EventsAfter(nb_, client().identity().id, 0, 10);
  ASSERT_TRUE(events && events->size() == 2u);
  (*events)[1][(*events)[1].size() - crypto::kSignatureSize - 1] ^= 0x01;
  const auto before = Vector(therapist());

  SyncSession a = TherapistSide();
  ASSERT_TRUE(a.Start());
  ASSERT_TRUE(a.Handle(Make(MessageType::kHello, EncodeHello({kProtocolVersion, {nb_}}))));
  auto r = a.Handle(Make(MessageType::kEvents, EncodeEvents({nb_, *events})));
  ASSERT_FALSE(r) << "a tampered event was accepted";
  EXPECT_EQ(a.failure_code(), WireErrorCode::kRejectedEvent);
  // The valid first event of the batch was not kept either.
  EXPECT_EQ(Vector(therapist()), before);
  const auto rejections = therapist().Rejections(nb_);
  ASSERT_TRUE(rejections);
  EXPECT_EQ(rejections->size(), 1u);
}

// A third device (the client's new laptop, say) learns that the other
// members are members only from the creator's member.add events; a feed
// sent before the creator's would be refused as a non-member's.
TEST_F(SessionTest, AThirdDeviceGetsTheCreatorsFeedBeforeAnEarlierMembersFeed) {
  // A member whose key sorts before the creator's (seed 27 gives one with
  // the fixture's seeds), so that byte order alone would send its feed first.
  TestHome early_home(27);
  store::Device early = early_home.Create("Sam's old laptop", core::Role::kClient);
  ASSERT_LT(early.identity().id, therapist().identity().id) << "the seeds no longer fit";
  ASSERT_TRUE(PairDevices(therapist(), early, nb_, "127.0.0.1:7337"));
  ASSERT_TRUE(AddSharedEntries(early, nb_, "From the old laptop", 2));
  ASSERT_TRUE(CopyEvents(early, therapist(), nb_));

  // The newcomer is paired as `rapport join` leaves it: a member that holds
  // the key and none of the history yet.
  TestHome newcomer_home(99);
  store::Device newcomer = newcomer_home.Create("Sam's new laptop", core::Role::kClient);
  ASSERT_TRUE(therapist().CreateInvite(nb_, 1'900'000'000'000));
  const auto invite = therapist().PendingInviteNow();
  ASSERT_TRUE(invite && invite->has_value());
  const store::IdentityInfo& n = newcomer.identity();
  ASSERT_TRUE(therapist().CompleteInvite(nb_, (*invite)->sealed, n.id,
                                         newcomer.noise_keys().public_key(), n.role, n.name));
  const auto key = therapist().NotebookKeyForPeer(nb_);
  ASSERT_TRUE(key);
  const store::IdentityInfo& t = therapist().identity();
  ASSERT_TRUE(newcomer.CompleteJoin(nb_, t.id, t.role, therapist().noise_keys().public_key(),
                                    "127.0.0.1:7337", key->first, key->second));

  SyncSession a(therapist(), SessionKind::kPeer, n.id, newcomer.noise_keys().public_key(),
                std::nullopt);
  SyncSession b(newcomer, SessionKind::kPeer, t.id, therapist().noise_keys().public_key(),
                std::nullopt);
  Side sa, sb;
  const Status done = Exchange(a, b, sa, sb);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(Vector(newcomer), Vector(therapist()));
}

}  // namespace
}  // namespace rapport::sync
