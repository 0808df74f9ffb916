package io.jqemu.launcher;

import static org.assertj.core.api.Assertions.fail;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails every launcher test during which the launcher's schema check refused a command, even when
 * the code under test caught the exception: every command the launcher sends to a real QEMU in this
 * suite must pass the check. Registered for the whole module (junit-platform.properties). A test
 * that provokes refusals on purpose says so with {@link Expected}.
 */
public final class SchemaRefusalGuard implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SchemaRefusalGuard.class);

    /** Marks a test class whose tests make the schema check refuse commands on purpose. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface Expected {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("before", SchemaCaches.refusalCount());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        long before = context.getStore(NAMESPACE).get("before", Long.class);
        long refused = SchemaCaches.refusalCount() - before;
        if (refused > 0 && !context.getRequiredTestClass().isAnnotationPresent(Expected.class)) {
            fail("the QMP schema check refused " + refused + " command(s) the launcher sent during this test: "
                    + SchemaCaches.recentRefusals());
        }
    }
}
