// Inline SVG line charts for the HTML review: values over time, with
// dashed reference lines (such as the cut-offs 36 and 25). No scripts; the
// chart scales to the width of the page through its viewBox.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace rapport::cli {

struct ChartPoint {
  std::int64_t time_ms = 0;
  int value = 0;
  bool flagged = false;  // drawn as a larger red dot
};

struct ChartLine {
  std::string label;  // plain text; escaped when drawn
  std::string color;  // a CSS colour, from this program, never from a member
  std::vector<ChartPoint> points;
};

struct ChartReference {
  int value = 0;
  std::string label;
};

// An <svg> element plotting `lines` between `lo` and `hi` (REQUIRES: lo <
// hi), time along the x axis. `title` names the chart for screen readers.
std::string SvgLineChart(const std::string& title, const std::vector<ChartLine>& lines, int lo,
                         int hi, const std::vector<ChartReference>& references);

}  // namespace rapport::cli
