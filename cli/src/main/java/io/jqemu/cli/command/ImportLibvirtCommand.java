package io.jqemu.cli.command;

import io.jqemu.cli.CommandFailedException;
import io.jqemu.cli.ExitCode;
import io.jqemu.cli.GlobalOptions;
import io.jqemu.cli.config.VmTomlWriter;
import io.jqemu.core.JqemuException;
import io.jqemu.libvirt.DomainImport;
import io.jqemu.libvirt.ImportReport;
import io.jqemu.libvirt.LibvirtDomainImporter;
import io.jqemu.libvirt.LibvirtImportException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code jqemu import libvirt DOMAIN.xml}: the domain as vm.toml, on stdout or into {@code -o FILE};
 * every part of the XML left out is listed on stderr and in the file's header comment.
 */
@Command(name = "libvirt", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a vm.toml from a libvirt domain XML (virsh dumpxml NAME).",
                "Every element or attribute not translated is listed on stderr and in the file's header, with "
                + "its XPath and why: not-supported (the imported VM lacks it), libvirt-only (it configures "
                + "libvirt, not QEMU) or no-effect (jqemu gets the same QEMU result without it)."})
public final class ImportLibvirtCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "DOMAIN.xml", description = "The domain XML file.")
    Path domainXml;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the vm.toml to FILE (created "
            + "readable by its owner only) instead of stdout; an existing FILE is kept unless --force.")
    Path output;

    @Option(names = "--force", description = "Let -o replace an existing file.")
    boolean force;

    @Option(names = "--strict", description = "Fail (exit 3, nothing written) when a part of the domain that "
            + "reaches QEMU is not supported, so the imported VM would differ; libvirt-only and no-effect parts "
            + "are still only listed.")
    boolean strict;

    /** Creates the command (picocli fills it in). */
    public ImportLibvirtCommand() {
        // fields are injected
    }

    @Override
    public Integer call() {
        DomainImport imported;
        try {
            imported = LibvirtDomainImporter.read(domainXml);
        } catch (LibvirtImportException e) {
            throw new CommandFailedException(ExitCode.INVALID_CONFIG, e.getMessage() + "; nothing was written", e);
        }
        PrintWriter err = spec.commandLine().getErr();
        printReports(imported, err);
        List<ImportReport> differences = imported.reports(ImportReport.Reason.NOT_SUPPORTED);
        if (strict && !differences.isEmpty()) {
            throw new CommandFailedException(ExitCode.INVALID_CONFIG, "--strict: " + differences.size()
                    + " part" + (differences.size() == 1 ? "" : "s") + " of " + imported.sourceName()
                    + " not supported (listed above); nothing was written");
        }
        String toml;
        try {
            toml = VmTomlWriter.write(imported.machine(), header(imported));
        } catch (JqemuException e) {
            throw new CommandFailedException(ExitCode.INVALID_CONFIG, imported.sourceName() + ": " + e.getMessage()
                    + "; nothing was written", e);
        }
        if (output == null) {
            spec.commandLine().getOut().print(toml);
            spec.commandLine().getOut().flush();
        } else {
            write(toml);
            err.println("jqemu: wrote " + output);
            err.flush();
        }
        return ExitCode.OK.code();
    }

    private void write(String toml) {
        try {
            if (force) {
                Files.writeString(output, toml, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            } else {
                Files.createFile(output, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(output, toml, StandardCharsets.UTF_8, StandardOpenOption.WRITE);
            }
        } catch (FileAlreadyExistsException e) {
            throw new CommandFailedException(ExitCode.FAILED, output + " exists; nothing was written (--force "
                    + "replaces it)", e);
        } catch (IOException e) {
            throw new CommandFailedException(ExitCode.FAILED, "cannot write " + output + ": " + e.getMessage(), e);
        }
    }

    private static void printReports(DomainImport imported, PrintWriter err) {
        if (imported.reports().isEmpty()) {
            err.println("jqemu: " + imported.sourceName() + ": every part translated");
        } else {
            err.println("jqemu: " + imported.sourceName() + ": " + summary(imported) + ":");
            imported.reports().forEach(r -> err.println("  " + line(r)));
        }
        err.flush();
    }

    private static String summary(DomainImport imported) {
        List<String> counts = new ArrayList<>();
        for (ImportReport.Reason reason : ImportReport.Reason.values()) {
            int n = imported.reports(reason).size();
            if (n > 0) {
                counts.add(n + " " + reasonName(reason));
            }
        }
        int total = imported.reports().size();
        return total + " part" + (total == 1 ? "" : "s") + " not translated (" + String.join(", ", counts) + ")";
    }

    private static List<String> header(DomainImport imported) {
        List<String> lines = new ArrayList<>();
        lines.add("Imported by jqemu import libvirt from " + imported.sourceName() + ".");
        if (imported.reports().isEmpty()) {
            lines.add("Every part of the domain was translated.");
            return lines;
        }
        lines.add(summary(imported) + ":");
        imported.reports().forEach(r -> lines.add("  " + line(r)));
        return lines;
    }

    private static String line(ImportReport r) {
        return reasonName(r.reason()) + "  " + r.xpath() + " = " + r.value() + "\n      " + r.why();
    }

    private static String reasonName(ImportReport.Reason reason) {
        return reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
