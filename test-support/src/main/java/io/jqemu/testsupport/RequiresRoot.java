package io.jqemu.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * The test needs root: network namespaces, taps, bridges, chown to another user. Tag {@code root};
 * {@code ./scripts/test --quick} leaves it out. The tag reaches both JUnit Jupiter and jqwik tests.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag(RequiresRoot.TAG)
@net.jqwik.api.Tag(RequiresRoot.TAG)
public @interface RequiresRoot {
    /** The JUnit tag. */
    String TAG = "root";
}
