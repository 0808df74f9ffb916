package io.jqemu.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * The test boots (or needs the files of) the tiny test guest, {@link TestGuest}. Tag {@code guest};
 * {@code ./scripts/test --quick} leaves it out. The tag reaches both JUnit Jupiter and jqwik tests.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag(BootsGuest.TAG)
@net.jqwik.api.Tag(BootsGuest.TAG)
public @interface BootsGuest {
    /** The JUnit tag. */
    String TAG = "guest";
}
