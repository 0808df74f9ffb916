package io.jqemu.launcher.host.need;

import io.jqemu.core.model.PciAddress;
import io.jqemu.core.render.HostResource;
import java.util.Optional;

/**
 * Checks, applies and describes one kind of host need. The changes it makes are journaled as
 * {@link io.jqemu.launcher.host.HostChange}s, which the same handler undoes.
 *
 * @param <R> the kind of need
 */
public interface NeedHandler<R extends HostResource> {

    /** When {@link #apply} runs relative to the other kinds. */
    Stage stage();

    /**
     * Checks the host for {@code need} without changing anything. A {@link io.jqemu.launcher.host.HostException}
     * thrown here is a failure of the need's field; independent problems are reported through
     * {@link Inspection#verify}.
     */
    void check(R need, Inspection inspection);

    /**
     * Makes the host changes of {@code need}, each recorded through {@link Application#record} before
     * it is made. Nothing by default: the need is only checked.
     *
     * @throws io.jqemu.launcher.host.HostException naming the field when a change fails
     */
    default void apply(R need, Application application) {
    }

    /** One line for {@code jqemu check}: what preparing the host does for {@code need} (never throws). */
    String describe(R need, Inspection inspection);

    /** The host PCI device {@code need} passes to the guest through vfio-pci, if any. */
    default Optional<PciAddress> passthroughAddress(R need) {
        return Optional.empty();
    }
}
