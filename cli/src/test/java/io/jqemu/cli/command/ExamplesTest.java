package io.jqemu.cli.command;

import io.jqemu.cli.CliRun;
import io.jqemu.testsupport.BootsGuest;
import io.jqemu.testsupport.TestGuest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example renders, and {@code check} explains for each what this host lacks. The scenario
 * examples are compared with core's golden files in {@link ArgvGoldenTest}; the demo, which needs
 * no host hardware, is started and stopped for real in {@link RunDemoTest}.
 */
class ExamplesTest {

    private static final String DEMO = "../examples/demo.toml";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"s1-dsm", "s3-storage", "s4-passthrough", "direct-kernel", "install-from-iso",
            "windows-11"})
    void rendersAndFindsWhatThisHostLacks(String example) {
        String file = "../examples/" + example + ".toml";

        CliRun argv = CliRun.of("argv", file);
        CliRun check = check(file, "/guest");

        assertThat(argv.exitCode()).as(argv.err()).isZero();
        assertThat(argv.out()).startsWith("qemu-system-x86_64 \\\n  -name guest=").contains("-S \\\n");
        assertThat(check.out()).startsWith("jqemu check " + file);
        assertThat(check.exitCode()).as("this host has none of S1-S4's hardware, nor /var/lib/jqemu/guest")
                .isEqualTo(4);
    }

    /**
     * S2's macvtap NIC is handed to QEMU over QMP: argv prints the command line without it (its
     * root port stays) and says on stderr what run sends; check finds its parent link.
     */
    @Test
    void macvtapNicIsLeftToQmpAndArgvSaysHow() {
        String file = "../examples/s2-openwrt.toml";

        CliRun argv = CliRun.of("argv", file);
        CliRun withFd = CliRun.of("argv", "--tap-fd", "net2=3", file);
        CliRun check = check(file, "/guest");

        assertThat(argv.exitCode()).as(argv.err()).isZero();
        assertThat(argv.out()).doesNotContain("netdev-net2").contains("\"id\":\"net1\"");
        assertThat(argv.err())
                .contains("# nics[2] (net2) is not on this command line: run adds it over QMP after the paused start:\n")
                .contains("#   getfd \"tap-net2\" with /dev/tap<ifindex of jqm")
                .contains("#   netdev_add {\"type\":\"tap\",\"id\":\"netdev-net2\",\"fd\":\"tap-net2\",\"vhost\":false}\n")
                .contains("#   device_add {\"driver\":\"e1000e\",\"id\":\"net2\",\"netdev\":\"netdev-net2\"");
        assertThat(withFd.exitCode()).as(withFd.err()).isZero();
        assertThat(withFd.out()).contains("\"fd\":\"3\"");
        assertThat(withFd.err()).doesNotContain("nics[2]");
        assertThat(check.exitCode()).as("S2's Wi-Fi card and disk are not on this host: " + check.out()).isEqualTo(4);
        assertThat(check.out()).doesNotContain("tap descriptor")
                .contains("FAIL  " + file + ":40:16: vfio_devices[0].host_address: no PCI device 0000:03:00.0 on this host");
    }

    @Test
    @BootsGuest
    void demoBootsTheGuestKernelAndCheckFindsItsFiles() {
        Path guest = TestGuest.get().dir();

        CliRun argv = CliRun.of("argv", "--var", "JQEMU_GUEST_DIR=/guest", DEMO);
        CliRun check = check(DEMO, guest.toString());

        assertThat(argv.exitCode()).as(argv.err()).isZero();
        assertThat(argv.out()).contains("-kernel /guest/vmlinux \\\n  -initrd /guest/initramfs.cpio.gz \\\n"
                + "  -append 'console=ttyS0 quiet loglevel=3 panic=-1 rdinit=/init'");
        assertThat(check.exitCode()).as("the demo needs no host hardware: " + check.out()).isZero();
        assertThat(check.out())
                .contains("ok    " + DEMO + ":16:10: direct_kernel_boot.kernel: QEMU opens " + guest.resolve("vmlinux")
                        + " read-only")
                .contains("ok    " + DEMO + ":17:10: direct_kernel_boot.initrd: QEMU opens "
                        + guest.resolve("initramfs.cpio.gz") + " read-only");
    }

    @Test
    void checkNamesTheMissingKernelAndInitrdOfTheDemo() {
        Path empty = dir.resolve("no-guest");

        CliRun check = check(DEMO, empty.toString());

        assertThat(check.exitCode()).as(check.out()).isEqualTo(4);
        assertThat(check.out())
                .contains("FAIL  " + DEMO + ":16:10: direct_kernel_boot.kernel: " + empty.resolve("vmlinux")
                        + " does not exist")
                .contains("FAIL  " + DEMO + ":17:10: direct_kernel_boot.initrd: " + empty.resolve("initramfs.cpio.gz")
                        + " does not exist");
    }

    private CliRun check(String file, String guestDir) {
        return CliRun.of("check", "--var", "JQEMU_GUEST_DIR=" + guestDir,
                "--state-root", dir.resolve("state").toString(), "--runtime-root", dir.resolve("run").toString(), file);
    }
}
