/**
 * The libvirt domain importer: {@link io.jqemu.libvirt.LibvirtDomainImporter} reads a domain XML
 * into a {@link io.jqemu.libvirt.DomainImport}, a validated {@link io.jqemu.core.model.Machine} plus
 * one {@link io.jqemu.libvirt.ImportReport} for every element or attribute it did not translate.
 */
package io.jqemu.libvirt;
