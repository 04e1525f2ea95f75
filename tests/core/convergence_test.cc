// Seeded randomised convergence: 2 and 3 replicas write random valid records
// (checked with CheckAgainstState against what each holds) and now and then
// a hostile one (any clock the validator lets through, references to events
// its author does not hold), exchange events at random, and every fold of
// the union, in any order and with duplicates removed by id, dumps the same
// state and review. The seed is printed on failure.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>
#include <set>

#include "core/notebook_state.h"
#include "core/review.h"
#include "core/state_dump.h"
#include "core/state_rules.h"
#include "core/validator.h"

namespace rapport::core {
namespace {

struct Replica {
  AuthorId author;
  Role role;
  std::uint64_t seq = 0;
  std::uint64_t lamport = 0;  // of this replica's last event
  std::map<EventId, DecodedEvent> held;
};

class World {
 public:
  World(std::uint64_t seed, int members) : rng_(seed) {
    for (int i = 0; i < members; ++i) {
      Replica r;
      r.author.bytes.fill(static_cast<std::uint8_t>(0x10 * (i + 1)));
      r.role = i == 0 ? Role::kTherapist : Role::kClient;
      replicas_.push_back(std::move(r));
    }
    Write(0, NotebookCreated{"N", "T", Role::kTherapist});
    for (int i = 1; i < members; ++i)
      Write(0, MemberAdded{replicas_[i].author, {}, Role::kClient, "C" + std::to_string(i)});
    for (int i = 1; i < members; ++i) Sync(i, 0);
  }

  void Step() {
    const int who = Pick(static_cast<int>(replicas_.size()));
    if (Pick(4) == 0) {
      Sync(who, Pick(static_cast<int>(replicas_.size())));
      return;
    }
    if (Pick(8) == 0) {
      WriteHostile(who);
      return;
    }
    const NotebookState state = FoldEvents(NotebookId{}, Held(who));
    for (int attempt = 0; attempt < 8; ++attempt) {
      RecordBody body = RandomBody(state);
      const Replica& r = replicas_[who];
      if (CheckAgainstState(state, Record{0, body}, r.author, r.role)) {
        Write(who, std::move(body));
        return;
      }
    }
  }

  std::vector<DecodedEvent> AllEvents() const {
    std::map<EventId, DecodedEvent> all;
    for (const auto& r : replicas_) all.insert(r.held.begin(), r.held.end());
    std::vector<DecodedEvent> out;
    for (auto& [id, e] : all) out.push_back(e);
    return out;
  }
  void SyncAll() {
    for (std::size_t i = 0; i < replicas_.size(); ++i)
      for (std::size_t j = 0; j < replicas_.size(); ++j) Sync(i, j);
  }
  std::vector<DecodedEvent> Held(std::size_t who) const {
    std::vector<DecodedEvent> out;
    for (const auto& [id, e] : replicas_[who].held) out.push_back(e);
    return out;
  }
  std::size_t size() const { return replicas_.size(); }
  std::mt19937_64& rng() { return rng_; }

 private:
  int Pick(int n) { return static_cast<int>(rng_() % static_cast<std::uint64_t>(n)); }
  std::string Word() { return "w" + std::to_string(Pick(1000)); }

  void Sync(std::size_t to, std::size_t from) {
    for (const auto& [id, e] : replicas_[from].held) replicas_[to].held.emplace(id, e);
  }

  // What a hostile or buggy member could get accepted (the validator checks
  // only the feed, the clock's bounds, the fields and the role): a record
  // built from the whole world's state, so it may name a goal, revision,
  // step or target its author does not hold or that carries a higher clock
  // than its own, unchecked against any state, at a clock that is the
  // lowest its feed allows, equal to another member's, or far ahead.
  void WriteHostile(std::size_t who) {
    const NotebookState world = FoldEvents(NotebookId{}, AllEvents());
    RecordBody body = RandomBody(world);
    if (!CheckRoleMayWrite(body, replicas_[who].role)) return;  // refused on arrival
    const std::uint64_t own = replicas_[who].lamport;
    std::uint64_t lamport = own + 1;
    const std::vector<DecodedEvent> all = AllEvents();
    switch (Pick(3)) {
      case 0:  // equal to another event's clock, where the feed allows it
        lamport = std::max(lamport, all[Pick(static_cast<int>(all.size()))].header.lamport);
        break;
      case 1:  // far ahead: every later clock must follow it
        lamport = own + 1 + (rng_() % kMaxLamportJump);
        break;
    }
    // Its clock of the wall may be anything too.
    static constexpr std::int64_t kTimes[] = {0, std::numeric_limits<std::int64_t>::min(),
                                              std::numeric_limits<std::int64_t>::max()};
    Write(who, std::move(body), lamport, Pick(2) ? std::optional(kTimes[Pick(3)]) : std::nullopt);
  }

  void Write(std::size_t who, RecordBody body, std::optional<std::uint64_t> clock = {},
             std::optional<std::int64_t> time_ms = {}) {
    Replica& r = replicas_[who];
    std::uint64_t lamport = 0;
    for (const auto& [id, e] : r.held) lamport = std::max(lamport, e.header.lamport);
    DecodedEvent e;
    e.header.author = r.author;
    e.header.seq = ++r.seq;
    e.header.lamport = clock ? *clock : lamport + 1;
    r.lamport = e.header.lamport;
    const std::uint64_t n = ++count_;
    for (int i = 0; i < 8; ++i) e.id.bytes[i] = static_cast<std::uint8_t>(n >> (56 - 8 * i));
    e.id.bytes[31] = r.author.bytes[0];
    e.record = Record{time_ms ? *time_ms : static_cast<std::int64_t>(n), std::move(body)};
    r.held.emplace(e.id, std::move(e));
  }

  template <typename T>
  const T* PickFrom(const std::vector<T>& v) {
    return v.empty() ? nullptr : &v[Pick(static_cast<int>(v.size()))];
  }

  RecordBody RandomBody(const NotebookState& s) {
    const GoalView* goal = PickFrom(s.goals);
    const TaskView* task = PickFrom(s.tasks);
    const StepView* step = task ? PickFrom(task->steps) : nullptr;
    const RuptureView* rupture = PickFrom(s.ruptures);
    const GoalText text{Word(), Word(), Word(),
                        Pick(2) ? std::optional<std::int32_t>(Pick(30000)) : std::nullopt};
    switch (Pick(19)) {
      case 0:
        return GoalPropose{text};
      case 1:
        if (goal) return GoalRevise{goal->id, text};
        break;
      case 2:
      case 3:
        if (goal) return GoalAgree{goal->id, PickFrom(goal->revisions)->id};
        break;
      case 4:
        if (goal)
          return Pick(2) ? GoalProgress{goal->id, ProgressScale::kRating, Pick(11), Word()}
                         : GoalProgress{goal->id, ProgressScale::kGas, Pick(5) - 2, ""};
        break;
      case 5:
        if (goal) return GoalStatus{goal->id, static_cast<GoalStatusValue>(1 + Pick(4))};
        break;
      case 6:
        return TaskAssign{Word(), goal ? std::optional(goal->id) : std::nullopt,
                          std::vector<std::string>(1 + Pick(3), Word()), std::nullopt};
      case 7:
        if (step) return TaskStepDone{task->id, step->id};
        break;
      case 8:
        if (step) return TaskStepDefer{task->id, step->id, Word()};
        break;
      case 9:
        if (step)
          return TaskStepSplit{task->id, step->id, std::vector<std::string>(1 + Pick(3), Word())};
        break;
      case 10:
        if (task && Pick(3) == 0) return TaskClose{task->id};
        break;
      case 11:
        return SessionFeedback{Pick(11), Pick(11), Pick(11), Pick(11), std::nullopt};
      case 12:
        return WellbeingCheckin{Pick(11), Pick(11), Pick(11), Pick(11), Pick(20000)};
      case 13:
        return ProfileSet{static_cast<ProfileField>(1 + Pick(kProfileFieldCount)),
                          Pick(4) ? Word() : ""};
      case 14:
        return RuptureFlag{static_cast<RuptureKind>(1 + Pick(2)), Word()};
      case 15:
        if (rupture)
          return Pick(2) ? RecordBody(RuptureRepair{rupture->id, RepairKind::kOther, Word()})
                         : RecordBody(RuptureResolve{rupture->id});
        break;
      case 16:
        if (Pick(4) == 0) return EndingStart{Word()};
        return EndingCheck{static_cast<EndingAction>(1 + Pick(kEndingActionCount)), Pick(4) != 0,
                           Word()};
      case 17:
        return EndingSummary{Word()};
      case 18:
        if (!s.event_ids.empty()) {
          auto it = s.event_ids.begin();
          std::advance(it, Pick(static_cast<int>(s.event_ids.size())));
          return Comment{*it, Word()};
        }
        break;
    }
    return FeedbackNote{Word()};
  }

  std::mt19937_64 rng_;
  std::vector<Replica> replicas_;
  std::uint64_t count_ = 0;
};

void RunConvergence(std::uint64_t seed, int members) {
  SCOPED_TRACE("seed " + std::to_string(seed) + ", members " + std::to_string(members));
  World world(seed, members);
  for (int i = 0; i < 250; ++i) world.Step();
  const std::vector<DecodedEvent> all = world.AllEvents();
  const NotebookState reference_state = FoldEvents(NotebookId{}, all);
  const std::string reference = DebugDump(reference_state);
  // The review both people read together must agree too (fixed "now").
  constexpr std::int64_t kNow = 1767225600000 + 90LL * 24 * 3600 * 1000;
  const Review reference_review = BuildReview(reference_state, std::nullopt, kNow);
  for (int round = 0; round < 10; ++round) {
    // Deliver in a random order with duplicates; the receiver keeps one per id.
    std::vector<DecodedEvent> delivered = all;
    for (std::size_t i = 0; i < all.size() / 3; ++i)
      delivered.push_back(all[world.rng()() % all.size()]);
    std::shuffle(delivered.begin(), delivered.end(), world.rng());
    std::set<EventId> seen;
    std::vector<DecodedEvent> unique;
    for (auto& e : delivered)
      if (seen.insert(e.id).second) unique.push_back(std::move(e));
    ASSERT_EQ(unique.size(), all.size());
    ASSERT_EQ(DebugDump(FoldEvents(NotebookId{}, std::move(unique))), reference)
        << "round " << round;
  }
  // Replicas that exchanged everything fold to the same state.
  world.SyncAll();
  for (std::size_t i = 0; i < world.size(); ++i) {
    const NotebookState state = FoldEvents(NotebookId{}, world.Held(i));
    ASSERT_EQ(DebugDump(state), reference) << "replica " << i;
    ASSERT_TRUE(BuildReview(state, std::nullopt, kNow) == reference_review) << "replica " << i;
  }
  // Nothing is dropped: every event is counted.
  EXPECT_NE(reference.find("events=" + std::to_string(all.size()) + "\n"), std::string::npos);
}

TEST(Convergence, TwoReplicas) {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) RunConvergence(seed, 2);
}

TEST(Convergence, ThreeReplicas) {
  for (std::uint64_t seed = 100; seed <= 112; ++seed) RunConvergence(seed, 3);
}

}  // namespace
}  // namespace rapport::core
