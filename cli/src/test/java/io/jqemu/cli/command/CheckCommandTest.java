package io.jqemu.cli.command;

import io.jqemu.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code jqemu check} against a fake sysfs tree: an IOMMU group the Wi-Fi card shares with the SATA controller. */
class CheckCommandTest {

    @TempDir
    Path dir;

    @Test
    void namesEveryMemberOfASharedIommuGroupAndFails() throws IOException {
        Path root = dir.resolve("host");
        FakeSysfs sysfs = new FakeSysfs(root);
        sysfs.device("0000:03:00.0", "8086", "24fb", "0x028000", "iwlwifi", "7");
        sysfs.device("0000:00:1c.0", "8086", "5ad8", "0x060400", "pcieport", "7");
        sysfs.device("0000:00:12.0", "8086", "5ae3", "0x010601", "ahci", "7");
        sysfs.device("0000:00:02.0", "8086", "5a85", "0x030000", "i915", "1");
        CliRun run = checkWifiCard(root);

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(4);
        assertThat(run.out())
                .contains("FAIL  " + dir.resolve("wifi.toml") + ":5:16: vfio_devices[0].host_address: "
                        + "0000:03:00.0 cannot be passed through: IOMMU group 7")
                .contains("0000:03:00.0 [8086:24fb] class 028000 driver iwlwifi: passed through")
                .contains("0000:00:1c.0 [8086:5ad8] class 060400 driver pcieport: PCI bridge, stays with the host")
                .contains("0000:00:12.0 [8086:5ae3] class 010601 driver ahci: in use by the host")
                .doesNotContain("0000:00:02.0")
                .contains("ok    iommu")
                .contains("problem");
    }

    @Test
    void passesWhenTheGroupCanBeGivenAway() throws IOException {
        Path root = dir.resolve("host");
        FakeSysfs sysfs = new FakeSysfs(root);
        sysfs.iommu();
        sysfs.device("0000:03:00.0", "8086", "24fb", "0x028000", "vfio-pci", "7");
        sysfs.device("0000:00:1c.0", "8086", "5ad8", "0x060400", "pcieport", "7");
        CliRun run = checkWifiCard(root);

        assertThat(run.out()).contains("ok    " + dir.resolve("wifi.toml") + ":5:16: vfio_devices[0].host_address: "
                + "passes 0000:03:00.0 through (already bound to vfio-pci)\n"
                + "          0000:03:00.0 can be passed through with IOMMU group 7")
                .contains("The host can start this VM.");
        assertThat(run.exitCode()).as(run.out()).isZero();
    }

    @Test
    void reportsMissingFilesByFieldPath() throws IOException {
        Path vm = Files.writeString(dir.resolve("disk.toml"), """
                name = "disky"
                accelerator = "tcg"

                [[disks]]
                path = "%s"
                """.formatted(dir.resolve("missing.qcow2")));

        CliRun run = CliRun.of("check", "--state-root", dir.resolve("state").toString(),
                "--runtime-root", dir.resolve("run").toString(), vm.toString());

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.out()).contains("FAIL  " + vm + ":5:8: disks[0].path: " + dir.resolve("missing.qcow2")
                + " does not exist");
    }

    @Test
    void aNicsVhostFailureFollowsItsNicAndTheTapLineSaysWhatWouldBeDone() throws IOException {
        Path root = dir.resolve("host");
        new FakeSysfs(root);
        Path vm = Files.writeString(dir.resolve("tap.toml"), """
                name = "tapped"
                accelerator = "tcg"

                [[nics]]
                backend = { type = "bridged-tap", bridge = "jqnobridge9", vhost = "on" }

                [[nics]]
                backend = { type = "bridged-tap", bridge = "jqnobridge9", vhost = "off" }
                """);

        CliRun run = CliRun.of("check", "--host-root", root.toString(), "--state-root", dir.resolve("state").toString(),
                "--runtime-root", dir.resolve("run").toString(), vm.toString());

        assertThat(run.exitCode()).as(run.out()).isEqualTo(4);
        assertThat(run.out()).contains("FAIL  " + vm + ":5:11: nics[0].backend: bridge jqnobridge9 does not exist on"
                + " this host\n  FAIL  " + vm + ":5:67: nics[0].backend.vhost: nics[0].backend.vhost = on, but"
                + " /dev/vhost-net does not exist on this host")
                .contains("FAIL  " + vm + ":8:11: nics[1].backend: bridge jqnobridge9 does not exist on this host\n")
                .contains("FAIL  tun: /dev/net/tun is missing");
    }

    @Test
    void aTapTheHostCanMakeIsDescribed() throws IOException {
        Path root = dir.resolve("host");
        new FakeSysfs(root);
        Path vm = Files.writeString(dir.resolve("tap.toml"), """
                name = "tapped"
                accelerator = "tcg"

                [[nics]]
                backend = { type = "bridged-tap", bridge = "lo", vhost = "off", ifname = "jq-check0" }
                """);

        CliRun run = CliRun.of("check", "--host-root", root.toString(), "--state-root", dir.resolve("state").toString(),
                "--runtime-root", dir.resolve("run").toString(), vm.toString());

        assertThat(run.out()).contains("ok    " + vm + ":5:11: nics[0].backend: creates tap jq-check0 on bridge lo"
                + " (vhost off: /dev/vhost-net missing), removed when the VM stops");
    }

    @Test
    void explainsAnSriovVirtualFunctionFromVmToml() throws IOException {
        Path root = dir.resolve("host");
        FakeSysfs sysfs = new FakeSysfs(root);
        sysfs.iommu();
        sysfs.device("0000:02:00.0", "8086", "1572", "0x020000", "i40e", "12");
        sysfs.sriov("0000:02:00.0", 4, 0x80, 2);
        Path vm = Files.writeString(dir.resolve("router.toml"), """
                name = "router"
                accelerator = "tcg"

                [[virtual_functions]]
                physical_function = "0000:02:00.0"
                vf_index = 2
                vf_count = 4
                """);
        CliRun run = CliRun.of("check", "--host-root", root.toString(), "--state-root", dir.resolve("state").toString(),
                "--runtime-root", dir.resolve("run").toString(), vm.toString());

        assertThat(run.out()).contains(vm + ":4:1: virtual_functions[0]").contains("0000:02:10.4")
                .contains("The host can start this VM.");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();

        Path bad = Files.writeString(dir.resolve("bad.toml"), """
                name = "router"
                accelerator = "tcg"

                [[virtual_functions]]
                physical_function = "0000:02:00.0"
                vf_index = 4
                vf_count = 4
                """);
        CliRun invalid = CliRun.of("check", "--host-root", root.toString(), "--state-root",
                dir.resolve("state").toString(), "--runtime-root", dir.resolve("run").toString(), bad.toString());
        assertThat(invalid.out() + invalid.err()).contains("virtual_functions[0].vf_index")
                .contains("4 is not among the 4 virtual functions (0 to 3)");
        assertThat(invalid.exitCode()).isNotZero();
    }

    private CliRun checkWifiCard(Path root) throws IOException {
        Path vm = Files.writeString(dir.resolve("wifi.toml"), """
                name = "router"
                accelerator = "tcg"

                [[vfio_devices]]
                host_address = "0000:03:00.0"
                """);
        return CliRun.of("check", "--host-root", root.toString(),
                "--state-root", dir.resolve("state").toString(), "--runtime-root", dir.resolve("run").toString(),
                vm.toString());
    }

    /** A minimal sysfs: PCI devices with driver and IOMMU group links. */
    private static final class FakeSysfs {
        private final Path root;

        FakeSysfs(Path root) throws IOException {
            this.root = root;
            Files.createDirectories(root.resolve("sys/bus/pci/devices"));
            Files.createDirectories(root.resolve("sys/kernel/iommu_groups"));
            Files.createDirectories(root.resolve("proc"));
            Files.createDirectories(root.resolve("dev"));
        }

        void iommu() throws IOException {
            Files.createDirectories(root.resolve("sys/class/iommu/dmar0"));
            Files.createDirectories(root.resolve("sys/bus/pci/drivers/vfio-pci"));
        }

        /** Makes {@code pf} SR-IOV capable: {@code total} functions at {@code offset} and {@code stride}, none enabled. */
        void sriov(String pf, int total, int offset, int stride) throws IOException {
            Path dev = root.resolve("sys/bus/pci/devices/" + pf);
            Files.writeString(dev.resolve("sriov_totalvfs"), total + "\n");
            Files.writeString(dev.resolve("sriov_numvfs"), "0\n");
            Files.writeString(dev.resolve("sriov_offset"), offset + "\n");
            Files.writeString(dev.resolve("sriov_stride"), stride + "\n");
        }

        void device(String address, String vendor, String device, String classCode, String driver, String group)
                throws IOException {
            Path dev = Files.createDirectories(root.resolve("sys/bus/pci/devices/" + address));
            Files.writeString(dev.resolve("vendor"), "0x" + vendor + "\n");
            Files.writeString(dev.resolve("device"), "0x" + device + "\n");
            Files.writeString(dev.resolve("class"), classCode + "\n");
            Path drv = Files.createDirectories(root.resolve("sys/bus/pci/drivers/" + driver));
            Files.createSymbolicLink(dev.resolve("driver"), drv);
            Path groupDir = Files.createDirectories(root.resolve("sys/kernel/iommu_groups/" + group + "/devices"));
            Files.createSymbolicLink(dev.resolve("iommu_group"), groupDir.getParent());
            Files.createSymbolicLink(groupDir.resolve(address), dev);
        }
    }
}
