package io.bongsu.metrics.scrape;

import io.bongsu.exposition.ExpositionFormat;
import io.bongsu.metrics.scrape.config.Durations;
import io.bongsu.metrics.scrape.config.HttpClientSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Fetches one target's body over HTTP the way Prometheus asks for it. */
final class HttpScraper {
  static final String USER_AGENT = "Bongsu/0.1";

  private final HttpClient client;
  private final HttpClientSettings settings;

  /** A downloaded body: {@code bytes[0, length)} plus the response's Content-Type. */
  record Body(byte[] bytes, int length, String contentType) {}

  HttpScraper(HttpClientSettings settings, Executor executor) {
    this.settings = settings;
    HttpClient.Builder b = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .executor(executor)
        .followRedirects(settings.followRedirects() ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
    if (settings.tls().insecureSkipVerify() || settings.tls().caFile() != null) {
      b.sslContext(sslContext(settings.tls()));
    }
    if (settings.tls().serverName() != null) {
      SSLParameters params = new SSLParameters();
      params.setServerNames(List.of(new javax.net.ssl.SNIHostName(settings.tls().serverName())));
      b.sslParameters(params);
    }
    this.client = b.build();
  }

  Body fetch(URI url, Duration timeout, long bodyLimit, int sizeHint) throws ScrapeFailedException {
    HttpRequest.Builder rb = HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Accept", ExpositionFormat.SCRAPE_ACCEPT_HEADER)
        .header("Accept-Encoding", "gzip")
        .header("User-Agent", USER_AGENT)
        .header("X-Prometheus-Scrape-Timeout-Seconds", Durations.seconds(timeout))
        .GET();
    String auth = authorization();
    if (auth != null) {
      rb.header("Authorization", auth);
    }
    long limit = bodyLimit <= 0 ? Integer.MAX_VALUE - 16 : Math.min(bodyLimit, Integer.MAX_VALUE - 16);
    CompletableFuture<HttpResponse<Body>> future = client.sendAsync(rb.build(), info -> {
      if (info.statusCode() != 200) {
        return HttpResponse.BodySubscribers.replacing(null);
      }
      String ct = info.headers().firstValue("Content-Type").orElse(null);
      return new LimitedBody(limit, sizeHint, ct);
    });
    HttpResponse<Body> resp;
    try {
      resp = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new ScrapeFailedException("Get \"" + url + "\": context deadline exceeded");
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new ScrapeFailedException("scrape interrupted");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof BodyTooLarge) {
        throw new ScrapeFailedException("body size limit exceeded");
      }
      if (c instanceof HttpTimeoutException) {
        throw new ScrapeFailedException("Get \"" + url + "\": context deadline exceeded");
      }
      String why = c instanceof java.net.ConnectException ? "connect: connection refused"
          : c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
      throw new ScrapeFailedException("Get \"" + url + "\": " + why);
    }
    if (resp.statusCode() != 200) {
      throw new ScrapeFailedException("server returned HTTP status " + resp.statusCode());
    }
    Body body = resp.body();
    String encoding = resp.headers().firstValue("Content-Encoding").orElse("");
    if (encoding.equalsIgnoreCase("gzip")) {
      return gunzip(body, limit);
    }
    return body;
  }

  private static Body gunzip(Body body, long limit) throws ScrapeFailedException {
    byte[] out = new byte[Math.max(1024, Math.min(body.length() * 4, (int) limit + 1))];
    int n = 0;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body.bytes(), 0, body.length()))) {
      while (true) {
        if (n == out.length) {
          if (n > limit) {
            throw new ScrapeFailedException("body size limit exceeded");
          }
          out = Arrays.copyOf(out, (int) Math.min((long) out.length * 2, limit + 1));
        }
        int r = in.read(out, n, out.length - n);
        if (r < 0) {
          break;
        }
        n += r;
        if (n > limit) {
          throw new ScrapeFailedException("body size limit exceeded");
        }
      }
    } catch (IOException e) {
      throw new ScrapeFailedException("decompressing gzip body: " + e.getMessage());
    }
    return new Body(out, n, body.contentType());
  }

  private String authorization() throws ScrapeFailedException {
    HttpClientSettings.BasicAuth basic = settings.basicAuth();
    if (basic != null) {
      String password = basic.passwordFile() == null ? basic.password() : readSecret(basic.passwordFile());
      return "Basic " + Base64.getEncoder().encodeToString(
          (basic.username() + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
    HttpClientSettings.Authorization a = settings.authorization();
    if (a != null) {
      String cred = a.credentialsFile() == null ? a.credentials() : readSecret(a.credentialsFile());
      return a.type() + " " + cred;
    }
    return null;
  }

  private static String readSecret(Path file) throws ScrapeFailedException {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new ScrapeFailedException("unable to read secret file " + file + ": " + e.getMessage());
    }
  }

  private static SSLContext sslContext(HttpClientSettings.Tls tls) {
    try {
      TrustManager[] managers;
      if (tls.insecureSkipVerify()) {
        managers = new TrustManager[] {new TrustAll()};
      } else {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        try (InputStream in = Files.newInputStream(tls.caFile())) {
          for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
            ks.setCertificateEntry("ca" + i++, c);
          }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        managers = tmf.getTrustManagers();
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, managers, null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** insecure_skip_verify: accepts any certificate and, being an extended manager, any host name. */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override public void checkClientTrusted(X509Certificate[] c, String a, java.net.Socket s) {}
    @Override public void checkServerTrusted(X509Certificate[] c, String a, java.net.Socket s) {}
    @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}
    @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}
    @Override public void checkClientTrusted(X509Certificate[] c, String a) {}
    @Override public void checkServerTrusted(X509Certificate[] c, String a) {}
    @Override public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  private static final class BodyTooLarge extends IOException {
    BodyTooLarge() {
      super("body size limit exceeded", null);
    }
  }

  /** Collects the body into one array and gives up as soon as it passes the limit. */
  private static final class LimitedBody implements HttpResponse.BodySubscriber<Body> {
    private final CompletableFuture<Body> result = new CompletableFuture<>();
    private final long limit;
    private final String contentType;
    private byte[] buf;
    private int n;
    private Flow.Subscription subscription;

    LimitedBody(long limit, int sizeHint, String contentType) {
      this.limit = limit;
      this.contentType = contentType;
      this.buf = new byte[(int) Math.max(256, Math.min(sizeHint + 1024L, limit + 1))];
    }

    @Override
    public CompletionStage<Body> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer bb : items) {
        int r = bb.remaining();
        if (n + (long) r > limit) {
          result.completeExceptionally(new BodyTooLarge());
          subscription.cancel();
          return;
        }
        if (n + r > buf.length) {
          buf = Arrays.copyOf(buf, (int) Math.min(Math.max((long) buf.length * 2, n + (long) r), limit + 1));
        }
        bb.get(buf, n, r);
        n += r;
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(new Body(buf, n, contentType));
    }
  }
}
