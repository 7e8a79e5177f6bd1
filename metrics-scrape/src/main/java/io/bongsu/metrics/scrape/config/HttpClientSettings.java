package io.bongsu.metrics.scrape.config;

import java.nio.file.Path;

/**
 * How to reach targets: credentials and TLS. Secret files are resolved against the config file's
 * directory and read at scrape time, so rotated secrets apply without a reload.
 */
public record HttpClientSettings(
    BasicAuth basicAuth, Authorization authorization, Tls tls, boolean followRedirects) {

  public static final HttpClientSettings DEFAULT =
      new HttpClientSettings(null, null, new Tls(false, null, null), true);

  /** {@code basic_auth}: the password inline or in a file. */
  public record BasicAuth(String username, String password, Path passwordFile) {}

  /** {@code authorization} (or the older {@code bearer_token}): {@code <type> <credentials>}. */
  public record Authorization(String type, String credentials, Path credentialsFile) {}

  /** {@code tls_config}: a CA bundle and whether to skip verification. */
  public record Tls(boolean insecureSkipVerify, Path caFile, String serverName) {}

  static HttpClientSettings parse(YamlMap m, Path dir) {
    BasicAuth basic = null;
    if (m.has("basic_auth")) {
      YamlMap b = m.map("basic_auth");
      String user = b.string("username", "");
      String password = b.string("password", null);
      String file = b.string("password_file", null);
      b.finish("config.BasicAuth");
      if (password != null && file != null) {
        throw new ConfigException(b.path() + ": at most one of basic_auth password & password_file must be configured");
      }
      basic = new BasicAuth(user, password == null ? "" : password, resolve(dir, file));
    }
    Authorization auth = null;
    String bearer = m.string("bearer_token", null);
    String bearerFile = m.string("bearer_token_file", null);
    if (bearer != null && bearerFile != null) {
      throw new ConfigException(m.path() + ": at most one of bearer_token & bearer_token_file must be configured");
    }
    if (m.has("authorization")) {
      YamlMap a = m.map("authorization");
      String type = a.string("type", "Bearer");
      String credentials = a.string("credentials", null);
      String file = a.string("credentials_file", null);
      a.finish("config.Authorization");
      if (type.equalsIgnoreCase("basic")) {
        throw new ConfigException(a.field("type") + ": authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
      }
      if (credentials != null && file != null) {
        throw new ConfigException(a.path() + ": at most one of authorization credentials & credentials_file must be configured");
      }
      if (bearer != null || bearerFile != null) {
        throw new ConfigException(m.path() + ": authorization is not compatible with bearer_token & bearer_token_file");
      }
      auth = new Authorization(type, credentials == null ? "" : credentials, resolve(dir, file));
    } else if (bearer != null || bearerFile != null) {
      auth = new Authorization("Bearer", bearer == null ? "" : bearer, resolve(dir, bearerFile));
    }
    if (basic != null && auth != null) {
      throw new ConfigException(m.path() + ": at most one of basic_auth, bearer_token & authorization must be configured");
    }
    YamlMap t = m.map("tls_config");
    boolean insecure = t.bool("insecure_skip_verify", false);
    Path ca = resolve(dir, t.string("ca_file", null));
    String serverName = t.string("server_name", null);
    for (String unsupported : new String[] {"cert_file", "key_file", "ca", "cert", "key"}) {
      if (t.has(unsupported)) {
        throw new ConfigException(t.field(unsupported) + ": client certificates are not supported yet");
      }
    }
    t.raw("min_version");
    t.finish("config.TLSConfig");
    for (String unsupported : new String[] {"oauth2", "proxy_url"}) {
      if (m.has(unsupported)) {
        throw new ConfigException(m.field(unsupported) + ": not supported yet");
      }
    }
    boolean follow = m.bool("follow_redirects", true);
    m.bool("enable_http2", true);
    return new HttpClientSettings(basic, auth, new Tls(insecure, ca, serverName), follow);
  }

  static Path resolve(Path dir, String file) {
    if (file == null || file.isEmpty()) {
      return null;
    }
    Path p = Path.of(file);
    return dir == null || p.isAbsolute() ? p : dir.resolve(p);
  }
}
