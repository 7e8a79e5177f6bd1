package io.bongsu.metrics.api;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import io.bongsu.metrics.ingest.remotewrite.RemoteWriteException;
import io.bongsu.metrics.ingest.remotewrite.RemoteWriteReceiver;
import io.bongsu.metrics.ingest.remotewrite.RemoteWriteResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/write}: 204 when everything was stored; 400 with a plain-text reason for a
 * body that does not decode (nothing stored) or for rejected samples (the others stored), so
 * senders do not retry; 415 for a content encoding or type that is not remote write 1.0.
 */
final class RemoteWriteHandler {
  private static final Logger log = LoggerFactory.getLogger(RemoteWriteHandler.class);

  private final RemoteWriteReceiver receiver;
  private final AtomicBoolean histogramWarned = new AtomicBoolean();

  RemoteWriteHandler(RemoteWriteReceiver receiver) {
    this.receiver = receiver;
  }

  /**
   * Handles the request on {@code executor} and releases its (pooled) body afterwards, also when
   * the executor refuses the task.
   */
  CompletableFuture<HttpResponse> handleAsync(AggregatedHttpRequest req, Executor executor) {
    try {
      return CompletableFuture.supplyAsync(() -> {
        try {
          return handle(req);
        } finally {
          req.content().close();
        }
      }, executor);
    } catch (RuntimeException e) {
      req.content().close();
      throw e;
    }
  }

  HttpResponse handle(AggregatedHttpRequest req) {
    String encoding = req.headers().get(HttpHeaderNames.CONTENT_ENCODING);
    if (encoding != null && !encoding.equalsIgnoreCase("snappy")) {
      return text(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "unsupported content encoding " + encoding + ", want snappy");
    }
    MediaType type = req.contentType();
    if (type != null && !isRemoteWrite1(type)) {
      return text(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported content type " + type
          + ", want application/x-protobuf (remote write 1.0, proto=prometheus.WriteRequest)");
    }
    RemoteWriteResult result;
    try {
      result = receiver.receive(req.content().byteBuf().nioBuffer());
    } catch (RemoteWriteException e) {
      return text(HttpStatus.BAD_REQUEST, e.getMessage());
    } catch (RuntimeException e) {
      log.error("remote write failed", e);
      return text(HttpStatus.INTERNAL_SERVER_ERROR, String.valueOf(e.getMessage()));
    }
    if (result.histogramsSkipped() > 0 && histogramWarned.compareAndSet(false, true)) {
      log.warn("remote write: native histograms are not supported yet; skipped {} in this"
          + " request (float samples were stored; further skips are not logged)",
          result.histogramsSkipped());
    }
    if (result.hasRejections()) {
      return text(HttpStatus.BAD_REQUEST, result.errorText().stripTrailing());
    }
    return HttpResponse.of(HttpStatus.NO_CONTENT);
  }

  /** Remote write 2.0 senders name their message in a proto parameter; 1.0 ones send none. */
  private static boolean isRemoteWrite1(MediaType type) {
    if (!type.is(MediaType.X_PROTOBUF) && !type.is(MediaType.PROTOBUF)) {
      return false;
    }
    java.util.List<String> proto = type.parameters().get("proto");
    return proto == null || proto.contains("prometheus.WriteRequest");
  }

  /** Go's http.Error: the message plus a newline, as plain text. */
  private static HttpResponse text(HttpStatus status, String message) {
    return HttpResponse.of(status, MediaType.PLAIN_TEXT_UTF_8, message + "\n");
  }
}
