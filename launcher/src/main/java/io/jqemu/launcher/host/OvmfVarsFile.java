package io.jqemu.launcher.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** The per-VM OVMF vars file: copied from its template once, then kept (it holds the VM's UEFI settings). */
public final class OvmfVarsFile {
    private OvmfVarsFile() {
    }

    /**
     * Makes sure {@code target} exists, copying it from {@code template} when it does not.
     *
     * @param fieldPath the configuration field naming the template
     * @return whether the file was created now (false: kept from an earlier run)
     */
    public static boolean ensure(String fieldPath, Path template, Path target) {
        if (Files.exists(target)) {
            return false;
        }
        if (!Files.isRegularFile(template) || !Files.isReadable(template)) {
            throw new HostException(fieldPath + ": the OVMF vars template " + template
                    + (Files.exists(template) ? " is not a readable file" : " does not exist"));
        }
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            Files.copy(template, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            throw new HostException(fieldPath + ": cannot copy " + template + " to " + target + ": " + e.getMessage(), e);
        }
    }
}
