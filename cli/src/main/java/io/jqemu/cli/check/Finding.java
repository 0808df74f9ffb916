package io.jqemu.cli.check;

import java.util.Objects;

/**
 * One line of a {@code jqemu check} report.
 *
 * @param status  whether this keeps the VM from starting
 * @param subject the field path or host feature concerned, e.g. {@code disks[0].source.path}
 * @param detail  what was found; may span several lines (an IOMMU group's members)
 */
public record Finding(Status status, String subject, String detail) {

    /** The verdict of one check. */
    public enum Status {
        /** Fine. */
        OK,
        /** Works, but probably not as the user meant (e.g. {@code auto} falls back to TCG). */
        NOTE,
        /** The VM would not start. */
        FAIL
    }

    public Finding {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(detail, "detail");
    }

    static Finding ok(String subject, String detail) {
        return new Finding(Status.OK, subject, detail);
    }

    static Finding note(String subject, String detail) {
        return new Finding(Status.NOTE, subject, detail);
    }

    static Finding fail(String subject, String detail) {
        return new Finding(Status.FAIL, subject, detail);
    }
}
