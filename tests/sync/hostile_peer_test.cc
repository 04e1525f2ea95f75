// Hostile peers (raw_peer.h) against a real `rapport serve` process on
// 127.0.0.1: refused invites, impostors, broken and oversized frames, a
// stall, and validly framed messages carrying bad events. After each case
// the server's store holds what it held before (byte for byte where nothing
// is to be written; the same events, plus a rejection report, where events
// were refused) and the server still syncs with the real client.
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <regex>

#include "cli/background_process.h"
#include "cli/cli_fixture.h"
#include "cli/paired_devices.h"
#include "core/record.h"
#include "raw_peer.h"
#include "sync/invite.h"

namespace rapport::sync::testing {
namespace {

using cli::testing::BackgroundProcess;
using cli::testing::CreateHome;
using cli::testing::DirSnapshot;
using cli::testing::MakeEnv;
using cli::testing::OpenHome;
using cli::testing::ParseJson;
using cli::testing::RunRapport;
using cli::testing::RunResult;
using nlohmann::json;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

constexpr auto kStartTimeout = seconds(30);
constexpr auto kExitTimeout = seconds(15);
// A refused connection is closed well within this.
constexpr auto kCloseTimeout = seconds(5);

// Remembers every 32-byte draw, so that a test can find the identity key
// the device it created drew (Device keeps it sealed).
class RecordingRng final : public crypto::Rng {
 public:
  void Fill(std::span<std::uint8_t> out) override {
    system_.Fill(out);
    if (out.size() == crypto::kSignPublicKeySize) draws_.emplace_back(out.begin(), out.end());
  }
  const std::vector<crypto::Bytes>& draws() const { return draws_; }

 private:
  crypto::SystemRng system_;
  std::vector<crypto::Bytes> draws_;
};

// Gives back one recorded draw.
class ReplayRng final : public crypto::Rng {
 public:
  explicit ReplayRng(crypto::ByteView bytes) : bytes_(bytes) {}
  void Fill(std::span<std::uint8_t> out) override {
    ASSERT_EQ(out.size(), bytes_.size());
    std::copy(bytes_.begin(), bytes_.end(), out.begin());
  }

 private:
  crypto::ByteView bytes_;
};

std::optional<crypto::SigningKey> RecoverSigningKey(const RecordingRng& rng,
                                                    const core::AuthorId& id) {
  for (const crypto::Bytes& draw : rng.draws()) {
    ReplayRng replay(draw);
    crypto::SigningKey key = crypto::SigningKey::Generate(replay);
    if (key.public_key() == id.bytes) return key;
  }
  return std::nullopt;
}

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A home's files, byte for byte, without SQLite's shared-memory index
// (-shm), which readers update too.
DirSnapshot StoreBytes(const std::filesystem::path& home) {
  DirSnapshot files = cli::testing::Snapshot(home);
  std::erase_if(files, [](const auto& file) { return file.first.ends_with("-shm"); });
  return files;
}

std::vector<std::string> At(const std::filesystem::path& home, std::vector<std::string> args) {
  args.insert(args.begin(), {"--home", home.string()});
  return args;
}

class HostilePeerTest : public ::testing::Test {
 protected:
  // The therapist's device (the server under attack) and the client's,
  // paired; the client has written one entry, which the server holds. The
  // therapist has a second notebook nobody else is in, for invites.
  void SetUp() override {
    OpenHome therapist;
    ASSERT_NO_FATAL_FAILURE(
        CreateHome(therapist, therapist_home(), "Dr. Ada Example", core::Role::kTherapist));
    store::SystemClock clock;
    auto created =
        store::Device::Create(client_home(), cli::testing::kPassphrase, "Sam", core::Role::kClient,
                              store::DeviceEnv{&recording_, &clock});
    ASSERT_TRUE(created) << created.error().message;
    store::Device& t = *therapist.device;
    store::Device& c = *created;

    auto nb = t.CreateNotebook("Sessions with Sam");
    ASSERT_TRUE(nb) << nb.error().message;
    nb_ = *nb;
    ASSERT_TRUE(cli::testing::AddSharedEntries(t, nb_, "Before", 2));
    auto other = t.CreateNotebook("Another client");
    ASSERT_TRUE(other) << other.error().message;
    other_nb_ = *other;
    const Status paired = cli::testing::PairDevices(t, c, nb_, "127.0.0.1:9");
    ASSERT_TRUE(paired) << paired.error().message;
    core::JournalEntry entry;
    entry.text = "Sam's first entry";
    ASSERT_TRUE(c.AppendShared(nb_, entry));
    ASSERT_TRUE(cli::testing::CopyEvents(c, t, nb_));

    therapist_id_ = t.identity().id;
    therapist_binding_ = t.identity().binding;
    therapist_noise_secret_ = crypto::SecretBuffer::CopyOf(t.noise_keys().secret().view());
    client_id_ = c.identity().id;
    client_binding_ = c.identity().binding;
    client_noise_secret_ = crypto::SecretBuffer::CopyOf(c.noise_keys().secret().view());
    client_key_ = RecoverSigningKey(recording_, client_id_);
    ASSERT_TRUE(client_key_) << "the client's identity key was not among its draws";

    auto mine = c.EventsAfter(nb_, client_id_, 0, 10);
    ASSERT_TRUE(mine && mine->size() == 1u);
    client_event_ = mine->front();
    auto foreign = t.EventsAfter(other_nb_, therapist_id_, 0, 1);
    ASSERT_TRUE(foreign && foreign->size() == 1u);
    other_notebook_event_ = foreign->front();
    auto key = c.NotebookKeyForPeer(nb_);
    ASSERT_TRUE(key) << key.error().message;
    epoch_ = key->first;
    epoch_key_.emplace(std::move(key->second));
    auto vv = c.VersionVector(nb_);
    ASSERT_TRUE(vv);
    for (const auto& [author, seq] : *vv) client_vector_.entries.push_back({author, seq});
    client_vector_.notebook = nb_;
    auto rows = t.History(nb_);
    ASSERT_TRUE(rows);
    for (const store::HistoryRow& row : *rows) events_before_.push_back(row.id.Hex());
  }

  void TearDown() override {
    if (!server_ || !server_->running()) return;
    server_->Signal(SIGINT);
    EXPECT_EQ(server_->Wait(kExitTimeout), 0) << server_->Stderr();
  }

  std::filesystem::path therapist_home() const { return tmp_.path() / "therapist"; }
  std::filesystem::path client_home() const { return tmp_.path() / "client"; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  // `rapport serve` on the therapist's home, at a port the system picks.
  void StartServer(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = At(therapist_home(), {"serve", "--listen", "127.0.0.1:0"});
    args.insert(args.end(), extra.begin(), extra.end());
    server_ = std::make_unique<BackgroundProcess>(args, MakeEnv());
    const auto line = server_->ReadLine(kStartTimeout);
    ASSERT_TRUE(line) << "serve did not start: " << server_->Stderr();
    std::smatch m;
    ASSERT_TRUE(std::regex_search(*line, m, std::regex(R"(Listening on 127\.0\.0\.1:([0-9]+);)")))
        << *line;
    port_ = static_cast<std::uint16_t>(std::stoi(m[1].str()));
  }

  // The client as the real device presents itself.
  RawIdentity ClientIdentity() const {
    return RawIdentity{crypto::DhKeyPair::FromSecret(client_noise_secret_.view()).value(),
                       client_id_, client_binding_};
  }

  // The therapist's device as it presents itself, for a raw peer that the
  // real client dials instead of the therapist's serve.
  RawIdentity TherapistIdentity() const {
    return RawIdentity{crypto::DhKeyPair::FromSecret(therapist_noise_secret_.view()).value(),
                       therapist_id_, therapist_binding_};
  }

  // `rapport sync --timeout 1` dialing a raw peer posing as the therapist's
  // serve, up to the point where the client has started the sync and the raw
  // side has sent its Hello and a version vector claiming exactly what the
  // client holds (so neither has events for the other).
  void StartClientAgainstRawServer(RawListener& listener, std::unique_ptr<RawPeer>& raw,
                                   bool live = false) {
    ASSERT_NE(listener.port(), 0);
    std::vector<std::string> args = {
        "sync", "--peer", "127.0.0.1:" + std::to_string(listener.port()), "--timeout", "1"};
    if (live) args.push_back("--live");
    client_ = std::make_unique<BackgroundProcess>(At(client_home(), args), MakeEnv());
    ASSERT_NO_FATAL_FAILURE(AnswerClient(listener, raw));
  }
  // Accepts the client's next dial and answers as the therapist's serve.
  void AnswerClient(RawListener& listener, std::unique_ptr<RawPeer>& raw) {
    raw = listener.Accept(kStartTimeout);
    ASSERT_TRUE(raw) << "the client did not dial: " << client_->Stderr();
    const auto initiator = raw->HandshakeAsResponder(TherapistIdentity());
    ASSERT_TRUE(initiator) << initiator.error().message << "\nclient: " << client_->Stderr();
    EXPECT_EQ(*initiator, client_id_);
    const auto hello = EncodeHello(Hello{kProtocolVersion, {nb_}});
    const auto vector = EncodeVersionVector(client_vector_);
    ASSERT_TRUE(hello && vector);
    ASSERT_TRUE(raw->SendMessage(MessageType::kHello, *hello));
    ASSERT_TRUE(raw->SendMessage(MessageType::kVersionVector, *vector));
  }

  // A new home for someone joining with an invite.
  std::filesystem::path MakeJoiner(const std::string& folder) {
    OpenHome joiner;
    CreateHome(joiner, tmp_.path() / folder, "Kim", core::Role::kClient);
    return tmp_.path() / folder;
  }

  // An invite to the second notebook, left for the running serve to accept.
  std::string MakeInvite(const std::string& expires) {
    const RunResult r =
        RunRapport(At(therapist_home(), {"--json", "--notebook", other_nb_.Hex(), "invite",
                                         "--listen", address(), "--expires", expires}),
                   MakeEnv());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return ParseJson(r).value("invite", "");
  }

  json History() { return History(nb_); }
  json History(const core::NotebookId& notebook) {
    const RunResult r = RunRapport(
        At(therapist_home(), {"--json", "--notebook", notebook.Hex(), "history"}), MakeEnv());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return ParseJson(r);
  }

  // The server's record of the shared notebook holds exactly `expected`
  // (event ids), all verified.
  static void ExpectSameEvents(const json& history, std::vector<std::string> expected) {
    std::vector<std::string> ids;
    for (const json& e : history.value("events", json::array())) {
      ids.push_back(e.value("id", ""));
      EXPECT_TRUE(e.value("verified", false)) << e.dump();
    }
    std::sort(ids.begin(), ids.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(ids, expected);
  }

  // The real client still syncs with the server, and there is nothing to
  // exchange: nothing of the attack was stored.
  void ExpectStillServing() {
    const RunResult r =
        RunRapport(At(client_home(), {"--json", "sync", "--peer", address()}), MakeEnv());
    ASSERT_EQ(r.exit_code, 0) << r.err << "\nserver: " << server_->Stderr();
    const json report = ParseJson(r);
    ASSERT_TRUE(report.is_array() && report.size() == 1u) << r.out;
    EXPECT_EQ(report[0].value("received", -1), 0);
    EXPECT_EQ(report[0].value("sent", -1), 0);
  }

  // Hello and the version vector, as the real client starts a sync.
  void StartSyncAsClient(RawPeer& peer) {
    const auto hello = EncodeHello(Hello{kProtocolVersion, {nb_}});
    const auto vector = EncodeVersionVector(client_vector_);
    ASSERT_TRUE(hello && vector);
    ASSERT_TRUE(peer.SendMessage(MessageType::kHello, *hello));
    ASSERT_TRUE(peer.SendMessage(MessageType::kVersionVector, *vector));
  }

  // A connection that completes the handshake as `me` is closed by the
  // server before any transport message, and changes nothing.
  void ExpectRefusedWithoutData(const RawIdentity& me, const std::string& logged) {
    const DirSnapshot before = StoreBytes(therapist_home());
    RawPeer peer(port_);
    ASSERT_TRUE(peer.connected());
    const auto responder = peer.Handshake(me);
    ASSERT_TRUE(responder) << responder.error().message;
    EXPECT_EQ(*responder, therapist_id_);
    std::size_t frames = 99;
    EXPECT_TRUE(peer.WaitForClose(kCloseTimeout, &frames)) << "the connection stayed open";
    EXPECT_EQ(frames, 0u) << "the server sent something after the handshake";
    EXPECT_TRUE(server_->WaitForStderr(logged, kCloseTimeout)) << server_->Stderr();
    EXPECT_EQ(cli::testing::Differences(before, StoreBytes(therapist_home())), "");
  }

  // Sends one validly framed Events message for the shared notebook, as the
  // real client after a valid handshake. The server must answer Error code
  // 4 naming `reason`, close, keep nothing of the batch, and report the
  // rejection in its log and in the rejection list of `reported_in` (the
  // notebook the rejected event names; the shared one by default).
  void ExpectBatchRejected(const std::vector<crypto::Bytes>& events, const std::string& reason,
                           std::optional<core::NotebookId> reported_in = std::nullopt) {
    const core::NotebookId report_notebook = reported_in.value_or(nb_);
    const std::size_t rejected_before =
        History(report_notebook).value("rejected", json::array()).size();
    RawPeer peer(port_);
    ASSERT_TRUE(peer.connected());
    const auto responder = peer.Handshake(ClientIdentity());
    ASSERT_TRUE(responder) << responder.error().message;
    ASSERT_NO_FATAL_FAILURE(StartSyncAsClient(peer));
    const auto batch = EncodeEvents(Events{nb_, events});
    ASSERT_TRUE(batch) << batch.error().message;
    ASSERT_TRUE(peer.SendMessage(MessageType::kEvents, *batch));

    const auto error = peer.ReceiveUntilError(kCloseTimeout);
    ASSERT_TRUE(error) << "no Error message; server: " << server_->Stderr();
    EXPECT_EQ(error->code, static_cast<std::uint16_t>(WireErrorCode::kRejectedEvent));
    EXPECT_NE(error->reason.find(reason), std::string::npos) << error->reason;
    EXPECT_TRUE(peer.WaitForClose(kCloseTimeout));
    EXPECT_TRUE(server_->WaitForStderr(reason, kCloseTimeout)) << server_->Stderr();

    ExpectSameEvents(History(), events_before_);
    const json report = History(report_notebook);
    const json rejected = report.value("rejected", json::array());
    ASSERT_EQ(rejected.size(), rejected_before + 1) << report.dump();
    EXPECT_NE(rejected.back().value("reason", "").find(reason), std::string::npos)
        << rejected.back().dump();
  }

  // An event of the shared notebook by `author`, signed by `signer` and
  // sealed under the notebook's real key.
  crypto::Bytes MakeEvent(const core::AuthorId& author, const crypto::SigningKey& signer,
                          std::uint64_t seq, const core::EventId& prev, std::uint64_t lamport,
                          const std::string& text) {
    core::JournalEntry entry;
    entry.text = text;
    const crypto::Bytes body = core::EncodeRecord(core::Record{NowMs(), entry});
    const core::EventHeader header{nb_, author, seq, lamport, prev, epoch_};
    crypto::SystemRng rng;
    return core::SealEvent(header, body, *epoch_key_, signer, rng).Encode();
  }
  core::SignedEvent ClientEvent() const { return core::DecodeEvent(client_event_).value(); }

  store::testing_util::TempDir tmp_;
  RecordingRng recording_;
  std::unique_ptr<BackgroundProcess> server_;
  std::unique_ptr<BackgroundProcess> client_;  // `rapport sync` against a raw peer
  std::uint16_t port_ = 0;
  crypto::SystemRng rng_;

  core::NotebookId nb_, other_nb_;
  core::AuthorId therapist_id_, client_id_;
  crypto::Signature therapist_binding_{};
  crypto::SecretBuffer therapist_noise_secret_;
  crypto::Signature client_binding_{};
  crypto::SecretBuffer client_noise_secret_;
  std::optional<crypto::SigningKey> client_key_;
  crypto::Bytes client_event_;
  crypto::Bytes other_notebook_event_;
  std::uint32_t epoch_ = 0;
  std::optional<crypto::AeadKey> epoch_key_;
  VersionVector client_vector_;
  std::vector<std::string> events_before_;
};

// ---- Invites -------------------------------------------------------------------

TEST_F(HostilePeerTest, WrongPskIsRefusedAndTheInviteStaysUsable) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  const std::string text = MakeInvite("10m");
  const std::filesystem::path joiner = MakeJoiner("joiner");
  auto invite = DecodeInvite(text);
  ASSERT_TRUE(invite) << invite.error().message;
  invite->psk.span()[0] ^= 0x01;
  const auto altered = EncodeInvite(*invite);
  ASSERT_TRUE(altered);

  const DirSnapshot server_before = StoreBytes(therapist_home());
  const DirSnapshot joiner_before = StoreBytes(joiner);
  const RunResult refused = RunRapport(At(joiner, {"join", *altered}), MakeEnv());
  // The joiner only sees the inviting device hang up: the server sends
  // nothing when message 3 does not decrypt (docs/protocol.md, 3.3).
  EXPECT_TRUE(cli::testing::IsOneLineError(refused, 2, "did not accept this invite"));
  EXPECT_TRUE(server_->WaitForStderr("wrong or outdated invite", kCloseTimeout))
      << server_->Stderr();
  EXPECT_EQ(cli::testing::Differences(server_before, StoreBytes(therapist_home())), "");
  EXPECT_EQ(cli::testing::Differences(joiner_before, StoreBytes(joiner)), "");

  // A failed attempt does not use the invite up: the right PSK still pairs.
  const RunResult joined = RunRapport(At(joiner, {"--json", "join", text}), MakeEnv());
  ASSERT_EQ(joined.exit_code, 0) << joined.err << "\nserver: " << server_->Stderr();
  EXPECT_EQ(ParseJson(joined).value("title", ""), "Another client");
  EXPECT_TRUE(server_->WaitForStderr("paired;", kCloseTimeout)) << server_->Stderr();
  ExpectSameEvents(History(), events_before_);
  ExpectStillServing();
}

// Only an inviting device that hangs up refuses the invite; one that
// answers with a broken handshake is reported as what it is.
TEST_F(HostilePeerTest, JoinTellsABrokenHandshakeFromARefusedInvite) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  auto invite = DecodeInvite(MakeInvite("10m"));
  ASSERT_TRUE(invite) << invite.error().message;
  RawListener listener;
  invite->port = listener.port();
  const auto text = EncodeInvite(*invite);
  ASSERT_TRUE(text);
  BackgroundProcess join(At(MakeJoiner("joiner"), {"join", *text}), MakeEnv());
  auto raw = listener.Accept(kStartTimeout);
  ASSERT_TRUE(raw) << join.Stderr();
  crypto::Bytes first;
  ASSERT_EQ(raw->ReadFrame(kCloseTimeout, first), RawPeer::ReadStatus::kFrame);
  ASSERT_TRUE(raw->SendFrame(crypto::Bytes(10, 0x42)));  // far too short for message 2

  EXPECT_EQ(join.Wait(kExitTimeout), 2) << join.Stderr();
  EXPECT_EQ(join.Stderr().find("refused"), std::string::npos) << join.Stderr();
  EXPECT_NE(join.Stderr().find("did not answer as Rapport does"), std::string::npos)
      << join.Stderr();
}

TEST_F(HostilePeerTest, UsedInviteIsRefused) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  const std::string text = MakeInvite("10m");
  const std::filesystem::path first = MakeJoiner("first");
  const std::filesystem::path second = MakeJoiner("second");
  ASSERT_EQ(RunRapport(At(first, {"join", text}), MakeEnv()).exit_code, 0) << server_->Stderr();
  ASSERT_TRUE(server_->WaitForStderr("paired;", kCloseTimeout)) << server_->Stderr();

  // The same device again: refused before dialing.
  const DirSnapshot first_before = StoreBytes(first);
  EXPECT_TRUE(cli::testing::IsOneLineError(RunRapport(At(first, {"join", text}), MakeEnv()), 1,
                                           "the invite was used"));
  EXPECT_EQ(cli::testing::Differences(first_before, StoreBytes(first)), "");

  // Another device: the server has no invite waiting any more.
  const DirSnapshot server_before = StoreBytes(therapist_home());
  const DirSnapshot second_before = StoreBytes(second);
  const RunResult refused = RunRapport(At(second, {"join", text}), MakeEnv());
  EXPECT_TRUE(cli::testing::IsOneLineError(refused, 2, "already used")) << refused.err;
  EXPECT_TRUE(server_->WaitForStderr("no invite is waiting", kCloseTimeout)) << server_->Stderr();
  EXPECT_EQ(cli::testing::Differences(server_before, StoreBytes(therapist_home())), "");
  EXPECT_EQ(cli::testing::Differences(second_before, StoreBytes(second)), "");
  ExpectStillServing();
}

TEST_F(HostilePeerTest, ExpiredInviteIsRefusedOnBothSides) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  const std::string text = MakeInvite("1s");
  auto invite = DecodeInvite(text);
  ASSERT_TRUE(invite) << invite.error().message;
  const std::filesystem::path joiner = MakeJoiner("joiner");
  // Wait for the moment to pass: the clock is the condition.
  ASSERT_TRUE(cli::testing::PollUntil([&] { return NowMs() > invite->expires_ms; }, seconds(5)));

  const DirSnapshot server_before = StoreBytes(therapist_home());
  const DirSnapshot joiner_before = StoreBytes(joiner);
  // The joining command sees the date itself...
  EXPECT_TRUE(cli::testing::IsOneLineError(RunRapport(At(joiner, {"join", text}), MakeEnv()), 1,
                                           "this invite expired"));
  // ...and the server refuses a device that tries anyway, before message 2.
  RawPeer peer(port_);
  ASSERT_TRUE(peer.connected());
  const auto attempt =
      peer.Handshake(StrangerIdentity(rng_), crypto::SecretBuffer::CopyOf(invite->psk.view()));
  EXPECT_FALSE(attempt) << "the handshake went through with an expired invite";
  EXPECT_FALSE(peer.responder_static().has_value());
  EXPECT_TRUE(server_->WaitForStderr("expired invite", kCloseTimeout)) << server_->Stderr();
  EXPECT_EQ(cli::testing::Differences(server_before, StoreBytes(therapist_home())), "");
  EXPECT_EQ(cli::testing::Differences(joiner_before, StoreBytes(joiner)), "");
  ExpectStillServing();
}

// ---- Identities --------------------------------------------------------------------

TEST_F(HostilePeerTest, ImpostorWithAnUnknownKeyGetsNoNotebookData) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  ExpectRefusedWithoutData(StrangerIdentity(rng_), "an unknown device");
  ExpectStillServing();
}

TEST_F(HostilePeerTest, KnownIdentityWithAnotherStaticKeyIsRefused) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  // The client's real identity, validly vouching for a key it was not
  // paired with (as a copy of its identity on another device would).
  ExpectRefusedWithoutData(IdentityFor(*client_key_, crypto::DhKeyPair::Generate(rng_)),
                           "a paired member connected with a different device key");
  ExpectStillServing();
}

TEST_F(HostilePeerTest, BindingForAnotherStaticKeyIsRefused) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  // The client's identity and its real binding signature, replayed with a
  // static key it does not bind.
  ExpectRefusedWithoutData(
      RawIdentity{crypto::DhKeyPair::Generate(rng_), client_id_, client_binding_},
      "does not vouch for the key it used");
  ExpectStillServing();
}

// ---- Broken frames -------------------------------------------------------------------

TEST_F(HostilePeerTest, GarbageBytesAreRefused) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  const DirSnapshot before = StoreBytes(therapist_home());
  {
    // Not Rapport at all; the first two bytes read as a length of 18245.
    RawPeer peer(port_);
    ASSERT_TRUE(peer.SendRaw(crypto::AsBytes(std::string_view("GET / HTTP/1.1\r\n\r\n"))));
    peer.ShutdownWrite();
    std::size_t frames = 99;
    EXPECT_TRUE(peer.WaitForClose(kCloseTimeout, &frames));
    EXPECT_EQ(frames, 0u);
  }
  {
    // A first message of a length neither XX nor XXpsk3 has.
    RawPeer peer(port_);
    ASSERT_TRUE(peer.SendFrame(crypto::Bytes(40, 0x41)));
    std::size_t frames = 99;
    EXPECT_TRUE(peer.WaitForClose(kCloseTimeout, &frames));
    EXPECT_EQ(frames, 0u);
  }
  {
    // Random bytes pass for an ephemeral key; random bytes as message 3 do not.
    RawPeer peer(port_);
    ASSERT_TRUE(peer.SendFrame(rng_.Draw<32>()));
    crypto::Bytes m2;
    ASSERT_EQ(peer.ReadFrame(kCloseTimeout, m2), RawPeer::ReadStatus::kFrame);
    ASSERT_TRUE(peer.SendFrame(rng_.Draw<64>()));
    std::size_t frames = 99;
    EXPECT_TRUE(peer.WaitForClose(kCloseTimeout, &frames));
    EXPECT_EQ(frames, 0u);
  }
  {
    // After a valid handshake, a transport frame that does not decrypt.
    RawPeer peer(port_);
    ASSERT_TRUE(peer.Handshake(ClientIdentity()));
    ASSERT_TRUE(peer.SendFrame(rng_.Draw<48>()));
    const auto error = peer.ReceiveUntilError(kCloseTimeout);
    ASSERT_TRUE(error) << server_->Stderr();
    EXPECT_EQ(error->code, static_cast<std::uint16_t>(WireErrorCode::kProtocol));
    EXPECT_TRUE(peer.WaitForClose(kCloseTimeout));
  }
  EXPECT_TRUE(server_->WaitForStderr("integrity check", kCloseTimeout)) << server_->Stderr();
  EXPECT_GE(server_->CountInStderr("refused"), 3u) << server_->Stderr();
  EXPECT_EQ(cli::testing::Differences(before, StoreBytes(therapist_home())), "");
  ExpectStillServing();
}

TEST_F(HostilePeerTest, OversizedLengthsAreRefused) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  const DirSnapshot before = StoreBytes(therapist_home());
  {
    // The largest frame there is, as a first handshake message.
    RawPeer peer(port_);
    ASSERT_TRUE(peer.SendFrame(crypto::Bytes(kMaxFrameSize, 0)));
    std::size_t frames = 99;
    EXPECT_TRUE(peer.WaitForClose(kCloseTimeout, &frames));
    EXPECT_EQ(frames, 0u);
    EXPECT_TRUE(server_->WaitForStderr("wrong length", kCloseTimeout)) << server_->Stderr();
  }
  // After a valid handshake, message headers claiming 4 GiB, and one byte
  // more than a Hello may hold: refused on the header, before allocating.
  for (const std::uint32_t length :
       {0xFFFFFFFFu, static_cast<std::uint32_t>(MaxBodySize(MessageType::kHello) + 1)}) {
    SCOPED_TRACE(length);
    RawPeer peer(port_);
    ASSERT_TRUE(peer.Handshake(ClientIdentity()));
    const std::uint8_t type = static_cast<std::uint8_t>(
        length == 0xFFFFFFFFu ? MessageType::kEvents : MessageType::kHello);
    const crypto::Bytes header = {
        type, static_cast<std::uint8_t>(length >> 24), static_cast<std::uint8_t>(length >> 16),
        static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length)};
    ASSERT_TRUE(peer.SendTransport(header));
    const auto error = peer.ReceiveUntilError(kCloseTimeout);
    ASSERT_TRUE(error) << server_->Stderr();
    EXPECT_EQ(error->code, static_cast<std::uint16_t>(WireErrorCode::kProtocol));
    EXPECT_TRUE(peer.WaitForClose(kCloseTimeout));
  }
  EXPECT_EQ(cli::testing::Differences(before, StoreBytes(therapist_home())), "");
  ExpectStillServing();
}

TEST_F(HostilePeerTest, TruncatedFrameThenCloseIsRefused) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  const DirSnapshot before = StoreBytes(therapist_home());
  {
    // The length says 32, ten bytes follow, then the end of the stream.
    RawPeer peer(port_);
    crypto::Bytes partial = {0x00, 0x20};
    partial.resize(12, 0x42);
    ASSERT_TRUE(peer.SendRaw(partial));
    peer.ShutdownWrite();
    std::size_t frames = 99;
    EXPECT_TRUE(peer.WaitForClose(kCloseTimeout, &frames));
    EXPECT_EQ(frames, 0u);
  }
  {
    // After a valid handshake: half of a transport frame, then the end.
    RawPeer peer(port_);
    ASSERT_TRUE(peer.Handshake(ClientIdentity()));
    ASSERT_TRUE(peer.SendRaw(crypto::Bytes{0x01, 0x00, 0x42, 0x42, 0x42}));
    peer.ShutdownWrite();
    EXPECT_TRUE(peer.WaitForClose(kCloseTimeout));
  }
  EXPECT_GE(server_->CountInStderr("in the middle of a message"), 2u) << server_->Stderr();
  EXPECT_EQ(cli::testing::Differences(before, StoreBytes(therapist_home())), "");
  ExpectStillServing();
}

TEST_F(HostilePeerTest, PeerThatStallsMidFrameIsCutOffByTheDeadline) {
  ASSERT_NO_FATAL_FAILURE(StartServer({"--timeout", "1"}));
  const DirSnapshot before = StoreBytes(therapist_home());
  crypto::Bytes partial = {0x00, 0x20};
  partial.resize(12, 0x42);
  {
    // In the handshake.
    RawPeer peer(port_);
    const auto start = Clock::now();
    ASSERT_TRUE(peer.SendRaw(partial));
    std::size_t frames = 99;
    EXPECT_TRUE(peer.WaitForClose(seconds(3), &frames)) << "the deadline did not fire";
    EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(500)) << "closed before the deadline";
    EXPECT_EQ(frames, 0u);
  }
  {
    // After the handshake, in the middle of the sync.
    RawPeer peer(port_);
    ASSERT_TRUE(peer.Handshake(ClientIdentity()));
    ASSERT_NO_FATAL_FAILURE(StartSyncAsClient(peer));
    ASSERT_TRUE(peer.SendRaw(partial));
    EXPECT_TRUE(peer.WaitForClose(seconds(3))) << "the deadline did not fire";
  }
  EXPECT_GE(server_->CountInStderr("did not answer in time"), 2u) << server_->Stderr();
  EXPECT_EQ(cli::testing::Differences(before, StoreBytes(therapist_home())), "");
  ExpectStillServing();
}

// ---- Bad events in a valid channel -------------------------------------------------

TEST_F(HostilePeerTest, ForgedEventByANonMemberIsRejected) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  const crypto::SigningKey stranger = crypto::SigningKey::Generate(rng_);
  const crypto::Bytes forged = MakeEvent(core::AuthorId::FromArray(stranger.public_key()), stranger,
                                         1, core::EventId{}, 1, "I was never invited");
  ExpectBatchRejected({forged}, "is not a member of the notebook");
  ExpectStillServing();
}

TEST_F(HostilePeerTest, EventInTheClientsNameSignedByAnotherKeyIsRejected) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  const core::SignedEvent last = ClientEvent();
  const crypto::SigningKey stranger = crypto::SigningKey::Generate(rng_);
  const crypto::Bytes forged =
      MakeEvent(client_id_, stranger, 2, last.Id(), last.header.lamport + 1, "Not written by Sam");
  ExpectBatchRejected({forged}, "signature does not verify");
  ExpectStillServing();
}

TEST_F(HostilePeerTest, TamperedEventIsRejected) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  crypto::Bytes tampered = client_event_;
  // A byte of the ciphertext, just before the signature.
  tampered[tampered.size() - crypto::kSignatureSize - 1] ^= 0x01;
  ExpectBatchRejected({tampered}, "signature does not verify");
  ExpectStillServing();
}

TEST_F(HostilePeerTest, EventReplayedFromAnotherNotebookIsRejected) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  // A genuine event, signed by the server's own identity, of a notebook the
  // client is not in, slipped into a batch of the shared notebook after an
  // event the server already holds.
  // The report goes with the event: under the notebook it names.
  ExpectBatchRejected({client_event_, other_notebook_event_}, "another notebook", other_nb_);
  ExpectStillServing();
}

TEST_F(HostilePeerTest, EquivocatingEventsAreRejectedWholeBatch) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  const core::SignedEvent last = ClientEvent();
  const crypto::Bytes a =
      MakeEvent(client_id_, *client_key_, 2, last.Id(), last.header.lamport + 1, "Version A");
  const crypto::Bytes b =
      MakeEvent(client_id_, *client_key_, 2, last.Id(), last.header.lamport + 1, "Version B");
  // Both new, both validly signed by the client, the same seq: the first is
  // valid on its own, the second equivocates, and nothing of the batch stays.
  ExpectBatchRejected({a, b}, "equivocation");
  ExpectStillServing();

  // The first alone is accepted (so the batch was refused for the second)...
  {
    const std::int64_t held = cli::testing::CountEvents(therapist_home());
    RawPeer peer(port_);
    ASSERT_TRUE(peer.Handshake(ClientIdentity()));
    ASSERT_NO_FATAL_FAILURE(StartSyncAsClient(peer));
    ASSERT_TRUE(peer.SendMessage(MessageType::kEvents, *EncodeEvents(Events{nb_, {a}})));
    EXPECT_TRUE(cli::testing::PollUntil(
        [&] { return cli::testing::CountEvents(therapist_home()) == held + 1; }, kCloseTimeout));
  }
  // ...and then the other one, alone, equivocates with what is stored.
  events_before_.push_back(core::DecodeEvent(a).value().Id().Hex());
  ExpectBatchRejected({b}, "equivocation");
}

// ---- Peers that never stop --------------------------------------------------------

TEST_F(HostilePeerTest, PingFloodFromAPeerThatDoesNotReadIsThrottled) {
  // A long deadline, so that the server's write deadline does not end the
  // flood before the server shows whether it keeps reading.
  ASSERT_NO_FATAL_FAILURE(StartServer({"--timeout", "30"}));
  {
    // Small socket buffers on this side, so that little hides in them.
    RawPeer peer(port_, 64 * 1024);
    ASSERT_TRUE(peer.Handshake(ClientIdentity()));
    ASSERT_NO_FATAL_FAILURE(StartSyncAsClient(peer));
    // Pings as fast as the server takes them, never reading a Pong. The
    // server must stop reading once its unsent answers pile up, so that the
    // socket buffers fill and sending stalls; a server that reads on queues
    // every Pong (about 30 bytes of memory each, and more) for ever.
    constexpr std::size_t kPingsPerChunk = 1024;
    constexpr std::size_t kMostSent = std::size_t{32} << 20;
    std::size_t sent = 0;
    std::uint64_t value = 0;
    RawPeer::SendStatus status = RawPeer::SendStatus::kSent;
    while (status == RawPeer::SendStatus::kSent && sent < kMostSent) {
      crypto::Bytes chunk;
      for (std::size_t i = 0; i < kPingsPerChunk; ++i)
        crypto::Append(chunk, peer.SealMessage(MessageType::kPing, *EncodePing({++value})));
      status = peer.SendWithin(chunk, seconds(3));
      sent += chunk.size();
    }
    EXPECT_EQ(status, RawPeer::SendStatus::kStalled)
        << "the server took " << sent << " bytes of Pings without their Pongs being read; "
        << server_->Stderr();
  }  // the flooding peer hangs up: the server fails to write and closes
  EXPECT_TRUE(server_->WaitForStderr("the connection failed", kCloseTimeout)) << server_->Stderr();
  ExpectSameEvents(History(), events_before_);
  ExpectStillServing();
}

TEST_F(HostilePeerTest, OnceModeSyncClosesAPeerThatKeepsPingingAfterTheSync) {
  RawListener listener;
  std::unique_ptr<RawPeer> raw;
  ASSERT_NO_FATAL_FAILURE(StartClientAgainstRawServer(listener, raw));
  const auto caught_up = EncodeCaughtUp({nb_});
  ASSERT_TRUE(caught_up);
  ASSERT_TRUE(raw->SendMessage(MessageType::kCaughtUp, *caught_up));
  // The client is caught up and half-closes; the raw side never closes and
  // pings on without reading. The client must not answer (queue) them, and
  // must close after one timeout of grace instead of reading for ever; it
  // cannot know the peer read everything, so it says so and fails.
  const auto give_up = Clock::now() + seconds(20);
  std::uint64_t value = 0;
  RawPeer::SendStatus status = RawPeer::SendStatus::kSent;
  while (status == RawPeer::SendStatus::kSent && Clock::now() < give_up &&
         !client_->Wait(std::chrono::milliseconds(0))) {
    crypto::Bytes chunk;
    for (int i = 0; i < 256; ++i)
      crypto::Append(chunk, raw->SealMessage(MessageType::kPing, *EncodePing({++value})));
    status = raw->SendWithin(chunk, seconds(1));
  }
  EXPECT_LT(Clock::now(), give_up) << "the client kept reading Pings for 20 s";
  const auto code = client_->Wait(kExitTimeout);
  ASSERT_TRUE(code) << "the client still runs, " << value << " Pings later";
  EXPECT_NE(*code, 0) << client_->Stderr();
  EXPECT_NE(client_->Stderr().find("did not confirm it received everything"), std::string::npos)
      << client_->Stderr();
}

TEST_F(HostilePeerTest, OnceModeSyncEndsWhenThePeerOnlyPings) {
  RawListener listener;
  std::unique_ptr<RawPeer> raw;
  ASSERT_NO_FATAL_FAILURE(StartClientAgainstRawServer(listener, raw));
  // The raw side never sends CaughtUp, but pings often enough that the
  // client's read deadline (1 s) never fires, and reads what it is sent.
  const auto give_up = Clock::now() + seconds(20);
  std::uint64_t value = 0;
  while (Clock::now() < give_up && !client_->Wait(std::chrono::milliseconds(0))) {
    (void)raw->ReceiveMessage(std::chrono::milliseconds(250));  // drains, and paces the Pings
    if (!raw->SendMessage(MessageType::kPing, *EncodePing({++value}))) break;
  }
  EXPECT_LT(Clock::now(), give_up) << "the client waited for CaughtUp for 20 s";
  const auto code = client_->Wait(kExitTimeout);
  ASSERT_TRUE(code) << "the client still runs, " << value << " Pings later";
  EXPECT_NE(*code, 0);
  EXPECT_NE(client_->Stderr().find("without finishing the sync"), std::string::npos)
      << client_->Stderr();
}

// ---- Why a connection ends ------------------------------------------------------

TEST_F(HostilePeerTest, HelloOfAnotherProtocolVersionIsAnsweredSo) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  const DirSnapshot before = StoreBytes(therapist_home());
  RawPeer peer(port_);
  ASSERT_TRUE(peer.Handshake(ClientIdentity()));
  const auto hello = EncodeHello(Hello{kProtocolVersion + 1, {nb_}});
  ASSERT_TRUE(hello);
  ASSERT_TRUE(peer.SendMessage(MessageType::kHello, *hello));
  const auto error = peer.ReceiveUntilError(kCloseTimeout);
  ASSERT_TRUE(error) << "no Error message; server: " << server_->Stderr();
  EXPECT_EQ(error->code, static_cast<std::uint16_t>(WireErrorCode::kUnsupportedVersion));
  EXPECT_TRUE(peer.WaitForClose(kCloseTimeout));
  EXPECT_EQ(cli::testing::Differences(before, StoreBytes(therapist_home())), "");
  ExpectStillServing();
}

TEST_F(HostilePeerTest, StoppingServeTellsTheConnectedDeviceWhy) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  RawPeer peer(port_);
  ASSERT_TRUE(peer.Handshake(ClientIdentity()));
  ASSERT_NO_FATAL_FAILURE(StartSyncAsClient(peer));
  // The server answers the sync's start: the connection is in its session.
  ASSERT_TRUE(peer.ReceiveMessage(kCloseTimeout));
  server_->Signal(SIGINT);
  const auto error = peer.ReceiveUntilError(kCloseTimeout);
  ASSERT_TRUE(error) << "no Error message; server: " << server_->Stderr();
  EXPECT_EQ(error->code, static_cast<std::uint16_t>(WireErrorCode::kShuttingDown));
  EXPECT_TRUE(peer.WaitForClose(kCloseTimeout));
  EXPECT_EQ(server_->Wait(kExitTimeout), 0) << server_->Stderr();
}

// sync --live dials again when the other device ends the connection for a
// fault of its own (its storage busy, say), but not when it stops on purpose.
TEST_F(HostilePeerTest, LiveSyncDialsAgainAfterThePeersOwnFailureButNotAfterItStops) {
  RawListener listener;
  std::unique_ptr<RawPeer> raw;
  ASSERT_NO_FATAL_FAILURE(StartClientAgainstRawServer(listener, raw, /*live=*/true));
  const auto internal =
      EncodeError({static_cast<std::uint16_t>(WireErrorCode::kInternal), "internal error"});
  ASSERT_TRUE(internal);
  ASSERT_TRUE(raw->SendMessage(MessageType::kError, *internal));
  raw.reset();

  ASSERT_NO_FATAL_FAILURE(AnswerClient(listener, raw));
  EXPECT_TRUE(client_->WaitForStderr("connected again", kCloseTimeout)) << client_->Stderr();
  const auto stopping = EncodeError(
      {static_cast<std::uint16_t>(WireErrorCode::kShuttingDown), "the other device is stopping"});
  ASSERT_TRUE(stopping);
  ASSERT_TRUE(raw->SendMessage(MessageType::kError, *stopping));
  raw.reset();
  const auto code = client_->Wait(kExitTimeout);
  ASSERT_TRUE(code) << "sync --live kept running after the other device stopped";
  EXPECT_EQ(listener.Accept(seconds(2)), nullptr) << "dialled a device that stopped on purpose";
  EXPECT_NE(client_->Stderr().find("the other device stopped"), std::string::npos)
      << client_->Stderr();
}

// Sockets that connect and say nothing fill every slot of serve; the real
// device must still get in, by taking the place of the oldest of them.
TEST_F(HostilePeerTest, IdleConnectionsCannotKeepThePairedDeviceOut) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  std::vector<std::unique_ptr<RawPeer>> idle;
  for (int i = 0; i < 40; ++i) {
    idle.push_back(std::make_unique<RawPeer>(port_));
    ASSERT_TRUE(idle.back()->connected());
  }
  ExpectStillServing();
  EXPECT_TRUE(server_->WaitForStderr("closed to make room", kCloseTimeout)) << server_->Stderr();
  // Each evicted connection is logged once, not also as a refused handshake.
  EXPECT_EQ(server_->Stderr().find("refused"), std::string::npos) << server_->Stderr();
}

}  // namespace
}  // namespace rapport::sync::testing
