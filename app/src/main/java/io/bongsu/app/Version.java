package io.bongsu.app;

import picocli.CommandLine;

/** The version Maven stamped into the jar's manifest, or "dev" when run from classes. */
public final class Version implements CommandLine.IVersionProvider {
  public static String current() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"bongsu " + current() + " (java " + System.getProperty("java.version") + ")"};
  }
}
