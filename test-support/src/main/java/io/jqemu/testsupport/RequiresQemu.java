package io.jqemu.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * The test starts a QEMU process (usually paused with {@code -S}) but boots no guest. Tag
 * {@code qemu}; {@code ./scripts/test --quick} leaves it out. The tag reaches both JUnit Jupiter
 * and jqwik tests.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag(RequiresQemu.TAG)
@net.jqwik.api.Tag(RequiresQemu.TAG)
public @interface RequiresQemu {
    /** The JUnit tag. */
    String TAG = "qemu";
}
