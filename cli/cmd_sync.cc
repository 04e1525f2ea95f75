// rapport serve and rapport sync: keeping paired devices up to date.
#include <iostream>

#include "cli/commands.h"
#include "cli/net_support.h"
#include "cli/output.h"
#include "core/terminal_safe_text.h"

namespace rapport::cli {
namespace {

// The peer's name as a member of a notebook both share, else its short key.
std::string PeerName(store::Device& device, const core::AuthorId& peer) {
  const auto shared = device.NotebooksSharedWith(peer);
  if (shared && !shared->empty()) {
    if (auto name = device.MemberName(shared->front(), peer); name && *name)
      return core::MakeTerminalSafe(**name, core::TextLines::kOne);
  }
  return peer.Short();
}

// The paired devices to sync with: all of them, or those in --notebook.
std::vector<store::PeerInfo> ChoosePeers(Context& ctx, store::Device& device) {
  std::vector<store::PeerInfo> peers = Must(device.ListPeers());
  if (peers.empty())
    UserError("this device has not paired with anyone yet: use `rapport invite` or `rapport join`");
  if (ctx.options().notebook.empty()) return peers;
  const core::NotebookId nb = ctx.SelectNotebook(device);
  std::erase_if(peers, [&](const store::PeerInfo& p) {
    const auto shared = Must(device.NotebooksSharedWith(p.identity));
    return std::find(shared.begin(), shared.end(), nb) == shared.end();
  });
  if (peers.empty()) UserError("no paired device shares this notebook yet");
  return peers;
}

}  // namespace

void AddSyncCommands(CLI::App& app, Context& ctx) {
  struct ServeArgs {
    std::string listen{sync::kDefaultListenAddress};
    sync::NetOptions net;
    int timeout = 10;
  };
  auto serve_args = std::make_shared<ServeArgs>();
  CLI::App* serve = app.add_subcommand("serve", "Stay online so paired devices can sync");
  serve->add_option("--listen", serve_args->listen,
                    "Address to listen on, HOST:PORT (default 127.0.0.1:7337; port 0 picks one)");
  AddTimeoutOption(serve, serve_args->net, serve_args->timeout);
  serve->footer(
      "Example:\n  rapport serve --listen 192.168.1.20:7337\n\n"
      "Runs until you press Ctrl-C. Syncs every notebook with whichever paired device\n"
      "connects, accepts joins for an invite made with `rapport invite`, and sends what\n"
      "you add meanwhile (from another terminal) to connected devices within a second.\n"
      "It listens on this computer only (127.0.0.1) unless you give another address.");
  serve->callback([&ctx, serve_args] {
    ApplyTimeout(serve_args->net, serve_args->timeout);
    Must(sync::ParseEndpoint(serve_args->listen, true));
    // serve and sync store what the other device sends, which it still
    // holds if a power cut loses the last batches: an fsync per batch would
    // slow a large catch-up for nothing. A join through serve is the
    // exception this accepts: after such a power cut, invite again.
    store::Device device = ctx.OpenDevice(store::Durability::kCrash);
    sync::ServeOptions options;
    options.listen = serve_args->listen;
    options.log = LogLine;
    options.on_listening = [](const sync::Endpoint& bound) -> Status {
      std::cout << "Listening on " << bound.ToString() << "; press Ctrl-C to stop." << std::endl;
      return Ok();
    };
    Must(sync::Serve(device, options, serve_args->net));
    std::cout << "Stopped." << std::endl;
  });

  struct SyncArgs {
    std::string peer;
    bool live = false;
    sync::NetOptions net;
    int timeout = 10;
  };
  auto sync_args = std::make_shared<SyncArgs>();
  CLI::App* sync_cmd = app.add_subcommand("sync", "Catch up with the paired device(s) now");
  sync_cmd
      ->add_option("--peer", sync_args->peer,
                   "The other device's address, HOST:PORT (remembered for next time)")
      ->check(NotEmpty());
  sync_cmd->add_flag("--live", sync_args->live,
                     "Stay connected and exchange new records as they are written (Ctrl-C stops)");
  AddTimeoutOption(sync_cmd, sync_args->net, sync_args->timeout);
  sync_cmd->footer(
      "Examples:\n  rapport sync\n  rapport sync --peer 192.168.1.20:7337\n\n"
      "The other device must be running `rapport serve`. Without --peer, each paired device\n"
      "is reached at the address it was last reached at. Nothing is lost if a sync is\n"
      "interrupted: run it again and it continues. With --live, a connection that drops\n"
      "is dialled again (after 1 s, then longer, up to 30 s) until you press Ctrl-C or the\n"
      "other device stops serving.");
  sync_cmd->callback([&ctx, sync_args] {
    ApplyTimeout(sync_args->net, sync_args->timeout);
    std::optional<sync::Endpoint> given;
    if (!sync_args->peer.empty()) given = Must(sync::ParseEndpoint(sync_args->peer, false));
    // As serve: what is received, the peer sends again.
    store::Device device = ctx.OpenDevice(store::Durability::kCrash);
    const std::vector<store::PeerInfo> peers = ChoosePeers(ctx, device);
    if (given && peers.size() > 1)
      UserError("this device is paired with several devices: choose one with --notebook");
    nlohmann::json out = nlohmann::json::array();
    std::optional<Error> first_error;
    for (const store::PeerInfo& peer : peers) {
      const std::string name = PeerName(device, peer.identity);
      std::optional<sync::Endpoint> address = given;
      if (!address && !peer.address.empty()) {
        auto remembered = sync::ParseEndpoint(peer.address, false);
        if (remembered) address = *remembered;
      }
      if (!address) {
        const Error e(ErrorCode::kInvalidArgument,
                      "no address known for " + name + "; give one with --peer HOST:PORT");
        if (peers.size() == 1) throw CommandError{e};
        std::cerr << "rapport: " << e.message << "\n";
        if (!first_error) first_error = e;
        continue;
      }
      ProgressBar bar;
      sync::DialOptions options;
      options.live = sync_args->live;
      options.log = LogLine;
      options.progress = [&bar](const sync::Transfer& t) { bar.Update(t); };
      auto report = sync::SyncWith(device, peer, *address, options, sync_args->net);
      bar.Finish();
      if (!report) {
        if (peers.size() == 1) throw CommandError{report.error()};
        std::cerr << "rapport: " << name << ": " << report.error().message << "\n";
        if (!first_error) first_error = report.error();
        continue;
      }
      Must(device.RememberPeerAddress(peer.identity, address->ToString()));
      const sync::Transfer& t = report->transfer;
      if (ctx.json()) {
        out.push_back({{"peer", name},
                       {"address", address->ToString()},
                       {"received", t.events_received},
                       {"sent", t.events_sent},
                       {"bytes_received", t.bytes_received},
                       {"bytes_sent", t.bytes_sent}});
      } else {
        std::cout << "Synced with " << name << " at " << address->ToString() << ": received "
                  << t.events_received << " records, sent " << t.events_sent << " ("
                  << HumanBytes(t.bytes_received) << " in, " << HumanBytes(t.bytes_sent)
                  << " out).\n";
      }
    }
    if (ctx.json()) PrintJson(out);
    if (first_error) throw CommandError{*first_error};
  });
}

}  // namespace rapport::cli
