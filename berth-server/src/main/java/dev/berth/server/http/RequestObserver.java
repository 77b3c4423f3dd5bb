package dev.berth.server.http;

/** Told about every finished request, for metrics. Implementations must be cheap and must not throw. */
@FunctionalInterface
public interface RequestObserver {

  /**
   * One request ended.
   *
   * @param route the route's name ({@code manifest}, {@code blob}, {@code upload}, …; {@code other} if none)
   * @param method the HTTP method
   * @param status the response status
   * @param nanos how long it took
   * @param bytesIn request body bytes read
   * @param bytesOut response body bytes written
   */
  void observe(String route, String method, int status, long nanos, long bytesIn, long bytesOut);

  /** An observer that records nothing. */
  static RequestObserver none() {
    return (route, method, status, nanos, in, out) -> { };
  }
}
