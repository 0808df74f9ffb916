/**
 * PCI passthrough the way libvirt's managed hostdev does it: inspect the whole IOMMU group
 * ({@link io.jqemu.launcher.host.pci.VfioGroupInspector}, {@link io.jqemu.launcher.host.pci.VfioGroupReport}),
 * bind with {@code driver_override} / unbind / {@code drivers_probe} and restore the original
 * driver ({@link io.jqemu.launcher.host.pci.VfioBinder}), and SR-IOV virtual functions through
 * {@code sriov_numvfs} ({@link io.jqemu.launcher.host.pci.SriovFunctions}).
 */
package io.jqemu.launcher.host.pci;
