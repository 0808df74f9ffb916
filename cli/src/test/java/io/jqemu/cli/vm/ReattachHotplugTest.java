package io.jqemu.cli.vm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jqemu.cli.CliRun;
import io.jqemu.cli.RunProcess;
import io.jqemu.testsupport.NetworkNamespace;
import io.jqemu.testsupport.RequiresQemu;
import io.jqemu.testsupport.RequiresRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A VM with a hot-plugged bridged-tap NIC survives a restart of its controller: {@code jqemu run}
 * (inside a network namespace this test makes) is killed with SIGKILL, a second {@code jqemu run}
 * re-attaches and takes over the NIC's journal; a disk hot-plugged then lands on a root port that is
 * really free (QEMU's {@code query-pci}); after {@code jqemu stop} neither the tap nor any journal is
 * left. Real QEMU (TCG, no guest: nothing here needs one).
 */
@RequiresRoot
@RequiresQemu
class ReattachHotplugTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VM = "hotre";
    private static final String BRIDGE = "jqbr7";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void aHotPluggedTapOutlivesAKilledRunAndIsUndoneWhenTheVmStops() throws Exception {
        Path toml = Files.writeString(dir.resolve(VM + ".toml"), "name = \"" + VM + "\"\naccelerator = \"tcg\"\n"
                + "memory_mib = 64\nspare_root_ports = 3\n");
        Path image = Files.write(dir.resolve("data.img"), new byte[1 << 20]);
        Path stateRoot = dir.resolve("state");
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            ns.ip("link", "add", BRIDGE, "type", "bridge");
            ns.ip("link", "set", BRIDGE, "up");
            try (RunProcess first = run(ns, toml)) {
                first.awaitRunning(WAIT);
                CliRun attach = CliRun.under(dir, "attach", VM, "nic", "--backend", "bridged-tap", "--bridge", BRIDGE);
                assertThat(attach.exitCode()).as(attach.err()).isZero();
                String nic = attach.out().strip();
                List<String> taps = portsOf(ns);
                assertThat(taps).as("the hot-plugged NIC's tap on the bridge").hasSize(1);
                String tap = taps.get(0);
                String nicPort = rootPortOf(nic).orElseThrow();
                Path nicState = stateRoot.resolve(VM + "." + nic);
                assertThat(nicState.resolve("host-changes.journal")).exists();

                first.process().destroyForcibly(); // kill -9 of the controller; QEMU keeps running
                assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(ns.hasLink(tap)).as("a killed controller undoes nothing").isTrue();

                try (RunProcess second = run(ns, toml)) {
                    second.awaitStderr("re-attached", WAIT);

                    CliRun disk = CliRun.under(dir, "attach", VM, "disk", image.toString());
                    assertThat(disk.exitCode()).as(disk.err()).isZero();
                    String diskPort = rootPortOf(disk.out().strip()).orElseThrow();
                    assertThat(diskPort).isNotEqualTo(nicPort);
                    assertThat(rootPortOf(nic)).contains(nicPort);

                    CliRun stop = CliRun.under(dir, "stop", "--force", VM);
                    assertThat(stop.exitCode()).as(stop.err()).isZero();
                    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
                    assertThat(second.exitValue()).as(second.stderr()).isEqualTo(7);
                }
                assertThat(ns.hasLink(tap)).as("the adopted tap is removed with the VM").isFalse();
                assertThat(nicState).as("the NIC's journal and state directory").doesNotExist();
                assertThat(stateRoot.resolve(VM).resolve("host-changes.journal")).doesNotExist();
            }
        }
    }

    private RunProcess run(NetworkNamespace ns, Path toml) throws Exception {
        return RunProcess.start(dir, VM, new ProcessBuilder(ns.exec(RunProcess.jqemuCommand(dir, "run",
                toml.toString()))));
    }

    /** The interfaces enslaved to the test's bridge. */
    private static List<String> portsOf(NetworkNamespace ns) throws Exception {
        List<String> names = new ArrayList<>();
        for (String line : ns.ip("-o", "link", "show", "master", BRIDGE).split("\n")) {
            if (!line.isBlank()) {
                String name = line.split(":")[1].strip();
                names.add(name.contains("@") ? name.substring(0, name.indexOf('@')) : name);
            }
        }
        return names;
    }

    /** The root port (its qdev id) behind which QEMU has the device {@code id}, from query-pci. */
    private Optional<String> rootPortOf(String id) throws Exception {
        CliRun pci = CliRun.under(dir, "qmp", VM, "query-pci");
        assertThat(pci.exitCode()).as(pci.err()).isZero();
        for (JsonNode bus : JSON.readTree(pci.out())) {
            for (JsonNode device : bus.path("devices")) {
                for (JsonNode behind : device.path("pci_bridge").path("devices")) {
                    if (id.equals(behind.path("qdev_id").asText())) {
                        return Optional.of(device.path("qdev_id").asText());
                    }
                }
            }
        }
        return Optional.empty();
    }
}
