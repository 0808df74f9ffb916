package io.jqemu.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Each tag annotation carries its tag for JUnit Jupiter and for jqwik, which read different annotations. */
class TagsTest {
    @Test
    void everyAnnotationCarriesItsTagForBothEngines() {
        assertTags(RequiresQemu.class, "qemu");
        assertTags(BootsGuest.class, "guest");
        assertTags(RequiresRoot.class, "root");
    }

    private static void assertTags(Class<? extends Annotation> annotation, String tag) {
        assertThat(annotation.getAnnotation(Tag.class).value()).as(annotation.getSimpleName()).isEqualTo(tag);
        assertThat(annotation.getAnnotation(net.jqwik.api.Tag.class).value()).as(annotation.getSimpleName()).isEqualTo(tag);
    }
}
