package io.jqemu.launcher.host.need;

import io.jqemu.core.model.CloudInit;
import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostChange;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostPathCheck;
import io.jqemu.launcher.host.internal.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A seed directory (the cloud-init seed QEMU serves as a FAT drive): the files it copies must be
 * readable regular files; the directory is journaled, then written private to the user
 * ({@code 0700}, files {@code 0600}), and removed when the VM ends.
 */
final class SeedDirectoryHandler implements NeedHandler<HostResource.SeedDirectory> {
    @Override
    public Stage stage() {
        return Stage.FILES;
    }

    @Override
    public void check(HostResource.SeedDirectory need, Inspection inspection) {
        for (HostResource.SeedFile file : need.files()) {
            if (file.content() instanceof CloudInit.Content.HostFile host) {
                inspection.verify(file.fieldPath(), () -> HostPathCheck.check(file.fieldPath(), Path.of(host.path()),
                        HostPathCheck.Kind.FILE, false));
            }
        }
    }

    @Override
    public void apply(HostResource.SeedDirectory need, Application application) {
        Path directory = Path.of(need.path());
        if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            delete(need, directory);
        }
        application.record(new HostChange.DirectoryCreated(directory));
        try {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new HostException(need.fieldPath() + ": cannot create " + directory + ": " + e.getMessage(), e);
        }
        for (HostResource.SeedFile file : need.files()) {
            write(directory.resolve(file.name()), file);
        }
    }

    private static void write(Path target, HostResource.SeedFile file) {
        byte[] bytes = switch (file.content()) {
            case CloudInit.Content.Inline inline -> inline.text().getBytes(StandardCharsets.UTF_8);
            case CloudInit.Content.HostFile host -> {
                try {
                    yield Files.readAllBytes(Path.of(host.path()));
                } catch (IOException e) {
                    throw new HostException(file.fieldPath() + ": cannot read " + host.path() + ": " + e.getMessage(), e);
                }
            }
        };
        try {
            Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(target, bytes);
        } catch (IOException e) {
            throw new HostException(file.fieldPath() + ": cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static void delete(HostResource.SeedDirectory need, Path directory) {
        try {
            FileTrees.delete(directory);
        } catch (IOException e) {
            throw new HostException(need.fieldPath() + ": cannot remove the stale " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe(HostResource.SeedDirectory need, Inspection inspection) {
        return "writes " + String.join(", ", need.files().stream().map(HostResource.SeedFile::name).toList()) + " into "
                + need.path() + " (private, removed when the VM ends), served to the guest as a read-only FAT drive "
                + "labelled " + CloudInit.LABEL;
    }
}
