package io.jqemu.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations in messages read as people write them, never as ISO-8601 ({@code PT30S}). */
class HumanDurationTest {

    @Test
    void durationsReadNaturally() {
        assertThat(HumanDuration.of(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(HumanDuration.of(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(HumanDuration.of(Duration.ofMillis(200))).isEqualTo("200 ms");
        assertThat(HumanDuration.of(Duration.ofMinutes(2))).isEqualTo("2 min");
    }

    @Test
    void anUnplugTimeoutSaysSeconds() {
        String message = new DeviceReleaseTimeoutException("vm", "disk1", Duration.ofSeconds(30)).getMessage();

        assertThat(message).contains("within 30 s").doesNotContain("PT30S");
    }
}
