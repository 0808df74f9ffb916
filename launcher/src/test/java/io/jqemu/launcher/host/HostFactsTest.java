package io.jqemu.launcher.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host facts decided from (fake and real) kernel trees. */
class HostFactsTest {
    @TempDir
    Path root;

    private int trees;

    private HostFacts facts(String... paths) throws Exception {
        Path root = this.root.resolve("tree" + trees++);
        Files.createDirectories(root);
        for (String p : paths) {
            Path file = root.resolve(p.substring(1));
            if (p.endsWith("/")) {
                Files.createDirectories(file);
            } else {
                Files.createDirectories(file.getParent());
                Files.writeString(file, "");
            }
        }
        return HostFacts.probe(HostRoot.at(root, (f, v) -> {
            throw new AssertionError("no writes expected");
        }));
    }

    @Test
    void kvmBackedByKvmPvmIsNotUsedForAuto() throws Exception {
        HostFacts facts = facts("/dev/kvm", "/sys/module/kvm/", "/sys/module/kvm_pvm/");

        assertThat(facts.kvmModule()).contains("kvm_pvm");
        assertThat(facts.kvmForAuto()).isFalse();
        assertThat(facts.describe()).startsWith("kvm: not usable, /dev/kvm is provided by kvm_pvm, which cannot run a"
                + " stock guest; accelerator auto uses tcg\nvhost-net: missing");
        assertThatThrownBy(() -> facts.requireKvm("accel"))
                .hasMessage("accel = kvm, but /dev/kvm is provided by kvm_pvm, which cannot run a stock guest;"
                        + " use tcg or auto");
    }

    @Test
    void kvmIntelOrAmdWithDevKvmIsUsed() throws Exception {
        assertThat(facts("/dev/kvm", "/sys/module/kvm_intel/").kvmForAuto()).isTrue();
        assertThat(facts("/dev/kvm", "/sys/module/kvm_amd/").describe()).startsWith("kvm: usable (kvm_amd)\n");
        assertThat(facts("/sys/module/kvm_amd/").kvmForAuto()).as("module without /dev/kvm").isFalse();
        assertThat(facts("/dev/kvm").kvmModule()).isEmpty();
    }

    @Test
    void vhostOnlyWithDevVhostNet() throws Exception {
        HostFacts without = facts("/dev/net/tun");
        assertThat(without.vhostForAuto()).isFalse();
        assertThat(without.tunAvailable()).isTrue();
        assertThatThrownBy(() -> without.requireVhost("nics[0].vhost"))
                .hasMessageStartingWith("nics[0].vhost = on, but /dev/vhost-net does not exist on this host");

        HostFacts with = facts("/dev/vhost-net");
        assertThat(with.vhostForAuto()).isTrue();
        with.requireVhost("nics[0].vhost");
    }

    @Test
    void iommuFromGroupsOrIommuClass() throws Exception {
        assertThat(facts("/sys/kernel/iommu_groups/").iommuEnabled()).isFalse();
        assertThat(facts("/sys/kernel/iommu_groups/3/").iommuEnabled()).isTrue();
    }

    @Test
    void iommuFromIommuClass() throws Exception {
        HostFacts facts = facts("/sys/class/iommu/dmar0/");
        assertThat(facts.iommuEnabled()).isTrue();
        assertThatThrownBy(() -> facts.requireVfio("hostdevs[0]"))
                .hasMessageStartingWith("hostdevs[0]: the vfio-pci driver is not loaded");
    }

    @Test
    void realHostFactsAgreeWithItsKernel() {
        HostFacts facts = HostFacts.probe(HostRoot.system());
        boolean vendorModule = Files.exists(Path.of("/sys/module/kvm_intel")) || Files.exists(Path.of("/sys/module/kvm_amd"));
        assertThat(facts.kvmForAuto()).isEqualTo(Files.exists(Path.of("/dev/kvm")) && vendorModule);
        assertThat(facts.vhostForAuto()).isEqualTo(Files.exists(Path.of("/dev/vhost-net")));
    }
}
