package io.bongsu.metrics.api;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.ArrayList;
import java.util.List;

/** Request parameters as Go's {@code r.Form}: form body values first, then the URL query. */
final class Params {
  private final QueryParams body;
  private final QueryParams query;
  private final ServiceRequestContext ctx;

  Params(ServiceRequestContext ctx, AggregatedHttpRequest req) {
    this.ctx = ctx;
    this.query = ctx.queryParams();
    MediaType type = req.contentType();
    if (req.method() != HttpMethod.GET && type != null && type.is(MediaType.FORM_DATA)) {
      this.body = QueryParams.fromQueryString(req.contentUtf8());
    } else {
      this.body = QueryParams.of();
    }
  }

  /** The first value, or "" when absent (as Go's FormValue). */
  String get(String name) {
    String v = body.get(name);
    if (v == null) {
      v = query.get(name);
    }
    return v == null ? "" : v;
  }

  List<String> all(String name) {
    List<String> out = new ArrayList<>(body.getAll(name));
    out.addAll(query.getAll(name));
    return out;
  }

  String pathParam(String name) {
    return ctx.pathParam(name);
  }
}
