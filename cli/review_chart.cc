#include "cli/review_chart.h"

#include <algorithm>
#include <sstream>

#include "cli/output.h"
#include "cli/review_render.h"

namespace rapport::cli {
namespace {

// The drawing area inside a 640 x 220 view box; the margins hold labels.
constexpr int kWidth = 640, kHeight = 220;
constexpr int kLeft = 36, kRight = 560, kTop = 12, kBottom = 190;

}  // namespace

std::string SvgLineChart(const std::string& title, const std::vector<ChartLine>& lines, int lo,
                         int hi, const std::vector<ChartReference>& references) {
  std::int64_t t0 = 0, t1 = 0;
  bool any = false;
  for (const auto& line : lines)
    for (const auto& p : line.points) {
      t0 = any ? std::min(t0, p.time_ms) : p.time_ms;
      t1 = any ? std::max(t1, p.time_ms) : p.time_ms;
      any = true;
    }
  // Integer coordinates: the same page on every machine. A time is any i64,
  // so offsets are taken unsigned and, for spans too long to multiply by the
  // width, shifted down alike.
  auto x = [&](std::int64_t t) {
    if (t1 == t0) return (kLeft + kRight) / 2;
    std::uint64_t span = static_cast<std::uint64_t>(t1) - static_cast<std::uint64_t>(t0);
    std::uint64_t offset = static_cast<std::uint64_t>(t) - static_cast<std::uint64_t>(t0);
    while (span > (std::uint64_t{1} << 52)) {
      span >>= 1;
      offset >>= 1;
    }
    return kLeft + static_cast<int>(offset * (kRight - kLeft) / span);
  };
  auto y = [&](int v) {
    v = std::clamp(v, lo, hi);
    return kBottom - (v - lo) * (kBottom - kTop) / (hi - lo);
  };

  std::ostringstream o;
  o << "<svg class=\"chart\" viewBox=\"0 0 " << kWidth << " " << kHeight
    << "\" role=\"img\" aria-label=\"" << HtmlEscape(title) << "\"><title>" << HtmlEscape(title)
    << "</title>";
  o << "<line class=\"axis\" x1=\"" << kLeft << "\" y1=\"" << kBottom << "\" x2=\"" << kRight
    << "\" y2=\"" << kBottom << "\"/><line class=\"axis\" x1=\"" << kLeft << "\" y1=\"" << kTop
    << "\" x2=\"" << kLeft << "\" y2=\"" << kBottom << "\"/>";
  for (int v : {lo, hi})
    o << "<text class=\"tick\" x=\"" << kLeft - 4 << "\" y=\"" << y(v) + 4
      << "\" text-anchor=\"end\">" << v << "</text>";
  for (const auto& ref : references)
    o << "<line class=\"ref\" x1=\"" << kLeft << "\" y1=\"" << y(ref.value) << "\" x2=\"" << kRight
      << "\" y2=\"" << y(ref.value) << "\"/><text class=\"tick\" x=\"" << kRight + 4 << "\" y=\""
      << y(ref.value) + 4 << "\">" << ref.value << " " << HtmlEscape(ref.label) << "</text>";
  if (any) {
    o << "<text class=\"tick\" x=\"" << kLeft << "\" y=\"" << kHeight - 8 << "\">"
      << LocalTime(t0).substr(0, 10) << "</text>";
    if (t1 != t0)
      o << "<text class=\"tick\" x=\"" << kRight << "\" y=\"" << kHeight - 8
        << "\" text-anchor=\"end\">" << LocalTime(t1).substr(0, 10) << "</text>";
  }
  for (const auto& line : lines) {
    if (line.points.empty()) continue;
    o << "<polyline fill=\"none\" stroke=\"" << line.color << "\" stroke-width=\"2\" points=\"";
    for (std::size_t i = 0; i < line.points.size(); ++i)
      o << (i ? " " : "") << x(line.points[i].time_ms) << "," << y(line.points[i].value);
    o << "\"><title>" << HtmlEscape(line.label) << "</title></polyline>";
    for (const auto& p : line.points)
      o << "<circle cx=\"" << x(p.time_ms) << "\" cy=\"" << y(p.value) << "\" r=\""
        << (p.flagged ? 5 : 3) << "\" fill=\"" << (p.flagged ? "#c0392b" : line.color)
        << "\"><title>" << p.value << " on " << LocalTime(p.time_ms).substr(0, 10)
        << "</title></circle>";
  }
  o << "</svg>";
  return o.str();
}

}  // namespace rapport::cli
