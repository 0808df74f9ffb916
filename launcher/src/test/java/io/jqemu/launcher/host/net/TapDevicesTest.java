package io.jqemu.launcher.host.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.launcher.host.HostChange;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostLayout;
import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostPreparation;
import io.jqemu.launcher.host.HostRoot;
import io.jqemu.launcher.host.PreparedHost;
import io.jqemu.testsupport.NetworkNamespace;
import io.jqemu.testsupport.RequiresRoot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real persistent taps on a real bridge, inside a network namespace the test makes. */
@RequiresRoot
class TapDevicesTest {
    NetworkNamespace ns;
    final TapDevices taps = new TapDevices();
    @TempDir
    Path dir;

    @BeforeEach
    void namespaceWithBridge() throws Exception {
        ns = NetworkNamespace.create();
        ns.ip("link", "add", "br0", "type", "bridge");
        ns.ip("link", "set", "br0", "up");
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        ns.close();
    }

    @Test
    void tapIsCreatedUpOnTheBridgeAndRemovedWithoutTrace() throws Exception {
        ns.inside(() -> {
            taps.create("nics[0]", "jq-tap0");
            taps.attach("nics[0]", "jq-tap0", "br0");
            return null;
        });

        String link = ns.ip("-o", "-d", "link", "show", "jq-tap0");
        assertThat(link).contains("master br0").containsPattern("<[^>]*\\bUP\\b[^>]*>").contains("tun type tap");
        assertThat(taps.exists("jq-tap0")).as("not in the test JVM's own namespace").isFalse();

        ns.inside(() -> {
            taps.detach("jq-tap0", "br0");
            return null;
        });
        assertThat(ns.ip("-o", "link", "show", "jq-tap0")).doesNotContain("master br0");

        ns.inside(() -> {
            taps.remove("jq-tap0");
            taps.remove("jq-tap0");
            taps.detach("jq-tap0", "br0");
            return null;
        });
        assertThat(ns.hasLink("jq-tap0")).isFalse();
    }

    @Test
    void existingNameAndMissingBridgeAreClearErrors() throws Exception {
        ns.inside(() -> {
            taps.create("nics[0]", "jq-tap1");
            assertThatThrownBy(() -> taps.create("nics[1]", "jq-tap1"))
                    .isInstanceOf(HostException.class).hasMessageStartingWith("nics[1]: creating tap jq-tap1 failed: ");
            assertThatThrownBy(() -> taps.attach("nics[0]", "jq-tap1", "br9"))
                    .hasMessage("nics[0]: bridge br9 does not exist on this host");
            assertThatThrownBy(() -> TapDevices.checkName("nics[2].tap", "a-name-longer-than-15"))
                    .hasMessageStartingWith("nics[2].tap: 'a-name-longer-than-15' is not a valid interface name");
            taps.remove("jq-tap1");
            return null;
        });
        assertThat(ns.hasLink("jq-tap1")).isFalse();
    }

    @Test
    void preparationCreatesAndReleaseRemovesTheBridgedTap() throws Exception {
        HostPreparation preparation = new HostPreparation(HostRoot.system(),
                new HostLayout(dir.resolve("state"), dir.resolve("run")), TapDevices::new);
        List<HostResource> needs = List.of(new HostResource.TapToCreate("jq-vm0", "br0", false, "nics[0].backend"));

        PreparedHost prepared = ns.inside(() -> preparation.prepare("router", needs));

        assertThat(prepared.taps()).containsExactly("jq-vm0");
        assertThat(ns.ip("-o", "link", "show", "jq-vm0")).contains("master br0");
        assertThat(prepared.pendingChanges()).containsExactly(
                new HostChange.DirectoryCreated(dir.resolve("run/router")),
                new HostChange.TapCreated("jq-vm0"), new HostChange.TapAttached("jq-vm0", "br0"));

        ns.inside(() -> {
            prepared.close();
            return null;
        });
        assertThat(ns.hasLink("jq-vm0")).isFalse();
        assertThat(ns.ip("-o", "link", "show")).doesNotContain("jq-");

        // a controller that dies leaves its tap: reconcile removes it
        PreparedHost orphan = ns.inside(() -> preparation.prepare("router", needs));
        assertThat(ns.hasLink("jq-vm0")).isTrue();
        List<HostChange> undone = ns.inside(() -> new HostPreparation(HostRoot.system(), preparation.layout(),
                TapDevices::new).reconcile(orphan.paths().stateDir()));
        assertThat(undone).contains(new HostChange.TapCreated("jq-vm0"));
        assertThat(ns.hasLink("jq-vm0")).isFalse();

        assertThatThrownBy(() -> ns.inside(() -> preparation.prepare("router",
                List.of(new HostResource.TapToCreate("jq-vm1", "nobridge", false, "nics[1].backend")))))
                .hasMessage("nics[1].backend: bridge nobridge does not exist on this host");
        assertThat(ns.hasLink("jq-vm1")).isFalse();
    }

    @Test
    void anExistingTapIsOnlyCheckedAndAHotPluggedOneRecordsNothing() throws Exception {
        ns.ip("tuntap", "add", "dev", "jq-mine", "mode", "tap");
        HostPreparation preparation = new HostPreparation(HostRoot.system(),
                new HostLayout(dir.resolve("state"), dir.resolve("run")), TapDevices::new);
        List<HostResource> existing = List.of(new HostResource.ExistingTap("jq-mine", false, "nics[3].backend.ifname"));

        assertThat(ns.inside(() -> preparation.report("router", existing)).needs()).singleElement()
                .satisfies(n -> assertThat(n.failures()).isEmpty())
                .satisfies(n -> assertThat(n.description()).startsWith("QEMU opens the existing tap jq-mine (vhost off"));
        AutoCloseable release = ns.inside(() -> preparation.prepareDevice("router.net3", existing));
        release.close();
        assertThat(dir.resolve("state/router.net3")).as("a check-only device records nothing").doesNotExist();
        assertThat(ns.hasLink("jq-mine")).isTrue();

        assertThatThrownBy(() -> ns.inside(() -> preparation.prepareDevice("router.net4",
                List.of(new HostResource.ExistingTap("jq-gone", false, "nics[4].backend.ifname")))))
                .hasMessage("nics[4].backend.ifname: interface jq-gone does not exist on this host");

        AutoCloseable created = ns.inside(() -> preparation.prepareDevice("router.net5",
                List.of(new HostResource.TapToCreate("jq-hot5", "br0", false, "nics[5].backend"))));
        assertThat(ns.ip("-o", "link", "show", "jq-hot5")).contains("master br0");
        ns.inside(() -> {
            created.close();
            return null;
        });
        assertThat(ns.hasLink("jq-hot5")).isFalse();
    }
}
