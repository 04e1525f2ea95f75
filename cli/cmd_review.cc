// rapport review [--since DATE] [--html FILE [--force]]: what both members
// read together at the start of a session (core/review.h). The content is
// the shared record only; the forms are in review_text/json/html.cc.
#include <iostream>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/private_file.h"
#include "cli/review_render.h"
#include "core/record_fields.h"
#include "core/review.h"

namespace rapport::cli {
namespace {

struct ReviewArgs {
  std::string since;
  std::string html;
  bool force = false;
  std::string now;
};

constexpr const char* kFooter =
    "Examples:\n"
    "  rapport review\n"
    "  rapport review --since 2026-11-01\n"
    "  rapport review --html review.html\n\n"
    "The review shows the shared record only (never private entries or reflections), so once "
    "both devices have synced they show the same review. It lists goals and whether both of you "
    "agreed them, progress over time, tasks and their steps, session feedback and check-ins "
    "with their flags, early warnings of a rupture, the shared journal entries since DATE (all "
    "of them without --since) and the ending checklist.\n\n"
    "--html writes one page you can open in any browser, also on a phone; it needs no internet. "
    "The file holds what you both wrote, so it is made readable by you only. An existing file "
    "is never overwritten unless you add --force.";

// Whether `dir` is `folder` or somewhere under it, links resolved: the page
// must not land in the device home, where --force could replace the database.
bool IsInside(const std::filesystem::path& dir, const std::filesystem::path& folder) {
  std::error_code ec;
  const std::filesystem::path real_folder = std::filesystem::weakly_canonical(folder, ec);
  if (ec) return false;
  for (std::filesystem::path at = std::filesystem::weakly_canonical(dir, ec); !ec && !at.empty();
       at = at.parent_path()) {
    if (at == real_folder) return true;
    if (at == at.root_path()) break;
  }
  return false;
}

void Run(Context& ctx, const ReviewArgs& args) {
  // Check everything typed before asking for the passphrase.
  const std::optional<std::int64_t> since_ms = ParseSinceOption(args.since);
  std::int64_t now_ms = SystemNowMs();
  if (!args.now.empty()) {
    const auto parsed = ParseDateOrTime(args.now);
    if (!parsed)
      UserError("--now takes YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, not '" + args.now + "'");
    now_ms = *parsed;
  }
  std::filesystem::path html;
  if (!args.html.empty()) {
    std::error_code ec;
    html = std::filesystem::absolute(args.html, ec);
    if (ec) UserError("cannot use '" + args.html + "' as a file name: " + ec.message());
    const auto status = std::filesystem::symlink_status(html, ec);
    if (std::filesystem::is_directory(status))
      UserError(html.string() + " is a folder; give a file name such as review.html");
    if (IsInside(html.parent_path(), ctx.Home()))
      UserError(html.string() + " is inside this device's Rapport folder (" + ctx.Home().string() +
                "), next to its database; write the review elsewhere");
    if (std::filesystem::exists(status) && !args.force)
      throw CommandError{
          Error(ErrorCode::kAlreadyExists,
                html.string() + " already exists; choose another name or add --force")};
  }

  store::Device device = ctx.OpenDevice();
  const core::NotebookId nb = ctx.SelectNotebook(device);
  const store::LoadedNotebook loaded = Must(device.Load(nb));
  if (!loaded.problems.empty())
    std::cerr << "warning: " << loaded.problems.size()
              << " stored record(s) failed their integrity check and were left out; see "
                 "`rapport history`\n";
  const core::Review review = core::BuildReview(loaded.state, since_ms, now_ms);

  if (html.empty()) {
    if (ctx.json()) {
      WriteReviewJson(std::cout, review);
      std::cout << "\n";
    } else {
      std::cout << ReviewText(review);
    }
    return;
  }
  Must(WritePrivateFile(
      html, [&review](std::ostream& out) { WriteReviewHtml(out, review); }, args.force));
  if (ctx.json()) {
    PrintJson({{"html", html.string()}});
    return;
  }
  std::cout << "Wrote the review to " << html.string() << " (readable by you only)\n";
}

}  // namespace

void AddReviewCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ReviewArgs>();
  CLI::App* review =
      app.add_subcommand("review", "What you both read together: goals, tasks, feedback, warnings");
  review
      ->add_option("--since", args->since,
                   "List the shared journal entries written on or after DATE (YYYY-MM-DD)")
      ->type_name("DATE")
      ->check(NotEmpty());
  CLI::Option* html =
      review->add_option("--html", args->html, "Write the review as a web page to FILE instead")
          ->type_name("FILE")
          ->check(NotEmpty());
  review->add_flag("--force", args->force, "With --html: replace FILE if it already exists")
      ->needs(html);
  // Hidden: the moment the review is made as of (default: now), so that two
  // devices, or a test, can produce the same review at different times.
  review->add_option("--now", args->now, "")->envname("RAPPORT_NOW")->group("");
  review->footer(kFooter);
  review->callback([&ctx, args] { Run(ctx, *args); });
}

}  // namespace rapport::cli
