package io.bongsu.console;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.encoding.EncodingService;
import com.linecorp.armeria.server.file.FileService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The web console: a single-page front end talking to the Prometheus HTTP API on the same origin.
 *
 * <p>{@link #mount(ServerBuilder)} serves {@code index.html} for every client-side route, the
 * console's scripts and styles under {@code /assets/<content hash>/} (cached forever, since a
 * changed file changes the hash and so the URL), and uPlot from its WebJar under a versioned path.
 * Text responses are gzip-compressed when the client accepts it.
 */
public final class Console implements AutoCloseable {
  /** Client-side routes: each serves the page, and the script picks the view from the path. */
  public static final List<String> ROUTES =
      List.of("explore", "dashboards", "targets", "status");

  static final String UPLOT_VERSION = "1.6.30";
  static final String UPLOT_PATH = "/assets/vendor/uplot-" + UPLOT_VERSION + "/";
  private static final String STATIC_ROOT = "io/bongsu/console/static";
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";

  private final String assetsPath;
  private final byte[] indexHtml;
  private final DashboardStore dashboards;
  private final DashboardProvisioner provisioner;

  private Console(Path dashboardsDir, Path provisioningDir) {
    provisioner = DashboardProvisioner.start(provisioningDir);
    dashboards = new DashboardStore(dashboardsDir, provisioner);
    Map<String, byte[]> files = readStatic();
    assetsPath = "/assets/" + hash(files) + "/";
    byte[] template = files.get("index.html");
    if (template == null) {
      throw new IllegalStateException("console index.html missing from the classpath");
    }
    indexHtml = new String(template, StandardCharsets.UTF_8)
        .replace("{{assets}}", assetsPath)
        .replace("{{uplot}}", UPLOT_PATH)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** @param dashboardsDir where dashboards saved from the console are kept */
  public static Console create(Path dashboardsDir) {
    return new Console(dashboardsDir, null);
  }

  /**
   * @param dashboardsDir where dashboards saved from the console are kept
   * @param provisioningDir Grafana-style provisioning root: provider YAML files are read from its
   *     {@code dashboards} folder; null or missing provisions nothing
   */
  public static Console create(Path dashboardsDir, Path provisioningDir) {
    return new Console(dashboardsDir, provisioningDir);
  }

  /** Reads the dashboard provider files again, as the server's config reload does. */
  public void reloadProvisioning() {
    provisioner.reload();
  }

  /** Stops re-scanning provisioned dashboards. */
  @Override
  public void close() {
    provisioner.close();
  }

  /** Where this build's scripts and styles are served, e.g. {@code /assets/3fa2c0d1e9b4/}. */
  public String assetsPath() {
    return assetsPath;
  }

  public void mount(ServerBuilder sb) {
    Function<? super HttpService, EncodingService> gzip = EncodingService.builder()
        .encodableContentTypes(Console::compressible)
        .newDecorator();
    HttpService index = ((HttpService) (ctx, req) -> HttpResponse.of(
        ResponseHeaders.builder(HttpStatus.OK)
            .contentType(MediaType.HTML_UTF_8)
            .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
            .build(),
        HttpData.wrap(indexHtml))).decorate(gzip);
    sb.service("/", index);
    for (String route : ROUTES) {
      sb.service("/" + route, index);
      sb.serviceUnder("/" + route + "/", index);
    }
    ClassLoader cl = Console.class.getClassLoader();
    sb.serviceUnder(assetsPath, FileService.builder(cl, STATIC_ROOT)
        .cacheControl(IMMUTABLE).autoIndex(false).build().decorate(gzip));
    sb.serviceUnder(UPLOT_PATH, FileService.builder(cl,
            "META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist")
        .cacheControl(IMMUTABLE).autoIndex(false).build().decorate(gzip));
    mountDashboards(sb, gzip);
  }

  /**
   * {@code /api/console/dashboards}: list; {@code /{uid}}: GET, PUT (whole document), DELETE;
   * {@code /api/console/provisioning}: providers and the files that could not be used.
   */
  private void mountDashboards(ServerBuilder sb, Function<? super HttpService, EncodingService> gzip) {
    String base = "/api/console/dashboards";
    sb.route().get("/api/console/provisioning").build(((HttpService) (ctx, req) -> blocking(ctx,
        () -> json(HttpStatus.OK, provisioningStatus()))).decorate(gzip));
    sb.route().get(base).build(((HttpService) (ctx, req) -> blocking(ctx,
        () -> json(HttpStatus.OK, dashboards.list()))).decorate(gzip));
    sb.route().get(base + "/{uid}").build(((HttpService) (ctx, req) -> blocking(ctx,
        () -> dashboards.get(ctx.pathParam("uid"))
            .map(d -> json(HttpStatus.OK, d))
            .orElseGet(() -> error(HttpStatus.NOT_FOUND, "no dashboard " + ctx.pathParam("uid")))))
        .decorate(gzip));
    sb.route().put(base + "/{uid}").build((ctx, req) -> HttpResponse.of(req.aggregate()
        .thenApplyAsync(body -> call(() -> {
          dashboards.save(ctx.pathParam("uid"), body.content().array());
          return json(HttpStatus.OK, Map.of("uid", ctx.pathParam("uid")));
        }), ctx.blockingTaskExecutor())));
    sb.route().delete(base + "/{uid}").build((ctx, req) -> blocking(ctx,
        () -> dashboards.delete(ctx.pathParam("uid"))
            ? HttpResponse.of(HttpStatus.NO_CONTENT)
            : error(HttpStatus.NOT_FOUND, "no saved dashboard " + ctx.pathParam("uid"))));
  }

  private interface Action {
    HttpResponse run() throws IOException;
  }

  private static HttpResponse blocking(ServiceRequestContext ctx, Action action) {
    return HttpResponse.of(CompletableFuture.supplyAsync(() -> call(action), ctx.blockingTaskExecutor()));
  }

  private static HttpResponse call(Action action) {
    try {
      return action.run();
    } catch (DashboardStore.ReadOnlyException e) {
      return error(HttpStatus.FORBIDDEN, e.getMessage());
    } catch (IllegalArgumentException e) {
      return error(HttpStatus.BAD_REQUEST, e.getMessage());
    } catch (IOException e) {
      return error(HttpStatus.INTERNAL_SERVER_ERROR, "dashboard storage: " + e.getMessage());
    }
  }

  private Map<String, Object> provisioningStatus() {
    List<Map<String, Object>> providers = new ArrayList<>();
    List<DashboardProvisioner.Provisioned> all = provisioner.dashboards();
    for (DashboardProvisioner.Provider p : provisioner.providers()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", p.name());
      m.put("folder", p.folder());
      m.put("path", p.path().toString());
      m.put("foldersFromFilesStructure", p.foldersFromFilesStructure());
      m.put("disableDeletion", p.disableDeletion());
      m.put("allowUiUpdates", p.allowUiUpdates());
      m.put("updateIntervalSeconds", p.updateIntervalSeconds());
      m.put("configFile", p.configFile().toString());
      m.put("dashboards", all.stream().filter(d -> d.provider().equals(p)).count());
      providers.add(m);
    }
    return Map.of("providers", providers, "errors", provisioner.errors());
  }

  private static HttpResponse json(HttpStatus status, Object value) {
    try {
      return HttpResponse.of(ResponseHeaders.builder(status).contentType(MediaType.JSON_UTF_8)
          .set(HttpHeaderNames.CACHE_CONTROL, "no-store").build(),
          HttpData.wrap(DashboardStore.json().writeValueAsBytes(value)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpResponse error(HttpStatus status, String message) {
    return json(status, Map.of("error", message));
  }

  private static boolean compressible(MediaType t) {
    return t.is(MediaType.ANY_TEXT_TYPE) || "javascript".equals(t.subtype())
        || "json".equals(t.subtype()) || "svg+xml".equals(t.subtype());
  }

  /** Every file under the static root, by relative path, from a directory or a jar. */
  static Map<String, byte[]> readStatic() {
    URL url = Console.class.getClassLoader().getResource(STATIC_ROOT);
    if (url == null) {
      throw new IllegalStateException("console assets missing from the classpath: " + STATIC_ROOT);
    }
    Map<String, byte[]> files = new TreeMap<>();
    try {
      if ("jar".equals(url.getProtocol())) {
        JarURLConnection conn = (JarURLConnection) url.openConnection();
        conn.setUseCaches(false);
        try (JarFile jar = conn.getJarFile()) {
          String prefix = STATIC_ROOT + "/";
          for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
            if (!e.isDirectory() && e.getName().startsWith(prefix)) {
              try (InputStream in = jar.getInputStream(e)) {
                files.put(e.getName().substring(prefix.length()), in.readAllBytes());
              }
            }
          }
        }
      } else {
        Path root = Path.of(url.toURI());
        try (Stream<Path> walk = Files.walk(root)) {
          for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
            files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read console assets", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return files;
  }

  private static String hash(Map<String, byte[]> files) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      files.forEach((name, bytes) -> {
        md.update(name.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(bytes);
      });
      md.update(UPLOT_VERSION.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest(), 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
