package io.jqemu.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.JqemuException;
import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MacvtapMode;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.model.VhostMode;
import io.jqemu.core.scenario.ScenarioMachines;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the context resolves (accelerator, vhost), what it must supply, and the derived defaults. */
class RenderContextAndDefaultsTest {

    private static List<String> argv(Machine m, RenderContext ctx) {
        return MachineRenderer.render(m, ctx).argv();
    }

    private static String after(List<String> argv, String option) {
        return argv.get(argv.indexOf(option) + 1);
    }

    @Test
    void autoAcceleratorIsWhatTheLauncherResolved() {
        Machine auto = Machine.builder().name("a").build();
        assertThat(after(argv(auto, RenderContext.builder().autoAccelerator(Accelerator.KVM).build()), "-accel")).isEqualTo("kvm");
        assertThat(after(argv(auto, RenderContext.builder().autoAccelerator(Accelerator.TCG).build()), "-accel")).isEqualTo("tcg");
        Machine tcg = auto.toBuilder().accelerator(Accelerator.TCG).build();
        assertThat(after(argv(tcg, RenderContext.builder().autoAccelerator(Accelerator.KVM).build()), "-accel")).isEqualTo("tcg");
        assertThatThrownBy(() -> RenderContext.builder().autoAccelerator(Accelerator.AUTO).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void vhostAutoFollowsVhostNetAvailability() {
        Machine m = Machine.builder().name("v").nic(Nic.virtio(NicBackend.existingTap("tap0", VhostMode.AUTO))).build();
        assertThat(after(argv(m, RenderContext.builder().vhostNetAvailable(true).build()), "-netdev")).contains("\"vhost\":true");
        assertThat(after(argv(m, RenderContext.builder().vhostNetAvailable(false).build()), "-netdev")).contains("\"vhost\":false");
    }

    @Test
    void contextPathsMustBeAbsolute() {
        assertThatThrownBy(() -> RenderContext.builder().qmpSocket("qmp.sock").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("qmpSocket");
        assertThatThrownBy(() -> RenderContext.builder().ovmfVars("vars.fd").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ovmfVars");
    }

    @Test
    void vncOnIpv6IsBracketed() {
        Machine m = Machine.builder().name("v")
                .display(new io.jqemu.core.model.Display(io.jqemu.core.model.Graphics.vnc("::1", 3), java.util.Optional.empty()))
                .build();
        assertThat(after(argv(m, RenderContext.builder().build()), "-vnc")).isEqualTo("vnc=[::1]:3,password=on");
    }

    @Test
    void ovmfNeedsTheVarsFileFromTheContext() {
        assertThatThrownBy(() -> MachineRenderer.render(ScenarioMachines.s1Dsm(), RenderContext.builder().build()))
                .isInstanceOf(JqemuException.class).hasMessageContaining("ovmfVars");
    }

    @Test
    void macvtapNeedsItsDescriptorsFromTheContext() {
        Machine m = Machine.builder().name("m")
                .nic(Nic.virtio(NicBackend.macvtap("eth0", MacvtapMode.BRIDGE, VhostMode.ON))).build();
        assertThatThrownBy(() -> MachineRenderer.render(m, RenderContext.builder().build()))
                .isInstanceOf(JqemuException.class).hasMessageContaining("nics[0]").hasMessageContaining("tapFds");
        RenderContext ctx = RenderContext.builder().tapFds("net0", new TapFds("5", java.util.Optional.of("6"))).build();
        assertThat(after(argv(m, ctx), "-netdev")).contains("\"fd\":\"5\"", "\"vhostfd\":\"6\"");
    }

    @Test
    void defaultMacsAreStableLocallyAdministeredUnicastAndDistinct() {
        UUID vm = UUID.fromString("186682f9-0f0b-4a9e-867b-364706339405");
        String mac0 = NetworkNames.defaultMac(vm, "net0");
        assertThat(mac0).matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}").isEqualTo(NetworkNames.defaultMac(vm, "net0"));
        int first = Integer.parseInt(mac0.substring(0, 2), 16);
        assertThat(first & 0x02).as("locally administered").isEqualTo(2);
        assertThat(first & 0x01).as("unicast").isZero();
        assertThat(NetworkNames.defaultMac(vm, "net1")).isNotEqualTo(mac0);
        assertThat(NetworkNames.defaultMac(UUID.randomUUID(), "net0")).isNotEqualTo(mac0);
        assertThat(NetworkNames.defaultTapName(vm, "net0")).hasSize(13).startsWith("jqt");
    }

    @Test
    void rootPortsGetSlotsFunctionsAndSpares() {
        Machine one = Machine.builder().name("p").spareRootPorts(0).disk(Disk.imageFile("/a.img")).build();
        RenderedMachine r = MachineRenderer.render(one, RenderContext.builder().build());
        assertThat(r.argv()).contains("{\"driver\":\"pcie-root-port\",\"id\":\"rp0\",\"bus\":\"pcie.0\",\"addr\":\"0x2.0x0\",\"chassis\":1,\"port\":16}");
        assertThat(r.hotplugRootPorts()).isEmpty();
        Machine nine = one.toBuilder().spareRootPorts(8).build();
        RenderedMachine r9 = MachineRenderer.render(nine, RenderContext.builder().build());
        assertThat(r9.hotplugRootPorts()).containsExactly("rp1", "rp2", "rp3", "rp4", "rp5", "rp6", "rp7", "rp8");
        assertThat(r9.argv()).contains("{\"driver\":\"pcie-root-port\",\"id\":\"rp8\",\"bus\":\"pcie.0\",\"addr\":\"0x3.0x0\",\"chassis\":9,\"port\":24}");
    }
}
