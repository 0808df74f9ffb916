package io.jqemu.libvirt.equivalence;

import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderContext;
import io.jqemu.core.render.RenderedMachine;
import io.jqemu.libvirt.DomainImport;
import io.jqemu.libvirt.ImportReport;
import io.jqemu.libvirt.LibvirtDomainImporter;
import io.jqemu.libvirt.LibvirtImportException;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.QemuBinary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One domain through both paths: its XML imported and rendered by jqemu, libvirt's command line for
 * it as it is; both made runnable by the same {@link RunnableArgv} rules and the same
 * {@link StandIns}, started paused one after the other (they share the stand-in images, which QEMU
 * locks), read by {@link QemuSnapshot} and compared by {@link QemuComparison}. A difference is
 * explained when the importer reported a part that changes the VM at or under the difference's XML
 * origin.
 */
final class EquivalenceCase {
    private EquivalenceCase() {
    }

    /** What one case came to. */
    record Result(String name, Outcome outcome, List<ImportReport> reports, List<Difference> differences,
                  List<Difference> unexplained, List<String> libvirtChanges, List<String> jqemuChanges, String error) {

        /** Whether the importer translated everything that reaches QEMU. */
        boolean importedFully() {
            return reports.stream().noneMatch(ImportReport::changesTheVm);
        }
    }

    /** Runs the case {@code name}: {@code xml} and libvirt's {@code libvirtLine} for it. */
    static Result run(String name, String xml, CommandLine libvirtLine, BinaryFacts binary) {
        DomainImport imported;
        try {
            imported = LibvirtDomainImporter.readString(xml, name + ".xml");
        } catch (LibvirtImportException e) {
            return new Result(name, Outcome.IMPORT_ERROR, List.of(), List.of(), List.of(), List.of(), List.of(),
                    e.getMessage());
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("jqemu-equivalence-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            StandIns standIns = new StandIns(dir);
            RenderContext context = RenderContext.builder().qemuBinary(QemuBinary.path())
                    .qmpSocket(dir.resolve("jqemu-own-qmp.sock").toString()).runtimeDir(dir.toString())
                    .ovmfVars(dir.resolve("OVMF_VARS.fd").toString()).build();
            RenderedMachine rendered = MachineRenderer.render(imported.machine(), context);
            CommandLine jqemuLine = CommandLine.fromArgv(rendered.argv());
            Set<String> features = new TreeSet<>(cpuFeatures(libvirtLine));
            features.addAll(cpuFeatures(jqemuLine));
            RunnableArgv.Prepared theirs = RunnableArgv.prepare(libvirtLine, standIns, binary, dir.resolve("libvirt.sock"));
            RunnableArgv.Prepared ours = RunnableArgv.prepare(jqemuLine, standIns, binary, dir.resolve("jqemu.sock"));
            QemuSnapshot.Facts a;
            QemuSnapshot.Facts b;
            try {
                a = snapshot(theirs, libvirtLine, standIns, features, dir.resolve("libvirt.sock"), dir);
                b = snapshot(ours, jqemuLine, standIns, features, dir.resolve("jqemu.sock"), dir);
            } catch (AssertionError notStarted) {
                return new Result(name, Outcome.NOT_STARTED, imported.reports(), List.of(), List.of(),
                        theirs.changes(), ours.changes(), notStarted.getMessage());
            }
            List<Difference> differences = QemuComparison.compare(a, b, XmlOrigins.of(xml));
            List<Difference> unexplained = differences.stream().filter(d -> !explained(d, imported.reports())).toList();
            boolean fully = imported.reports().stream().noneMatch(ImportReport::changesTheVm);
            Outcome outcome = !unexplained.isEmpty() ? Outcome.UNEXPLAINED
                    : !differences.isEmpty() ? Outcome.EXPLAINED
                    : fully ? Outcome.EQUAL : Outcome.EQUAL_WITH_REPORTS;
            return new Result(name, outcome, imported.reports(), differences, unexplained, theirs.changes(),
                    ours.changes(), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(dir);
        }
    }

    /** Whether a report that changes the VM lies at or under one of the difference's origins. */
    static boolean explained(Difference d, List<ImportReport> reports) {
        for (ImportReport r : reports) {
            if (r.changesTheVm() && d.origins().stream().anyMatch(o -> XmlOrigins.under(r.xpath(), o))) {
                return true;
            }
        }
        return false;
    }

    private static QemuSnapshot.Facts snapshot(RunnableArgv.Prepared prepared, CommandLine original, StandIns standIns,
                                               Set<String> features, Path socket, Path dir) throws IOException {
        try (PausedQemu qemu = PausedQemu.start(prepared.argv(), socket, dir)) {
            return QemuSnapshot.read(qemu.qmp(), original, prepared, standIns, features);
        }
    }

    /** The CPU feature names a {@code -cpu} option sets ({@code abm=on}, {@code +abm}, {@code -abm}). */
    static List<String> cpuFeatures(CommandLine line) {
        List<String> out = new ArrayList<>();
        for (QemuOption o : line.options()) {
            if (o.name().equals("-cpu")) {
                String[] parts = o.text().split(",");
                for (int i = 1; i < parts.length; i++) {
                    String f = parts[i].replaceFirst("=.*$", "").replaceFirst("^[+-]", "");
                    if (!f.equals("migratable") && !f.equals("check") && !f.equals("enforce")) {
                        out.add(f);
                    }
                }
            }
        }
        return out;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
