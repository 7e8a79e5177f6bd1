package io.bongsu.common.net;

import java.net.InetSocketAddress;

/** Listen addresses as Prometheus tools write them: {@code host:port}, {@code :port}, {@code [v6]:port}. */
public final class ListenAddress {
  private ListenAddress() {}

  /** {@code :port} binds every interface. */
  public static InetSocketAddress parse(String listen) {
    int colon = listen.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "listen address needs a port, e.g. :9100 or 127.0.0.1:9100: " + listen);
    }
    String host = listen.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in listen address: " + listen, e);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range in listen address: " + listen);
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }

  /** How a client on this host reaches a listener: localhost when it binds every interface. */
  public static String local(InetSocketAddress bound) {
    return (bound.getAddress() == null || bound.getAddress().isAnyLocalAddress()
        ? "localhost" : bound.getHostString()) + ":" + bound.getPort();
  }
}
