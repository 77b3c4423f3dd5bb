package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions shared by the OCI vocabulary tests. */
final class OciAssertions {
  private OciAssertions() {}

  /** Asserts that {@code call} throws a {@link RegistryException} with {@code code}, and returns it. */
  static RegistryException assertRejected(ErrorCode code, ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("expected a RegistryException with %s", code).isInstanceOf(RegistryException.class);
    RegistryException e = (RegistryException) thrown;
    assertThat(e.code()).as("error code (detail %s)", e.detail()).isEqualTo(code);
    return e;
  }
}
