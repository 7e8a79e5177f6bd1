package io.bongsu.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A client of the Prometheus HTTP API v1, used alike against Prometheus and Bongsu. */
final class PromApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String base;

  PromApi(String base) {
    this.base = base;
  }

  /** GET path?params (params already "k=v" pairs, values encoded here) and parse the JSON body. */
  JsonNode get(String path, String... params) throws Exception {
    StringBuilder url = new StringBuilder(base).append(path);
    for (int i = 0; i < params.length; i += 2) {
      url.append(i == 0 ? '?' : '&').append(params[i]).append('=')
          .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
    }
    HttpResponse<String> r = client.send(
        HttpRequest.newBuilder(URI.create(url.toString())).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(r.body());
    if (!"success".equals(body.path("status").asText())) {
      throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
    }
    return body.get("data");
  }

  JsonNode query(String promql) throws Exception {
    return get("/api/v1/query", "query", promql);
  }

  HttpResponse<String> raw(HttpRequest request) throws Exception {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  String base() {
    return base;
  }
}
