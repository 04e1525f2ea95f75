// rapport invite, rapport join and rapport safety-number: pairing two
// devices in person. docs/protocol.md, "Pairing".
#include <unistd.h>

#include <iostream>

#include "cli/commands.h"
#include "cli/net_support.h"
#include "cli/output.h"
#include "cli/qr_terminal.h"
#include "cli/read_input.h"
#include "core/terminal_safe_text.h"
#include "sync/safety_number.h"

namespace rapport::cli {
namespace {

// An invite is a line of about 120 characters; read a little more, no further.
constexpr std::size_t kMaxInviteInputBytes = 4096;

constexpr std::chrono::hours kLongestInvite{24 * 7};

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Zeroes a string that held an invite before it is freed or reused.
void WipeString(std::string& text) {
  crypto::Wipe(std::span(reinterpret_cast<std::uint8_t*>(text.data()), text.size()));
}

std::string NotebookTitle(store::Device& device, const core::NotebookId& id) {
  for (const auto& n : Must(device.ListNotebooks()))
    if (n.id == id) return n.title;
  return id.Short();
}

// The command that shows the safety number of notebook `id`: with
// --notebook when the device holds several (as a therapist's does, one per
// client), since without it the command would refuse to choose.
std::string SafetyNumberCommand(store::Device& device, const core::NotebookId& id) {
  if (Must(device.ListNotebooks()).size() < 2) return "rapport safety-number";
  return "rapport --notebook " + id.Short() + " safety-number";
}

void PrintInvite(const Context& ctx, const std::string& text, const std::string& title,
                 const sync::Endpoint& where, std::int64_t expires_ms, bool serve_running) {
  if (ctx.json()) {
    nlohmann::json out{
        {"invite", text}, {"address", where.ToString()}, {"expires", IsoTime(expires_ms)}};
    std::string line = out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::cout << line << std::endl;
    // Both copies hold the PSK.
    WipeString(line);
    WipeString(out["invite"].get_ref<std::string&>());
    return;
  }
  std::cout << "Invite to \"" << title << "\", valid once, until " << LocalTime(expires_ms)
            << ":\n\n  " << text << "\n\n";
  if (auto qr = DrawQrCode(text)) std::cout << *qr << "\n";
  std::cout << "Show it only to the person joining. On their device they run:\n"
            << "  rapport join " << text.substr(0, 16) << "...\n";
  if (serve_running) {
    std::cout << "`rapport serve` is already listening on " << where.ToString()
              << "; it will accept the join.\n";
  } else {
    std::cout << "Waiting for them on " << where.ToString() << " (Ctrl-C to stop)...\n";
  }
  std::cout << std::flush;
}

}  // namespace

void AddPairingCommands(CLI::App& app, Context& ctx) {
  struct InviteArgs {
    std::string listen{sync::kDefaultListenAddress};
    std::string expires = "15m";
    sync::NetOptions net;
    int timeout = 10;
  };
  auto args = std::make_shared<InviteArgs>();
  CLI::App* invite =
      app.add_subcommand("invite", "Invite the other person's device into a notebook");
  invite->add_option("--listen", args->listen,
                     "Address to wait on, HOST:PORT (default 127.0.0.1:7337; port 0 picks one)");
  invite->add_option("--expires", args->expires,
                     "How long the invite stays valid: 30s, 15m, 2h, 1d (default 15m, at most 7d)");
  AddTimeoutOption(invite, args->net, args->timeout);
  invite->footer(
      "Example:\n  rapport invite --listen 192.168.1.20:7337 --expires 30m\n\n"
      "Prints a one-time invite (text and QR code) and waits until the other device joins\n"
      "with `rapport join`. If `rapport serve` already runs on that address, it accepts the\n"
      "join instead. Only the device that created the notebook can invite. Do this in\n"
      "person: whoever holds the invite can join the notebook.");
  invite->callback([&ctx, args] {
    const auto duration = ParseDuration(args->expires);
    if (!duration || *duration > kLongestInvite)
      UserError("--expires takes a duration such as 30s, 15m, 2h or 1d (at most 7d), not '" +
                args->expires + "'");
    ApplyTimeout(args->net, args->timeout);
    const sync::Endpoint listen = Must(sync::ParseEndpoint(args->listen, true));
    if (listen.host == "0.0.0.0" || listen.host == "::")
      UserError(
          "an invite needs an address the other device can reach: give this computer's "
          "address on your network, e.g. --listen 192.168.1.20:7337");
    store::Device device = ctx.OpenDevice();
    const core::NotebookId nb = ctx.SelectNotebook(device);
    const std::string title = NotebookTitle(device, nb);
    const std::int64_t expires_ms =
        NowMs() + std::chrono::duration_cast<std::chrono::milliseconds>(*duration).count();

    auto issue = [&](const sync::Endpoint& where, bool serve_running) -> Status {
      RAPPORT_ASSIGN_OR_RETURN(crypto::SecretBuffer psk, device.CreateInvite(nb, expires_ms));
      sync::Invite invite{where.host,
                          where.port,
                          nb,
                          std::move(psk),
                          device.noise_keys().public_key(),
                          device.identity().role,
                          expires_ms};
      RAPPORT_ASSIGN_OR_RETURN(std::string text, sync::EncodeInvite(invite));
      PrintInvite(ctx, text, title, where, expires_ms, serve_running);
      WipeString(text);
      return Ok();
    };
    sync::ServeOptions serve;
    serve.listen = args->listen;
    serve.stop_after_pairing = true;
    serve.invite_expires_ms = expires_ms;
    serve.on_listening = [&](const sync::Endpoint& bound) { return issue(bound, false); };
    serve.log = LogLine;
    const Status served = sync::Serve(device, serve, args->net);
    if (!served && served.error().code == ErrorCode::kAlreadyExists && listen.port != 0) {
      Must(issue(listen, true));
      return;
    }
    Must(served);
    if (Must(device.PendingInviteNow())) {
      std::cerr << "Stopped. The invite stays valid for a running `rapport serve` until "
                << LocalTime(expires_ms) << ".\n";
      return;
    }
    if (!ctx.json())
      std::cout << "Paired. Now compare safety numbers in person: "
                << SafetyNumberCommand(device, nb) << "\n";
  });

  auto invite_text = std::make_shared<std::string>();
  auto join_net = std::make_shared<std::pair<sync::NetOptions, int>>();
  CLI::App* join =
      app.add_subcommand("join", "Join a notebook with an invite from the other device");
  CLI::Option* invite_option =
      join->add_option("INVITE", *invite_text,
                       "The invite (RAPPORT1-...), or '-' to read it from input")
          ->required();
  AddTimeoutOption(join, join_net->first, join_net->second);
  join->footer(
      "Example:\n  rapport join RAPPORT1-AEBAGBAFAYDQQCIKBMGA...\n\n"
      "Connects to the inviting device, checks it is the one that made the invite, and\n"
      "copies the notebook here. Then compare safety numbers: rapport safety-number");
  join->callback([&ctx, invite_text, join_net, invite_option] {
    ApplyTimeout(join_net->first, join_net->second);
    // The PSK goes into secure memory; then the invite's text is wiped from
    // this copy and from CLI11's (results() is our own, non-const, option).
    // CLI11 frees one more copy unwiped while it parses; argv was overwritten.
    std::string text = std::move(*invite_text);
    if (text == "-") {
      PromptIfTerminal("Paste the invite, then press Enter and Ctrl-D:");
      text = ReadAtMost(STDIN_FILENO, "standard input", kMaxInviteInputBytes,
                        "standard input holds much more than an invite");
    }
    auto decoded = sync::DecodeInvite(text);
    WipeString(text);
    for (const std::string& result : invite_option->results())
      WipeString(const_cast<std::string&>(result));
    const sync::Invite invite = Must(std::move(decoded));
    if (invite.expires_ms <= NowMs())
      UserError("this invite expired at " + LocalTime(invite.expires_ms) +
                "; ask for a new one (`rapport invite` on the other device)");
    store::Device device = ctx.OpenDevice();
    if (device.ResolveNotebook(invite.notebook.Hex()))
      throw CommandError{Error(ErrorCode::kAlreadyExists,
                               "this device already holds that notebook: the invite was used")};
    ProgressBar bar;
    sync::DialOptions options;
    options.progress = [&bar](const sync::Transfer& t) { bar.Update(t); };
    auto report = sync::JoinWithInvite(device, invite, options, join_net->first);
    bar.Finish();
    const sync::SyncReport done = Must(std::move(report));
    const std::string title = NotebookTitle(device, invite.notebook);
    if (ctx.json()) {
      PrintJson({{"notebook", invite.notebook.Hex()},
                 {"title", title},
                 {"received", done.transfer.events_received}});
      return;
    }
    std::cout << "Joined \"" << title << "\" (received " << done.transfer.events_received
              << " records). Now compare safety numbers in person: "
              << SafetyNumberCommand(device, invite.notebook) << "\n";
  });

  CLI::App* safety =
      app.add_subcommand("safety-number", "Show the number to compare with the other device");
  safety->footer(
      "Example:\n  rapport safety-number\n\n"
      "Both devices show the same 60 digits when they are paired with each other and no one\n"
      "else. Read them out to each other in person; if they differ, do not use the notebook\n"
      "and pair again.");
  safety->callback([&ctx] {
    store::Device device = ctx.OpenDevice();
    const core::NotebookId nb = ctx.SelectNotebook(device);
    const store::LoadedNotebook loaded = Must(device.Load(nb));
    const store::IdentityInfo& me = device.identity();
    nlohmann::json out = nlohmann::json::array();
    std::size_t shown = 0;
    for (const core::MemberView& member : loaded.state.members) {
      if (member.id == me.id) continue;
      const auto peer = Must(device.FindPeer(member.id));
      if (!peer) continue;  // not paired with this device directly
      const std::string number = sync::SafetyNumber({me.id, device.noise_keys().public_key()},
                                                    {peer->identity, peer->noise_key});
      ++shown;
      if (ctx.json()) {
        out.push_back({{"member", member.name}, {"safety_number", number}});
      } else {
        // One line, whatever the name holds: digits of a fake number on a
        // line of their own must not sit above the real one.
        std::cout << "Safety number with "
                  << core::MakeTerminalSafe(member.name, core::TextLines::kOne) << ":\n  " << number
                  << "\n";
      }
    }
    if (shown == 0)
      throw CommandError{Error(ErrorCode::kNotFound,
                               "this device has not paired with anyone in this notebook yet")};
    if (ctx.json()) PrintJson(out);
  });
}

}  // namespace rapport::cli
