package io.bongsu.promql.ast;

/** The four PromQL value types, named as Prometheus names them in error messages. */
public enum ValueType {
  SCALAR("scalar"), VECTOR("instant vector"), MATRIX("range vector"), STRING("string");

  private final String text;

  ValueType(String text) {
    this.text = text;
  }

  @Override
  public String toString() {
    return text;
  }
}
