package org.personacollab.ot;

import java.util.function.Function;

/**
 * The outcome of a {@code try*} call: {@link Ok} with a value or {@link Failed} with the error
 * that the throwing variant would have raised.
 *
 * @param <T> the value type
 */
public sealed interface OtResult<T> permits OtResult.Ok, OtResult.Failed {

  /** A success. */
  record Ok<T>(T value) implements OtResult<T> {}

  /** A failure; {@code error} carries the code, message and component index. */
  record Failed<T>(OtException error) implements OtResult<T> {}

  /** True for {@link Ok}. */
  default boolean isOk() {
    return this instanceof Ok;
  }

  /** The value, or throws the recorded {@link OtException}. */
  default T orThrow() {
    if (this instanceof Ok<T> ok) {
      return ok.value();
    }
    throw ((Failed<T>) this).error();
  }

  /** Maps the value of an {@link Ok}; a {@link Failed} passes through. */
  default <U> OtResult<U> map(Function<? super T, ? extends U> f) {
    if (this instanceof Ok<T> ok) {
      return new Ok<>(f.apply(ok.value()));
    }
    return new Failed<>(((Failed<T>) this).error());
  }
}
