#include "cli/verb_support.h"

#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "cli/read_input.h"
#include "core/record_fields.h"

namespace rapport::cli {

OpenNotebook OpenAndLoad(Context& ctx) {
  store::Device device = ctx.OpenDevice();
  const core::NotebookId id = ctx.SelectNotebook(device);
  store::LoadedNotebook loaded = Must(device.Load(id));
  if (!loaded.problems.empty())
    std::cerr << "warning: " << loaded.problems.size()
              << " stored record(s) failed their integrity check and were left out; see "
                 "`rapport history`\n";
  return OpenNotebook{std::move(device), id, std::move(loaded)};
}

void CheckFields(const core::RecordBody& body) {
  Must(core::ValidateRecordFields(core::Record{0, body}));
}

void RequireRole(const store::Device& device, core::Role role, const std::string& why) {
  if (device.identity().role != role)
    throw CommandError{Error(ErrorCode::kPermissionDenied,
                             why + " (this device belongs to the " +
                                 std::string(core::RoleName(device.identity().role)) + ")")};
}

core::EventId Append(OpenNotebook& nb, core::RecordBody body) {
  return Must(nb.device.AppendShared(nb.id, std::move(body)));
}

void Report(const Context& ctx, const core::EventId& id, const std::string& text) {
  if (ctx.json()) {
    PrintJson({{"id", id.Hex()}});
    return;
  }
  std::cout << text << "\n";
}

std::string TextArgument(const std::string& arg) {
  if (arg != "-") return arg;
  return ReadTextFromStdin("Write the text, then press Ctrl-D on a new line:");
}

std::optional<std::int32_t> DayOption(const std::string& option, const std::string& text) {
  if (text.empty()) return std::nullopt;
  const auto day = core::ParseDay(text);
  if (!day) UserError(option + " takes a date as YYYY-MM-DD, not '" + text + "'");
  return day;
}

nlohmann::json DayJson(const std::optional<std::int32_t>& day) {
  return day ? nlohmann::json(core::FormatDay(*day)) : nlohmann::json();
}

std::string NormalWord(std::string_view word) {
  std::string out(word);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return c == '-' ? '_' : static_cast<char>(std::tolower(c));
  });
  return out;
}

nlohmann::json CommentsJson(const core::NotebookState& state, const core::EventId& target) {
  nlohmann::json out = nlohmann::json::array();
  const auto it = state.comments.find(target);
  if (it == state.comments.end()) return out;
  for (const auto& c : it->second)
    out.push_back({{"id", c.id.Hex()},
                   {"author", AuthorName(state, c.author)},
                   {"time", IsoTime(c.time_ms)},
                   {"text", c.record.text}});
  return out;
}

void PrintComments(const core::NotebookState& state, const core::EventId& target,
                   const std::string& indent) {
  const auto it = state.comments.find(target);
  if (it == state.comments.end()) return;
  for (const auto& c : it->second)
    std::cout << indent << "comment by " << AuthorName(state, c.author) << ", "
              << LocalTime(c.time_ms) << ": " << c.record.text << "\n";
}

}  // namespace rapport::cli
