package io.jqemu.launcher.block;

import java.time.Instant;

/**
 * One external snapshot of a disk: at {@code created}, the image the disk was writing to
 * ({@code image}) was frozen and a new qcow2 overlay ({@code overlay}) took the disk's writes.
 * The snapshot's content is {@code image} with everything below it.
 *
 * @param name the snapshot's name
 * @param created when it was taken
 * @param image the frozen image (the disk's base image or an earlier snapshot's overlay)
 * @param imageFormat that image's format ({@code raw} or {@code qcow2})
 * @param overlay the overlay that took the writes after the snapshot
 * @param consistency crash- or application-consistent
 */
public record Snapshot(String name, Instant created, String image, String imageFormat, String overlay,
                       SnapshotConsistency consistency) {
}
