package io.jqemu.cli.deb;

import io.jqemu.cli.CliRun;
import io.jqemu.cli.config.VmToml;
import io.jqemu.testsupport.RequiresRoot;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Debian package the build makes ({@code cli/target/jqemu.deb}, in the {@code package} phase;
 * this test runs after it, in {@code integration-test}): installed with dpkg, its files, modes,
 * unit and program checked, then purged without a trace. Debian 12 packages no Java 21, so unless a
 * package provides one here, dpkg installs with {@code --force-depends} and the program runs on the
 * JDK the launcher script finds under /usr/lib/jvm. Alone:
 * {@code mvn -pl cli package surefire:test@debian-package-test}.
 */
@RequiresRoot
@Tag("debian-package")
class DebPackageTest {

    private static final Path DEB = Path.of("target/jqemu.deb").toAbsolutePath();
    private static final List<String> JAVA_PACKAGES = List.of("openjdk-21-jre-headless", "openjdk-25-jre-headless",
            "temurin-21-jre", "temurin-21-jdk", "temurin-25-jre", "temurin-25-jdk");

    /** What the package installs or makes, and what it must leave behind after a purge. */
    private static final List<Path> PACKAGE_PATHS = List.of(Path.of("/usr/bin/jqemu"), Path.of("/usr/share/jqemu"),
            Path.of("/lib/systemd/system/jqemu@.service"), Path.of("/usr/lib/tmpfiles.d/jqemu.conf"),
            Path.of("/etc/jqemu"), Path.of("/var/lib/jqemu"), Path.of("/run/jqemu"),
            Path.of("/usr/share/bash-completion/completions/jqemu"), Path.of("/usr/share/man/man1/jqemu.1"),
            Path.of("/usr/share/man/man1/jqemu-run.1"), Path.of("/usr/share/doc/jqemu"));

    @TempDir
    Path dir;

    @Test
    void installsRunsVerifiesAndPurgesWithoutATrace() throws Exception {
        assertThat(DEB).as("the build's package phase makes " + DEB).isRegularFile();
        if (installed()) {
            dpkg("--purge", "jqemu");   // left over by an interrupted run of this test
        }
        Map<Path, Boolean> before = new LinkedHashMap<>();
        PACKAGE_PATHS.forEach(p -> before.put(p, Files.exists(p, LinkOption.NOFOLLOW_LINKS)));
        assertThat(run("dpkg-deb", "--field", DEB.toString(), "Depends").output())
                .contains("qemu-system-x86").contains("ovmf").contains("java21-runtime-headless");

        List<String> install = new ArrayList<>(List.of("-i"));
        if (JAVA_PACKAGES.stream().noneMatch(DebPackageTest::packageInstalled)) {
            install.add("--force-depends");   // no Debian 12 package provides Java 21+
        }
        install.add(DEB.toString());
        try {
            Result dpkg = dpkg(install.toArray(String[]::new));
            assertThat(dpkg.code()).as(dpkg.output()).isZero();
            assertThat(installed()).isTrue();

            checkFiles();
            checkProgram();
            checkUnit();
        } finally {
            Result purge = dpkg("--purge", "--force-depends", "jqemu");
            assertThat(purge.code()).as(purge.output()).isZero();
        }
        assertThat(installed()).isFalse();
        before.forEach((path, existed) -> {
            if (!existed) {
                assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).as(path + " is left after the purge").isFalse();
            }
        });
    }

    private void checkFiles() throws Exception {
        assertThat(Files.readSymbolicLink(Path.of("/usr/bin/jqemu"))).isEqualTo(Path.of("../share/jqemu/bin/jqemu"));
        assertMode("/usr/share/jqemu/bin/jqemu", "rwxr-xr-x");
        assertMode("/var/lib/jqemu", "rwx------");
        assertMode("/run/jqemu", "rwx------");
        assertMode("/etc/jqemu", "rwxr-xr-x");
        assertMode("/lib/systemd/system/jqemu@.service", "rw-r--r--");
        try (var jars = Files.list(Path.of("/usr/share/jqemu/lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("jqemu-cli-"))
                    .anyMatch(n -> n.startsWith("jqemu-launcher-")).noneMatch(n -> n.startsWith("picocli-codegen"));
        }
        assertThat(Files.readString(Path.of("/usr/share/bash-completion/completions/jqemu")))
                .contains("complete -F _complete_jqemu").contains("enable");
        assertThat(Files.readString(Path.of("/usr/share/man/man1/jqemu.1"))).contains(".TH \"JQEMU\" \"1\"");
        assertThat(Files.readString(Path.of("/usr/share/man/man1/jqemu-run.1"))).contains("jqemu-run");
        assertThat(Files.readString(Path.of("/usr/lib/tmpfiles.d/jqemu.conf"))).contains("d /run/jqemu 0700 root root");
        // the commented example is a valid VM once copied to /etc/jqemu/NAME.toml
        assertThat(VmToml.read(Path.of("/etc/jqemu/example.toml.sample")).name()).isEqualTo("example");
        assertThat(run("dpkg-query", "--showformat=${Conffiles}", "--show", "jqemu").output())
                .contains("/etc/jqemu/example.toml.sample");
    }

    private void checkProgram() throws Exception {
        // as a user's shell would start it: no JAVA_HOME, the script finds a JDK 21+ itself
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/jqemu", "--version");
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("JQEMU_JAVA");
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        Result version = run(pb);
        assertThat(version.code()).as(version.output()).isZero();
        assertThat(version.output()).startsWith("jqemu 0.").doesNotContain("development build").contains("Java ");
        Result unit = run("/usr/bin/jqemu", "unit");
        assertThat(unit.output()).contains("ExecStart=/usr/bin/jqemu run /etc/jqemu/%i.toml");
    }

    private void checkUnit() throws Exception {
        Path installed = Path.of("/lib/systemd/system/jqemu@.service");
        assertThat(Files.readString(installed)).isEqualTo(CliRun.of("unit", "--jqemu", "/usr/bin/jqemu").out());
        // a template is verified through an instance of it
        Path instance = dir.resolve("jqemu@demo.service");
        Files.copy(installed, instance);
        Result verify = run("systemd-analyze", "verify", instance.toString());
        assertThat(verify.code()).as(verify.output()).isZero();
        assertThat(verify.output()).as("systemd-analyze verify has no complaint").isBlank();
    }

    private static void assertMode(String path, String mode) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(Path.of(path), PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        assertThat(PosixFilePermissions.toString(attributes.permissions())).as(path).isEqualTo(mode);
        assertThat(attributes.owner().getName()).as(path).isEqualTo("root");
    }

    private static boolean installed() throws Exception {
        return packageInstalled("jqemu");
    }

    private static boolean packageInstalled(String name) {
        try {
            Result status = run("dpkg-query", "--showformat=${Status}", "--show", name);
            return status.code() == 0 && status.output().contains("ok installed");
        } catch (Exception e) {
            return false;
        }
    }

    private record Result(int code, String output) {
    }

    /** dpkg with {@code args}, waiting its turn while another dpkg or apt holds the lock (up to 10 minutes). */
    private static Result dpkg(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("dpkg"));
        argv.addAll(List.of(args));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (true) {
            Result result = run(argv.toArray(String[]::new));
            if (result.code() == 0 || !result.output().contains("lock") || System.nanoTime() > deadline) {
                return result;
            }
            Thread.sleep(2000);
        }
    }

    private static Result run(String... argv) throws IOException, InterruptedException {
        return run(new ProcessBuilder(argv));
    }

    private static Result run(ProcessBuilder pb) throws IOException, InterruptedException {
        pb.redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(pb.command() + " did not end in 5 minutes");
        }
        return new Result(process.exitValue(), output);
    }
}
