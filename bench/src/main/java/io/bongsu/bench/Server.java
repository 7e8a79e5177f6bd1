package io.bongsu.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** One system under test as a child process on 127.0.0.1, with its /proc accounting. */
final class Server {
  /** Every process started, so a shutdown hook can stop them on any failure. */
  static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
  }

  enum Kind { BONGSU, PROMETHEUS, VICTORIA_METRICS }

  final Kind kind;
  final Path dataDir;
  final Path log;
  final int port;
  private final Path bongsuJar;
  private final Path workDir;
  private final List<String> bongsuJvmArgs;
  private Process process;

  Server(Kind kind, Path workDir, Path bongsuJar, List<String> bongsuJvmArgs) throws IOException {
    this.kind = kind;
    this.bongsuJvmArgs = bongsuJvmArgs;
    this.workDir = workDir;
    this.bongsuJar = bongsuJar;
    this.dataDir = workDir.resolve(name() + "-data");
    this.log = workDir.resolve(name() + ".log");
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      this.port = s.getLocalPort();
    }
  }

  String name() {
    return switch (kind) {
      case BONGSU -> "bongsu";
      case PROMETHEUS -> "prometheus";
      case VICTORIA_METRICS -> "victoria-metrics";
    };
  }

  private List<String> command() throws IOException {
    String listen = "127.0.0.1:" + port;
    List<String> cmd = new ArrayList<>();
    // No scrape jobs: self-scraping would write samples at the wall clock into a head that holds
    // the dataset's past hours, and a head spanning both is cut into blocks mid-ingest.
    Path config = workDir.resolve("empty-prometheus.yml");
    Files.writeString(config, "");
    switch (kind) {
      case BONGSU -> {
        cmd.add("java");
        // The server's own JVM settings, as ./bongsu uses them (app/jvm.options, copied by the
        // build next to the jar); --bongsu-jvm-args come after and win.
        Path jvmOptions = bongsuJar.resolveSibling("jvm.options");
        if (Files.exists(jvmOptions)) {
          cmd.add("@" + jvmOptions);
        }
        // Class data sharing as ./bongsu does it: an archive next to the jar, written at exit by
        // the first run of a new jar and mapped by later starts. Not with a flight recording
        // started with the JVM, which crashes this JDK 17 while the archive is mapped (see
        // ./bongsu).
        Path cds = bongsuJar.resolveSibling("bongsu.jsa");
        boolean recording = bongsuJvmArgs.stream().anyMatch(a -> a.contains("StartFlightRecording"));
        if (!recording && Files.exists(cds)
            && Files.getLastModifiedTime(cds).compareTo(Files.getLastModifiedTime(bongsuJar)) > 0) {
          cmd.add("-XX:SharedArchiveFile=" + cds);
        } else if (!recording) {
          cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + cds, "-Xlog:cds=off",
              "-Xlog:cds+dynamic=off"));
        }
        cmd.addAll(bongsuJvmArgs);
        cmd.addAll(List.of("-jar", bongsuJar.toString(), "server",
          "--config.file=" + config, "--storage.tsdb.path=" + dataDir,
          "--web.listen-address=" + listen, "--console.listen-address=off",
          "--agent.listen-address=off"));
      }
      case PROMETHEUS -> {
        cmd.addAll(List.of("prometheus", "--web.enable-remote-write-receiver",
            "--storage.tsdb.path=" + dataDir, "--config.file=" + config,
            "--web.listen-address=" + listen));
      }
      case VICTORIA_METRICS -> cmd.addAll(List.of("victoria-metrics",
          "-storageDataPath=" + dataDir, "-httpListenAddr=" + listen, "-search.disableCache",
          "-retentionPeriod=10y"));
    }
    return cmd;
  }

  String commandLine() throws IOException {
    // Paths inside the checkout are shown relative to it, so the docs name no machine's layout.
    String repo = Path.of("").toAbsolutePath() + "/";
    return String.join(" ", command()).replace(workDir.toString(), "$WORK").replace(repo, "");
  }

  String writePath() {
    return "/api/v1/write";
  }

  private String readyPath() {
    return kind == Kind.VICTORIA_METRICS ? "/health" : "/-/ready";
  }

  void start() throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command());
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = pb.start();
    RUNNING.add(process);
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Waits until the ready endpoint answers 200; returns the elapsed milliseconds. */
  long awaitReady(long startNanos, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name() + " exited with " + process.exitValue()
            + "; see " + log);
      }
      try {
        if (get(readyPath()).status == 200) {
          return (System.nanoTime() - startNanos) / 1_000_000;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException(name() + " not ready within " + timeoutMillis + " ms");
  }

  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    RUNNING.remove(process);
  }

  /** SIGTERM, then SIGKILL if it does not exit within the grace period. */
  void stop(long graceMillis) throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(graceMillis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
    RUNNING.remove(process);
  }

  /** User plus system CPU seconds of the process so far. */
  double cpuSeconds() throws IOException {
    long ticks = Proc.cpuTicks(Path.of("/proc", Long.toString(pid()), "stat"));
    return ticks / (double) Proc.CLOCK_TICKS;
  }

  long rssBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS for " + pid());
  }

  record Response(int status, String body) {}

  Response get(String pathAndQuery) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + pathAndQuery)
        .toURL().openConnection();
    c.setConnectTimeout(2000);
    c.setReadTimeout(120_000);
    int status = c.getResponseCode();
    try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
      return new Response(status, in == null ? "" : new String(in.readAllBytes(),
          StandardCharsets.UTF_8));
    }
  }

  Response post(String path, byte[] body) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path)
        .toURL().openConnection();
    c.setConnectTimeout(2000);
    c.setReadTimeout(60_000);
    c.setDoOutput(true);
    c.setRequestMethod("POST");
    c.setRequestProperty("Content-Type", "application/x-protobuf");
    c.setRequestProperty("Content-Encoding", "snappy");
    c.setRequestProperty("X-Prometheus-Remote-Write-Version", "0.1.0");
    c.setFixedLengthStreamingMode(body.length);
    try (OutputStream out = c.getOutputStream()) {
      out.write(body);
    }
    int status = c.getResponseCode();
    try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
      byte[] b = in == null ? new byte[0] : in.readAllBytes();
      return new Response(status, status >= 300 ? new String(b, StandardCharsets.UTF_8) : "");
    }
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static long dirBytes(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException gone) {
          return 0;
        }
      }).sum();
    }
  }

  /** Host facts read from /proc and the child processes' own version output. */
  static final class Proc {
    static final long CLOCK_TICKS = clockTicks();

    private static long clockTicks() {
      try {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return Long.parseLong(out);
      } catch (IOException | InterruptedException | NumberFormatException e) {
        return 100;
      }
    }

    /** utime + stime, in clock ticks, from a process's or thread's {@code stat} file. */
    static long cpuTicks(Path stat) throws IOException {
      String text = Files.readString(stat);
      String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static String run(String... cmd) {
      try {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return out;
      } catch (IOException e) {
        return "unavailable (" + e.getMessage() + ")";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }
  }
}
