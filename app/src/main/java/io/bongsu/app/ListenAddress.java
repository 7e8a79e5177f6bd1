package io.bongsu.app;

import java.net.InetSocketAddress;

/** Reads {@code host:port}, {@code :port} (all interfaces) and {@code [v6]:port}. */
final class ListenAddress {
  private ListenAddress() {}

  static InetSocketAddress parse(String address) {
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("listen address needs a port: " + address);
    }
    String host = address.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in listen address: " + address);
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }

  /** The address a local client uses to reach a listener: loopback when it binds everything. */
  static String local(InetSocketAddress bound) {
    return (bound.getAddress() == null || bound.getAddress().isAnyLocalAddress()
        ? "localhost" : bound.getHostString()) + ":" + bound.getPort();
  }
}
