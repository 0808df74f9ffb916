package io.jqemu.launcher;

import io.jqemu.qmp.QmpSchemaCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link QmpSchemaCache} per QEMU binary for the whole JVM, so that many VMs of one binary read
 * its QAPI schema once. A binary is known by the file its process runs ({@code /proc/PID/exe}: its
 * file key, size and modification time), so a binary replaced by an upgrade gets a cache of its own,
 * also for VMs re-attached after a restart of the controller.
 */
final class SchemaCaches {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaCaches.class);
    private static final Map<BinaryIdentity, QmpSchemaCache> CACHES = new ConcurrentHashMap<>();

    private SchemaCaches() {
    }

    /** The cache for the binary QEMU process {@code pid} runs; a private one when that cannot be read. */
    static QmpSchemaCache forProcess(long pid) {
        Path exe = Path.of("/proc", Long.toString(pid), "exe");
        try {
            BasicFileAttributes a = Files.readAttributes(exe, BasicFileAttributes.class);
            Object key = a.fileKey() != null ? a.fileKey() : exe.toRealPath().toString();
            return CACHES.computeIfAbsent(new BinaryIdentity(key, a.size(), a.lastModifiedTime()), id -> {
                LOG.debug("new QMP schema cache for the QEMU binary of pid {} ({})", pid, id);
                return QmpSchemaCache.create();
            });
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot identify the binary of QEMU pid {} ({}); its schema is not shared", pid, e.toString());
            return QmpSchemaCache.create();
        }
    }

    /** How many commands the schema check refused, over every binary's cache of this JVM. */
    static long refusalCount() {
        return CACHES.values().stream().mapToLong(QmpSchemaCache::refusalCount).sum();
    }

    /** The most recent refusals of every binary's cache. */
    static List<String> recentRefusals() {
        return CACHES.values().stream().flatMap(c -> c.recentRefusals().stream()).toList();
    }

    private record BinaryIdentity(Object fileKey, long size, FileTime modified) {
    }
}
