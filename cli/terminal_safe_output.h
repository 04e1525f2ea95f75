// Standard output that a terminal shows but never acts on. Text written on
// this device holds no control characters (core/terminal_safe_text.h), but a
// record signed by an older Rapport, or by a hostile member, may: an escape
// sequence in it must not clear the screen, recolour, or hide what follows.
#pragma once

#include <array>
#include <ostream>
#include <streambuf>
#include <string>

namespace rapport::cli {

// While it lives, what is written to `out` passes through a filter that
// replaces every character core::FindUnsafeCharacter refuses in text of
// many lines (line feeds, tabs and CR LF pass) by U+FFFD.
class TerminalSafeOutput {
 public:
  explicit TerminalSafeOutput(std::ostream& out);
  ~TerminalSafeOutput();  // flushes and puts the stream's own buffer back
  TerminalSafeOutput(const TerminalSafeOutput&) = delete;
  TerminalSafeOutput& operator=(const TerminalSafeOutput&) = delete;

 private:
  class Filter : public std::streambuf {
   public:
    explicit Filter(std::streambuf* target);
    // Writes out what is held, even an unfinished character.
    bool Flush();

   protected:
    int_type overflow(int_type c) override;
    int sync() override;

   private:
    // Passes on all but an unfinished character (or CR) at the end, which
    // waits for what follows it; everything when `all`.
    bool Drain(bool all);

    std::streambuf* target_;
    std::array<char, 1 << 16> buffer_;
    std::string held_;  // the end of the last drain, waiting for the rest
  };

  std::ostream& out_;
  Filter filter_;
  std::streambuf* original_;
};

}  // namespace rapport::cli
