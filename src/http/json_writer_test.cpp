#include "http/json_writer.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace relais::http {

TEST(JsonWriter, WritesNestedValuesWithCommas) {
  JsonWriter w;
  w.begin_object().key("items").begin_array();
  w.begin_object().key("id").value(1).key("code").value(std::optional<std::string>()).end_object();
  w.begin_object().key("id").value(std::int64_t{-2}).end_object();
  w.end_array().key("total").value(2).end_object();
  EXPECT_EQ(w.take(), R"({"items":[{"id":1,"code":null},{"id":-2}],"total":2})");
}

TEST(JsonWriter, EscapesLikeAJsonParserExpects) {
  const std::string nasty = "Foyer \"Le Phare\"\\ \n\t\x01 été دری";
  JsonWriter w;
  w.begin_array().value(nasty).end_array();
  std::string text = w.take();
  EXPECT_EQ(text, "[\"Foyer \\\"Le Phare\\\"\\\\ \\n\\t\\u0001 été دری\"]");
  EXPECT_EQ(boost::json::parse(text).as_array()[0].as_string(), nasty);
}

TEST(JsonWriter, FindsEscapesAtEveryPositionOfALongString) {
  for (std::size_t pos = 0; pos < 20; ++pos) {
    for (char c : {'"', '\\', '\n', '\x1f'}) {
      std::string text(20, 'a');
      text[pos] = c;
      JsonWriter w;
      w.value(text);
      EXPECT_EQ(boost::json::parse(w.take()).as_string(), text) << pos << " " << int(c);
    }
  }
}

}  // namespace relais::http
