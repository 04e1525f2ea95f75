#include "cli/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace rapport::cli {
namespace {

using Json = nlohmann::json;

std::string Quoted(std::string_view text) {
  std::ostringstream out;
  JsonWriter(out).String(text);
  return out.str();
}

// Every byte below 0x20, quotes, backslashes, multi-byte UTF-8 and DEL are
// written exactly as nlohmann::json writes them.
TEST(JsonWriter, EscapesStringsAsNlohmannDoes) {
  std::string every_control;
  for (int c = 0; c < 0x20; ++c) every_control += static_cast<char>(c);
  for (const std::string& text :
       {std::string(), std::string("plain"), std::string("say \"hi\" \\ then / go"), every_control,
        std::string("caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80 \x7f"),
        std::string("line one\nline two\r\n\ttabbed")}) {
    EXPECT_EQ(Quoted(text), Json(text).dump()) << Json(text).dump();
  }
}

// Quote looks at eight bytes at a time: each byte that needs escaping, at
// every place within and across those eight, and next to UTF-8.
TEST(JsonWriter, EscapesAtEveryPlaceInALongString) {
  for (const char special : {'"', '\\', '\n', '\x01', '\x1f', '\0'}) {
    for (std::size_t at = 0; at < 20; ++at) {
      std::string text(20, 'a');
      text[at] = special;
      EXPECT_EQ(Quoted(text), Json(text).dump()) << at;
      text.replace(at == 0 ? 1 : 0, 1, "\xe2\x80\x94");
      EXPECT_EQ(Quoted(text), Json(text).dump()) << at;
    }
  }
  const std::string two = std::string(7, 'x') + "\"\"" + std::string(9, 'y') + "\\";
  EXPECT_EQ(Quoted(two), Json(two).dump());
}

// A default string_view has no data at all: still the empty string, and
// never a null pointer handed to memcpy (UBSan stops on that).
TEST(JsonWriter, AViewWithNoDataIsTheEmptyString) {
  EXPECT_EQ(Quoted(std::string_view()), "\"\"");
  std::ostringstream out;
  {
    JsonWriter w(out);
    w.BeginObject();
    w.Key(std::string_view());
    w.String(std::string_view());
    w.EndObject();
  }
  EXPECT_EQ(out.str(), "{\n  \"\": \"\"\n}");
}

TEST(JsonWriter, LaysOutNestedValuesAsDump2) {
  std::ostringstream out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("a");
  w.BeginArray();
  w.Int(1);
  w.Int(-2);
  w.BeginObject();
  w.EndObject();
  w.BeginArray();
  w.EndArray();
  w.BeginObject();
  w.Key("x");
  w.Null();
  w.Key("y");
  w.Bool(true);
  w.EndObject();
  w.EndArray();
  w.Key("b");
  w.Double(59.13);
  w.Key("c");
  w.Double(50.0);
  w.Key("d");
  w.String("text");
  w.Key("e");
  w.BeginArray();
  w.EndArray();
  w.EndObject();
  const Json expected = {
      {"a", {1, -2, Json::object(), Json::array(), {{"x", nullptr}, {"y", true}}}},
      {"b", 59.13},
      {"c", 50.0},
      {"d", "text"},
      {"e", Json::array()}};
  w.Flush();
  EXPECT_EQ(out.str(), expected.dump(2));
}

TEST(JsonWriter, TopLevelScalarsAndEmptyContainers) {
  std::ostringstream a, b, c;
  JsonWriter(a).Int(7);
  {
    JsonWriter wb(b);
    wb.BeginArray();
    wb.EndArray();
    JsonWriter wc(c);
    wc.BeginObject();
    wc.EndObject();
  }
  EXPECT_EQ(a.str(), "7");
  EXPECT_EQ(b.str(), "[]");
  EXPECT_EQ(c.str(), "{}");
}

}  // namespace
}  // namespace rapport::cli
