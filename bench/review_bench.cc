// Builds a notebook of 100,000 mixed events by two authors — journal entries,
// goals with progress, tasks with steps done, deferred and split, session
// feedback, check-ins, comments, ruptures, the profile and an ending — then
// times, in the same run: open + fold (Device::Load), building the review
// (core::BuildReview) and rendering it as text, JSON and HTML. Target
// (issue 3): the review under 1.5x the fold. Figures: docs/performance.md.
//
// The therapist is a real store::Device and writes through AppendShared;
// the client is a key held here whose events reach the device through
// Device::Accept, the path a peer's events take in sync. Records whose local
// write rules need the notebook's state (progress, deferrals, comments...)
// are mostly the client's: a local write of one loads the whole notebook to
// check it, which at 100,000 events would make building the bench take hours.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>

#include "bench_util.h"
#include "cli/review_render.h"
#include "core/review.h"
#include "crypto/signing.h"
#include "store/device.h"

using namespace rapport;

namespace {

int kEvents = 100000;                             // argv[1] overrides
constexpr std::int64_t kStartMs = 1767225600000;  // 2026-01-01
constexpr std::int64_t kMinuteMs = 60 * 1000;

// The device's clock: whatever time the generator is at.
class ManualClock final : public core::Clock {
 public:
  std::int64_t NowMillis() override { return now; }
  std::int64_t now = kStartMs;
};

std::string Words(std::mt19937& rng, std::size_t size) {
  static const char* const kWords[] = {"today", "I",    "noticed", "the",   "walk", "helped",
                                       "work",  "felt", "heavy",   "slept", "well", "talked",
                                       "with",  "a",    "friend",  "about", "it",   "again"};
  std::string text;
  while (text.size() < size) {
    if (!text.empty()) text += ' ';
    text += kWords[rng() % std::size(kWords)];
  }
  return text;
}

struct OpenStep {
  core::EventId task;
  core::StepId step;
  int deferrals = 0;
};

// Writes the notebook; both authors' events are interleaved in one clock.
class Generator {
 public:
  Generator(store::Device& device, core::NotebookId nb, ManualClock& clock)
      : device_(device),
        nb_(nb),
        clock_(clock),
        rng_(7),
        sign_rng_(8),
        client_(crypto::SigningKey::Generate(sign_rng_)) {}

  bool Setup() {
    const auto noise = crypto::DhKeyPair::Generate(sign_rng_);
    const core::AuthorId sam = core::AuthorId::FromArray(client_.public_key());
    if (!device_.AddMember(nb_, sam, noise.public_key(), core::Role::kClient, "Sam")) return false;
    auto key = device_.NotebookKeyForPeer(nb_);
    if (!key) return false;
    epoch_ = key->first;
    key_.emplace(std::move(key->second));
    events_ = 3;  // notebook.create, two member.add
    return true;
  }

  // One event, by type in proportions like a year or two of weekly therapy
  // (most of it journal); false on any failure.
  bool Step() {
    clock_.now += 10 * kMinuteMs;
    const int roll = static_cast<int>(rng_() % 1000);
    if (goals_.empty() || roll < 1) return ProposeGoal();
    if (roll < 3) return AgreeGoal();
    if (roll < 4 && rng_() % 2 == 0) return ReviseGoal();
    if (roll < 105) return Progress();
    if (roll < 125) return AssignTask();
    if (roll < 165) return StepDone();
    if (roll < 200) return Defer();
    if (roll < 210) return Split();
    if (roll < 215) return CloseTask();
    if (roll < 240)
      return Client(core::SessionFeedback{Rating(7), Rating(7), Rating(7), Rating(7), {}});
    if (roll < 265)
      return Client(core::WellbeingCheckin{Rating(4), Rating(4), Rating(4), Rating(4), {}});
    if (roll < 275) return Therapist(core::FeedbackNote{Words(rng_, 200)});
    if (roll < 375) return CommentOnEntry();
    if (roll < 378) return FlagRupture();
    if (roll < 383) return Repair();
    if (roll < 386)
      return Client(core::ProfileSet{core::ProfileField::kTherapyPreferences, "walks"});
    return Journal();
  }

  bool Ending() {
    clock_.now += kMinuteMs;
    if (!Therapist(core::EndingStart{"we agreed to finish"})) return false;
    for (int a = 1; a <= core::kEndingActionCount; ++a) {
      const auto action = static_cast<core::EndingAction>(a);
      if (!Client(core::EndingCheck{action, true, Words(rng_, 40)})) return false;
      if (a % 2 == 0 && !Therapist(core::EndingCheck{action, true, ""})) return false;
    }
    return Client(core::EndingSummary{Words(rng_, 600)});
  }

  std::size_t events() const { return events_; }

 private:
  int Rating(int around) { return std::clamp(around + static_cast<int>(rng_() % 5) - 1, 0, 10); }

  std::optional<core::EventId> Write(bool by_client, core::RecordBody body) {
    ++events_;
    if (!by_client) {
      auto id = device_.AppendShared(nb_, std::move(body));
      if (!id) std::fprintf(stderr, "append: %s\n", id.error().message.c_str());
      return id ? std::optional(*id) : std::nullopt;
    }
    core::EventHeader h;
    h.notebook = nb_;
    h.author = core::AuthorId::FromArray(client_.public_key());
    h.seq = ++client_seq_;
    h.lamport = events_;  // one more than any event written so far
    h.prev = client_prev_;
    h.epoch = epoch_;
    const core::SignedEvent e =
        core::SealEvent(h, core::EncodeRecord(core::Record{clock_.now, std::move(body)}), *key_,
                        client_, sign_rng_);
    client_prev_ = e.Id();
    auto accepted = device_.Accept(e.Encode());
    if (!accepted) std::fprintf(stderr, "accept: %s\n", accepted.error().message.c_str());
    return accepted ? std::optional(e.Id()) : std::nullopt;
  }
  bool Client(core::RecordBody body) { return Write(true, std::move(body)).has_value(); }
  bool Therapist(core::RecordBody body) { return Write(false, std::move(body)).has_value(); }

  bool Journal() {
    core::JournalEntry e;
    e.text = Words(rng_, 300);
    e.mood = static_cast<int>(rng_() % 11);
    const bool by_client = rng_() % 10 < 7;
    if (by_client) e.tags = {"sleep"};
    const auto id = Write(by_client, e);
    if (id) entries_.push_back(*id);
    return id.has_value();
  }

  core::GoalText Text(int n) {
    return core::GoalText{"Goal " + std::to_string(n), Words(rng_, 80), "weekly rating", {}};
  }

  bool ProposeGoal() {
    const bool by_client = goals_.size() % 2 == 1;
    const auto id = Write(by_client, core::GoalPropose{Text(static_cast<int>(goals_.size()))});
    if (!id) return false;
    goals_.push_back({*id, *id, by_client});
    return true;
  }

  // The other member endorses the latest revision. The therapist's agreement
  // is a local write that loads the notebook: goals are rare, so is this.
  bool AgreeGoal() {
    for (auto& g : goals_) {
      if (g.agreed) continue;
      g.agreed = true;
      return Write(!g.by_client, core::GoalAgree{g.id, g.revision}).has_value();
    }
    return Journal();
  }

  bool ReviseGoal() {
    Goal& g = goals_[rng_() % goals_.size()];
    const auto id = Write(true, core::GoalRevise{g.id, Text(static_cast<int>(goals_.size()))});
    if (!id) return false;
    g = {g.id, *id, true, false};
    return true;
  }

  bool Progress() {
    const Goal& g = goals_[rng_() % goals_.size()];
    const bool gas = (g.id.bytes[0] & 1) != 0;  // about half the goals use GAS
    core::GoalProgress p{g.id, gas ? core::ProgressScale::kGas : core::ProgressScale::kRating,
                         gas ? static_cast<int>(rng_() % 5) - 2 : Rating(5), Words(rng_, 60)};
    return Client(p);
  }

  bool AssignTask() {
    core::TaskAssign t;
    t.title = "Task " + std::to_string(tasks_);
    t.goal = goals_[rng_() % goals_.size()].id;
    for (int i = 0; i < 3; ++i) t.steps.push_back(Words(rng_, 30));
    const auto id = Write(true, t);
    if (!id) return false;
    ++tasks_;
    for (std::uint16_t i = 0; i < 3; ++i) steps_.push_back({*id, core::StepId{*id, i}});
    return true;
  }

  std::optional<OpenStep> TakeStep() {
    if (steps_.empty()) return std::nullopt;
    const std::size_t i = rng_() % steps_.size();
    OpenStep s = steps_[i];
    steps_[i] = steps_.back();
    steps_.pop_back();
    return s;
  }

  bool StepDone() {
    auto s = TakeStep();
    if (!s) return Journal();
    return Client(core::TaskStepDone{s->task, s->step});
  }

  bool Defer() {
    if (steps_.empty()) return Journal();
    OpenStep& s = steps_[rng_() % steps_.size()];
    ++s.deferrals;
    return Client(core::TaskStepDefer{s.task, s.step, Words(rng_, 40)});
  }

  bool Split() {
    auto s = TakeStep();
    if (!s) return Journal();
    const auto id = Write(true, core::TaskStepSplit{s->task, s->step, {"smaller", "smallest"}});
    if (!id) return false;
    for (std::uint16_t i = 0; i < 2; ++i) steps_.push_back({s->task, core::StepId{*id, i}});
    return true;
  }

  bool CloseTask() {
    auto s = TakeStep();
    if (!s) return Journal();
    return Client(core::TaskClose{s->task});
  }

  bool CommentOnEntry() {
    if (entries_.empty()) return Journal();
    return Client(core::Comment{entries_[rng_() % entries_.size()], Words(rng_, 80)});
  }

  bool FlagRupture() {
    const auto id = Write(false, core::RuptureFlag{core::RuptureKind::kWithdrawal, "went quiet"});
    if (id) ruptures_.push_back(*id);
    return id.has_value();
  }

  // The client records repair steps on the latest open rupture, and
  // resolves it after the second.
  bool Repair() {
    if (ruptures_.empty()) return Journal();
    const core::EventId rupture = ruptures_.back();
    if (++repairs_ % 3 == 0) {
      ruptures_.pop_back();
      return Client(core::RuptureResolve{rupture});
    }
    return Client(
        core::RuptureRepair{rupture, core::RepairKind::kMutualDiscussion, Words(rng_, 60)});
  }

  struct Goal {
    core::EventId id, revision;
    bool by_client = false;
    bool agreed = false;
  };

  store::Device& device_;
  core::NotebookId nb_;
  ManualClock& clock_;
  std::mt19937 rng_;
  crypto::SeededRng sign_rng_;
  crypto::SigningKey client_;
  std::uint32_t epoch_ = 0;
  std::optional<crypto::AeadKey> key_;
  std::uint64_t client_seq_ = 0;
  core::EventId client_prev_;
  std::size_t events_ = 0;
  int tasks_ = 0;
  std::vector<Goal> goals_;
  std::vector<OpenStep> steps_;
  std::vector<core::EventId> entries_;
  std::vector<core::EventId> ruptures_;  // flagged and not yet resolved
  int repairs_ = 0;
};

template <typename F>
double Best(int runs, F f) {
  double best = 1e9;
  for (int i = 0; i < runs; ++i) {
    bench::Stopwatch sw;
    f();
    best = std::min(best, sw.Seconds());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) kEvents = std::atoi(argv[1]);
  bench::BenchDir dir;
  crypto::SystemRng rng;
  ManualClock clock;
  const store::DeviceEnv env{&rng, &clock};
  core::NotebookId nb;
  double build_seconds = 0;
  {
    auto device = store::Device::Create(dir.path(), "bench passphrase", "Dr. Ada",
                                        core::Role::kTherapist, env);
    if (!device) return std::fprintf(stderr, "%s\n", device.error().message.c_str()), 1;
    nb = *device->CreateNotebook("Bench notebook");
    Generator gen(*device, nb, clock);
    if (!gen.Setup()) return std::fprintf(stderr, "pairing the client failed\n"), 1;
    bench::Stopwatch sw;
    while (gen.events() + 20 < static_cast<std::size_t>(kEvents))
      if (!gen.Step()) return 1;
    if (!gen.Ending()) return 1;
    build_seconds = sw.Seconds();
  }

  auto device = store::Device::Open(dir.path(), "bench passphrase", env);
  if (!device) return 1;
  std::optional<store::LoadedNotebook> loaded;
  const double fold = Best(3, [&] { loaded.emplace(*device->Load(nb)); });
  const core::NotebookState& state = loaded->state;
  const std::int64_t now = clock.now + 24 * 60 * kMinuteMs;
  const std::int64_t since = clock.now - 30LL * 24 * 60 * kMinuteMs;  // the last month

  std::optional<core::Review> review;
  const double build_all = Best(5, [&] { review.emplace(core::BuildReview(state, {}, now)); });
  const double build_month = Best(5, [&] { review.emplace(core::BuildReview(state, since, now)); });
  std::size_t text_size = 0, json_size = 0, html_size = 0;
  const double text = Best(5, [&] { text_size = cli::ReviewText(*review).size(); });
  const double json = Best(5, [&] { json_size = cli::ReviewJson(*review).size(); });
  const double html = Best(5, [&] { html_size = cli::ReviewHtml(*review).size(); });
  const core::Review all = core::BuildReview(state, {}, now);
  const double text_all = Best(3, [&] { (void)cli::ReviewText(all).size(); });
  // Streamed, as `review --json` writes it to standard output.
  const double json_all = Best(3, [&] {
    std::ofstream null_sink("/dev/null");
    cli::WriteReviewJson(null_sink, all);
  });
  // Streamed, as `review --html` writes it to its file.
  const double html_all = Best(3, [&] {
    std::ofstream null_sink("/dev/null");
    cli::WriteReviewHtml(null_sink, all);
  });

  std::printf(
      "review_bench: %zu events (%zu journal entries, %zu goals, %zu tasks, %zu session "
      "ratings, %zu check-ins), built in %.1f s\n",
      state.event_count, state.journal.size(), state.goals.size(), state.tasks.size(),
      state.session_feedback.size(), state.checkins.size(), build_seconds);
  std::printf("  open + fold (Load):              %7.3f s\n", fold);
  std::printf("  build review, whole journal:     %7.3f s  = %.3fx fold\n", build_all,
              build_all / fold);
  std::printf("  build review, last month:        %7.3f s  = %.3fx fold\n", build_month,
              build_month / fold);
  std::printf(
      "  render last month: text %.4f s (%zu B), json %.4f s (%zu B), html %.4f s (%zu B)\n", text,
      text_size, json, json_size, html, html_size);
  std::printf("  render whole journal: text %.3f s, json %.3f s, html %.3f s\n", text_all, json_all,
              html_all);
  const double total_month = fold + build_month + std::max({text, json, html});
  const double total_all = fold + build_all + std::max({text_all, json_all, html_all});
  std::printf("  review, fold included (last month): %7.3f s  = %.2fx fold (target < 1.5x)\n",
              total_month, total_month / fold);
  std::printf("  review, fold included (whole journal): %7.3f s  = %.2fx fold (target < 1.5x)\n",
              total_all, total_all / fold);
  std::printf("  warnings: %zu; peak memory %.1f MiB\n", all.warnings.size(),
              bench::PeakMemoryMiB());
  return 0;
}
