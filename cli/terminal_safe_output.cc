#include "cli/terminal_safe_output.h"

#include <algorithm>
#include <string_view>

#include "core/terminal_safe_text.h"

namespace rapport::cli {
namespace {

// Whether `text` may hold a character to replace. Most output holds none,
// and passes through untouched.
bool MayNeedFiltering(std::string_view text) {
  return std::any_of(text.begin(), text.end(), core::MayStartUnsafeCharacter);
}

// How many bytes at the end of `text` start a character (or a CR) that may
// continue in what is written next.
std::size_t UnfinishedTail(std::string_view text) {
  if (!text.empty() && text.back() == '\r') return 1;
  for (std::size_t back = 1; back <= std::min<std::size_t>(3, text.size()); ++back) {
    const auto b = static_cast<unsigned char>(text[text.size() - back]);
    if ((b & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    const std::size_t length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

}  // namespace

TerminalSafeOutput::Filter::Filter(std::streambuf* target) : target_(target) {
  setp(buffer_.data(), buffer_.data() + buffer_.size());
}

bool TerminalSafeOutput::Filter::Drain(bool all) {
  held_.append(pbase(), static_cast<std::size_t>(pptr() - pbase()));
  setp(buffer_.data(), buffer_.data() + buffer_.size());
  const std::size_t keep = all ? 0 : UnfinishedTail(held_);
  const std::string_view ready(held_.data(), held_.size() - keep);
  const std::string safe = MayNeedFiltering(ready)
                               ? core::MakeTerminalSafe(ready, core::TextLines::kMany)
                               : std::string(ready);
  const auto n = static_cast<std::streamsize>(safe.size());
  const bool ok = target_->sputn(safe.data(), n) == n;
  held_.erase(0, held_.size() - keep);
  return ok;
}

bool TerminalSafeOutput::Filter::Flush() { return Drain(true) && target_->pubsync() == 0; }

TerminalSafeOutput::Filter::int_type TerminalSafeOutput::Filter::overflow(int_type c) {
  if (!Drain(false)) return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

int TerminalSafeOutput::Filter::sync() { return Flush() ? 0 : -1; }

TerminalSafeOutput::TerminalSafeOutput(std::ostream& out)
    : out_(out), filter_(out.rdbuf()), original_(out.rdbuf(&filter_)) {}

TerminalSafeOutput::~TerminalSafeOutput() {
  filter_.Flush();
  out_.rdbuf(original_);
}

}  // namespace rapport::cli
