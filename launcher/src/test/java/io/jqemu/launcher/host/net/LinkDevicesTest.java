package io.jqemu.launcher.host.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.MacvtapMode;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostLayout;
import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostPreparation;
import io.jqemu.launcher.host.HostRoot;
import io.jqemu.launcher.host.PreparedHost;
import io.jqemu.testsupport.NetworkNamespace;
import io.jqemu.testsupport.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Links made through rtnetlink, for real, inside a network namespace the test makes. */
@RequiresRoot
class LinkDevicesTest {
    NetworkNamespace ns;
    final LinkDevices links = new LinkDevices();

    @BeforeEach
    void namespace() throws Exception {
        ns = NetworkNamespace.create();
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        ns.close();
    }

    @Test
    void newlinkRequestCreatesALinkWithItsAddressAndDellinkRemovesIt() throws Exception {
        ns.inside(() -> {
            links.createLink("nics[0]", "jq-d0", "bridge", Optional.empty(),
                    Optional.of(HexFormat.ofDelimiter(":").parseHex("52:54:00:ab:cd:ef")), m -> { });
            return null;
        });
        assertThat(ns.ip("-o", "-d", "link", "show", "jq-d0")).contains("link/ether 52:54:00:ab:cd:ef").contains("bridge");

        assertThatThrownBy(() -> ns.inside(() -> {
            links.createLink("nics[1]", "jq-d0", "bridge", Optional.empty(), Optional.empty(), m -> { });
            return null;
        })).hasMessage("nics[1]: an interface named jq-d0 already exists");

        ns.inside(() -> {
            links.remove("jq-d0");
            links.remove("jq-d0");
            return null;
        });
        assertThat(ns.hasLink("jq-d0")).isFalse();
    }

    @Test
    void macvtapIsCreatedOnItsParentOrRefusedClearlyWhenTheKernelLacksIt() throws Exception {
        ns.ip("link", "add", "jq-parent", "type", "bridge");
        ns.ip("link", "set", "jq-parent", "up");
        Optional<Path> device;
        try {
            device = Optional.of(ns.inside(() -> links.createMacvtap("nics[0].backend", "jq-mv0", "jq-parent",
                    MacvtapMode.BRIDGE, "52:54:00:00:00:07")));
        } catch (HostException e) {
            // this machine kind's kernel has no macvtap module: the refusal must say so, naming the field
            assertThat(e).hasMessage("nics[0].backend: this host's kernel cannot create macvtap links (load the"
                    + " macvtap module)");
            device = Optional.empty();
        }
        if (device.isPresent()) {
            assertThat(ns.ip("-o", "-d", "link", "show", "jq-mv0")).contains("macvtap mode bridge")
                    .contains("52:54:00:00:00:07").contains("jq-mv0@jq-parent");
            assertThat(Files.exists(device.get())).isTrue();
            ns.inside(() -> {
                links.remove("jq-mv0");
                return null;
            });
        }
        assertThat(ns.hasLink("jq-mv0")).isFalse();
    }

    @Test
    void preparationCreatesAndReleasesTheMacvtapOrUndoesEverythingWhenTheKernelRefuses(@TempDir Path dir)
            throws Exception {
        ns.ip("link", "add", "jq-parent", "type", "bridge");
        HostPreparation preparation = new HostPreparation(HostRoot.system(),
                new HostLayout(dir.resolve("state"), dir.resolve("run")), TapDevices::new);
        List<HostResource> needs = List.of(
                new HostResource.TapToCreate("jq-tap9", "jq-parent", false, "nics[0].backend"),
                new HostResource.MacvtapToCreate("jq-mv9", "jq-parent", MacvtapMode.PRIVATE,
                        "52:54:00:00:00:09", false, "net1", "nics[1].backend"));
        PreparedHost prepared;
        try {
            prepared = ns.inside(() -> preparation.prepare("vm", needs));
        } catch (HostException e) {
            assertThat(e).hasMessage("nics[1].backend: this host's kernel cannot create macvtap links (load the"
                    + " macvtap module)");
            assertThat(ns.hasLink("jq-tap9")).as("the tap made before is undone").isFalse();
            assertThat(dir.resolve("run/vm")).doesNotExist();
            return;
        }
        assertThat(prepared.macvtaps()).containsKey("jq-mv9");
        assertThat(ns.ip("-o", "-d", "link", "show", "jq-mv9")).contains("macvtap mode private");
        ns.inside(() -> {
            prepared.close();
            return null;
        });
        assertThat(ns.hasLink("jq-mv9")).isFalse();
        assertThat(ns.hasLink("jq-tap9")).isFalse();
    }

    @Test
    void missingParentAndBadMacNameTheField() throws Exception {
        assertThatThrownBy(() -> ns.inside(() -> links.createMacvtap("nics[2].backend", "jq-mv1", "eth9",
                MacvtapMode.VEPA, "52:54:00:00:00:08")))
                .hasMessage("nics[2].backend: parent link eth9 does not exist on this host");
        assertThatThrownBy(() -> links.createMacvtap("nics[3].mac", "jq-mv1", "lo", MacvtapMode.VEPA, "52:54"))
                .hasMessage("nics[3].mac: '52:54' is not a MAC address");
    }

    @Test
    void openingAMacvtapThatDoesNotExistNamesTheField() {
        assertThatThrownBy(() -> links.openMacvtap("nics[4].backend", "jq-none0"))
                .isInstanceOf(HostException.class)
                .hasMessage("nics[4].backend: macvtap jq-none0 does not exist (was it removed behind jqemu's back?)");
    }
}
