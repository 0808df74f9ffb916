package io.jqemu.cli.config;

import io.jqemu.cli.CliRun;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Structure-aware fuzzing of vm.toml through the CLI: documents in the real schema's shape (its
 * tables and keys) with random values (huge and odd integers, hostile strings, floats, arrays,
 * inline tables), deep nesting, and odd bytes (invalid UTF-8, NUL, stray CR, truncation). Whatever
 * comes in, {@code jqemu argv} and {@code jqemu check} answer 0 or 3 and never show a JVM trace.
 */
class VmTomlFuzzTest {

    private static final Map<String, List<String>> TABLES = Map.ofEntries(
            Map.entry("", List.of("name", "uuid", "machine_type", "accelerator", "memory_mib", "rtc_base", "no_shutdown",
                    "sandbox", "spare_root_ports", "unsafe_extra_args")),
            Map.entry("cpu", List.of("model", "sockets", "cores", "threads")),
            Map.entry("firmware", List.of("type", "code_path", "vars_template")),
            Map.entry("direct_kernel_boot", List.of("kernel", "initrd", "cmdline")),
            Map.entry("boot", List.of("menu", "strict")),
            Map.entry("usb", List.of("hubs")),
            Map.entry("balloon", List.of("deflate_on_oom", "free_page_reporting")),
            Map.entry("rng", List.of("source")),
            Map.entry("display", List.of("graphics", "vga")),
            Map.entry("[scsi_controllers]", List.of("num_queues")),
            Map.entry("[disks]", List.of("path", "source", "format", "read_only", "cache", "aio", "discard",
                    "detect_zeroes", "attachment", "boot_index", "id")),
            Map.entry("[nics]", List.of("backend", "model", "mac", "boot_index", "id")),
            Map.entry("[serials]", List.of("backend")),
            Map.entry("[vfio_devices]", List.of("host_address", "guest_address", "rom_bar", "id")),
            Map.entry("[shares]", List.of("host_path", "mount_tag", "security_model", "read_only")));

    private static final List<String> SUB_KEYS = List.of("type", "controller", "target", "lun", "port", "removable",
            "forwards", "host_port", "guest_port", "host_address", "ifname", "bridge", "parent", "mode", "vhost",
            "path", "host", "model", "vga_memory_mib", "address", "display", "server", "wait");

    private static final List<String> WORDS = List.of("user", "vnc", "spice", "none", "std", "virtio", "ovmf",
            "seabios", "virtio-blk", "scsi-hd", "ide-hd", "usb-storage", "qcow2", "raw", "tcg", "kvm", "auto", "q35",
            "pc-q35-7.2", "max", "unix-socket", "file-output", "pty", "tcp-server", "bridged-tap", "macvtap", "tcp",
            "/tmp/x.img", "0000:03:00.0", "52:54:00:12:34:56", "demo", "a/b", "..", "a,debug-threads=off");

    private static Path dir;

    private final Arbitrary<String> values = value(3);

    @BeforeContainer
    static void createDir() throws IOException {
        dir = Files.createTempDirectory("jqemu-fuzz-");
    }

    @AfterContainer
    static void deleteDir() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 1000)
    void argvAndCheckAnswerZeroOrThreeWithoutATrace(@ForAll("documents") byte[] document, @ForAll boolean alsoCheck)
            throws IOException {
        Path file = Files.write(Files.createTempFile(dir, "vm", ".toml"), document);
        try {
            assertCalm(CliRun.of("argv", "--state-root", dir.resolve("state").toString(), "--runtime-root",
                    dir.resolve("run").toString(), file.toString()), document, Set.of(0, 3));
            if (alsoCheck) {
                assertCalm(CliRun.of("check", "--state-root", dir.resolve("state").toString(), "--runtime-root",
                        dir.resolve("run").toString(), file.toString()), document, Set.of(0, 3, 4));
            }
        } finally {
            Files.delete(file);
        }
    }

    private static void assertCalm(CliRun run, byte[] document, Set<Integer> allowed) {
        String shown = "input:\n" + new String(document, 0, Math.min(document.length, 2000), StandardCharsets.UTF_8)
                + "\nstdout:\n" + run.out() + "\nstderr:\n" + run.err();
        assertThat(allowed).as(shown).contains(run.exitCode());
        String output = run.out() + run.err();
        assertThat(output).as(shown).doesNotContain("\tat ").doesNotContain("Exception in thread")
                .doesNotContainPattern("[A-Za-z]+(Error|Exception)\\b").doesNotContain("java.");
    }

    @Provide
    Arbitrary<byte[]> documents() {
        Arbitrary<String> text = Arbitraries.frequencyOf(
                Tuple.of(6, document()),
                Tuple.of(1, deep()));
        return Arbitraries.frequencyOf(
                Tuple.of(5, text.map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(2, Combinators.combine(text, oddBytes(), Arbitraries.integers().between(0, 100))
                        .as(VmTomlFuzzTest::insert)),
                Tuple.of(1, Combinators.combine(text, Arbitraries.integers().between(0, 100))
                        .as((s, percent) -> truncate(s.getBytes(StandardCharsets.UTF_8), percent))));
    }

    private Arbitrary<String> document() {
        Arbitrary<String> sections = section().list().ofMaxSize(5).map(l -> String.join("", l));
        return Combinators.combine(nameLine(), keyValues(TABLES.get(""), 4), sections).as((n, top, rest) -> n + top + rest);
    }

    private Arbitrary<String> nameLine() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("name = \"fuzz\"\n", "name = \"f.u-z_z9\"\n")),
                Tuple.of(1, values.map(v -> "name = " + v + "\n")),
                Tuple.of(1, Arbitraries.just("")));
    }

    private Arbitrary<String> section() {
        Map<String, Arbitrary<String>> bodies = new java.util.HashMap<>();
        TABLES.forEach((table, keys) -> bodies.put(table, keyValues(keys, 5).map(b -> "\n[" + table + "]\n" + b)));
        return Arbitraries.of(TABLES.keySet().stream().filter(t -> !t.isEmpty()).sorted().toList())
                .flatMap(bodies::get);
    }

    private Arbitrary<String> keyValues(List<String> keys, int max) {
        Arbitrary<String> key = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(keys)),
                Tuple.of(1, Arbitraries.of(SUB_KEYS)),
                Tuple.of(1, Arbitraries.strings().withCharRange('a', 'z').withChars('_', '-', '.')
                        .ofMinLength(1).ofMaxLength(8).filter(k -> !k.startsWith(".") && !k.endsWith(".")
                                && !k.contains(".."))));
        Arbitrary<String> line = Combinators.combine(key, values).as((k, v) -> k + " = " + v + "\n");
        return line.list().ofMaxSize(max).map(l -> String.join("", l));
    }

    private Arbitrary<String> value(int depth) {
        List<Tuple.Tuple2<Integer, Arbitrary<? extends String>>> choices = new ArrayList<>(List.of(
                Tuple.of(4, integer()),
                Tuple.of(4, string()),
                Tuple.of(2, Arbitraries.of(WORDS).map(w -> "\"" + w + "\"")),
                Tuple.of(1, Arbitraries.of("true", "false", "1.5", "-0.0", "inf", "nan", "1e400",
                        "1979-05-27T07:32:00Z", "07:32:00", "1979-05-27"))));
        if (depth > 0) {
            choices.add(Tuple.of(2, value(depth - 1).list().ofMaxSize(4)
                    .map(l -> "[" + String.join(", ", l) + "]")));
            Arbitrary<String> entry = Combinators.combine(Arbitraries.of(SUB_KEYS), value(depth - 1))
                    .as((k, v) -> k + " = " + v);
            choices.add(Tuple.of(2, entry.list().ofMaxSize(4)
                    .map(l -> "{ " + String.join(", ", l) + " }")));
        }
        return Arbitraries.frequencyOf(choices.toArray(Tuple.Tuple2[]::new));
    }

    private Arbitrary<String> integer() {
        BigInteger two70 = BigInteger.TWO.pow(70);
        Arbitrary<BigInteger> n = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.bigIntegers().between(two70.negate(), two70)),
                Tuple.of(3, Arbitraries.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.valueOf(-1),
                        BigInteger.valueOf(Long.MAX_VALUE), BigInteger.valueOf(Long.MIN_VALUE),
                        BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE),
                        BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE),
                        new BigInteger("1000000000000000256"), BigInteger.valueOf(Integer.MAX_VALUE + 1L),
                        BigInteger.valueOf(65536), BigInteger.valueOf(4096))),
                Tuple.of(2, Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(70000))));
        return Combinators.combine(n, Arbitraries.integers().between(0, 5)).as((v, form) -> switch (form) {
            case 1 -> v.signum() < 0 ? v.toString() : "0x" + v.toString(16);
            case 2 -> v.signum() < 0 ? v.toString() : "0o" + v.toString(8);
            case 3 -> v.signum() < 0 ? v.toString() : "0b" + v.toString(2);
            case 4 -> v.toString().replaceAll("(\\d)(?=(\\d{3})+$)", "$1_");
            default -> v.toString();
        });
    }

    private Arbitrary<String> string() {
        Arbitrary<String> raw = Arbitraries.strings().withChars(",=\"'\\ \t{}[]:;/-.aZ0é日$#\u0001\u007f\u2028")
                .withChars('\uD83D', '\uDE00').ofMaxLength(20);
        return Combinators.combine(raw, Arbitraries.integers().between(0, 2)).as((s, form) -> switch (form) {
            case 1 -> "'" + s.replace("'", "").replace("\n", "") + "'";
            case 2 -> "\"\"\"" + s.replace("\"", "") + "\"\"\"";
            default -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        });
    }

    private Arbitrary<String> deep() {
        return Combinators.combine(Arbitraries.integers().between(1, 3000), Arbitraries.integers().between(0, 3),
                Arbitraries.of(true, false)).as((depth, kind, closed) -> {
                    String open = switch (kind) {
                        case 0 -> "[";
                        case 1 -> "{ a = ";
                        case 2 -> "[{ a = ";
                        default -> "a.";
                    };
                    String close = switch (kind) {
                        case 0 -> "]";
                        case 1 -> " }";
                        case 2 -> " }]";
                        default -> "";
                    };
                    String body = kind == 3 ? open.repeat(depth) + "a = 1" : open.repeat(depth) + "1"
                            + (closed ? close.repeat(depth) : "");
                    return "name = \"deep\"\n" + (kind == 3 ? body : "unsafe_extra_args = " + body) + "\n";
                });
    }

    private Arbitrary<byte[]> oddBytes() {
        return Arbitraries.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3}, new byte[] {(byte) 0xe2, (byte) 0x82},
                new byte[] {0}, new byte[] {'\r'}, new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xf4, (byte) 0x90, 0, 0},
                new byte[] {'"'}, new byte[] {'['}, new byte[] {'\n', '['});
    }

    private static byte[] insert(String text, byte[] odd, int percent) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int at = bytes.length * percent / 100;
        byte[] out = new byte[bytes.length + odd.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(odd, 0, out, at, odd.length);
        System.arraycopy(bytes, at, out, at + odd.length, bytes.length - at);
        return out;
    }

    private static byte[] truncate(byte[] bytes, int percent) {
        byte[] out = new byte[bytes.length * percent / 100];
        System.arraycopy(bytes, 0, out, 0, out.length);
        return out;
    }
}
