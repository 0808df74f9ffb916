package io.jqemu.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jqemu.qmp.command.Cont;
import io.jqemu.qmp.command.HumanMonitorCommand;
import io.jqemu.qmp.command.QomGet;
import io.jqemu.qmp.command.QomList;
import io.jqemu.qmp.command.QomProperty;
import io.jqemu.qmp.command.QueryBlock;
import io.jqemu.qmp.command.QueryCommands;
import io.jqemu.qmp.command.QueryCpusFast;
import io.jqemu.qmp.command.QueryPci;
import io.jqemu.qmp.command.QueryStatus;
import io.jqemu.qmp.command.QueryVersion;
import io.jqemu.qmp.command.SetAction;
import io.jqemu.qmp.command.StatusInfo;
import io.jqemu.qmp.command.Stop;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.RequiresQemu;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Greeting, negotiation, typed commands and run-state events against one real paused QEMU. */
@RequiresQemu
class RealQemuSessionTest {
    private static PausedQemu qemu;
    private static QmpClient client;

    @BeforeAll
    static void start() {
        qemu = PausedQemu.start("-device", "pcie-root-port,id=rp1,chassis=1,bus=pcie.0");
        client = TestClients.first(qemu).connect();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        qemu.close();
    }

    @Test
    void greetingCarriesVersionAndOobIsNegotiated() {
        QmpGreeting g = client.greeting();
        assertThat(g.version().major()).isGreaterThanOrEqualTo(7);
        assertThat(g.capabilities()).contains("oob");
        assertThat(client.oobEnabled()).isTrue();
        assertThat(client.maxInFlight()).isEqualTo(8);
        assertThat(client.send(new QueryVersion())).extracting(QemuVersion::major, QemuVersion::minor)
                .containsExactly(g.version().major(), g.version().minor());
    }

    @Test
    void withoutOobOnlyOneCommandIsInFlight() {
        try (QmpClient plain = TestClients.second(qemu).oob(false).connect()) {
            assertThat(plain.oobEnabled()).isFalse();
            assertThat(plain.maxInFlight()).isEqualTo(1);
            assertThat(plain.send(new QueryStatus()).status()).isIn("prelaunch", "paused", "running");
        }
    }

    @Test
    void typedQueriesDecode() {
        StatusInfo status = client.send(new QueryStatus());
        assertThat(status.status()).isIn("prelaunch", "paused", "running");
        assertThat(client.send(new QueryPci())).isNotEmpty().first().satisfies(bus ->
                assertThat(bus.devices()).anySatisfy(d -> {
                    assertThat(d.qdevId()).contains("rp1");
                    assertThat(d.secondaryBus()).isPresent();
                }));
        assertThat(client.send(new QueryCpusFast())).singleElement().satisfies(c -> {
            assertThat(c.cpuIndex()).isZero();
            assertThat(c.target()).isEqualTo("x86_64");
        });
        assertThat(client.send(new QueryCommands())).contains("query-status", "device_add", "getfd", "add-fd");
        assertThat(client.send(new QomList("/machine"))).extracting(QomProperty::name).contains("peripheral");
        JsonNode chassis = client.send(new QomGet("/machine/peripheral/rp1", "chassis"));
        assertThat(chassis.asInt()).isEqualTo(1);
        assertThat(client.send(new QueryBlock())).isEmpty();
        assertThat(client.send(new HumanMonitorCommand("info version"))).contains(client.greeting().version().toString());
        client.send(new SetAction(Optional.empty(), Optional.of("pause"), Optional.empty(), Optional.empty()));
    }

    @Test
    void errorReplyCarriesClassDescriptionAndCommand() {
        assertThatThrownBy(() -> client.send(new QomGet("no-such-object", "x")))
                .isInstanceOfSatisfying(QmpErrorException.class, e -> {
                    assertThat(e.errorClass()).isEqualTo("DeviceNotFound");
                    assertThat(e.description()).contains("no-such-object");
                    assertThat(e.command()).isEqualTo("qom-get");
                    assertThat(e.sent().path("arguments").path("path").asText()).isEqualTo("no-such-object");
                });
        assertThatThrownBy(() -> client.execute("no-such-command"))
                .isInstanceOfSatisfying(QmpErrorException.class, e -> assertThat(e.errorClass()).isEqualTo("CommandNotFound"));
    }

    @Test
    void stopAndContEmitStopAndResume() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        QmpSubscription sub = client.subscribe(e -> e.name().equals("STOP") || e.name().equals("RESUME"),
                e -> seen.add(e.name()));
        try {
            QmpReplyAndEvent<Void> resumed = client.sendAndAwait(new Cont(), QmpEvents.named("RESUME"), Duration.ofSeconds(10));
            assertThat(resumed.event().name()).isEqualTo("RESUME");
            assertThat(client.send(new QueryStatus()).running()).isTrue();
            QmpEvent stopped = client.sendAndAwaitAsync(new Stop(), QmpEvents.named("STOP"), Duration.ofSeconds(10))
                    .get(10, TimeUnit.SECONDS).event();
            assertThat(stopped.timestamp()).isAfter(resumed.event().timestamp().minusSeconds(1));
            assertThat(client.send(new QueryStatus()).running()).isFalse();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (seen.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } finally {
            sub.close();
        }
        assertThat(seen).containsExactly("RESUME", "STOP");
    }

    @Test
    void awaitEventTimesOutWithQmpTimeoutException() {
        assertThatThrownBy(() -> client.awaitEvent(QmpEvents.named("NEVER_SENT"), Duration.ofMillis(50)).join())
                .hasCauseInstanceOf(QmpTimeoutException.class);
    }

    @Test
    void rawExecuteReturnsJson() {
        JsonNode r = client.execute("qom-get", JsonNodeFactory.instance.objectNode()
                .put("path", "/machine").put("property", "type"));
        assertThat(r.asText()).startsWith("pc-q35");
    }
}
