package io.jqemu.launcher.host.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Removes directory trees the launcher made (state and runtime directories). Not API. */
public final class FileTrees {

    private FileTrees() {
    }

    /**
     * Deletes {@code root} and everything under it. Symbolic links are removed, never followed: a
     * link inside the tree, or {@code root} itself when it is one, goes, what it points to stays.
     * Entries that are already gone are skipped, so removing a tree again, or one that something
     * else is removing too, is not an error.
     *
     * @param root the directory to remove
     * @throws IOException when a directory cannot be read or an entry cannot be removed
     */
    public static void delete(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
