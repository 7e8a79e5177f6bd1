package io.bongsu.metrics.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
  private static String text(JsonWriter w) {
    return new String(w.toByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void escapesStringsAsGoEncodingJson() {
    JsonWriter w = new JsonWriter().value("<a&b>\"q\"\\\n\r\t\u0001\b\u2028é€😀");
    assertThat(text(w)).isEqualTo(
        "\"\\u003ca\\u0026b\\u003e\\\"q\\\"\\\\\\n\\r\\t\\u0001\\u0008\\u2028é€😀\"");
  }

  @Test
  void replacesLoneSurrogatesLikeGoReplacesInvalidUtf8() {
    assertThat(text(new JsonWriter().value("a\ud800b"))).isEqualTo("\"a\\ufffdb\"");
  }

  @Test
  void placesCommasBetweenElementsAtEveryDepth() {
    JsonWriter w = new JsonWriter().beginObject()
        .field("a", "1")
        .name("b").beginArray().value(1).beginArray().endArray().beginObject().endObject()
        .sampleValue(0.5).timestamp(1500).endArray()
        .name("c").value(true)
        .endObject();
    assertThat(text(w)).isEqualTo("{\"a\":\"1\",\"b\":[1,[],{},\"0.5\",1.500],\"c\":true}");
  }
}
