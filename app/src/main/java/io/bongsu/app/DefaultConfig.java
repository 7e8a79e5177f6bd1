package io.bongsu.app;

/** The scrape config a server runs without {@code --config.file}: itself and its own agent. */
final class DefaultConfig {
  private DefaultConfig() {}

  /**
   * @param server host:port of this server's Prometheus API
   * @param agent host:port of the embedded agent, or null when it does not run
   */
  static String yaml(String server, String agent) {
    StringBuilder y = new StringBuilder("""
        global:
          scrape_interval: 15s
          scrape_timeout: 10s
          evaluation_interval: 15s
        scrape_configs:
          - job_name: bongsu
            static_configs:
              - targets: ['%s']
        """.formatted(server));
    if (agent != null) {
      y.append("""
            - job_name: node
              static_configs:
                - targets: ['%s']
          """.formatted(agent));
    }
    return y.toString();
  }
}
