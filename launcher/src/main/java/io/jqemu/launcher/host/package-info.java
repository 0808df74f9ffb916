/**
 * Host preparation for a VM, undoable on every path out.
 *
 * <p>{@link io.jqemu.launcher.host.HostPreparation} takes a VM's needs (core's sealed
 * {@link io.jqemu.core.render.HostResource}s, each checked, applied, undone and described by the
 * handler of its kind in the internal package {@code io.jqemu.launcher.host.need}), runs every
 * read-only check first (paths, KVM, vhost-net, whole IOMMU groups, SR-IOV, tap names, bridges),
 * then makes the changes, each recorded in the VM's {@link io.jqemu.launcher.host.UndoJournal}
 * (fsync'ed) before it is made. The returned
 * {@link io.jqemu.launcher.host.PreparedHost} undoes them in reverse on {@code close()};
 * {@code resume(stateDir)} hands them to a new controller and {@code reconcile(stateDir)} undoes
 * what a dead one left behind.
 *
 * <p>All kernel access goes through a {@link io.jqemu.launcher.host.HostRoot} ({@code /} or a
 * fake tree in tests); {@link io.jqemu.launcher.host.HostFacts} decides accelerator and vhost
 * {@code auto} from it.
 */
package io.jqemu.launcher.host;
