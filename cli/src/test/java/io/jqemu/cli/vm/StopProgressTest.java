package io.jqemu.cli.vm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** How stop's progress reads: one line per rung for pipes and logs, one rewritten line on a terminal. */
class StopProgressTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void plainLinesSayWhatWasDoneWhatItWaitsForAndTheForceHint() {
        StringWriter text = new StringWriter();
        try (StopProgress progress = StopProgress.plain("web", new PrintWriter(text))) {
            progress.accept(rung("guest_poweroff", "power button pressed", 60_000, true));
            progress.accept(rung("quit", "quit sent", 10_000, false));
        }

        assertThat(text.toString()).isEqualTo(
                "jqemu: web: power button pressed; waiting up to 60 s for the guest to power off "
                        + "(jqemu stop --force web skips the guest)\n"
                        + "jqemu: web: quit sent; waiting up to 10 s for QEMU to exit\n");
    }

    @Test
    void aTerminalGetsOneLiveLineCountingDownThenANewline() {
        StringWriter text = new StringWriter();
        StopProgress progress = new StopProgress("web", new PrintWriter(text), true);
        progress.accept(rung("guest_poweroff", "power button pressed", 60_000, true));
        progress.accept(rung("quit", "quit sent", 10_000, false));
        progress.close();

        assertThat(text.toString())
                .startsWith("\r\033[Kweb: power button pressed; waiting for the guest to power off, ")
                .contains(" s left (jqemu stop --force web skips the guest)")
                .contains("\r\033[Kweb: quit sent; waiting for QEMU to exit, ")
                .doesNotContain("jqemu stop --force web skips the guest)\n")
                .endsWith(" s left\n");
    }

    private static ObjectNode rung(String step, String action, long waitingMs, boolean guest) {
        return JSON.createObjectNode().put("step", step).put("action", action).put("waiting_ms", waitingMs)
                .put("waits_for_guest", guest);
    }
}
