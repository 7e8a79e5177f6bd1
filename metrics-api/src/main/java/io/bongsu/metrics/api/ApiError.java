package io.bongsu.metrics.api;

import com.linecorp.armeria.common.HttpStatus;

/** An API failure with Prometheus's errorType and the HTTP status Prometheus gives it. */
final class ApiError extends Exception {
  private final String errorType;

  ApiError(String errorType, String message) {
    super(message, null, false, false);
    this.errorType = errorType;
  }

  static ApiError badData(String message) {
    return new ApiError("bad_data", message);
  }

  static ApiError invalidParam(String param, String message) {
    return badData("invalid parameter \"" + param + "\": " + message);
  }

  String errorType() {
    return errorType;
  }

  HttpStatus status() {
    return switch (errorType) {
      case "bad_data" -> HttpStatus.BAD_REQUEST;
      case "execution" -> HttpStatus.UNPROCESSABLE_ENTITY;
      case "canceled", "timeout", "unavailable" -> HttpStatus.SERVICE_UNAVAILABLE;
      case "not_found" -> HttpStatus.NOT_FOUND;
      default -> HttpStatus.INTERNAL_SERVER_ERROR;
    };
  }

  /** The reason a single parameter is invalid, before the API names the parameter. */
  static final class Detail extends Exception {
    Detail(String message) {
      super(message, null, false, false);
    }
  }
}
